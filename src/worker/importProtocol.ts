import type { AccountTable, ImportReport } from '../io/accountTable.ts';
import type { ColumnMapping, CrmSource } from '../io/columnMapping.ts';
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

export type ImportRequest =
  | { type: 'sniff'; file: File }
  | {
      type: 'import';
      file: File;
      sniff: Pick<SniffResult, 'encoding' | 'delimiter' | 'headers'>;
      mapping: ColumnMapping;
      source: string;
      geoUrl: string;
      /** Save the result in IndexedDB (under a new, not yet current key) before answering. */
      persist: boolean;
    };

export type ImportResponse =
  | { type: 'sniffed'; outcome: SniffOutcome }
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: ImportResult }
  | { type: 'error'; message: string };

/** Buffers of a table's typed arrays, so they move to the main thread instead of being copied. */
export function tableTransferables(table: AccountTable): ArrayBuffer[] {
  const arrays = [
    table.id.offsets,
    table.name.offsets,
    table.postalCode.offsets,
    table.parentId.offsets,
    ...(table.website ? [table.website.offsets] : []),
    table.unit,
    table.placement,
    table.lon,
    table.lat,
    table.value,
    table.employees,
    table.lastActivityDay,
    ...table.metrics.map((m) => m.values),
    ...Object.values(table.categories).map((c) => c.codes),
  ];
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
