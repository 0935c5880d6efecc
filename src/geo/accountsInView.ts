import type { AccountPositions } from './accountPositions.ts';
import type { AccountsByUnit } from './accountsByUnit.ts';
import type { GeoIndex } from './geoIndex.ts';

/** Degrees a unit's dots may lie away from its centre (see accountPosition: at most 8 km, 150 km for countries). */
const ZIP_SPREAD_DEG = 0.12;
const COUNTRY_SPREAD_DEG = 2.5;

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
      const spread = geo.isZipUnit(u) ? ZIP_SPREAD_DEG : COUNTRY_SPREAD_DEG;
      const lon = geo.lon[u];
      const lat = geo.lat[u];
      // coordinates from the file can sit anywhere in their ZIP area, so only skip units well outside
      const outside = lon < west - spread || lon > east + spread || lat < south - spread || lat > north + spread;
      if (outside && (lon < west - 1 || lon > east + 1 || lat < south - 1 || lat > north + 1)) continue;
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
