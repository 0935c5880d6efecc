/** Plain-text tables and numbers for the terminal. */

export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

/** A value as a whole number with thousands separators (account values are money, cents do not matter here). */
export const formatValue = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-');

/** A fraction as a percentage with one decimal, signed when asked (deviations from the mean). */
export function formatPercent(fraction: number, signed = false): string {
  if (!Number.isFinite(fraction)) return '-';
  const text = `${(fraction * 100).toFixed(1)}%`;
  return signed && fraction > 0 ? `+${text}` : text;
}

/** A tolerance band as a percentage without needless decimals (0.1 -> "10%", 0.125 -> "12.5%"). */
export const formatBand = (fraction: number): string => `${Number((fraction * 100).toFixed(1))}%`;

export const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/**
 * Lays rows out in columns separated by two spaces; columns whose header ends with '>' are
 * right-aligned (the marker is not printed).
 */
export function renderTable(header: readonly string[], rows: readonly (readonly string[])[], indent = '  '): string {
  const right = header.map((h) => h.endsWith('>'));
  const titles = header.map((h) => (h.endsWith('>') ? h.slice(0, -1) : h));
  const widths = titles.map((t, c) => Math.max(t.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    indent +
    cells
      .map((cell, c) => (right[c] ? cell.padStart(widths[c]) : cell.padEnd(widths[c])))
      .join('  ')
      .trimEnd();
  return [line(titles), ...rows.map(line)].join('\n');
}
