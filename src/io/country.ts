/** Common ways CRMs spell the United States. */
const US_NAMES = new Set([
  'us',
  'usa',
  'u.s.',
  'u.s.a.',
  'u.s',
  'united states',
  'united states of america',
  'america',
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

/** Country table entries the geography knows (ISO alpha-2, alpha-3, English name). */
export interface CountryEntry {
  code: string;
  alpha3: string;
  name: string;
}

/**
 * Normalises country cells ("US", "USA", "United States", "U.S.", "Canada", "GBR") to an ISO alpha-2
 * code; "US" for the United States and its territories. Blank means the US (most CRMs leave it empty).
 * Returns null for an unknown country.
 */
export function createCountryNormaliser(countries: readonly CountryEntry[]): (raw: string) => string | null {
  const byKey = new Map<string, string>();
  for (const c of countries) {
    byKey.set(c.code.toLowerCase(), c.code);
    byKey.set(c.alpha3.toLowerCase(), c.code);
    byKey.set(c.name.toLowerCase(), c.code);
  }
  return (raw) => {
    const key = raw.trim().toLowerCase().replace(/\s+/g, ' ');
    if (key === '' || US_NAMES.has(key)) return 'US';
    return ALIASES[key] ?? byKey.get(key) ?? byKey.get(key.replace(/\./g, '')) ?? null;
  };
}
