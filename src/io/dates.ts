const DAY_MS = 86_400_000;

/**
 * Parses CRM date cells to days since 1970-01-01 (UTC): ISO "2026-03-01" (with or without time),
 * US "3/1/2026" and European "01.03.2026". Blank gives NaN; anything else gives null (invalid).
 */
export function parseCrmDate(raw: string): number | null {
  const s = raw.trim();
  if (s === '' || s.toLowerCase() === 'n/a') return NaN;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s[\d:]+(?:\s?[AP]M)?)?$/i.exec(s)))
    [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return null;
  const t = Date.UTC(y, mo - 1, d);
  const check = new Date(t);
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || y < 1900 || y > 2200) return null;
  return t / DAY_MS;
}

/** ISO date (yyyy-mm-dd) of a day number, '' for NaN. */
export function formatDay(day: number): string {
  return Number.isFinite(day) ? new Date(day * DAY_MS).toISOString().slice(0, 10) : '';
}
