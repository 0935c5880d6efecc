/** A parsed numeric cell: a number, missing (blank, "N/A", "-") or unparseable. */
export type ParsedNumber = { kind: 'number'; value: number } | { kind: 'missing' } | { kind: 'invalid' };

const MISSING = new Set(['', '-', '--', 'n/a', 'na', 'null', 'none', '#n/a']);

/**
 * Parses CRM number cells: thousands separators, currency symbols and codes, parentheses for
 * negatives, decimal commas ("1.234,56" and "12,5"), percent and trailing k/m suffixes.
 */
export function parseCrmNumber(raw: string): ParsedNumber {
  let s = raw.trim();
  if (MISSING.has(s.toLowerCase())) return { kind: 'missing' };
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1);
  }
  s = s.replace(/^(usd|eur|gbp|cad|aud)\s*/i, '').replace(/\s*(usd|eur|gbp|cad|aud)$/i, '');
  s = s.replace(/[$€£¥\s\u00a0']/g, '');
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  }
  let multiplier = 1;
  const suffix = /([kmb])$/i.exec(s);
  if (suffix) {
    multiplier = { k: 1e3, m: 1e6, b: 1e9 }[suffix[1].toLowerCase() as 'k' | 'm' | 'b'];
    s = s.slice(0, -1);
  }
  if (s.endsWith('%')) s = s.slice(0, -1);
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma >= 0 && lastDot >= 0) {
    // whichever separator comes last is the decimal one
    s = lastComma > lastDot ? s.replace(/\./g, '').replace(',', '.') : s.replace(/,/g, '');
  } else if (lastComma >= 0) {
    const groups = s.split(',');
    const thousands = groups.length > 1 && groups.slice(1).every((g) => g.length === 3) && groups[0].length <= 3;
    s = thousands ? groups.join('') : groups.length === 2 ? `${groups[0]}.${groups[1]}` : s;
  } else if (lastDot >= 0 && s.split('.').length > 2) {
    s = s.replace(/\./g, ''); // "1.234.567" European thousands
  }
  if (!/^\d+(\.\d+)?$|^\.\d+$/.test(s)) return { kind: 'invalid' };
  const value = Number(s) * multiplier;
  return { kind: 'number', value: negative ? -value : value };
}
