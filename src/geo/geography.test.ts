import { describe, expect, it, beforeAll } from 'vitest';
import { createRequire } from 'node:module';
import * as topojson from 'topojson-client';
import turfArea from '@turf/area';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { GeoIndex } from './geoIndex.ts';
import { loadGeoIndexFromDisk, readGeoFile } from './loadGeoNode.ts';

const require = createRequire(import.meta.url);
const CONTIGUOUS_EXCLUDED = new Set(['AK', 'HI', 'PR', 'VI', 'GU', 'AS', 'MP']);

let geo: GeoIndex;
beforeAll(() => {
  geo = loadGeoIndexFromDisk();
});

describe('built geography: units', () => {
  it('has one unit per ZIP area (~33,700) plus one per country', () => {
    expect(geo.zipUnitCount).toBeGreaterThan(33_500);
    expect(geo.zipUnitCount).toBeLessThan(34_000);
    expect(geo.unitCount - geo.zipUnitCount).toBeGreaterThan(150);
    expect(geo.unitOf('GB')).toBeGreaterThanOrEqual(geo.zipUnitCount);
    expect(geo.unitOf('US')).toBe(-1);
  });

  it('keeps ZIP ids as 5-digit strings with their leading zeros', () => {
    expect(geo.unitOf('02134')).toBeGreaterThanOrEqual(0);
    expect(geo.info(geo.unitOf('02134'))).toMatchObject({ stateCode: 'MA', zip3: '021' });
    for (let i = 0; i < geo.zipUnitCount; i++) expect(geo.ids[i]).toMatch(/^(\d{5}|C\d{5})$/);
    // 00501 is a USPS single-organisation ZIP (IRS, Holtsville NY) with no area of its own
    const r = geo.resolveZip('00501');
    expect(r.how).toBe('usps-zip');
    expect(geo.info(r.unit).stateCode).toBe('NY');
  });

  it('gives every ZIP area exactly one county and one state, consistent with each other', () => {
    for (let i = 0; i < geo.zipUnitCount; i++) {
      const c = geo.countyOfUnit[i];
      expect(c).toBeGreaterThanOrEqual(0);
      const county = geo.data.counties[c];
      expect(geo.data.states[geo.stateOfUnit[i]].fips).toBe(county.fips.slice(0, 2));
    }
    for (let i = geo.zipUnitCount; i < geo.unitCount; i++) expect(geo.countyOfUnit[i]).toBe(-1);
  });
});

describe('built geography: ZIP area shapes', () => {
  it('tiles every county: the ZIP areas of a county sum to its area within 1%', () => {
    const zipTopo = readGeoFile<Topology<{ zips: GeometryCollection }>>('zip-areas.topo.json');
    const zips = topojson.feature(zipTopo, zipTopo.objects.zips) as FeatureCollection<MultiPolygon>;
    expect(zips.features.length).toBe(geo.zipUnitCount);
    const countiesTopo = require('us-atlas/counties-10m.json') as Topology<{ counties: GeometryCollection }>;
    const counties = topojson.feature(countiesTopo, countiesTopo.objects.counties) as FeatureCollection<
      Polygon | MultiPolygon
    >;
    const countyArea = new Map(counties.features.map((f) => [String(f.id), turfArea(f)]));
    const sums = new Float64Array(geo.data.counties.length);
    zips.features.forEach((f, i) => (sums[geo.countyOfUnit[i]] += turfArea(f)));
    const off: string[] = [];
    geo.data.counties.forEach((c, ci) => {
      const expected = countyArea.get(c.fips) ?? 0;
      if (Math.abs(sums[ci] - expected) > 0.01 * expected) off.push(`${c.fips} ${sums[ci]} vs ${expected}`);
    });
    expect(off).toEqual([]);
  });
});

describe('built geography: adjacency', () => {
  it('is symmetric, sorted and free of self loops', () => {
    const problems: string[] = [];
    for (let a = 0; a < geo.unitCount; a++) {
      const ns = geo.neighboursOf(a);
      for (let k = 0; k < ns.length; k++) {
        if (ns[k] === a) problems.push(`${geo.ids[a]} lists itself`);
        if (k > 0 && ns[k] <= ns[k - 1]) problems.push(`${geo.ids[a]} neighbours not sorted`);
        if (!geo.neighboursOf(ns[k]).includes(a)) problems.push(`${geo.ids[a]} -> ${geo.ids[ns[k]]} not mirrored`);
      }
    }
    expect(problems).toEqual([]);
    expect(geo.adjacency.length).toBeGreaterThan(4 * geo.zipUnitCount);
  });

  it('connects the contiguous US by real borders, and flags every unit reached only by virtual edges', () => {
    const virtual = new Set(geo.virtualEdges.map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`));
    const seen = new Uint8Array(geo.unitCount);
    const start = geo.unitOf('66044'); // Lawrence, KS
    const queue = [start];
    seen[start] = 1;
    while (queue.length) {
      const a = queue.pop() as number;
      for (const b of geo.neighboursOf(a)) {
        if (seen[b] || virtual.has(`${Math.min(a, b)}-${Math.max(a, b)}`)) continue;
        seen[b] = 1;
        queue.push(b);
      }
    }
    let contiguous = 0;
    let reached = 0;
    for (let i = 0; i < geo.zipUnitCount; i++) {
      if (CONTIGUOUS_EXCLUDED.has(geo.info(i).stateCode)) continue;
      contiguous++;
      if (seen[i]) reached++;
      else expect(geo.island[i], `${geo.ids[i]} is cut off but not flagged`).toBe(1);
    }
    expect(reached / contiguous).toBeGreaterThan(0.99);
    for (const code of ['96813', '99501', '00901']) expect(geo.island[geo.unitOf(code)]).toBe(1); // Honolulu, Anchorage, San Juan
  });

  it('reaches every unit from every other through real and virtual edges', () => {
    const seen = new Uint8Array(geo.unitCount);
    const queue = [0];
    seen[0] = 1;
    let count = 1;
    while (queue.length) {
      for (const b of geo.neighboursOf(queue.pop() as number))
        if (!seen[b]) {
          seen[b] = 1;
          count++;
          queue.push(b);
        }
    }
    expect(count).toBe(geo.unitCount);
  });

  it('links ZIP areas across county and state borders', () => {
    // 10001 (Manhattan) borders Hudson River ZIPs; 07030 Hoboken (NJ) must reach NY through real edges
    const hoboken = geo.unitOf('07030');
    const neighbourStates = new Set(Array.from(geo.neighboursOf(hoboken), (n) => geo.info(n).stateCode));
    const countyOf = geo.countyOfUnit[hoboken];
    const otherCounty = Array.from(geo.neighboursOf(hoboken)).some((n) => geo.countyOfUnit[n] !== countyOf);
    expect(otherCounty).toBe(true);
    let crossState = 0;
    for (let a = 0; a < geo.zipUnitCount; a++)
      for (const b of geo.neighboursOf(a))
        if (b < geo.zipUnitCount && geo.stateOfUnit[b] !== geo.stateOfUnit[a]) crossState++;
    expect(crossState).toBeGreaterThan(1000);
    expect(neighbourStates.has('NJ')).toBe(true);
  });
});

describe('built geography: ZIP lookup', () => {
  it('resolves at least 99% of USPS ZIPs (zipcodes package) to a unit in the same state', () => {
    const codes = (require('zipcodes') as { codes: Record<string, { zip: string; state: string; country: string }> })
      .codes;
    const stateCodes = new Set(geo.data.states.map((s) => s.code));
    let total = 0;
    let same = 0;
    for (const z of Object.values(codes)) {
      // Military APO/FPO (AA/AE/AP) and freely associated states (FM/MH/PW) are not US states.
      if (z.country !== 'US' || !stateCodes.has(z.state)) continue;
      total++;
      const r = geo.resolveZip(z.zip);
      if (r.unit >= 0 && geo.info(r.unit).stateCode === z.state) same++;
    }
    expect(total).toBeGreaterThan(41_000);
    expect(same / total).toBeGreaterThanOrEqual(0.99);
  });

  it('reports military and unknown ZIPs instead of guessing', () => {
    const codes = (require('zipcodes') as { codes: Record<string, { zip: string; state: string }> }).codes;
    const military = Object.values(codes).filter((z) => ['AA', 'AE', 'AP'].includes(z.state));
    expect(military.length).toBeGreaterThan(100);
    for (const z of military) expect(geo.resolveZip(z.zip).how).toBe('military-zip');
    expect(geo.resolveZip('00000')).toEqual({ unit: -1, how: 'unknown-zip' });
    expect(geo.resolveCountry('gbr').unit).toBe(geo.unitOf('GB'));
    expect(geo.resolveCountry('XX').how).toBe('unknown-country');
  });
});

describe('GeoIndex levels', () => {
  it('groups ZIP areas by state, county and ZIP3, and countries by country', () => {
    const ca = geo.grouping('state');
    expect(ca.groupIds).toContain('CA');
    const unit = geo.unitOf('94105');
    const inState = geo.unitsInSameGroup('state', unit);
    expect(inState.length).toBeGreaterThan(1500);
    for (const u of inState) expect(geo.info(u).stateCode).toBe('CA');
    const zip3 = geo.unitsInSameGroup('zip3', unit);
    for (const u of zip3) expect(geo.ids[u].slice(0, 3)).toBe('941');
    expect(geo.unitsInSameGroup('county', unit).length).toBeGreaterThan(10);
    expect(geo.unitsInSameGroup('zip5', unit)).toEqual(Int32Array.of(unit));
    expect(geo.unitsInSameGroup('country', unit).length).toBe(0);
    expect(geo.grouping('country').groupIds.length).toBe(geo.unitCount - geo.zipUnitCount);
  });
});

describe('GeoIndex.nearestZipUnit', () => {
  it('finds the same ZIP area as a full scan, and nothing far from any ZIP', () => {
    const scan = (lon: number, lat: number): number => {
      const k = Math.cos((lat * Math.PI) / 180);
      let best = -1;
      let bestD = Infinity;
      for (let i = 0; i < geo.zipUnitCount; i++) {
        const d = ((geo.lon[i] - lon) * k) ** 2 + (geo.lat[i] - lat) ** 2;
        if (d < bestD) [best, bestD] = [i, d];
      }
      return best;
    };
    let seed = 7;
    const rand = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let t = 0; t < 300; t++) {
      const lon = -124 + rand() * 57;
      const lat = 25 + rand() * 24;
      const fast = geo.nearestZipUnit(lon, lat, 2000);
      expect(fast).toBe(scan(lon, lat));
    }
    expect(geo.ids[geo.nearestZipUnit(-71.1162, 42.3591)]).toBe('02134');
    expect(geo.nearestZipUnit(-30, 40)).toBe(-1); // mid-Atlantic
  });
});

describe('borders between ZIP areas', () => {
  it('exist for nearly every real adjacency and dissolve inside a territory', async () => {
    const { packBorders, territoryOutlines } = await import('./borders.ts');
    const borders = packBorders(readGeoFile('borders.json'));
    const pairs = new Set<string>();
    for (let i = 0; i < borders.a.length; i++) pairs.add(`${borders.a[i]}-${borders.b[i]}`);
    let zipEdges = 0;
    let withBorder = 0;
    for (let a = 0; a < geo.zipUnitCount; a++)
      for (const b of geo.neighboursOf(a))
        if (b > a && b < geo.zipUnitCount && !geo.island[a] === !geo.island[b]) {
          zipEdges++;
          if (pairs.has(`${a}-${b}`)) withBorder++;
        }
    expect(withBorder / zipEdges).toBeGreaterThan(0.95);
    // one territory = all of Kansas: its outline is only borders that touch another state
    const assignment = new Int32Array(geo.unitCount).fill(-1);
    const ks = geo.unitsInSameGroup('state', geo.unitOf('66044'));
    for (const u of ks) assignment[u] = 0;
    const outline = territoryOutlines(borders, assignment);
    expect(outline.length).toBeGreaterThan(20);
    const inKansas = new Set(ks);
    let inner = 0;
    for (let i = 0; i < borders.a.length; i++) if (inKansas.has(borders.a[i]) && inKansas.has(borders.b[i])) inner++;
    expect(inner).toBeGreaterThan(outline.length); // internal borders dissolved away
  });
});

describe('virtual edges', () => {
  it('connect all ZIP areas among themselves (countries are not needed to reach Hawaii or Alaska)', () => {
    const seen = new Uint8Array(geo.unitCount);
    const stack = [0];
    seen[0] = 1;
    let count = 1;
    while (stack.length) {
      for (const b of geo.neighboursOf(stack.pop() as number))
        if (!seen[b] && b < geo.zipUnitCount) {
          seen[b] = 1;
          count++;
          stack.push(b);
        }
    }
    expect(count).toBe(geo.zipUnitCount);
  });
});
