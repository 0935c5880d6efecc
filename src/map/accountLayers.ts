import type { FeatureCollection, Point } from 'geojson';
import type { GeoIndex } from '../geo/geoIndex.ts';
import type { AccountTable } from '../io/accountTable.ts';
import { classOf, quantileBreaks } from '../engine/unitTotals.ts';
import { MAP_COLOURS } from './palette.ts';

/**
 * Account dots: placed accounts at their unit's centre, spread deterministically inside a radius
 * that grows with the area so dots of one ZIP do not stack.
 */
export function accountPoints(table: AccountTable, geo: GeoIndex): FeatureCollection<Point, { colour: string }> {
  const features: FeatureCollection<Point, { colour: string }>['features'] = [];
  for (let a = 0; a < table.count; a++) {
    const u = table.unit[a];
    if (u < 0) continue;
    const radiusKm = Math.min(0.35 * Math.sqrt(geo.areaKm2[u]), geo.isZipUnit(u) ? 8 : 150);
    const angle = ((a * 2654435761) % 360) * (Math.PI / 180);
    const r = radiusKm * Math.sqrt(((a * 40503) % 1000) / 1000);
    const lat = geo.lat[u] + (r / 111) * Math.sin(angle);
    const lon = geo.lon[u] + (r / (111 * Math.cos((geo.lat[u] * Math.PI) / 180))) * Math.cos(angle);
    const colour = MAP_COLOURS.segment[table.segment[a]] ?? MAP_COLOURS.segment.other;
    features.push({ type: 'Feature', properties: { colour }, geometry: { type: 'Point', coordinates: [lon, lat] } });
  }
  return { type: 'FeatureCollection', features };
}

/**
 * Choropleth of account value per ZIP area: unit -> colour for every ZIP area with value, plus the
 * legend breaks. Countries are far larger than ZIP areas, so they only get a flat tint when they hold accounts.
 */
export function valueChoropleth(
  unitValue: Float64Array,
  zipUnitCount: number,
): { fills: Map<number, string>; breaks: number[] } {
  const classes = MAP_COLOURS.valueClasses;
  const breaks = quantileBreaks(unitValue.subarray(0, zipUnitCount), classes.length);
  const fills = new Map<number, string>();
  for (let u = 0; u < zipUnitCount; u++) {
    const c = classOf(unitValue[u], breaks);
    if (c >= 0) fills.set(u, classes[c]);
  }
  for (let u = zipUnitCount; u < unitValue.length; u++)
    if (unitValue[u] > 0) fills.set(u, MAP_COLOURS.countryWithAccounts);
  return { fills, breaks };
}
