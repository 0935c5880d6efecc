/** Accounts of one country that a plan leaves in no territory. */
export interface CountryLeftOut {
  country: string;
  accounts: number;
}

/**
 * Accounts outside the US that an assignment leaves in no territory, by country (most first): auto-balance
 * works on US ZIP areas, so accounts placed in a country unit keep whatever territory that country had,
 * and the proposal must say so rather than drop them silently. `count` is accounts per unit.
 */
export function accountsLeftAbroad(
  geo: { zipUnitCount: number; unitCount: number; names: readonly string[] },
  assignment: Int32Array,
  count: Float64Array,
): { accounts: number; countries: CountryLeftOut[] } {
  const countries: CountryLeftOut[] = [];
  let accounts = 0;
  for (let u = geo.zipUnitCount; u < geo.unitCount; u++)
    if (assignment[u] < 0 && count[u] > 0) {
      countries.push({ country: geo.names[u], accounts: count[u] });
      accounts += count[u];
    }
  countries.sort((a, b) => b.accounts - a.accounts || a.country.localeCompare(b.country));
  return { accounts, countries };
}
