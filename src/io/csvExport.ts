import type { ImportReport } from './accountTable.ts';
import { ROW_PROBLEM_LABELS } from './accountTable.ts';

/**
 * Neutralises a cell against spreadsheet formula injection: text starting with =, +, -, @, tab or
 * carriage return gets a leading apostrophe so Excel and Sheets show it as text.
 */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes rows as RFC 4180 CSV (CRLF), every cell neutralised against formula injection. */
export function toSafeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const lines = [header, ...rows].map((r) => r.map((c) => quote(safeCell(c))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

/** The rejected/unplaced rows of an import as CSV: row number, account id, reason, detail, then the original cells. */
export function problemRowsCsv(report: ImportReport): string {
  const header = ['Row', 'Account Id', 'Reason', 'Detail', ...report.headers];
  const rows = report.problems.map((p) => [
    String(p.line),
    p.accountId,
    ROW_PROBLEM_LABELS[p.reason],
    p.detail,
    ...report.headers.map((_, i) => p.cells[i] ?? ''),
  ]);
  return toSafeCsv(header, rows);
}
