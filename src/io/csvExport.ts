import Papa from 'papaparse';
import type { ImportReport } from './accountTable.ts';
import { ROW_PROBLEM_LABELS } from './accountTable.ts';

/**
 * Neutralises a cell against spreadsheet formula injection: text starting with =, +, -, @, tab or
 * carriage return gets a leading apostrophe so Excel and Sheets show it as text.
 */
export function safeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * Writes rows as RFC 4180 CSV (CRLF, a line break after the last row too), every cell neutralised against formula
 * injection. Papa quotes a cell that holds a comma, quote, line break or a leading or trailing space. The formula
 * escape is ours, not Papa's escapeFormulae, which would also quote every escaped cell.
 */
export function toSafeCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const cells = [header, ...rows].map((r) => r.map(safeCell));
  return `${Papa.unparse(cells, { newline: '\r\n', escapeFormulae: false })}\r\n`;
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
