import { describe, expect, it } from 'vitest';
import { autoBalance } from './balance.ts';
import { collapseUnits, expandAssignment, lockedUnitsApart } from './collapse.ts';
import { territoryPieces, type UnitGraph } from './shape.ts';
import { gridGraph } from './balance/testGraphs.ts';

/** A w x h grid of units with 4-neighbour adjacency, unit area 1, centres at (column, row). */
function gridUnits(w: number, h: number): { graph: UnitGraph; x: Float64Array; y: Float64Array } {
  const n = w * h;
  return {
    graph: gridGraph(w, h),
    x: Float64Array.from({ length: n }, (_, i) => i % w),
    y: Float64Array.from({ length: n }, (_, i) => Math.floor(i / w)),
  };
}

/** Blocks of b x b units on a w x h grid, numbered row by row. */
function blocks(w: number, h: number, b: number): Int32Array {
  const across = Math.ceil(w / b);
  return Int32Array.from(
    { length: w * h },
    (_, i) => Math.floor(Math.floor(i / w) / b) * across + Math.floor((i % w) / b),
  );
}

const neighboursOf = (graph: UnitGraph, g: number): number[] =>
  Array.from(graph.adjacency.subarray(graph.adjacencyOffsets[g], graph.adjacencyOffsets[g + 1]));

describe('collapseUnits', () => {
  it('collapses a grid with four quadrant groups into the right four-node graph', () => {
    const { graph, x, y } = gridUnits(4, 4);
    const group = blocks(4, 4, 2); // 0 top-left, 1 top-right, 2 bottom-left, 3 bottom-right
    const count = Float64Array.from({ length: 16 }, (_, i) => i);
    const area = Float64Array.from({ length: 16 }, (_, i) => (i === 0 ? 3 : 1));
    const locked = new Uint8Array(16);
    locked[15] = 1;
    const initial = Int32Array.from([0, 0, 1, 1, 0, 1, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3]);
    const c = collapseUnits(graph, group, [count], x, y, area, locked, new Uint8Array(16).fill(1), null, initial);
    expect(c.graph.unitCount).toBe(4);
    expect(neighboursOf(c.graph, 0)).toEqual([1, 2]);
    expect(neighboursOf(c.graph, 1)).toEqual([0, 3]);
    expect(neighboursOf(c.graph, 2)).toEqual([0, 3]);
    expect(neighboursOf(c.graph, 3)).toEqual([1, 2]);
    expect(Array.from(c.columns[0])).toEqual([0 + 1 + 4 + 5, 2 + 3 + 6 + 7, 8 + 9 + 12 + 13, 10 + 11 + 14 + 15]);
    expect(Array.from(c.area)).toEqual([6, 4, 4, 4]);
    // area-weighted: unit 0 at (0, 0) weighs 3
    expect(c.x[0]).toBeCloseTo((0 * 3 + 1 + 0 + 1) / 6);
    expect(c.y[0]).toBeCloseTo((0 * 3 + 0 + 1 + 1) / 6);
    expect(c.x[3]).toBeCloseTo(2.5);
    expect(Array.from(c.locked)).toEqual([0, 0, 0, 1]);
    // group 0 has three units in territory 0 and one in 1
    expect(Array.from(c.initial as Int32Array)).toEqual([0, 1, 2, 3]);
    expect(c.island).toBeNull();
  });

  it('leaves units without a group out and marks island groups', () => {
    const { graph, x, y } = gridUnits(3, 1);
    const group = Int32Array.of(0, -1, 1);
    const island = Uint8Array.of(0, 0, 1);
    const c = collapseUnits(
      graph,
      group,
      [Float64Array.of(1, 5, 2)],
      x,
      y,
      new Float64Array(3).fill(1),
      new Uint8Array(3),
      Uint8Array.of(1, 1, 1),
      island,
      null,
    );
    expect(c.graph.unitCount).toBe(2);
    expect(c.graph.adjacency.length).toBe(0); // they touched only through the ungrouped unit
    expect(Array.from(c.columns[0])).toEqual([1, 2]);
    expect(Array.from(c.island as Uint8Array)).toEqual([0, 1]);
    expect(c.initial).toBeNull();
  });
});

describe('expandAssignment', () => {
  it('spreads a balanced, contiguous group plan into a balanced, contiguous unit plan', () => {
    const w = 12;
    const h = 12;
    const { graph, x, y } = gridUnits(w, h);
    const group = blocks(w, h, 3); // 16 groups of 9 units
    const count = Float64Array.from({ length: w * h }, (_, i) => 1 + ((i * 7) % 5));
    const value = Float64Array.from({ length: w * h }, (_, i) => 100 + ((i * 13) % 17) * 10);
    const n = w * h;
    const c = collapseUnits(
      graph,
      group,
      [count, value],
      x,
      y,
      new Float64Array(n).fill(1),
      new Uint8Array(n),
      new Uint8Array(n).fill(1),
      null,
      null,
    );
    let t = 0;
    const plan = autoBalance(
      {
        ...c,
        columnWeights: [0.5, 0.5],
        territoryCount: 4,
        tolerance: 0.1,
        contiguity: true,
        compactnessWeight: 0,
        disruptionBudget: null,
        seeds: null,
        seed: 1,
        timeBudgetMs: 200,
      },
      { now: () => (t += 0.05) },
    );
    expect(plan.contiguous).toBe(true);
    const units = expandAssignment(plan.assignment, group, null, new Uint8Array(n));
    // the units' loads per territory are exactly the groups' loads
    for (const [col, groupCol] of [
      [count, c.columns[0]],
      [value, c.columns[1]],
    ]) {
      const unitLoad = new Float64Array(4);
      const groupLoad = new Float64Array(4);
      for (let u = 0; u < n; u++) unitLoad[units[u]] += col[u];
      for (let g = 0; g < c.graph.unitCount; g++) groupLoad[plan.assignment[g]] += groupCol[g];
      expect(Array.from(unitLoad)).toEqual(Array.from(groupLoad));
      const mean = unitLoad.reduce((s, v) => s + v, 0) / 4;
      for (const l of unitLoad) expect(Math.abs(l - mean) / mean).toBeLessThanOrEqual(0.1);
    }
    expect(Array.from(territoryPieces(graph, units, 4))).toEqual([1, 1, 1, 1]);
  });

  it('keeps locked units and units outside any group where they were', () => {
    const group = Int32Array.of(0, 0, 1, -1);
    const initial = Int32Array.of(2, 2, 3, 1);
    const locked = Uint8Array.of(0, 1, 0, 0);
    expect(Array.from(expandAssignment(Int32Array.of(5, 6), group, initial, locked))).toEqual([5, 2, 6, 1]);
    expect(Array.from(expandAssignment(Int32Array.of(5, 6), group, null, new Uint8Array(4)))).toEqual([5, 5, 6, -1]);
  });
});

describe('lockedUnitsApart', () => {
  it('counts a locked unit in its own territory and leaves the rest of its group free to move', () => {
    const { graph, x, y } = gridUnits(4, 4);
    const groups = blocks(4, 4, 2); // four 2 x 2 groups
    // territories: left half 0, right half 1; unit 5 (group 0, left) is locked in territory 1
    const initial = Int32Array.from({ length: 16 }, (_, i) => (i % 4 < 2 ? 0 : 1));
    initial[5] = 1;
    const locked = new Uint8Array(16);
    locked[5] = 1;
    const apart = lockedUnitsApart(groups, locked);
    expect(apart[5]).toBe(4);
    expect(Array.from(apart).filter((g) => g === 4)).toHaveLength(1);
    const count = Float64Array.from({ length: 16 }, (_, i) => i + 1);
    const one = new Uint8Array(16).fill(1);
    const area = new Float64Array(16).fill(1);
    const collapsed = collapseUnits(graph, apart, [count], x, y, area, locked, one, null, initial);
    expect(Array.from(collapsed.locked)).toEqual([0, 0, 0, 0, 1]);
    expect(collapsed.initial?.[4]).toBe(1);
    // the group plan's loads are the unit plan's loads
    const loadOf = (assignment: ArrayLike<number>, column: ArrayLike<number>, t: number): number =>
      Array.from(column).reduce((s, v, i) => (assignment[i] === t ? s + v : s), 0);
    for (const t of [0, 1])
      expect(loadOf(collapsed.initial as Int32Array, collapsed.columns[0], t)).toBe(loadOf(initial, count, t));
    // whatever the groups do, the locked unit stays in territory 1
    const moved = Int32Array.from(collapsed.initial as Int32Array, (g, i) => (i === 4 ? g : 1 - g));
    const units = expandAssignment(moved, apart, initial, locked);
    expect(units[5]).toBe(1);
    expect(units[0]).toBe(1);
  });
});
