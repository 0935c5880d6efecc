import { beforeAll, describe, expect, it } from 'vitest';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { FeatureCollection, Geometry } from 'geojson';
import type { GeoDataFile } from './geoData.ts';
import { GeoIndex } from './geoIndex.ts';
import { readGeoFile } from './loadGeoNode.ts';
import { territoryBoundariesGeoJson } from './territoryBoundaries.ts';

/** What JTS (through jsts) finds wrong with each feature: nested shells, self-intersections, duplicate rings, ... */
function jtsProblems(fc: FeatureCollection): string[] {
  const reader = new GeoJSONReader(new GeometryFactory());
  const problems: string[] = [];
  fc.features.forEach((f, i) => {
    const geometry = reader.read(f.geometry as Geometry);
    const op = new IsValidOp(geometry);
    if (!op.isValid()) {
      const error = op.getValidationError();
      problems.push(`feature ${i} (${String(f.properties?.name)}): ${error.toString()}`);
    }
  });
  return problems;
}

describe('territory boundaries pass an independent validator (JTS IsValidOp)', () => {
  let geo: GeoIndex;
  let topo: Topology<{ zips: GeometryCollection }>;
  let countries: Topology;

  beforeAll(() => {
    geo = new GeoIndex(readGeoFile<GeoDataFile>('units.json'));
    topo = readGeoFile<Topology<{ zips: GeometryCollection }>>('zip-areas.topo.json');
    countries = readGeoFile<Topology>('countries.topo.json');
  });

  it('gives every state-sized territory of a whole-country plan a valid (Multi)Polygon', () => {
    // a realistic plan: every US ZIP area in a territory per state, countries grouped by continent-ish bands
    const states = geo.data.states;
    const assignment = new Int32Array(geo.unitCount).fill(-1);
    for (let u = 0; u < geo.zipUnitCount; u++) assignment[u] = geo.stateOfUnit[u];
    const territories = states.map((s) => ({ id: s.code, name: s.name }));
    const band = (lon: number): number => states.length + Math.min(2, Math.max(0, Math.floor((lon + 180) / 120)));
    for (let u = geo.zipUnitCount; u < geo.unitCount; u++) assignment[u] = band(geo.lon[u]);
    territories.push({ id: 'west', name: 'Americas' }, { id: 'mid', name: 'EMEA' }, { id: 'east', name: 'APAC' });
    const fc = territoryBoundariesGeoJson(topo, assignment, territories, { countries });
    expect(fc.features.length).toBeGreaterThanOrEqual(states.length);
    expect(jtsProblems(fc)).toEqual([]);
  }, 120_000);

  it('gives every ZIP3 territory of a fine-grained plan a valid (Multi)Polygon', () => {
    const zip3 = geo.grouping('zip3');
    const assignment = new Int32Array(geo.unitCount).fill(-1);
    for (let u = 0; u < geo.zipUnitCount; u++) assignment[u] = zip3.groupOfUnit[u];
    const territories = zip3.groupIds.map((id) => ({ id, name: `ZIP3 ${id}` }));
    const fc = territoryBoundariesGeoJson(topo, assignment, territories);
    expect(fc.features.length).toBeGreaterThan(850);
    expect(jtsProblems(fc)).toEqual([]);
  }, 120_000);
});
