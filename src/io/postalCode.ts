/** Result of normalising one postal-code cell. */
export type ZipNormalisation =
  | { ok: true; zip5: string; repaired?: 'zip+4' | 'leading-zero' }
  | { ok: false; reason: 'missing-zip' | 'malformed-zip' };

/**
 * Normalises a US ZIP as CRMs export it: "02134", "02134-1234", "021341234", Excel-damaged "2134"
 * (lost leading zero) and numbers with a trailing ".0". Anything else (3-digit junk, letters) is malformed.
 */
export function normalizeUsZip(raw: string): ZipNormalisation {
  const s = raw.trim().replace(/\.0+$/, '');
  if (s === '') return { ok: false, reason: 'missing-zip' };
  let m = /^(\d{5})(?:[-\s]?\d{4})?$/.exec(s);
  if (m) return { ok: true, zip5: m[1], ...(s.length > 5 ? { repaired: 'zip+4' as const } : {}) };
  m = /^(\d{4})(?:-?\d{4})?$/.exec(s);
  if (m && (s.length === 4 || s.length === 8 || s.length === 9))
    return { ok: true, zip5: `0${m[1]}`, repaired: 'leading-zero' };
  return { ok: false, reason: 'malformed-zip' };
}

/** Infers the country of a postal code written without a country: Canadian and UK formats. */
export function countryFromPostalCode(raw: string): 'CA' | 'GB' | null {
  const s = raw.trim().toUpperCase();
  if (/^[ABCEGHJ-NPRSTVXY]\d[A-Z][ -]?\d[A-Z]\d$/.test(s)) return 'CA';
  if (/^[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}$/.test(s)) return 'GB';
  return null;
}
