import type { FeatureCollection, Point } from 'geojson';
import type { GeoIndex } from '../geo/geoIndex.ts';
import type { AccountTable, CategoryColumn } from '../io/accountTable.ts';
import { classOf, quantileBreaks, type UnitTotals } from '../engine/unitTotals.ts';
import { MAP_COLOURS } from './palette.ts';

/** Where each account's dot goes: its coordinates when the file had them, else spread inside its unit. */
export interface AccountPositions {
  lon: Float32Array;
  lat: Float32Array;
}

/**
 * Dot positions: exact coordinates when imported, else the unit's centre spread deterministically
 * within a radius that grows with the unit's area, so the dots of one ZIP do not stack. NaN = unplaced.
 */
export function accountPositions(table: AccountTable, geo: GeoIndex): AccountPositions {
  const lon = new Float32Array(table.count).fill(NaN);
  const lat = new Float32Array(table.count).fill(NaN);
  for (let a = 0; a < table.count; a++) {
    const u = table.unit[a];
    if (u < 0) continue;
    if (table.lat[a] === table.lat[a]) {
      lon[a] = table.lon[a];
      lat[a] = table.lat[a];
      continue;
    }
    const radiusKm = Math.min(0.35 * Math.sqrt(geo.areaKm2[u]), geo.isZipUnit(u) ? 8 : 150);
    const angle = ((a * 2654435761) % 360) * (Math.PI / 180);
    const r = radiusKm * Math.sqrt(((a * 40503) % 1000) / 1000);
    lat[a] = geo.lat[u] + (r / 111) * Math.sin(angle);
    lon[a] = geo.lon[u] + (r / (111 * Math.cos((geo.lat[u] * Math.PI) / 180))) * Math.cos(angle);
  }
  return { lon, lat };
}

/** Colour classes of a category column: the most common labels get their own colour, the rest share "Other". */
export interface CategoryColours {
  /** Colour index per account: 0..entries-1, or `otherIndex` for the rest and blanks. */
  classOfAccount: Uint8Array;
  legend: { label: string; colour: string; count: number }[];
  otherIndex: number;
}

/** Assigns the palette to the most frequent labels of a column. */
export function categoryColours(column: CategoryColumn, count: number): CategoryColours {
  const palette = MAP_COLOURS.categories;
  const perCode = new Float64Array(column.labels.length);
  let blank = 0;
  for (let a = 0; a < count; a++) {
    const c = column.codes[a];
    if (c >= 0) perCode[c]++;
    else blank++;
  }
  const ranked = column.labels.map((label, code) => ({ label, code, count: perCode[code] })).sort((x, y) => y.count - x.count); // prettier-ignore
  const own = ranked.slice(0, ranked.length > palette.length ? palette.length - 1 : palette.length);
  const otherIndex = own.length;
  const classOfCode = new Uint8Array(column.labels.length).fill(otherIndex);
  own.forEach((r, i) => (classOfCode[r.code] = i));
  const classOfAccount = new Uint8Array(count);
  for (let a = 0; a < count; a++) {
    const c = column.codes[a];
    classOfAccount[a] = c >= 0 ? classOfCode[c] : otherIndex;
  }
  const legend: CategoryColours['legend'] = own.map((r, i) => ({ label: r.label, colour: palette[i], count: r.count }));
  const otherCount = count - own.reduce((s, r) => s + r.count, 0);
  if (otherCount > 0) legend.push({ label: blank === otherCount ? '(blank)' : 'Other', colour: MAP_COLOURS.otherCategory, count: otherCount }); // prettier-ignore
  return { classOfAccount, legend, otherIndex };
}

/** Account dots as GeoJSON: property i = account index, c = colour class. */
export function accountPoints(
  table: AccountTable,
  positions: AccountPositions,
  colours: CategoryColours,
): FeatureCollection<Point, { i: number; c: number }> {
  const features: FeatureCollection<Point, { i: number; c: number }>['features'] = [];
  for (let a = 0; a < table.count; a++) {
    if (table.unit[a] < 0) continue;
    features.push({
      type: 'Feature',
      properties: { i: a, c: colours.classOfAccount[a] },
      geometry: { type: 'Point', coordinates: [positions.lon[a], positions.lat[a]] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** ZIP area centres weighted by account value, for the value-density heat map. */
export function unitValuePoints(totals: UnitTotals, geo: GeoIndex): FeatureCollection<Point, { w: number }> {
  const features: FeatureCollection<Point, { w: number }>['features'] = [];
  for (let u = 0; u < geo.zipUnitCount; u++) {
    if (!(totals.value[u] > 0)) continue;
    features.push({
      type: 'Feature',
      properties: { w: totals.value[u] },
      geometry: { type: 'Point', coordinates: [geo.lon[u], geo.lat[u]] },
    });
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
