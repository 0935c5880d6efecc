/** Common ways CRMs spell the United States, in English, German, French and Spanish (keys without accents). */
const US_NAMES = new Set([
  'us',
  'usa',
  'u.s.',
  'u.s.a.',
  'u.s',
  'united states',
  'united states of america',
  'america',
  'vereinigte staaten',
  'vereinigte staaten von amerika',
  'etats-unis',
  "etats-unis d'amerique",
  'estados unidos',
  'estados unidos de america',
  'eeuu',
  'ee. uu.',
  'ee.uu.',
]);
const ALIASES: Record<string, string> = {
  uk: 'GB',
  'u.k.': 'GB',
  'great britain': 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  'northern ireland': 'GB',
  deutschland: 'DE',
  holland: 'NL',
  'south korea': 'KR',
  korea: 'KR',
  russia: 'RU',
  'czech republic': 'CZ',
  'ivory coast': 'CI',
  vietnam: 'VN',
  'puerto rico': 'US',
  pr: 'US',
};

/** Country table entries the geography knows (ISO alpha-2, alpha-3, English name, other names). */
export interface CountryEntry {
  code: string;
  alpha3: string;
  name: string;
  /** Other English, German, French and Spanish names ("Österreich", "Autriche", "Reino Unido"). */
  otherNames?: readonly string[];
}

/** Lower case without accents or repeated spaces, so "ÖSTERREICH" and "osterreich" meet. */
function countryKey(raw: string): string {
  return raw.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase().replace(/\s+/g, ' ');
}

/**
 * Normalises country cells ("US", "USA", "United States", "U.S.", "Canada", "GBR") to an ISO alpha-2
 * code; "US" for the United States and its territories. Blank means the US (most CRMs leave it empty).
 * Returns null for an unknown country.
 */
export function createCountryNormaliser(countries: readonly CountryEntry[]): (raw: string) => string | null {
  const byKey = new Map<string, string>();
  for (const c of countries) {
    for (const other of c.otherNames ?? []) byKey.set(countryKey(other), c.code);
  }
  // codes and English names last, so they win over another language's spelling of a different country
  for (const c of countries) {
    byKey.set(c.code.toLowerCase(), c.code);
    byKey.set(c.alpha3.toLowerCase(), c.code);
    byKey.set(countryKey(c.name), c.code);
  }
  return (raw) => {
    const key = countryKey(raw);
    if (key === '' || US_NAMES.has(key)) return 'US';
    return ALIASES[key] ?? byKey.get(key) ?? byKey.get(key.replace(/\./g, '')) ?? null;
  };
}
