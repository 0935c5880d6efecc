/** A parsed numeric cell: a number, missing (blank, "N/A", "-") or unparseable. */
export type ParsedNumber = { kind: 'number'; value: number } | { kind: 'missing' } | { kind: 'invalid' };

/** The character that separates the whole part of a number from its fraction. */
export type DecimalSeparator = '.' | ',';

const MISSING = new Set(['', '-', '--', 'n/a', 'na', 'null', 'none', '#n/a']);

/**
 * Parses CRM number cells: thousands separators, currency symbols and codes, parentheses for
 * negatives, decimal commas ("1.234,56" and "12,5"), percent and trailing k/m suffixes. With a
 * known decimal separator the other one is a thousands separator ("1.234" is 1234 with ',').
 */
export function parseCrmNumber(raw: string, decimal?: DecimalSeparator): ParsedNumber {
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
  if (decimal === ',') s = s.replace(/\./g, '').replace(',', '.');
  else if (decimal === '.') s = s.replace(/,/g, '');
  else if (lastComma >= 0 && lastDot >= 0) {
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

const COMMA_DECIMAL = /^-?\d{1,3}(\.\d{3})+,\d+$|^-?\d+,\d{1,2}$|^-?\d{1,3}(\.\d{3}){2,}$/;
const DOT_DECIMAL = /^-?\d{1,3}(,\d{3})+\.\d+$|^-?\d+\.\d{1,2}$|^-?\d{1,3}(,\d{3}){2,}$/;

/**
 * The decimal separator most of the sample's numbers show ("1.234,56", "12,5" -> ','), or, when
 * they do not tell, ',' for a semicolon-separated file (as European Excel writes), else nothing.
 */
export function detectDecimalSeparator(
  sampleRows: readonly string[][],
  delimiter: string,
): DecimalSeparator | undefined {
  let comma = 0;
  let dot = 0;
  for (const row of sampleRows)
    for (const raw of row) {
      const cell = raw.trim().replace(/[$€£¥\s\u00a0]/g, '');
      if (cell.length > 20) continue;
      if (COMMA_DECIMAL.test(cell)) comma++;
      else if (DOT_DECIMAL.test(cell)) dot++;
    }
  // one odd cell does not decide for the whole file
  if (comma >= 2 && comma >= 4 * dot) return ',';
  if (dot >= 2 && dot >= 4 * comma) return '.';
  return delimiter === ';' ? ',' : undefined;
}
