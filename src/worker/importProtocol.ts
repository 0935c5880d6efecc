import type { AccountTable, ImportReport } from '../io/accountTable.ts';
import type { ColumnMapping, CrmSource } from '../io/columnMapping.ts';
import type { QuoteReading } from '../io/csvRecords.ts';
import type { SniffResult } from '../io/sniff.ts';

/** What the sniff step tells the mapping dialog. */
export interface SniffOutcome extends SniffResult {
  source: CrmSource;
  proposed: ColumnMapping;
  numericColumns: number[];
}

/** A finished import: the accounts, the report, and where they were saved (null when not saved, with why). */
export interface ImportResult {
  table: AccountTable;
  report: ImportReport;
  savedKey: string | null;
  saveError: string | null;
}

/** Progress of a running import. */
export interface ImportProgress {
  rows: number;
  bytes: number;
  totalBytes: number;
  elapsedMs: number;
}

/** One import run: the file, what the sniff found, the mapping and where the accounts come from. */
export interface ImportRun {
  file: File;
  sniff: Pick<SniffResult, 'encoding' | 'delimiter' | 'headers'>;
  mapping: ColumnMapping;
  source: string;
  geoUrl: string;
  /** How quotes are read: as written, or a quote that runs over many lines as text (the safe reading). */
  quotes: QuoteReading;
  /** Save the result in IndexedDB (under a new, not yet current key) before answering. */
  persist: boolean;
}

/** What the import worker serves; its errors carry the message to show the user. */
export interface ImportApi {
  sniff(file: File): Promise<SniffOutcome>;
  run(request: ImportRun, onProgress: (p: ImportProgress) => void): Promise<ImportResult>;
}
