import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autoBalance } from '../balance.ts';
import { RunControl } from './control.ts';
import { multilevelPlan, polishBorders, rebalanceAlongFronts } from './multilevel.ts';
import { anchoredCoordinates } from './initialPlan.ts';
import { blobPlan, fakeClock, gridInput, pieces, randomLocks, setup } from './testGraphs.ts';
import type { BalanceInput } from './types.ts';
import { blendBase, blendWeights, unitTotals } from './weights.ts';
import { seededRandom } from '../../domain/random.ts';
import { territoryCorridors } from '../shapeMeasures.ts';

/** Edges whose two ends are in different territories (unassigned ends do not count). */
function cutEdges(input: BalanceInput, plan: Int32Array): number {
  const { adjacencyOffsets, adjacency, unitCount } = input.graph;
  let cut = 0;
  for (let u = 0; u < unitCount; u++)
    for (let p = adjacencyOffsets[u]; p < adjacencyOffsets[u + 1]; p++) {
      const v = adjacency[p];
      if (v > u && plan[u] >= 0 && plan[v] >= 0 && plan[u] !== plan[v]) cut++;
    }
  return cut;
}

function maxDeviation(input: BalanceInput, plan: Int32Array): number {
  const k = input.territoryCount;
  let worst = 0;
  for (const column of input.columns) {
    const load = new Float64Array(k);
    let total = 0;
    for (let u = 0; u < plan.length; u++)
      if (plan[u] >= 0) {
        load[plan[u]] += column[u];
        total += column[u];
      }
    for (const l of load) worst = Math.max(worst, Math.abs(l / (total / k) - 1));
  }
  return worst;
}

const control = (): RunControl => new RunControl({ now: fakeClock() }, 400);

describe('multilevel balancer', () => {
  it('draws K = 4 on a uniform 40 x 40 grid close to four quadrants (80 cut edges), in the band', () => {
    const input: BalanceInput = { ...gridInput(40, 40, 3), territoryCount: 4 };
    input.columns = [new Float64Array(1600).fill(1), new Float64Array(1600).fill(10)];
    const result = autoBalance(input, { now: fakeClock() });
    expect(result.contiguous).toBe(true);
    expect(Math.max(...result.maxDeviation)).toBeLessThanOrEqual(0.05);
    expect(cutEdges(input, result.assignment)).toBeLessThanOrEqual(120);
  });

  it('balances two uneven columns into the band with one-piece territories on random grids', () => {
    for (const seed of [1, 2, 3]) {
      const input: BalanceInput = { ...gridInput(36, 30, seed, 0.2, 0.05), territoryCount: 6, tolerance: 0.05 };
      const result = autoBalance(input, { now: fakeClock() });
      expect(result.contiguous).toBe(true);
      expect(Math.max(...result.maxDeviation)).toBeLessThanOrEqual(0.05);
    }
  });

  it('never splits a territory, never moves a locked unit and gives every free unit a territory', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 2, max: 7 }),
        fc.double({ min: 0, max: 0.2, noNaN: true }),
        (seed, k, lockShare) => {
          const base = gridInput(18, 14, seed, 0.15, 0.05);
          const locked = randomLocks(base.graph.unitCount, lockShare, seed);
          const input: BalanceInput = { ...base, territoryCount: k, locked };
          const totals = unitTotals(input);
          const weight = blendWeights(input, totals);
          const plan = multilevelPlan(
            input,
            anchoredCoordinates(input),
            weight,
            blendBase(input, totals),
            control(),
            seededRandom(seed),
          ).assignment;
          for (let u = 0; u < plan.length; u++) {
            if (locked[u] || !input.eligible[u]) expect(plan[u]).toBe(-1);
            else expect(plan[u]).toBeGreaterThanOrEqual(0);
          }
          // from a plan in one piece per territory, smoothing and rebalancing keep every piece and lock
          const start = blobPlan(base, k, seed);
          const startPieces = pieces({ ...input }, start);
          const rebalance: BalanceInput = { ...input, initial: start };
          for (const refine of [polishBorders, rebalanceAlongFronts]) {
            const after = Int32Array.from(start);
            refine(rebalance, after, weight, control(), 400);
            for (let u = 0; u < after.length; u++) if (locked[u] || !input.eligible[u]) expect(after[u]).toBe(start[u]);
            const afterPieces = pieces(input, after);
            afterPieces.forEach((p, t) => expect(p).toBeLessThanOrEqual(Math.max(1, startPieces[t])));
          }
        },
      ),
      { numRuns: 40 },
    );
  });

  it('rebalancing along fronts moves less than a third of the units and keeps the borders short', () => {
    const input: BalanceInput = { ...gridInput(40, 30, 7), territoryCount: 5, tolerance: 0.05 };
    const start = blobPlan(input, 5, 7);
    const plan = Int32Array.from(start);
    rebalanceAlongFronts({ ...input, initial: start }, plan, blendWeights(input, unitTotals(input)), control(), 400);
    expect(maxDeviation(input, plan)).toBeLessThan(maxDeviation(input, start));
    let moved = 0;
    for (let u = 0; u < plan.length; u++) if (plan[u] !== start[u]) moved++;
    expect(moved).toBeLessThan(plan.length / 3);
    expect(cutEdges(input, plan)).toBeLessThanOrEqual(cutEdges(input, start) * 1.25);
  });
});

describe('corridors', () => {
  it('widens a one-unit corridor along the edge of the map instead of keeping it', () => {
    // 12 x 7: territory 0 = columns 0-3, a corridor along row 0 (columns 4-7) and columns 8-11 of rows 0-2
    const w = 12;
    const input: BalanceInput = { ...gridInput(w, 7, 2), territoryCount: 2, tolerance: 0.5 };
    const n = input.graph.unitCount;
    const { adjacencyOffsets } = input.graph;
    input.area = new Float64Array(n).fill(1);
    input.borders = {
      sharedKm: new Float64Array(input.graph.adjacency.length).fill(1),
      outerKm: Float64Array.from({ length: n }, (_, u) => 4 - (adjacencyOffsets[u + 1] - adjacencyOffsets[u])),
    };
    const plan = Int32Array.from({ length: n }, (_, u) => {
      const x = u % w;
      const y = Math.floor(u / w);
      return x < 4 || (y === 0 && x < 8) || (x >= 8 && y <= 2) ? 0 : 1;
    });
    const geometry = { ...input.graph, areaKm2: input.area, outerKm: input.borders.outerKm, island: null };
    expect(territoryCorridors(geometry, plan, 2, 0.1).unit[0]).toBeGreaterThanOrEqual(0);
    polishBorders(input, plan, blendWeights(input, unitTotals(input)), control(), 400);
    expect(Array.from(territoryCorridors(geometry, plan, 2, 0.1).unit)).toEqual([-1, -1]);
    expect(pieces(input, plan)).toEqual([1, 1]);
  });
});

describe('shape floor', () => {
  /** A 6 x 6 grid, each cell a 1 km square: shared borders 1 km, the grid's rim outer border. */
  function squares(): BalanceInput {
    const input = gridInput(6, 6, 1);
    const { adjacencyOffsets, unitCount } = input.graph;
    const sharedKm = new Float64Array(input.graph.adjacency.length).fill(1);
    const outerKm = Float64Array.from(
      { length: unitCount },
      (_, u) => 4 - (adjacencyOffsets[u + 1] - adjacencyOffsets[u]),
    );
    return { ...input, area: new Float64Array(unitCount).fill(1), territoryCount: 2, borders: { sharedKm, outerKm } };
  }

  it('refuses a move that takes a territory below the floor, allows one that keeps it above', () => {
    const input = squares();
    // left half (columns 0-2) territory 0, right half territory 1: each a 3 x 6 rectangle, PP = 4 pi 18 / 18^2 = 0.70
    const plan = Int32Array.from({ length: 36 }, (_, u) => (u % 6 < 3 ? 0 : 1));
    const { state } = setup({ ...input, initial: plan, polsbyPopperFloor: 0.69 }, plan);
    expect(state.polsbyPopper(0, 0, 0)).toBeCloseTo((4 * Math.PI * 18) / 18 ** 2, 6);
    // unit 3 (row 0, column 3) joining territory 0 makes a bump: both outlines grow, PP falls below 0.69
    expect(state.breaksShapeFloor(3, 1, 0)).toBe(true);
    expect(state.overBudget(3, 1, 0)).toBe(true);
    const loose = setup({ ...input, initial: plan, polsbyPopperFloor: 0.5 }, plan).state;
    expect(loose.overBudget(3, 1, 0)).toBe(false);
    // the outline kept up to date as units move matches one worked out from scratch
    loose.moveUnit(3, 1, 0);
    expect(loose.perimeter?.[0]).toBeCloseTo(20, 9);
    expect(loose.perimeter?.[1]).toBeCloseTo(18, 9);
  });

  it('holds every territory at min(floor, its start) through a whole rebalance', () => {
    const input = squares();
    const plan = Int32Array.from({ length: 36 }, (_, u) => (u % 6 < 2 ? 0 : 1));
    const result = autoBalance(
      { ...input, initial: plan, polsbyPopperFloor: 0.5, tolerance: 0.02 },
      { now: fakeClock() },
    );
    const { state } = setup({ ...input, initial: plan, polsbyPopperFloor: 0.5 }, result.assignment);
    const start = setup({ ...input, initial: plan, polsbyPopperFloor: 0.5 }, plan).state;
    for (let t = 0; t < 2; t++)
      expect(state.polsbyPopper(t, 0, 0)).toBeGreaterThanOrEqual(Math.min(0.5, start.polsbyPopper(t, 0, 0)) - 1e-9);
  });
});
