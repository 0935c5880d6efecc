import type { GeoIndex } from './geoIndex.ts';

/** Where each account's dot goes, NaN for unplaced accounts. */
export interface AccountPositions {
  lon: Float32Array;
  lat: Float32Array;
}

/**
 * Dot position of one account: its exact coordinates when imported, else its unit's centre spread
 * deterministically within a radius that grows with the unit's area, so the dots of one ZIP do not stack.
 */
export function accountPosition(
  geo: GeoIndex,
  unit: number,
  exactLon: number,
  exactLat: number,
  account: number,
): [number, number] {
  if (unit < 0) return [NaN, NaN];
  if (exactLat === exactLat && exactLon === exactLon) return [exactLon, exactLat];
  const radiusKm = Math.min(0.35 * Math.sqrt(geo.areaKm2[unit]), geo.isZipUnit(unit) ? 8 : 150);
  const angle = ((account * 2654435761) % 360) * (Math.PI / 180);
  const r = radiusKm * Math.sqrt(((account * 40503) % 1000) / 1000);
  const lat = geo.lat[unit] + (r / 111) * Math.sin(angle);
  const lon = geo.lon[unit] + (r / (111 * Math.cos((geo.lat[unit] * Math.PI) / 180))) * Math.cos(angle);
  return [lon, lat];
}

/** Dot positions of every account (see accountPosition). */
export function accountPositions(
  geo: GeoIndex,
  unit: Int32Array,
  exactLon: Float32Array,
  exactLat: Float32Array,
): AccountPositions {
  const lon = new Float32Array(unit.length);
  const lat = new Float32Array(unit.length);
  for (let a = 0; a < unit.length; a++) {
    const [x, y] = accountPosition(geo, unit[a], exactLon[a], exactLat[a], a);
    lon[a] = x;
    lat[a] = y;
  }
  return { lon, lat };
}
