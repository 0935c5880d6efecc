import { beforeAll, describe, expect, it } from 'vitest';
import type { Topology } from 'topojson-specification';
import type { Position } from 'geojson';
import { packBorders, type BordersFile } from './borders.ts';
import type { GeoIndex } from './geoIndex.ts';
import { loadGeoIndexFromDisk, readGeoFile } from './loadGeoNode.ts';
import { territoryBoundariesGeoJson } from './territoryBoundaries.ts';
import { unitBorderLengths, type UnitBorderLengths } from './unitBorderLengths.ts';

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

let geo: GeoIndex;
let topology: Topology;
let lengths: UnitBorderLengths;
beforeAll(() => {
  geo = loadGeoIndexFromDisk();
  topology = readGeoFile<Topology>('zip-areas.topo.json');
  lengths = unitBorderLengths(geo, topology, packBorders(readGeoFile<BordersFile>('borders.json')), geo.countyOfUnit);
});

/** Length in km of a dissolved outline's rings, measured independently of the lengths under test. */
function ringsKm(polygons: Position[][][]): number {
  let km = 0;
  for (const polygon of polygons)
    for (const ring of polygon)
      for (let i = 1; i < ring.length; i++) {
        const k = Math.cos(((ring[i - 1][1] + ring[i][1]) / 2) * (Math.PI / 180));
        km += Math.hypot((ring[i][0] - ring[i - 1][0]) * k, ring[i][1] - ring[i - 1][1]) * KM_PER_DEGREE;
      }
  return km;
}

/** Perimeter of the units `inside` from the lengths: outer sides plus sides shared with units outside. */
function perimeterFromLengths(inside: (u: number) => boolean): number {
  let km = 0;
  for (let u = 0; u < geo.zipUnitCount; u++) {
    if (!inside(u)) continue;
    km += lengths.outerKm[u];
    for (let p = geo.adjacencyOffsets[u]; p < geo.adjacencyOffsets[u + 1]; p++)
      if (!inside(geo.adjacency[p])) km += lengths.sharedKm[p];
  }
  return km;
}

describe('unitBorderLengths on the built geography', () => {
  it('is symmetric and gives every ZIP area an outline and countries none', () => {
    // a sampled border may run one ~500 m step long; beyond that only degenerate built areas
    const short = lengths.outerKm.filter((km) => km < -0.6).length;
    expect(short).toBeLessThan(geo.zipUnitCount / 1000);
    let wrong = 0;
    for (let u = 0; u < geo.unitCount; u++) {
      const outer = lengths.outerKm[u];
      if (u < geo.zipUnitCount ? !(outer > -10) : !Number.isNaN(outer)) wrong++;
      for (let p = geo.adjacencyOffsets[u]; p < geo.adjacencyOffsets[u + 1]; p++) {
        const v = geo.adjacency[p];
        const back = geo.neighboursOf(v).indexOf(u) + geo.adjacencyOffsets[v];
        if (lengths.sharedKm[back] !== lengths.sharedKm[p]) wrong++;
      }
    }
    expect(wrong).toBe(0);
  });

  it('adds up to the perimeter of the dissolved outline of states, a county and a coast', () => {
    const stateCode = (u: number): string => geo.data.states[geo.stateOfUnit[u]]?.code ?? '';
    const county = geo.countyOfUnit[geo.unitOf('80302')]; // Boulder County, CO: cut across county borders
    const groups: [string, (u: number) => boolean][] = [
      ['Colorado', (u) => stateCode(u) === 'CO'],
      ['Kansas', (u) => stateCode(u) === 'KS'],
      ['Massachusetts', (u) => stateCode(u) === 'MA'],
      ['Boulder County', (u) => geo.countyOfUnit[u] === county],
      // half of Colorado's ZIP areas by id: a ragged outline through the middle of counties
      ['every other CO ZIP', (u) => stateCode(u) === 'CO' && u % 2 === 0],
    ];
    for (const [name, inside] of groups) {
      const assignment = Int32Array.from({ length: geo.unitCount }, (_, u) =>
        u < geo.zipUnitCount && inside(u) ? 0 : -1,
      );
      const outline = territoryBoundariesGeoJson(topology, assignment, [{ id: name, name }]).features[0].geometry;
      const dissolved = ringsKm(outline.type === 'Polygon' ? [outline.coordinates] : outline.coordinates);
      const fromLengths = perimeterFromLengths((u) => u < geo.zipUnitCount && inside(u));
      expect(Math.abs(fromLengths / dissolved - 1), `${name}: ${fromLengths} km vs ${dissolved} km`).toBeLessThan(
        0.005,
      );
    }
  });
});
