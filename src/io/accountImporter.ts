import type { GeoIndex } from '../geo/geoIndex.ts';
import {
  CATEGORY_FIELDS,
  PLACEMENT,
  SKIPPING_REASONS,
  packStrings,
  type AccountTable,
  type CategoryField,
  type ImportReport,
  type RowProblem,
  type RowProblemReason,
  webDomain,
} from './accountTable.ts';
import type { AccountField, ColumnMapping } from './columnMapping.ts';
import { createCountryNormaliser } from './country.ts';
import { CsvRecordReader, type CsvReading, type QuoteReading } from './csvRecords.ts';
import { parseCrmDate } from './dates.ts';
import { parseCrmNumber } from './numbers.ts';
import { countryFromPostalCode, normalizeUsZip } from './postalCode.ts';

/** Options of one import run. */
export interface ImporterOptions {
  fileName: string;
  source: string;
  /** Expected number of rows, to size the columns once (they grow when it is too small). */
  capacityHint?: number;
  /** At most this many problem rows keep their cells; counts stay complete. */
  problemLimit?: number;
}

function grow<T extends Float64Array | Float32Array | Int32Array | Uint8Array>(a: T, size: number): T {
  if (size <= a.length) return a;
  const next = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  next.set(a);
  return next;
}

/** Dictionary encoder for a text column. */
class CategoryBuilder {
  codes: Int32Array;
  readonly labels: string[] = [];
  private readonly index = new Map<string, number>();
  constructor(capacity: number) {
    this.codes = new Int32Array(capacity);
  }
  set(account: number, raw: string): void {
    if (account >= this.codes.length) this.codes = grow(this.codes, account + 1);
    if (raw === '') {
      this.codes[account] = -1;
      return;
    }
    let code = this.index.get(raw);
    if (code === undefined) {
      code = this.labels.length;
      this.labels.push(raw);
      this.index.set(raw, code);
    }
    this.codes[account] = code;
  }
}

/**
 * Builds an AccountTable row by row (so a streaming parser can feed it): maps cells to fields,
 * normalises ZIPs, countries, coordinates, numbers and dates, places each account on a unit, and
 * records every row it skipped or could not place with the reason. Pure: no DOM, runs in a worker.
 */
export class AccountImporter {
  private count = 0;
  private rowsRead = 0;
  private placed = 0;
  private readonly id: string[] = [];
  private readonly name: string[] = [];
  private readonly postalCode: string[] = [];
  private readonly parentId: string[] = [];
  private readonly website: string[] = [];
  private readonly categories: Record<CategoryField, CategoryBuilder>;
  private unit: Int32Array;
  private placement: Uint8Array;
  private lon: Float32Array;
  private lat: Float32Array;
  private value: Float64Array;
  private employees: Float64Array;
  private lastActivityDay: Float64Array;
  private readonly metrics: Float64Array[];
  private readonly firstRowOfId = new Map<string, number>();
  private readonly problems: RowProblem[] = [];
  private readonly problemCounts: Partial<Record<RowProblemReason, number>> = {};
  private readonly normaliseCountry: (raw: string) => string | null;
  private readonly problemLimit: number;

  constructor(
    private readonly geo: GeoIndex,
    private readonly mapping: ColumnMapping,
    private readonly headers: string[],
    private readonly options: ImporterOptions,
  ) {
    const capacity = Math.max(16, options.capacityHint ?? 1024);
    this.categories = Object.fromEntries(CATEGORY_FIELDS.map((f) => [f, new CategoryBuilder(capacity)])) as Record<
      CategoryField,
      CategoryBuilder
    >;
    this.unit = new Int32Array(capacity);
    this.placement = new Uint8Array(capacity);
    this.lon = new Float32Array(capacity);
    this.lat = new Float32Array(capacity);
    this.value = new Float64Array(capacity);
    this.employees = new Float64Array(capacity);
    this.lastActivityDay = new Float64Array(capacity);
    this.metrics = mapping.metricColumns.map(() => new Float64Array(capacity));
    this.normaliseCountry = createCountryNormaliser(geo.data.countries);
    this.problemLimit = options.problemLimit ?? 100_000;
  }

  private cell(cells: string[], field: AccountField): string {
    const c = this.mapping.fields[field];
    return c === undefined ? '' : (cells[c] ?? '').trim();
  }

  private problem(row: number, accountId: string, reason: RowProblemReason, detail: string, cells: string[]): void {
    this.problemCounts[reason] = (this.problemCounts[reason] ?? 0) + 1;
    if (this.problems.length < this.problemLimit) this.problems.push({ line: row, accountId, reason, detail, cells });
  }

  private number(cells: string[], column: number | undefined, label: string, row: number, id: string): number {
    if (column === undefined) return NaN;
    const raw = (cells[column] ?? '').trim();
    const parsed = parseCrmNumber(raw, this.mapping.decimal);
    if (parsed.kind === 'number') return parsed.value;
    if (parsed.kind === 'invalid') this.problem(row, id, 'bad-number', `${label} "${raw}" is not a number`, cells);
    return NaN;
  }

  /** Notes that the row on `line` had a never-closed quote, read as text (the row is kept). */
  quoteReadAsText(cells: string[], line: number): void {
    const id = this.mapping.fields.id !== undefined ? this.cell(cells, 'id') : `row-${line}`;
    this.problem(line, id, 'quote-as-text', `Line ${line}: a quote that is never closed was read as text`, cells);
  }

  /** Adds one data row; `row` is the 1-based physical line it starts on (the header is line 1). */
  addRow(cells: string[], row: number): void {
    if (cells.length === 1 && cells[0].trim() === '') return; // blank line
    this.rowsRead++;
    const hasIdColumn = this.mapping.fields.id !== undefined;
    const id = hasIdColumn ? this.cell(cells, 'id') : `row-${row}`;
    if (id === '') {
      this.problem(row, '', 'missing-id', 'No account Id; row skipped', cells);
      return;
    }
    const firstRow = this.firstRowOfId.get(id);
    if (firstRow !== undefined) {
      this.problem(row, id, 'duplicate-id', `Same Id as row ${firstRow}; kept the first copy (row ${firstRow})`, cells);
      return;
    }
    this.firstRowOfId.set(id, row);
    const a = this.count++;
    this.ensureCapacity(a + 1);
    this.id.push(id);
    this.name.push(this.cell(cells, 'name'));
    this.postalCode.push(this.cell(cells, 'postalCode'));
    this.parentId.push(this.cell(cells, 'parentId'));
    this.website.push(webDomain(this.cell(cells, 'website')));
    for (const f of CATEGORY_FIELDS) if (f !== 'country') this.categories[f].set(a, this.cell(cells, f));

    const headers = this.headers;
    const { valueColumn, metricColumns } = this.mapping;
    this.value[a] = this.number(
      cells,
      valueColumn ?? undefined,
      valueColumn === null ? '' : headers[valueColumn],
      row,
      id,
    );
    this.employees[a] = this.number(cells, this.mapping.fields.employees, 'Employees', row, id);
    metricColumns.forEach((c, m) => (this.metrics[m][a] = this.number(cells, c, headers[c], row, id)));
    const rawDate = this.cell(cells, 'lastActivityDate');
    const day = parseCrmDate(rawDate);
    if (day === null) this.problem(row, id, 'bad-date', `Last activity date "${rawDate}" is not a date`, cells);
    this.lastActivityDay[a] = day ?? NaN;

    this.place(a, cells, row, id);
  }

  private place(a: number, cells: string[], row: number, id: string): void {
    const rawCountry = this.cell(cells, 'country');
    const rawPostal = this.postalCode[a];
    let country = this.normaliseCountry(rawCountry);
    if (rawCountry === '' && rawPostal !== '') country = countryFromPostalCode(rawPostal) ?? 'US';
    this.categories.country.set(a, country ?? rawCountry);
    this.lon[a] = NaN;
    this.lat[a] = NaN;
    let unit = -1;
    let placement: number = PLACEMENT.none;
    if (country === null) {
      this.problem(row, id, 'unknown-country', `Country "${rawCountry}" is not known`, cells);
    } else if (country !== 'US') {
      unit = this.geo.resolveCountry(country).unit;
      if (unit >= 0) placement = PLACEMENT.country;
      else this.problem(row, id, 'unknown-country', `No map area for country ${country}`, cells);
    } else {
      const rawLat = this.cell(cells, 'latitude');
      const rawLon = this.cell(cells, 'longitude');
      if (rawLat !== '' || rawLon !== '') {
        const lat = parseCrmNumber(rawLat);
        const lon = parseCrmNumber(rawLon);
        const near =
          lat.kind === 'number' && lon.kind === 'number' && Math.abs(lat.value) <= 90 && Math.abs(lon.value) <= 180
            ? this.geo.nearestZipUnit(lon.value, lat.value)
            : -1;
        if (near >= 0 && lat.kind === 'number' && lon.kind === 'number') {
          unit = near;
          placement = PLACEMENT.coordinates;
          this.lon[a] = lon.value;
          this.lat[a] = lat.value;
        } else {
          this.problem(row, id, 'bad-coordinates', `Coordinates "${rawLat}, ${rawLon}" are not in the US`, cells);
        }
      }
      if (unit < 0) {
        const zip = normalizeUsZip(rawPostal);
        if (!zip.ok) {
          this.problem(
            row,
            id,
            zip.reason,
            zip.reason === 'missing-zip' ? 'No ZIP code' : `ZIP "${rawPostal}" is not a US ZIP`,
            cells,
          );
        } else {
          const resolved = this.geo.resolveZip(zip.zip5);
          unit = resolved.unit;
          if (unit >= 0) placement = PLACEMENT.zip;
          else if (resolved.how === 'military-zip')
            this.problem(row, id, 'military-zip', `ZIP ${zip.zip5} is a military APO/FPO address`, cells);
          else this.problem(row, id, 'unknown-zip', `ZIP ${zip.zip5} does not exist`, cells);
        }
      }
    }
    this.unit[a] = unit;
    this.placement[a] = placement;
    if (unit >= 0) this.placed++;
  }

  private ensureCapacity(size: number): void {
    if (size <= this.unit.length) return;
    this.unit = grow(this.unit, size);
    this.placement = grow(this.placement, size);
    this.lon = grow(this.lon, size);
    this.lat = grow(this.lat, size);
    this.value = grow(this.value, size);
    this.employees = grow(this.employees, size);
    this.lastActivityDay = grow(this.lastActivityDay, size);
    this.metrics.forEach((m, i) => (this.metrics[i] = grow(m, size)));
  }

  /** Rows seen so far (including skipped ones). */
  get rowsSeen(): number {
    return this.rowsRead;
  }

  /** The finished table (columns trimmed to the account count) and the report, with how the lines were read. */
  finish(reading?: CsvReading): { table: AccountTable; report: ImportReport } {
    const n = this.count;
    const { valueColumn, metricColumns } = this.mapping;
    const table: AccountTable = {
      count: n,
      id: packStrings(this.id),
      name: packStrings(this.name),
      postalCode: packStrings(this.postalCode),
      parentId: packStrings(this.parentId),
      website: packStrings(this.website),
      categories: Object.fromEntries(
        CATEGORY_FIELDS.map((f) => [
          f,
          { codes: this.categories[f].codes.slice(0, n), labels: this.categories[f].labels },
        ]),
      ) as AccountTable['categories'],
      unit: this.unit.slice(0, n),
      placement: this.placement.slice(0, n),
      lon: this.lon.slice(0, n),
      lat: this.lat.slice(0, n),
      value: this.value.slice(0, n),
      valueName: valueColumn === null ? '' : this.headers[valueColumn],
      employees: this.employees.slice(0, n),
      lastActivityDay: this.lastActivityDay.slice(0, n),
      metrics: metricColumns.map((c, m) => ({ name: this.headers[c], values: this.metrics[m].slice(0, n) })),
    };
    const report: ImportReport = {
      fileName: this.options.fileName,
      source: this.options.source,
      rowsRead: this.rowsRead,
      accountsImported: n,
      accountsPlaced: this.placed,
      problems: this.problems,
      problemCounts: this.problemCounts,
      headers: this.headers,
      importedAt: new Date().toISOString(),
      ...(reading ? { reading } : {}),
    };
    return { table, report };
  }
}

/** Rows skipped entirely (not imported), from a report. */
export function skippedRows(report: ImportReport): number {
  let n = 0;
  for (const [reason, count] of Object.entries(report.problemCounts))
    if (SKIPPING_REASONS.has(reason as RowProblemReason)) n += count ?? 0;
  return n;
}

/**
 * A record reader that feeds an importer: the first record is the header, every later one a row
 * with its physical line; rows whose quote was read as text are reported. The worker and Node share it.
 */
export function accountRowReader(importer: AccountImporter, delimiter: string, quotes: QuoteReading): CsvRecordReader {
  let header = true;
  const reader: CsvRecordReader = new CsvRecordReader(delimiter, quotes, (cells, line) => {
    if (header) {
      header = false;
      return;
    }
    importer.addRow(cells, line);
    const asText = reader.reading.quotesReadAsText;
    if (asText.length > 0 && asText[asText.length - 1] === line) importer.quoteReadAsText(cells, line);
  });
  return reader;
}
