import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { loadBorderLengthsFromDisk, loadGeoIndexFromDisk } from '../geo/loadGeoNode.ts';
import type { UnitBorderLengths } from '../geo/unitBorderLengths.ts';
import { engineAccountsOf, engineGeographyOf } from '../io/engineInput.ts';
import { importAccountsFromBytes } from '../io/importAccounts.ts';
import { PlanEngine } from './planEngine.ts';
import { planShapeSummary, territoryShapes } from './shapeMeasures.ts';

let geo: GeoIndex;
let lengths: UnitBorderLengths;
let engine: PlanEngine;
beforeAll(() => {
  geo = loadGeoIndexFromDisk();
  lengths = loadBorderLengthsFromDisk(geo);
  engine = new PlanEngine();
  engine.setGeography(engineGeographyOf(geo, lengths));
  const { table } = importAccountsFromBytes(readFileSync('data/sample-accounts.csv'), geo, 'sample.csv');
  engine.loadAccounts(engineAccountsOf(table));
  engine.setTeams([[]], 0.1);
});

const stateCode = (u: number): string => geo.data.states[geo.stateOfUnit[u]]?.code ?? '';

describe('PlanEngine shape report', () => {
  it('reports each territory the shape measures of its units, and the plan summary', () => {
    // Colorado, Kansas and Wyoming as three territories
    const plan = Int32Array.from({ length: geo.unitCount }, (_, u) =>
      stateCode(u) === 'CO' ? 0 : stateCode(u) === 'KS' ? 1 : stateCode(u) === 'WY' ? 2 : -1,
    );
    const report = engine.setAssignment(0, plan, 3);
    const shapes = report.shapes;
    if (!shapes) throw new Error('no shapes in the report');
    const expected = territoryShapes(
      { ...geo, sharedKm: lengths.sharedKm, outerKm: lengths.outerKm, island: geo.island },
      plan,
      3,
    );
    expect(Array.from(shapes.territories.polsbyPopper)).toEqual(Array.from(expected.polsbyPopper));
    expect(shapes.summary).toEqual(planShapeSummary(expected));
    // Colorado and Wyoming are near rectangles: close to a square's pi/4 on a jagged ZIP outline
    expect(shapes.territories.polsbyPopper[0]).toBeGreaterThan(0.6);
    expect(shapes.territories.polsbyPopper[2]).toBeGreaterThan(0.6);
    expect(Array.from(shapes.territories.corridorUnit)).toEqual([-1, -1, -1]);
    // Colorado and Wyoming share a border, Kansas touches only Colorado
    expect(shapes.territories.cutEdges[1]).toBeGreaterThan(0);
    expect(shapes.summary.cutEdges).toBe(
      (shapes.territories.cutEdges[0] + shapes.territories.cutEdges[1] + shapes.territories.cutEdges[2]) / 2,
    );
  });

  it('finds the ZIP area a corridor hangs on, at the end of a stroke', () => {
    // Colorado plus a line of ZIP areas running east into Kansas that ends in a block of Kansas ZIP areas
    const plan = Int32Array.from({ length: geo.unitCount }, (_, u) => (stateCode(u) === 'CO' ? 0 : -1));
    engine.setAssignment(0, plan, 1);
    const before = engine.report(0).shapes?.territories.polsbyPopper[0] ?? NaN;
    // a bulge: every Kansas ZIP area within ~140 km of Wichita's 67202, joined to Colorado by a chain
    const wichita = geo.unitOf('67202');
    const near = (u: number) =>
      stateCode(u) === 'KS' && Math.hypot((geo.lon[u] - geo.lon[wichita]) * 0.78, geo.lat[u] - geo.lat[wichita]) < 1.3;
    const bulge: number[] = [];
    for (let u = 0; u < geo.zipUnitCount; u++) if (near(u)) bulge.push(u);
    const chain = shortestChain(geo, plan, bulge);
    const moved = Int32Array.from([...bulge, ...chain]);
    engine.applyMoves(0, moved, 0);
    const shapes = engine.endStroke(0).shapes;
    if (!shapes) throw new Error('no shapes in the report');
    expect(shapes.territories.polsbyPopper[0]).toBeLessThan(before);
    expect(chain).toContain(shapes.territories.corridorUnit[0]);
    expect(shapes.summary.corridorTerritories).toBe(1);
  });

  it('has no shapes without border lengths', () => {
    const plain = new PlanEngine();
    plain.setGeography(engineGeographyOf(geo));
    expect(plain.planShapes(new Int32Array(geo.unitCount).fill(0), 1)).toBeNull();
  });
});

/** Units of a shortest path (breadth first) from territory 0 of `plan` to any of `targets`, ends excluded. */
function shortestChain(g: GeoIndex, plan: Int32Array, targets: number[]): number[] {
  const target = new Set(targets);
  const from = new Int32Array(g.unitCount).fill(-2);
  const queue: number[] = [];
  for (let u = 0; u < g.zipUnitCount; u++)
    if (plan[u] === 0) {
      from[u] = -1;
      queue.push(u);
    }
  for (let i = 0; i < queue.length; i++) {
    const u = queue[i];
    for (const v of g.neighboursOf(u)) {
      if (from[v] !== -2 || v >= g.zipUnitCount || g.island[v]) continue;
      from[v] = u;
      if (target.has(v)) {
        const chain: number[] = [];
        for (let w = u; from[w] !== -1; w = from[w]) chain.push(w);
        return chain;
      }
      queue.push(v);
    }
  }
  throw new Error('no path');
}
