import type { AccountPositions } from './accountPositions.ts';
import type { AccountsByUnit } from './accountsByUnit.ts';
import type { GeoIndex } from './geoIndex.ts';

/**
 * Degrees a unit's dots may lie away from its centre: exact coordinates from the file can sit anywhere
 * in their ZIP area, and spread dots of a country reach 150 km (see accountPosition).
 */
const ZIP_MARGIN_DEG = 1;
const COUNTRY_MARGIN_DEG = 2.5;

/** A map view's box in degrees. */
export interface ViewBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/**
 * The accounts whose dots fall in a view, at most `limit` of them. When there are more, every
 * n-th one is kept, so the dots thin out evenly across the view instead of filling its first ZIP
 * areas and leaving the rest blank.
 */
export function accountsInView(
  geo: GeoIndex,
  positions: AccountPositions,
  byUnit: AccountsByUnit,
  view: ViewBox,
  limit: number,
): { account: Int32Array; total: number } {
  const { west, south, east, north } = view;
  const visit = (onAccount: (a: number) => void): void => {
    for (let u = 0; u < geo.unitCount; u++) {
      if (byUnit.offsets[u] === byUnit.offsets[u + 1]) continue;
      const margin = geo.isZipUnit(u) ? ZIP_MARGIN_DEG : COUNTRY_MARGIN_DEG;
      const lon = geo.lon[u];
      const lat = geo.lat[u];
      if (lon < west - margin || lon > east + margin || lat < south - margin || lat > north + margin) continue;
      for (let p = byUnit.offsets[u]; p < byUnit.offsets[u + 1]; p++) {
        const a = byUnit.accounts[p];
        const x = positions.lon[a];
        const y = positions.lat[a];
        if (x >= west && x <= east && y >= south && y <= north) onAccount(a);
      }
    }
  };
  let total = 0;
  visit(() => total++);
  const account = new Int32Array(Math.min(total, Math.max(0, limit)));
  let seen = 0;
  let kept = 0;
  visit((a) => {
    // keep the k-th account in view when it starts a new step of total / limit
    if (kept < account.length && Math.floor((seen * account.length) / total) === kept) account[kept++] = a;
    seen++;
  });
  return { account, total };
}
