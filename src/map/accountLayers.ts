import type { FeatureCollection, Point } from 'geojson';
import type { GeoIndex } from '../geo/geoIndex.ts';
import type { CategoryColumn } from '../io/accountTable.ts';
import { classOf, quantileBreaks, type UnitTotals } from '../engine/unitTotals.ts';
import { MAP_COLOURS } from './palette.ts';
import type { VisibleAccounts } from '../worker/layerProtocol.ts';

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
  const ranked = column.labels
    .map((label, code) => ({ label, code, count: perCode[code] }))
    .sort((x, y) => y.count - x.count);
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
  if (otherCount > 0)
    legend.push({
      label: blank === otherCount ? '(blank)' : 'Other',
      colour: MAP_COLOURS.otherCategory,
      count: otherCount,
    });
  return { classOfAccount, legend, otherIndex };
}

/** Points at unit centres carrying one per-unit figure (skipping units where it is 0). */
function unitPoints<K extends string>(
  values: Float64Array,
  geo: GeoIndex,
  key: K,
  units: number,
): FeatureCollection<Point, Record<K, number>> {
  const features: FeatureCollection<Point, Record<K, number>>['features'] = [];
  for (let u = 0; u < units; u++) {
    if (!(values[u] > 0)) continue;
    features.push({
      type: 'Feature',
      properties: { [key]: values[u] } as Record<K, number>,
      geometry: { type: 'Point', coordinates: [geo.lon[u], geo.lat[u]] },
    });
  }
  return { type: 'FeatureCollection', features };
}

/** Account count per unit at the unit's centre, for the bubbles and clusters drawn at low zoom. */
export function unitCountPoints(totals: UnitTotals, geo: GeoIndex): FeatureCollection<Point, { n: number }> {
  return unitPoints(totals.count, geo, 'n', geo.unitCount);
}

/** Visible account dots as GeoJSON: property i = account index, c = colour class. */
export function visibleAccountPoints(visible: VisibleAccounts): FeatureCollection<Point, { i: number; c: number }> {
  const features: FeatureCollection<Point, { i: number; c: number }>['features'] = [];
  for (let k = 0; k < visible.account.length; k++)
    features.push({
      type: 'Feature',
      properties: { i: visible.account[k], c: visible.colourClass[k] },
      geometry: { type: 'Point', coordinates: [visible.lon[k], visible.lat[k]] },
    });
  return { type: 'FeatureCollection', features };
}

/** ZIP area centres weighted by account value, for the value-density heat map. */
export function unitValuePoints(totals: UnitTotals, geo: GeoIndex): FeatureCollection<Point, { w: number }> {
  return unitPoints(totals.value, geo, 'w', geo.zipUnitCount);
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
