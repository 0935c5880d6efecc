import Papa from 'papaparse';
import { detectDecimalSeparator, type DecimalSeparator } from './numbers.ts';

/** Text encodings the importer reads. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

/** Bytes of the head of a file the sniffer reads (the app's worker and the CLI alike). */
export const SNIFF_BYTES = 256 * 1024;

/** A file the importer cannot use at all, with a message for the planner. */
export class ImportFileError extends Error {}

/** Length of the sample without a multi-byte UTF-8 character cut off at its end. */
function completeUtf8Length(b: Uint8Array): number {
  let i = b.length - 1;
  let continuation = 0;
  while (i >= 0 && continuation < 3 && (b[i] & 0xc0) === 0x80) {
    i--;
    continuation++;
  }
  if (i < 0 || b[i] < 0xc0) return b.length;
  const needed = b[i] >= 0xf0 ? 4 : b[i] >= 0xe0 ? 3 : 2;
  return i + needed > b.length ? i : b.length;
}

/**
 * UTF-16 without a byte-order mark, from where the zero bytes fall: text in Latin letters has a
 * zero high byte in nearly every pair (odd offsets in little-endian, even in big-endian).
 */
function utf16WithoutBom(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = Math.min(head.length, 4096) >> 1;
  if (pairs < 2) return null;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs; i++) {
    if (head[2 * i] === 0) evenZeros++;
    if (head[2 * i + 1] === 0) oddZeros++;
  }
  if (oddZeros >= pairs * 0.4 && evenZeros <= pairs * 0.02) return 'utf-16le';
  if (evenZeros >= pairs * 0.4 && oddZeros <= pairs * 0.02) return 'utf-16be';
  return null;
}

/**
 * Detects the encoding from the first bytes: a BOM wins, then the zero-byte pattern of UTF-16; otherwise valid UTF-8 is UTF-8 and
 * anything else is taken as Windows-1252 (what Excel writes on Windows).
 */
export function detectEncoding(head: Uint8Array): { encoding: TextEncoding; bom: boolean } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: true };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: true };
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, bom: false };
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(0, completeUtf8Length(head)));
    return { encoding: 'utf-8', bom: false };
  } catch {
    // not UTF-8
  }
  return { encoding: 'windows-1252', bom: false };
}

const SIGNATURES: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive or Excel workbook (.xlsx)', [0x50, 0x4b, 0x03, 0x04]],
  ['an old Excel workbook (.xls)', [0xd0, 0xcf, 0x11, 0xe0]],
];

/** Names what a binary file is (or null for text), from magic numbers and NUL bytes. */
export function describeBinary(head: Uint8Array, encoding: TextEncoding): string | null {
  for (const [what, sig] of SIGNATURES) if (sig.every((b, i) => head[i] === b)) return what;
  if (encoding.startsWith('utf-16')) return null;
  const limit = Math.min(head.length, 4096);
  for (let i = 0; i < limit; i++) if (head[i] === 0) return 'a binary file';
  return null;
}

export const DELIMITERS = [',', ';', '\t', '|'] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** Picks the delimiter that splits the sample's first lines into the same, largest number of fields. */
export function detectDelimiter(sample: string): Delimiter {
  let best: Delimiter = ',';
  let bestScore = -1;
  for (const delimiter of DELIMITERS) {
    const rows = Papa.parse<string[]>(sample, { delimiter, preview: 20, skipEmptyLines: true }).data;
    const complete = rows.length > 1 ? rows.slice(0, -1) : rows; // the last sampled line may be cut
    if (complete.length === 0) continue;
    const width = complete[0].length;
    if (width < 2) continue;
    const consistent = complete.filter((r) => r.length === width).length / complete.length;
    const score = consistent * 100 + Math.min(width, 50);
    if (score > bestScore) {
      bestScore = score;
      best = delimiter;
    }
  }
  return best;
}

/** More columns than this is not an accounts export (and would make the mapping unusable). */
export const MAX_COLUMNS = 5000;

/** What the importer learned from the first bytes of a file. */
export interface SniffResult {
  fileName: string;
  fileSize: number;
  encoding: TextEncoding;
  delimiter: Delimiter;
  headers: string[];
  sampleRows: string[][];
  /** Decimal separator the sample shows (absent when it does not tell). */
  decimal?: DecimalSeparator;
}

/**
 * Reads the head of a file and either describes it (encoding, delimiter unless chosen, headers,
 * sample rows) or throws an ImportFileError saying why it is not a usable CSV.
 */
export function sniffCsv(
  fileName: string,
  fileSize: number,
  head: Uint8Array,
  delimiterChoice?: Delimiter,
): SniffResult {
  if (fileSize === 0 || head.length === 0) throw new ImportFileError(`${fileName} is empty.`);
  const { encoding } = detectEncoding(head);
  const binary = describeBinary(head, encoding);
  if (binary)
    throw new ImportFileError(`${fileName} is ${binary}, not a CSV file. Export the accounts as CSV and try again.`);
  const text = new TextDecoder(encoding).decode(head).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw new ImportFileError(`${fileName} contains no text.`);
  if (fileSize > head.length && !/[\r\n]/.test(text)) {
    const widest = Math.max(...DELIMITERS.map((d) => text.split(d).length));
    throw new ImportFileError(
      widest > MAX_COLUMNS
        ? `${fileName} has more than ${widest.toLocaleString('en-US')} columns in its first row (no line break in its first ${Math.round(head.length / 1024)} KB); Tessera reads at most ${MAX_COLUMNS.toLocaleString('en-US')}. Check that it is the right file and that it is a CSV.`
        : `${fileName} has no line break in its first ${Math.round(head.length / 1024)} KB, so it is not a CSV export with one account per line. Export the accounts as CSV and try again.`,
    );
  }
  const delimiter = delimiterChoice ?? detectDelimiter(text);
  const rows = Papa.parse<string[]>(text, { delimiter, preview: 51, skipEmptyLines: 'greedy' }).data;
  if (rows[0].length > MAX_COLUMNS)
    throw new ImportFileError(
      `${fileName} has ${rows[0].length.toLocaleString('en-US')} columns in its first row; Tessera reads at most ${MAX_COLUMNS.toLocaleString('en-US')}. Check that it is the right file and that it is a CSV.`,
    );
  const headers = rows[0].map((h) => h.trim());
  if (headers.length < 2)
    throw new ImportFileError(
      `${fileName} has only one column ("${headers[0]}"). A CRM export needs at least an Id and a ZIP or country column, separated by commas, semicolons or tabs.`,
    );
  const complete = head.length >= fileSize ? rows.slice(1) : rows.slice(1, -1);
  if (complete.length === 0 && head.length >= fileSize)
    throw new ImportFileError(`${fileName} has a header row but no accounts.`);
  const sampleRows = complete.slice(0, 50);
  const decimal = detectDecimalSeparator(sampleRows, delimiter);
  return { fileName, fileSize, encoding, delimiter, headers, sampleRows, ...(decimal ? { decimal } : {}) };
}
