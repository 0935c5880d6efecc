import type { GeoIndex } from '../geo/geoIndex.ts';
import type { AccountTable, ImportReport } from './accountTable.ts';
import { AccountImporter, accountRowReader } from './accountImporter.ts';
import {
  CRM_SOURCE_LABELS,
  detectCrmSource,
  mappingProblem,
  proposeColumnMapping,
  type ColumnMapping,
} from './columnMapping.ts';
import type { QuoteReading } from './csvRecords.ts';
import { ImportFileError, SNIFF_BYTES, sniffCsv, type Delimiter } from './sniff.ts';

/** How to read a file where detection is not wanted: how quotes are read, and the delimiter. */
export interface ReadChoices {
  quotes?: QuoteReading;
  delimiter?: Delimiter;
}

/** Text decoded and read per piece of this size, as the worker reads a file. */
const CHUNK_BYTES = 4 * 1024 * 1024;

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
  { quotes = 'strict', delimiter }: ReadChoices = {},
): { table: AccountTable; report: ImportReport } {
  const sniffed = sniffCsv(fileName, bytes.length, bytes.subarray(0, SNIFF_BYTES), delimiter);
  const chosen = mapping ?? proposeColumnMapping(sniffed.headers, sniffed.sampleRows, sniffed.decimal);
  const problem = mappingProblem(chosen, sniffed.headers.length);
  if (problem) throw new ImportFileError(`${fileName}: ${problem}`);
  const importer = new AccountImporter(geo, chosen, sniffed.headers, {
    fileName,
    source: CRM_SOURCE_LABELS[detectCrmSource(sniffed.headers)],
  });
  const reader = accountRowReader(importer, sniffed.delimiter, quotes);
  const decoder = new TextDecoder(sniffed.encoding);
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES)
    reader.push(decoder.decode(bytes.subarray(at, at + CHUNK_BYTES), { stream: true }));
  reader.push(decoder.decode());
  reader.end();
  return importer.finish(reader.reading);
}

/** Same as importAccountsFromBytes for a string. */
export function importAccountsCsv(
  text: string,
  geo: GeoIndex,
  fileName = 'accounts.csv',
  mapping?: ColumnMapping,
  choices: ReadChoices = {},
) {
  return importAccountsFromBytes(new TextEncoder().encode(text), geo, fileName, mapping, choices);
}
