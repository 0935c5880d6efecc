import { describe, expect, it } from 'vitest';
import type { Topology } from 'topojson-specification';
import { packBorders, type BordersFile } from '../geo/borders.ts';
import { loadGeoIndexFromDisk, readGeoFile } from '../geo/loadGeoNode.ts';
import { unitBorderLengths } from '../geo/unitBorderLengths.ts';
import { CORRIDOR_SHARE, planShapeSummary, territoryShapes, type ShapeGeometry } from './shapeMeasures.ts';

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

/**
 * A w x h grid of 1 km squares on the equator with 4-neighbour adjacency: every shared side is 1 km,
 * every side on the grid's edge is outline of its own (like a coast).
 */
function squareGrid(w: number, h: number): ShapeGeometry {
  const n = w * h;
  const offsets = new Int32Array(n + 1);
  const adjacency: number[] = [];
  const outerKm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = i % w;
    const y = Math.floor(i / w);
    const neighbours = [y > 0 ? i - w : -1, x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y < h - 1 ? i + w : -1];
    for (const v of neighbours) if (v >= 0) adjacency.push(v);
    offsets[i + 1] = adjacency.length;
    outerKm[i] = 4 - (offsets[i + 1] - offsets[i]);
  }
  return {
    unitCount: n,
    adjacencyOffsets: offsets,
    adjacency: Int32Array.from(adjacency),
    areaKm2: new Float64Array(n).fill(1),
    lon: Float64Array.from({ length: n }, (_, i) => (i % w) / KM_PER_DEGREE),
    lat: Float64Array.from({ length: n }, (_, i) => Math.floor(i / w) / KM_PER_DEGREE),
    sharedKm: new Float64Array(adjacency.length).fill(1),
    outerKm,
  };
}

/** Territory 0 where `inside(x, y)`, territory 1 elsewhere. */
function twoTerritories(w: number, h: number, inside: (x: number, y: number) => boolean): Int32Array {
  return Int32Array.from({ length: w * h }, (_, i) => (inside(i % w, Math.floor(i / w)) ? 0 : 1));
}

describe('territoryShapes', () => {
  it('scores a square pi/4, its reach from centre to corner, and no corridor', () => {
    const grid = squareGrid(12, 12);
    const plan = twoTerritories(12, 12, (x, y) => x >= 1 && x <= 10 && y >= 1 && y <= 10); // 10 x 10 inside a ring
    const s = territoryShapes(grid, plan, 2);
    expect(s.areaKm2[0]).toBeCloseTo(100, 9);
    expect(s.perimeterKm[0]).toBeCloseTo(40, 9);
    expect(s.polsbyPopper[0]).toBeCloseTo(Math.PI / 4, 9);
    // centre (5.5, 5.5), farthest centroid a corner at 4.5 * sqrt 2; radius of a 100 km² disc
    expect(s.reach[0]).toBeCloseTo((4.5 * Math.SQRT2) / Math.sqrt(100 / Math.PI), 3);
    expect(s.corridorUnit[0]).toBe(-1);
    // the ring round it: its outline is the grid's edge (48 km) plus the hole (40 km)
    expect(s.perimeterKm[1]).toBeCloseTo(88, 9);
    expect(s.polsbyPopper[1]).toBeCloseTo((4 * Math.PI * 44) / 88 ** 2, 9);
    expect(s.cutEdges[0]).toBe(40);
    expect(s.cutEdges[1]).toBe(40);
    expect(planShapeSummary(s).cutEdges).toBe(40);
  });

  it('gives a circle-ish territory a reach near 1 and a higher score than a long strip of the same area', () => {
    const r = 10;
    const grid = squareGrid(2 * r + 1, 2 * r + 1);
    const disc = twoTerritories(2 * r + 1, 2 * r + 1, (x, y) => (x - r) ** 2 + (y - r) ** 2 <= r * r);
    const s = territoryShapes(grid, disc, 2);
    const area = s.areaKm2[0];
    // a convex digital shape's outline is as long as its bounding box's
    expect(s.perimeterKm[0]).toBeCloseTo(4 * (2 * r + 1), 9);
    expect(s.polsbyPopper[0]).toBeCloseTo((4 * Math.PI * area) / (4 * (2 * r + 1)) ** 2, 9);
    expect(s.reach[0]).toBeGreaterThan(0.95);
    expect(s.reach[0]).toBeLessThan(1.05);
    expect(s.corridorUnit[0]).toBe(-1);

    const strip = squareGrid(area, 1);
    const long = territoryShapes(strip, new Int32Array(area), 1);
    expect(long.perimeterKm[0]).toBeCloseTo(2 * area + 2, 9);
    expect(long.reach[0]).toBeGreaterThan(10 * s.reach[0]);
    expect(long.polsbyPopper[0]).toBeLessThan(s.polsbyPopper[0] / 10);
  });

  it('measures an L: the outline of a 10 x 10 square less a 6 x 6 corner', () => {
    const grid = squareGrid(10, 10);
    const plan = twoTerritories(10, 10, (x, y) => x < 4 || y < 4);
    const s = territoryShapes(grid, plan, 2);
    expect(s.areaKm2[0]).toBe(64);
    expect(s.perimeterKm[0]).toBeCloseTo(40, 9); // an L has its bounding box's perimeter
    expect(s.polsbyPopper[0]).toBeCloseTo((4 * Math.PI * 64) / 1600, 9);
    expect(s.polsbyPopper[0]).toBeLessThan(Math.PI / 4);
    expect(s.cutEdges[0]).toBe(12);
    expect(s.cutEdges[1]).toBe(12);
    // arms four units wide: no single unit holds it together
    expect(s.corridorUnit[0]).toBe(-1);
    // the far corner of an arm from the centre of mass (1.25 + 1.5 ... ) is farther than a square's
    expect(s.reach[0]).toBeGreaterThan(territoryShapes(grid, new Int32Array(100), 1).reach[0]);
  });

  it('finds a one-unit-wide corridor between two blocks and says which unit holds it', () => {
    // two 5 x 5 blocks at x 0-4 and x 10-14 joined through y = 2 by units x = 5..9
    const grid = squareGrid(15, 5);
    const plan = twoTerritories(15, 5, (x, y) => x < 5 || x >= 10 || y === 2);
    const s = territoryShapes(grid, plan, 2);
    expect(s.areaKm2[0]).toBe(55);
    const cut = s.corridorUnit[0];
    expect(cut).toBeGreaterThanOrEqual(0);
    const x = cut % 15;
    expect(Math.floor(cut / 15)).toBe(2);
    expect(x).toBeGreaterThanOrEqual(4);
    expect(x).toBeLessThanOrEqual(10);
    // the best cut leaves a block and at most the corridor behind: about half the territory
    expect(s.corridorShare[0]).toBeGreaterThanOrEqual(25 / 55);
    expect(s.corridorShare[0]).toBeLessThanOrEqual(30 / 55);
    // territory 1 (two 5 x 2 pieces above and below the corridor) is in two pieces, not a corridor
    expect(s.corridorUnit[1]).toBe(-1);
    expect(planShapeSummary(s).corridorTerritories).toBe(1);
  });

  it('leaves a small dangling unit alone but reports it under a lower threshold', () => {
    const grid = squareGrid(7, 6);
    // a 6 x 6 block (x 0-5) with one unit sticking out at x = 6, y = 0
    const plan = twoTerritories(7, 6, (x, y) => x < 6 || (x === 6 && y === 0));
    const s = territoryShapes(grid, plan, 2);
    expect(s.corridorUnit[0]).toBe(-1);
    // 1 of 37 units hangs on (5, 0): 2.7% of the area
    const strict = territoryShapes(grid, plan, 2, 0.01);
    expect(strict.corridorUnit[0]).toBe(5);
    expect(strict.corridorShare[0]).toBeCloseTo(1 / 37, 9);
    expect(CORRIDOR_SHARE).toBeGreaterThan(1 / 37);
  });

  it('counts separate pieces and holes in the outline, and skips units without one', () => {
    const grid = squareGrid(5, 1);
    const pieces = territoryShapes(grid, Int32Array.from([0, 1, 0, 1, -1]), 3);
    expect(pieces.perimeterKm[0]).toBeCloseTo(8, 9);
    expect(pieces.polsbyPopper[0]).toBeCloseTo((4 * Math.PI * 2) / 64, 9);
    expect(pieces.cutEdges[0]).toBe(3);
    expect(pieces.cutEdges[1]).toBe(3); // the edge to the unassigned unit 4 is no cut between territories
    expect(planShapeSummary(pieces).cutEdges).toBe(3);
    expect(Number.isNaN(pieces.polsbyPopper[2])).toBe(true);
    expect(Number.isNaN(pieces.reach[2])).toBe(true);

    const noOutline = { ...grid, outerKm: Float64Array.from(grid.outerKm, (v, i) => (i === 4 ? NaN : v)) };
    const s = territoryShapes(noOutline, new Int32Array(5), 1);
    expect(s.areaKm2[0]).toBe(4);
    // unit 3's side towards unit 4 is not drawn: a unit without outline adds nothing
    expect(s.perimeterKm[0]).toBeCloseTo(9, 9);
  });

  it('does not count island units towards a corridor', () => {
    const grid = squareGrid(15, 5);
    const plan = twoTerritories(15, 5, (x, y) => x < 5 || x >= 10 || y === 2);
    const island = Uint8Array.from({ length: 75 }, (_, i) => (i % 15 >= 10 ? 1 : 0));
    const s = territoryShapes({ ...grid, island }, plan, 2);
    // the island block weighs nothing: the worst cut leaves the corridor's 5 units, 5 / 30 of the rest
    expect(s.corridorShare[0]).toBeCloseTo(5 / 30, 9);
  });
});

describe('planShapeSummary', () => {
  it('takes the median and minimum over territories with an outline', () => {
    const grid = squareGrid(10, 10);
    // four 5 x 5 quarters and an empty territory 4
    const plan = Int32Array.from({ length: 100 }, (_, i) => (i % 10 >= 5 ? 1 : 0) + (Math.floor(i / 10) >= 5 ? 2 : 0));
    const summary = planShapeSummary(territoryShapes(grid, plan, 5));
    expect(summary.medianPolsbyPopper).toBeCloseTo(Math.PI / 4, 9);
    expect(summary.minPolsbyPopper).toBeCloseTo(Math.PI / 4, 9);
    expect(summary.cutEdges).toBe(20);
    expect(summary.corridorTerritories).toBe(0);

    const uneven = Int32Array.from(plan, (k, i) => (i < 10 ? 4 : k)); // the top row becomes territory 4
    const s = planShapeSummary(territoryShapes(grid, uneven, 5));
    const shapes = territoryShapes(grid, uneven, 5);
    expect(s.minPolsbyPopper).toBeCloseTo(Math.min(...shapes.polsbyPopper), 9);
    expect(s.minPolsbyPopper).toBeCloseTo((4 * Math.PI * 10) / 22 ** 2, 9);
    expect(s.cutEdges).toBe(20 + 10 - 1);
  });
});

describe('territoryShapes on the built geography, states as territories', () => {
  it("scores Colorado's near-rectangle high and finds Maryland's one-ZIP neck in its panhandle", () => {
    const geo = loadGeoIndexFromDisk();
    const topology = readGeoFile<Topology>('zip-areas.topo.json');
    const borders = packBorders(readGeoFile<BordersFile>('borders.json'));
    const geometry: ShapeGeometry = { ...geo, ...unitBorderLengths(geo, topology, borders, geo.countyOfUnit) };
    const states = geo.data.states.length;
    const plan = Int32Array.from({ length: geo.unitCount }, (_, u) => (u < geo.zipUnitCount ? geo.stateOfUnit[u] : -1));
    const s = territoryShapes(geometry, plan, states);
    const state = (code: string): number => geo.data.states.findIndex((x) => x.code === code);
    // 7.02 x 4.01 degrees at 37-41 N: about 2,105 km round 269,600 km²
    expect(s.perimeterKm[state('CO')]).toBeGreaterThan(2080);
    expect(s.perimeterKm[state('CO')]).toBeLessThan(2130);
    expect(s.polsbyPopper[state('CO')]).toBeGreaterThan(0.74);
    expect(s.polsbyPopper[state('CO')]).toBeLessThan(0.79);
    expect(s.corridorUnit[state('CO')]).toBe(-1);
    expect(s.reach[state('CO')]).toBeLessThan(1.3);
    // Maryland's panhandle is under 3 km wide near Hancock: the ZIP there holds the west of the state on
    const neck = s.corridorUnit[state('MD')];
    expect(neck).toBeGreaterThanOrEqual(0);
    expect(geo.info(neck)).toMatchObject({ stateCode: 'MD', countyName: 'Washington' });
    expect(s.polsbyPopper[state('MD')]).toBeLessThan(s.polsbyPopper[state('CO')] / 5);
    // every edge between two states, counted once: the plan's cut edges
    let cut = 0;
    for (let u = 0; u < geo.zipUnitCount; u++)
      for (const v of geo.neighboursOf(u)) if (v > u && v < geo.zipUnitCount && plan[u] !== plan[v]) cut++;
    expect(planShapeSummary(s).cutEdges).toBe(cut);
  });
});
