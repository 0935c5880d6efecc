import { beforeAll, describe, expect, it } from 'vitest';
import turfArea from '@turf/area';
import { feature } from 'topojson-client';
import type { GeometryCollection, MultiPolygon as TopoMultiPolygon, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, MultiPolygon, Polygon, Position } from 'geojson';
import type { GeoDataFile } from './geoData.ts';
import { GeoIndex } from './geoIndex.ts';
import { readGeoFile } from './loadGeoNode.ts';
import { territoryBoundariesGeoJson, validateGeoJsonPolygons } from './territoryBoundaries.ts';

type Shape = Feature<Polygon | MultiPolygon>;

const polygonsOf = (f: Shape): Position[][][] =>
  f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;

const ringSpan = (ring: Position[]): number => {
  let lo = Infinity;
  let hi = -Infinity;
  for (const [lon] of ring) {
    lo = Math.min(lo, lon);
    hi = Math.max(hi, lon);
  }
  return hi - lo;
};

/**
 * Three unit squares, quantized with scale 1: units 0 and 1 share the edge x = 1, unit 2 is an island
 * at x = 3..4. Unit 1 is stored clockwise, as some rings of the built topology are.
 */
function squaresTopology(): Topology {
  return {
    type: 'Topology',
    transform: { scale: [1, 1], translate: [0, 0] },
    arcs: [
      [
        [1, 0],
        [0, 1],
      ],
      [
        [1, 1],
        [-1, 0],
        [0, -1],
        [1, 0],
      ],
      [
        [1, 0],
        [1, 0],
        [0, 1],
        [-1, 0],
      ],
      [
        [3, 0],
        [1, 0],
        [0, 1],
        [-1, 0],
        [0, -1],
      ],
    ],
    objects: {
      units: {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Polygon', arcs: [[0, 1]], id: 0 },
          { type: 'Polygon', arcs: [[0, -3]], id: 1 },
          { type: 'Polygon', arcs: [[3]], id: 2 },
        ],
      },
    },
  };
}

/**
 * Two squares side by side whose common edge does not share vertices (a T-junction at (2, 1)),
 * unquantized: how county borders look in the built ZIP topology.
 */
function tJunctionTopology(): Topology {
  return {
    type: 'Topology',
    arcs: [
      [
        [0, 0],
        [2, 0],
        [2, 1],
        [2, 2],
        [0, 2],
        [0, 0],
      ],
      [
        [2, 0],
        [4, 0],
        [4, 2],
        [2, 2],
        [2, 0],
      ],
    ],
    objects: {
      units: {
        type: 'GeometryCollection',
        geometries: [
          { type: 'Polygon', arcs: [[0]], id: 0 },
          { type: 'Polygon', arcs: [[1]], id: 1 },
        ],
      },
    },
  };
}

const territories = [
  { id: 'a', name: 'Alpha', properties: { colour: '#4e79a7' } },
  { id: 'b', name: 'Beta' },
  { id: 'c', name: 'Empty' },
];

describe('territoryBoundariesGeoJson on a hand-made topology', () => {
  it('dissolves two adjacent squares into one counter-clockwise polygon with 5 positions', () => {
    const fc = territoryBoundariesGeoJson(squaresTopology(), Int32Array.from([0, 0, 1]), territories);
    expect(validateGeoJsonPolygons(fc)).toEqual([]);
    expect(fc.features.map((f) => f.properties.id)).toEqual(['a', 'b']); // the empty territory is omitted
    const [a, b] = fc.features;
    expect(a.id).toBe('a');
    expect(a.properties).toMatchObject({ name: 'Alpha', colour: '#4e79a7', territory: 0, unitCount: 2 });
    expect(a.geometry.type).toBe('Polygon');
    const ring = (a.geometry as Polygon).coordinates[0];
    expect(ring).toHaveLength(5);
    expect(ring[0]).toEqual(ring[4]);
    expect(new Set(ring.slice(0, 4).map((p) => p.join()))).toEqual(new Set(['0,0', '2,0', '2,1', '0,1']));
    // counter-clockwise: positive shoelace area
    let area2 = 0;
    for (let i = 1; i < ring.length; i++) area2 += ring[i - 1][0] * ring[i][1] - ring[i][0] * ring[i - 1][1];
    expect(area2).toBe(4);
    expect(b.geometry).toEqual({
      type: 'Polygon',
      coordinates: [
        [
          [3, 0],
          [4, 0],
          [4, 1],
          [3, 1],
          [3, 0],
        ],
      ],
    });
  });

  it('gives a territory with the island a MultiPolygon of two parts', () => {
    const fc = territoryBoundariesGeoJson(squaresTopology(), Int32Array.from([0, 1, 0]), territories);
    expect(validateGeoJsonPolygons(fc)).toEqual([]);
    const a = fc.features[0];
    expect(a.geometry.type).toBe('MultiPolygon');
    expect(polygonsOf(a).map((p) => p[0].length)).toEqual([5, 5]);
    // the clockwise-stored square comes out counter-clockwise
    expect(fc.features[1].geometry.type).toBe('Polygon');
  });

  it('dissolves across a T-junction and keeps an unquantized topology on its coordinates', () => {
    const fc = territoryBoundariesGeoJson(tJunctionTopology(), Int32Array.from([0, 0]), territories);
    expect(validateGeoJsonPolygons(fc)).toEqual([]);
    const ring = (fc.features[0].geometry as Polygon).coordinates[0];
    expect(ring).toHaveLength(5);
    expect(new Set(ring.map((p) => p.join()))).toEqual(new Set(['0,0', '4,0', '4,2', '0,2']));
  });

  it('omits territories without units and ignores unassigned or unknown units', () => {
    const fc = territoryBoundariesGeoJson(squaresTopology(), Int32Array.from([-1, 7, -1]), territories);
    expect(fc).toEqual({ type: 'FeatureCollection', features: [] });
  });
});

describe('validateGeoJsonPolygons', () => {
  const fc = (coordinates: Position[][]): FeatureCollection => ({
    type: 'FeatureCollection',
    features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates } }],
  });
  const kinds = (c: Position[][]): string[] => validateGeoJsonPolygons(fc(c)).map((p) => p.kind);

  it('accepts a square with a hole', () => {
    const outer = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ];
    const hole = [
      [1, 1],
      [1, 2],
      [2, 2],
      [2, 1],
      [1, 1],
    ];
    expect(kinds([outer, hole])).toEqual([]);
  });

  it('reports unclosed rings, too few positions, wrong winding and bow-ties', () => {
    expect(
      kinds([
        [
          [0, 0],
          [1, 0],
          [1, 1],
          [0, 1],
        ],
      ]),
    ).toContain('unclosed');
    expect(
      kinds([
        [
          [0, 0],
          [1, 0],
          [0, 0],
        ],
      ]),
    ).toContain('too-few-positions');
    expect(
      kinds([
        [
          [0, 0],
          [0, 1],
          [1, 1],
          [1, 0],
          [0, 0],
        ],
      ]),
    ).toEqual(['winding']);
    expect(
      kinds([
        [
          [0, 0],
          [2, 2],
          [2, 0],
          [0, 2],
          [0, 0],
        ],
      ]),
    ).toContain('self-intersection');
    expect(
      kinds([
        [
          [0, 0],
          [1, 0],
          [1, 0],
          [1, 1],
          [0, 0],
        ],
      ]),
    ).toContain('duplicate-position');
    expect(
      kinds([
        [
          [170, 0],
          [-170, 0],
          [-170, 1],
          [170, 0],
        ],
      ]),
    ).toContain('antimeridian-jump');
    const outer = [
      [0, 0],
      [4, 0],
      [4, 4],
      [0, 4],
      [0, 0],
    ];
    const crossing = [
      [3, 1],
      [3, 2],
      [5, 2],
      [5, 1],
      [3, 1],
    ];
    expect(kinds([outer, crossing])).toContain('rings-cross');
  });
});

describe('territoryBoundariesGeoJson on the built geography', () => {
  let geo: GeoIndex;
  let topo: Topology<{ zips: GeometryCollection }>;
  let countries: Topology;
  const EARTH_KM2 = 4 * Math.PI * 6371.0088 ** 2;

  beforeAll(() => {
    geo = new GeoIndex(readGeoFile<GeoDataFile>('units.json'));
    topo = readGeoFile<Topology<{ zips: GeometryCollection }>>('zip-areas.topo.json');
    countries = readGeoFile<Topology>('countries.topo.json');
  });

  /**
   * A unit's area. units.json stores 4*pi*R^2 minus the true area for ZIP areas whose rings the build
   * wound clockwise (d3-geo reads those as the rest of the sphere); measure their shapes instead.
   */
  const unitKm2 = (u: number): number =>
    geo.areaKm2[u] < EARTH_KM2 / 2
      ? geo.areaKm2[u]
      : turfArea(feature(topo, topo.objects.zips.geometries[u] as TopoMultiPolygon)) / 1e6;

  const unitsWhere = (test: (u: number) => boolean): number[] => {
    const out: number[] = [];
    for (let u = 0; u < geo.zipUnitCount; u++) if (test(u)) out.push(u);
    return out;
  };

  it('outlines Texas, California and a ring of counties as valid GeoJSON with the right areas', () => {
    const stateIndex = (code: string): number => geo.data.states.findIndex((s) => s.code === code);
    const tx = unitsWhere((u) => geo.stateOfUnit[u] === stateIndex('TX'));
    const ca = unitsWhere((u) => geo.stateOfUnit[u] === stateIndex('CA'));
    // Franklin County, Ohio (Columbus) and every county that borders it; the ring leaves Franklin as a hole
    const franklin = geo.data.counties.findIndex((c) => c.fips === '39049');
    const centre = unitsWhere((u) => geo.countyOfUnit[u] === franklin);
    const ringCounties = new Set<number>();
    for (const u of centre) {
      for (const v of geo.neighboursOf(u)) if (geo.countyOfUnit[v] !== franklin) ringCounties.add(geo.countyOfUnit[v]);
    }
    const ring = unitsWhere((u) => ringCounties.has(geo.countyOfUnit[u]));
    expect(ringCounties.size).toBeGreaterThanOrEqual(6);

    const assignment = new Int32Array(geo.unitCount).fill(-1);
    for (const u of tx) assignment[u] = 0;
    for (const u of ca) assignment[u] = 1;
    for (const u of ring) assignment[u] = 2;
    const started = performance.now();
    const fc = territoryBoundariesGeoJson(topo, assignment, [
      { id: 'tx', name: 'Texas' },
      { id: 'ca', name: 'California' },
      { id: 'ring', name: 'Around Columbus' },
    ]);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(validateGeoJsonPolygons(fc)).toEqual([]);
    expect(fc.features.map((f) => f.properties.unitCount)).toEqual([tx.length, ca.length, ring.length]);

    const [texas, california, around] = fc.features;
    const sum = (units: number[]): number => units.reduce((s, u) => s + unitKm2(u), 0);
    expect(Math.abs(turfArea(texas) / 1e6 / sum(tx) - 1)).toBeLessThan(0.02);
    expect(Math.abs(turfArea(california) / 1e6 / sum(ca) - 1)).toBeLessThan(0.02);
    // mainland Texas is one polygon; the rest are barrier islands
    expect(Math.max(...polygonsOf(texas).map((p) => turfArea({ type: 'Polygon', coordinates: p })))).toBeGreaterThan(
      0.95 * turfArea(texas),
    );

    expect(around.geometry.type).toBe('Polygon');
    const [outer, ...holes] = (around.geometry as Polygon).coordinates;
    expect(holes).toHaveLength(1);
    const holeKm2 = turfArea({ type: 'Polygon', coordinates: [outer] }) / 1e6 - turfArea(around) / 1e6;
    expect(Math.abs(holeKm2 / sum(centre) - 1)).toBeLessThan(0.02);
  });

  it('keeps Alaska west of the antimeridian as separate rings and cuts Russia and Fiji at 180', () => {
    const ak = geo.data.states.findIndex((s) => s.code === 'AK');
    const assignment = new Int32Array(geo.unitCount).fill(-1);
    for (const u of unitsWhere((v) => geo.stateOfUnit[v] === ak)) assignment[u] = 0;
    for (const code of ['RU', 'FJ', 'AQ']) assignment[geo.unitOf(code)] = 1;
    for (const code of ['CA', 'MX']) assignment[geo.unitOf(code)] = 2;
    const fc = territoryBoundariesGeoJson(
      topo,
      assignment,
      [
        { id: 'ak', name: 'Alaska' },
        { id: 'far', name: 'Far east' },
        { id: 'na', name: 'Canada and Mexico' },
      ],
      { countries },
    );
    expect(validateGeoJsonPolygons(fc)).toEqual([]);
    expect(fc.features).toHaveLength(3);
    const [alaska, far, na] = fc.features;
    const lons = polygonsOf(alaska).flatMap((p) => p[0].map(([lon]) => lon));
    expect(Math.min(...lons)).toBeLessThan(-179); // Aleutians east of 180 ...
    expect(Math.max(...lons)).toBeGreaterThan(179); // ... and west of it
    for (const p of polygonsOf(alaska)) expect(ringSpan(p[0])).toBeLessThan(180);
    // only Antarctica's ring, which encloses the South Pole, spans the whole circle
    for (const p of polygonsOf(far)) {
      const polar = p[0].some(([, lat]) => lat === -90);
      if (!polar) expect(ringSpan(p[0])).toBeLessThanOrEqual(180);
    }
    const expected = ['RU', 'FJ', 'AQ'].reduce((s, c) => s + geo.areaKm2[geo.unitOf(c)], 0);
    expect(Math.abs(turfArea(far) / 1e6 / expected - 1)).toBeLessThan(0.02);
    const naKm2 = geo.areaKm2[geo.unitOf('CA')] + geo.areaKm2[geo.unitOf('MX')];
    expect(Math.abs(turfArea(na) / 1e6 / naKm2 - 1)).toBeLessThan(0.02);
  });
});
