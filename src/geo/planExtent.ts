import type { GeoIndex } from './geoIndex.ts';

/**
 * The lon/lat box round every assigned unit of a team, or null when nothing is assigned. Longitudes take the
 * shorter way round: a plan with the Aleutians west of 180 degrees spans the antimeridian, not the whole world.
 */
export function assignedBounds(
  geo: Pick<GeoIndex, 'lon' | 'lat'>,
  assignment: Int32Array | undefined,
  /** Only units below this index (the US ZIP areas: geo.zipUnitCount); all units by default. */
  unitLimit = Infinity,
): [[number, number], [number, number]] | null {
  if (!assignment) return null;
  const lons: number[] = [];
  let [y0, y1] = [Infinity, -Infinity];
  const n = Math.min(assignment.length, unitLimit);
  for (let u = 0; u < n; u++) {
    if (assignment[u] < 0) continue;
    lons.push(geo.lon[u]);
    y0 = Math.min(y0, geo.lat[u]);
    y1 = Math.max(y1, geo.lat[u]);
  }
  if (lons.length === 0) return null;
  lons.sort((a, b) => a - b);
  // the box starts after the widest empty stretch of longitude (the wrap-around stretch included)
  let gap = lons[0] + 360 - lons[lons.length - 1];
  let west = lons[0];
  let east = lons[lons.length - 1];
  for (let i = 1; i < lons.length; i++)
    if (lons[i] - lons[i - 1] > gap) {
      gap = lons[i] - lons[i - 1];
      west = lons[i];
      east = lons[i - 1] + 360;
    }
  // a unit's centre is inside it; half a degree of margin keeps the edge areas whole
  return [
    [west - 0.5, Math.max(-85, y0 - 0.5)],
    [east + 0.5, Math.min(85, y1 + 0.5)],
  ];
}
