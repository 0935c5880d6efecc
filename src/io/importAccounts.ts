import Papa from 'papaparse';
import type { GeoIndex } from '../geo/geoIndex.ts';
import type { AccountTable, ImportReport, RowProblem } from './accountTable.ts';
import { proposeColumnMapping, type AccountField } from './columnMapping.ts';
import { createCountryNormaliser } from './country.ts';
import { parseCrmNumber } from './numbers.ts';
import { normalizeUsZip } from './postalCode.ts';

/** Error for a file that cannot be imported at all; the workspace stays as it was. */
export class ImportError extends Error {}

/**
 * Imports a CRM account export held in memory: maps columns from the header, normalises ZIPs,
 * countries and numbers, places each account on a unit and reports every row it skipped or could
 * not place. Returns a new table; nothing is changed when it throws.
 */
export function importAccountsCsv(
  text: string,
  geo: GeoIndex,
  fileName = 'accounts.csv',
): { table: AccountTable; report: ImportReport } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const rows = parsed.data;
  if (rows.length === 0) throw new ImportError(`${fileName} is empty`);
  const mapping = proposeColumnMapping(rows[0]);
  if (mapping.postalCode === undefined && mapping.country === undefined)
    throw new ImportError(`${fileName} has no postal code or country column, so no account can be placed`);
  const cell = (row: string[], field: AccountField): string => {
    const index = mapping[field];
    return index === undefined ? '' : (row[index] ?? '').trim();
  };
  const normaliseCountry = createCountryNormaliser(geo.data.countries);
  const n = rows.length - 1;
  const table: AccountTable = {
    count: 0,
    id: [],
    name: [],
    city: [],
    state: [],
    postalCode: [],
    country: [],
    industry: [],
    accountType: [],
    segment: [],
    ownerName: [],
    unit: new Int32Array(n),
    value: new Float64Array(n),
    employees: new Float64Array(n),
  };
  const problems: RowProblem[] = [];
  const firstLineOfId = new Map<string, number>();
  let placed = 0;
  for (let r = 1; r < rows.length; r++) {
    const row = rows[r];
    const line = r + 1;
    const id = cell(row, 'id') || (mapping.id === undefined ? `row-${line}` : '');
    if (!id) {
      problems.push({ line, accountId: '', reason: 'missing-id', detail: 'Row skipped: no account Id' });
      continue;
    }
    const firstLine = firstLineOfId.get(id);
    if (firstLine !== undefined) {
      problems.push({ line, accountId: id, reason: 'duplicate-id', detail: `Row skipped: kept the first copy (line ${firstLine})` }); // prettier-ignore
      continue;
    }
    firstLineOfId.set(id, line);
    const k = table.count++;
    table.id.push(id);
    table.name.push(cell(row, 'name'));
    table.city.push(cell(row, 'city'));
    table.state.push(cell(row, 'state'));
    table.postalCode.push(cell(row, 'postalCode'));
    table.industry.push(cell(row, 'industry'));
    table.accountType.push(cell(row, 'accountType'));
    table.segment.push(cell(row, 'segment'));
    table.ownerName.push(cell(row, 'ownerName'));
    for (const field of ['value', 'employees'] as const) {
      const raw = cell(row, field);
      const parsedNumber = parseCrmNumber(raw);
      table[field][k] = parsedNumber.kind === 'number' ? parsedNumber.value : NaN;
      if (parsedNumber.kind === 'invalid')
        problems.push({ line, accountId: id, reason: 'bad-number', detail: `${field === 'value' ? 'Value' : 'Employees'} "${raw}" is not a number; kept as missing` }); // prettier-ignore
    }
    const country = normaliseCountry(cell(row, 'country'));
    table.country.push(country ?? cell(row, 'country'));
    let unit = -1;
    if (country === null) {
      problems.push({ line, accountId: id, reason: 'unknown-country', detail: `Country "${cell(row, 'country')}" is not known; not placed` }); // prettier-ignore
    } else if (country !== 'US') {
      unit = geo.resolveCountry(country).unit;
      if (unit < 0) problems.push({ line, accountId: id, reason: 'unknown-country', detail: `No map unit for country ${country}` }); // prettier-ignore
    } else {
      const zip = normalizeUsZip(cell(row, 'postalCode'));
      if (!zip.ok) {
        problems.push({ line, accountId: id, reason: zip.reason, detail: zip.reason === 'missing-zip' ? 'No ZIP; not placed' : `ZIP "${cell(row, 'postalCode')}" is malformed; not placed` }); // prettier-ignore
      } else {
        const resolved = geo.resolveZip(zip.zip5);
        unit = resolved.unit;
        if (unit < 0)
          problems.push({ line, accountId: id, reason: resolved.how === 'military-zip' ? 'military-zip' : 'unknown-zip', detail: `ZIP ${zip.zip5} has no known location; not placed` }); // prettier-ignore
      }
    }
    table.unit[k] = unit;
    if (unit >= 0) placed++;
  }
  const shrink = <T extends Int32Array | Float64Array>(a: T): T => a.slice(0, table.count) as T;
  table.unit = shrink(table.unit);
  table.value = shrink(table.value);
  table.employees = shrink(table.employees);
  return {
    table,
    report: { fileName, rowsRead: n, accountsImported: table.count, accountsPlaced: placed, problems },
  };
}
