import Papa from 'papaparse';
import type { GeoIndex } from '../geo/geoIndex.ts';
import type { AccountTable, ImportReport } from './accountTable.ts';
import { AccountImporter } from './accountImporter.ts';
import {
  CRM_SOURCE_LABELS,
  detectCrmSource,
  mappingProblem,
  proposeColumnMapping,
  type ColumnMapping,
} from './columnMapping.ts';
import { ImportFileError, sniffCsv } from './sniff.ts';

/**
 * Imports a whole CRM export held in memory (Node, CLI, tests and the bundled sample): sniffs the
 * delimiter, proposes a mapping unless one is given, and runs the same AccountImporter the import
 * worker streams into. Throws ImportFileError for a file that cannot be used at all.
 */
export function importAccountsFromBytes(
  bytes: Uint8Array,
  geo: GeoIndex,
  fileName: string,
  mapping?: ColumnMapping,
): { table: AccountTable; report: ImportReport } {
  const sniffed = sniffCsv(fileName, bytes.length, bytes);
  const chosen = mapping ?? proposeColumnMapping(sniffed.headers, sniffed.sampleRows);
  const problem = mappingProblem(chosen, sniffed.headers.length);
  if (problem) throw new ImportFileError(`${fileName}: ${problem}`);
  const text = new TextDecoder(sniffed.encoding).decode(bytes).replace(/^\uFEFF/, '');
  const importer = new AccountImporter(geo, chosen, sniffed.headers, {
    fileName,
    source: CRM_SOURCE_LABELS[detectCrmSource(sniffed.headers)],
  });
  let row = 0;
  Papa.parse<string[]>(text, {
    delimiter: sniffed.delimiter,
    skipEmptyLines: 'greedy',
    step: (result) => {
      row++;
      if (row > 1) importer.addRow(result.data, row);
    },
  });
  return importer.finish();
}

/** Same as importAccountsFromBytes for a string. */
export function importAccountsCsv(text: string, geo: GeoIndex, fileName = 'accounts.csv', mapping?: ColumnMapping) {
  return importAccountsFromBytes(new TextEncoder().encode(text), geo, fileName, mapping);
}
