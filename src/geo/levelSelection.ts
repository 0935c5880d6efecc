import type { Level } from '../domain/geography.ts';
import type { GeoIndex } from './geoIndex.ts';

/**
 * Widens a selection of units to whole groups of a level, as painting at that level means: at State,
 * County or ZIP3 every ZIP area of a touched group joins; at ZIP or Country (and for country units) the
 * units stay as they are. Index lookups only, in the order groups are first touched.
 */
export function widenToLevel(
  geo: Pick<GeoIndex, 'isZipUnit' | 'unitsInSameGroup'>,
  level: Level,
  units: ArrayLike<number>,
): Int32Array {
  if (level === 'zip5' || level === 'country') return Int32Array.from(units);
  const out = new Set<number>();
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (out.has(u)) continue;
    if (!geo.isZipUnit(u)) out.add(u);
    else for (const g of geo.unitsInSameGroup(level, u)) out.add(g);
  }
  return Int32Array.from(out);
}
