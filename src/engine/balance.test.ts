import { describe, expect, it } from 'vitest';
import { autoBalance, type BalanceInput } from './balance.ts';
import { territoryPieces } from './shape.ts';
import { seededRandom } from '../domain/random.ts';
import { gridGraph } from './balance/testGraphs.ts';

/** A w x h grid of units with 4-neighbour adjacency and random account loads. */
function grid(w: number, h: number, seed = 3): BalanceInput {
  const n = w * h;
  const random = seededRandom(seed);
  return {
    graph: gridGraph(w, h),
    x: Float64Array.from({ length: n }, (_, i) => i % w),
    y: Float64Array.from({ length: n }, (_, i) => Math.floor(i / w)),
    area: new Float64Array(n).fill(1),
    columns: [
      Float64Array.from({ length: n }, () => 1 + Math.floor(random() * 10)),
      Float64Array.from({ length: n }, () => Math.round(Math.exp(8 + random() * 2))),
    ],
    columnWeights: [0.5, 0.5],
    territoryCount: 4,
    eligible: new Uint8Array(n).fill(1),
    initial: null,
    locked: new Uint8Array(n),
    tolerance: 0.05,
    contiguity: true,
    compactnessWeight: 0,
    disruptionBudget: null,
    island: null,
    seeds: null,
    seed: 1,
    timeBudgetMs: 400,
  };
}

/** A fake clock so runs are reproducible regardless of machine speed: each call advances 0.05 ms. */
function fakeClock(): () => number {
  let t = 0;
  return () => (t += 0.05);
}

describe('autoBalance', () => {
  it('creates contiguous territories within the tolerance from nothing', () => {
    const input = grid(20, 15);
    const result = autoBalance(input, { now: fakeClock() });
    expect(result.contiguous).toBe(true);
    expect(Array.from(territoryPieces(input.graph, result.assignment, 4))).toEqual([1, 1, 1, 1]);
    expect(Math.max(...result.maxDeviation)).toBeLessThanOrEqual(0.05);
    expect(result.assignment.every((t) => t >= 0 && t < 4)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const a = autoBalance(grid(16, 12), { now: fakeClock() });
    const b = autoBalance(grid(16, 12), { now: fakeClock() });
    expect(a.assignment).toEqual(b.assignment);
  });

  it('never moves locked units', () => {
    const input = grid(16, 12);
    const initial = Int32Array.from({ length: 192 }, (_, i) => (i % 16 < 4 ? 0 : i % 16 < 8 ? 1 : i % 16 < 12 ? 2 : 3));
    const locked = new Uint8Array(192);
    for (let i = 0; i < 192; i += 7) locked[i] = 1;
    const result = autoBalance({ ...input, initial, locked }, { now: fakeClock() });
    for (let i = 0; i < 192; i++) if (locked[i]) expect(result.assignment[i]).toBe(initial[i]);
    expect(result.contiguous).toBe(true);
  });

  it('keeps a rebalance within its disruption budget', () => {
    const input = grid(16, 12);
    // a lopsided plan: territory 0 holds half the grid
    const initial = Int32Array.from({ length: 192 }, (_, i) =>
      i % 16 < 8 ? 0 : i % 16 < 11 ? 1 : i % 16 < 14 ? 2 : 3,
    );
    for (const budget of [0.05, 0.15]) {
      const result = autoBalance({ ...input, initial, disruptionBudget: budget }, { now: fakeClock() });
      for (const m of result.moved) expect(m).toBeLessThanOrEqual(budget + 1e-9);
      expect(result.contiguous).toBe(true);
    }
    const free = autoBalance({ ...input, initial, disruptionBudget: null }, { now: fakeClock() });
    expect(Math.max(...free.maxDeviation)).toBeLessThan(0.1);
  });

  it('moves no unit in a rebalance that could go back home alone inside the band', () => {
    const input = grid(16, 12);
    const initial = Int32Array.from({ length: 192 }, (_, i) =>
      i % 16 < 7 ? 0 : i % 16 < 11 ? 1 : i % 16 < 14 ? 2 : 3,
    );
    const result = autoBalance({ ...input, initial }, { now: fakeClock() });
    expect(Math.max(...result.maxDeviation)).toBeLessThanOrEqual(0.05);
    const plan = result.assignment;
    const loadOf = (t: number, c: number): number =>
      input.columns[c].reduce((s, v, u) => (plan[u] === t ? s + v : s), 0);
    const mean = input.columns.map((col) => col.reduce((s, v) => s + v, 0) / 4);
    const { adjacencyOffsets: offsets, adjacency } = input.graph;
    let away = 0;
    for (let u = 0; u < 192; u++) {
      const home = initial[u];
      const now = plan[u];
      if (now === home) continue;
      away++;
      let touchesHome = false;
      for (let p = offsets[u]; p < offsets[u + 1]; p++) if (plan[adjacency[p]] === home) touchesHome = true;
      if (!touchesHome) continue;
      const staysInBand = input.columns.every((col, c) => {
        const from = loadOf(now, c) - col[u];
        const to = loadOf(home, c) + col[u];
        return Math.abs(from - mean[c]) <= 0.05 * mean[c] && Math.abs(to - mean[c]) <= 0.05 * mean[c];
      });
      const back = Int32Array.from(plan);
      back[u] = home;
      const staysWhole = Array.from(territoryPieces(input.graph, back, 4)).every((p) => p === 1);
      expect(staysInBand && staysWhole, `unit ${u} could go back to ${home}`).toBe(false);
    }
    expect(away).toBeGreaterThan(0);
  });

  it('stops promptly when cancelled and returns the best plan so far', () => {
    let calls = 0;
    const result = autoBalance(grid(20, 15), { now: fakeClock(), shouldCancel: () => ++calls > 2 });
    expect(result.cancelled).toBe(true);
    expect(result.sweeps).toBeLessThanOrEqual(2);
    expect(result.contiguous).toBe(true);
  });

  it('grows territories around seed units', () => {
    const input = grid(20, 10);
    const seeds = Int32Array.of(0, 19, 180, 199); // the four corners
    const result = autoBalance({ ...input, seeds }, { now: fakeClock() });
    expect(result.assignment[0]).not.toBe(result.assignment[199]);
    expect(
      new Set([result.assignment[0], result.assignment[19], result.assignment[180], result.assignment[199]]).size,
    ).toBe(4);
    expect(result.contiguous).toBe(true);
  });
});

describe('growth for new hires', () => {
  it('carves new territories from the heaviest ones with little disruption', async () => {
    const { seedNewTerritories } = await import('./growth.ts');
    const input = grid(20, 15);
    const base = autoBalance(input, { now: fakeClock() });
    const load = new Float64Array(4);
    for (let u = 0; u < 300; u++) load[base.assignment[u]] += input.columns[0][u];
    const seeded = seedNewTerritories(input.graph, input.x, input.y, base.assignment, load, 4, 1, input.locked);
    expect(Array.from(seeded).filter((t) => t === 4)).toHaveLength(1);
    const grown = autoBalance({ ...input, territoryCount: 5, initial: seeded, tolerance: 0.1 }, { now: fakeClock() });
    expect(grown.contiguous).toBe(true);
    expect(Math.max(...grown.maxDeviation)).toBeLessThanOrEqual(0.1);
    // the lower bound for growing from 4 to 5 territories is 1/5 of the accounts
    expect(grown.moved[0]).toBeLessThan(1.6 * (1 / 5));
  });
});

describe('seeds', () => {
  it('keep every seed unit in the territory grown around it', () => {
    const input = grid(20, 10);
    const seeds = Int32Array.of(0, 19, 180, 199, 105);
    const result = autoBalance({ ...input, territoryCount: 5, seeds }, { now: fakeClock() });
    seeds.forEach((u, t) => expect(result.assignment[u]).toBe(t));
  });
});

/** A w x h grid where only a few units hold accounts (like a 2,000-account sample over all ZIP areas). */
function sparseGrid(w: number, h: number, share: number, seed = 11): BalanceInput {
  const input = grid(w, h, seed);
  const random = seededRandom(seed + 1);
  const n = w * h;
  const count = new Float64Array(n);
  const value = new Float64Array(n);
  for (let u = 0; u < n; u++)
    if (random() < share) {
      count[u] = 1 + Math.floor(random() * 3);
      value[u] = count[u] * Math.round(Math.exp(9 + random()));
    }
  return { ...input, columns: [count, value], territoryCount: 2 };
}

/** Left/right split at the column where the left part holds `leftShare` of the count. */
function splitByShare(input: BalanceInput, w: number, leftShare: number): Int32Array {
  const n = input.graph.unitCount;
  const perColumn = new Float64Array(w);
  let total = 0;
  for (let u = 0; u < n; u++) {
    perColumn[u % w] += input.columns[0][u];
    total += input.columns[0][u];
  }
  let cut = 0;
  for (let acc = 0; cut < w - 1 && acc + perColumn[cut] <= leftShare * total; cut++) acc += perColumn[cut];
  return Int32Array.from({ length: n }, (_, u) => (u % w < cut ? 0 : 1));
}

describe('rebalance on sparse data', () => {
  it('moves borders across empty areas even with a strong compactness weight', () => {
    const input = sparseGrid(40, 25, 0.06);
    const initial = splitByShare(input, 40, 0.9);
    for (const compactnessWeight of [0.2, 20]) {
      const result = autoBalance({ ...input, initial, tolerance: 0.1, compactnessWeight }, { now: fakeClock() });
      expect(result.contiguous).toBe(true);
      expect(Math.max(...result.maxDeviation)).toBeLessThanOrEqual(0.1);
    }
  });
});

describe('base load', () => {
  it('counts protected accounts that stay with their territory, so that territory gets fewer units', () => {
    const input = grid(20, 10);
    const n = 200;
    const totals = input.columns.map((col) => col.reduce((s, v) => s + v, 0));
    // territory 0 already carries a third of all the units' load through protected accounts
    const baseLoad = Float64Array.of(totals[0] / 3, totals[1] / 3, 0, 0);
    const initial = Int32Array.from({ length: n }, (_, u) => (u % 20 < 10 ? 0 : 1));
    const result = autoBalance(
      { ...input, territoryCount: 2, initial, baseLoad, tolerance: 0.05 },
      { now: fakeClock() },
    );
    const unitLoad = [0, 0];
    for (let u = 0; u < n; u++) unitLoad[result.assignment[u]] += input.columns[0][u];
    // totals including the base are balanced: (2/3 + 1/3) / 2 each, so territory 0 holds about a third of the units' load
    expect(unitLoad[0]).toBeLessThan(unitLoad[1] * 0.6);
    const mean = (totals[0] * 4) / 3 / 2;
    expect(Math.abs(unitLoad[0] + totals[0] / 3 - mean) / mean).toBeLessThanOrEqual(0.05 + 1e-9);
    expect(Math.max(...result.maxDeviation)).toBeLessThanOrEqual(0.05);
    expect(result.contiguous).toBe(true);
  });

  it('creates territories from nothing around the base load', () => {
    const input = grid(20, 15);
    const totals = input.columns.map((col) => col.reduce((s, v) => s + v, 0));
    const baseLoad = new Float64Array(8);
    baseLoad[2 * 2] = totals[0] / 8; // territory 2 carries half a territory's worth already
    baseLoad[2 * 2 + 1] = totals[1] / 8;
    const result = autoBalance({ ...input, baseLoad }, { now: fakeClock() });
    expect(Math.max(...result.maxDeviation)).toBeLessThanOrEqual(0.05);
    expect(result.contiguous).toBe(true);
  });

  it('keeps the disruption budget as a share of all accounts, protected ones included', () => {
    const input = grid(16, 12);
    const initial = Int32Array.from({ length: 192 }, (_, i) =>
      i % 16 < 8 ? 0 : i % 16 < 11 ? 1 : i % 16 < 14 ? 2 : 3,
    );
    const totals = input.columns.map((col) => col.reduce((s, v) => s + v, 0));
    const baseLoad = new Float64Array(8);
    for (let t = 0; t < 4; t++) for (let c = 0; c < 2; c++) baseLoad[t * 2 + c] = totals[c] / 8;
    const result = autoBalance({ ...input, initial, baseLoad, disruptionBudget: 0.05 }, { now: fakeClock() });
    for (const m of result.moved) expect(m).toBeLessThanOrEqual(0.05 + 1e-9);
    let movedCount = 0;
    for (let u = 0; u < 192; u++) if (result.assignment[u] !== initial[u]) movedCount += input.columns[0][u];
    expect(movedCount / (totals[0] * 1.5)).toBeCloseTo(result.moved[0], 9);
  });

  it('rejects a base load of the wrong size', () => {
    expect(() => autoBalance({ ...grid(4, 4), baseLoad: new Float64Array(3) }, { now: fakeClock() })).toThrow();
  });
});

describe('move cost', () => {
  /** 4 x 2 grid: territory 0 is columns 0-2 (load 6), territory 1 column 3 (load 4); one unit must move. */
  function twoRows(): { input: BalanceInput; initial: Int32Array } {
    const base = grid(4, 2);
    const load = Float64Array.from({ length: 8 }, (_, u) => (u % 4 === 3 ? 2 : 1));
    const input: BalanceInput = { ...base, columns: [load, Float64Array.from(load)], territoryCount: 2 };
    return { input, initial: Int32Array.from({ length: 8 }, (_, u) => (u % 4 === 3 ? 1 : 0)) };
  }

  it('moves the boundary unit that costs nothing to move, not its equally good twin', () => {
    const { input, initial } = twoRows();
    for (const [costly, free] of [
      [2, 6],
      [6, 2],
    ]) {
      for (let seed = 1; seed <= 4; seed++) {
        const moveCost = new Float32Array(8);
        moveCost[costly] = 1;
        const result = autoBalance({ ...input, initial, moveCost, seed }, { now: fakeClock() });
        expect(result.assignment[costly]).toBe(0);
        expect(result.assignment[free]).toBe(1);
        expect(Math.max(...result.maxDeviation)).toBeLessThanOrEqual(0.05);
      }
    }
  });

  it('still moves costly units when balance needs them', () => {
    const { input, initial } = twoRows();
    const moveCost = new Float32Array(8).fill(1);
    const result = autoBalance({ ...input, initial, moveCost }, { now: fakeClock() });
    expect(Math.max(...result.maxDeviation)).toBeLessThanOrEqual(0.05);
  });
});

describe('compactness around seeds', () => {
  it('finds the optimum of area x squared distance to the seeds within the band on a small grid', () => {
    const w = 4;
    const h = 4;
    const n = w * h;
    const base = grid(w, h, 5);
    const random = seededRandom(9);
    const area = Float64Array.from({ length: n }, () => 0.5 + random() * 2);
    const count = Float64Array.from({ length: n }, () => 1 + Math.floor(random() * 4));
    const seeds = Int32Array.of(0, 15);
    const input: BalanceInput = {
      ...base,
      area,
      columns: [count],
      columnWeights: [1],
      territoryCount: 2,
      seeds,
      tolerance: 0.1,
      compactnessWeight: 0.5,
      compactness: 'seedDistance',
    };
    const cost = (assignment: ArrayLike<number>): number => {
      let f = 0;
      for (let u = 0; u < n; u++) {
        const s = seeds[assignment[u]];
        f += area[u] * ((base.x[u] - base.x[s]) ** 2 + (base.y[u] - base.y[s]) ** 2);
      }
      return f;
    };
    // every split into two contiguous parts within the band that keeps the seeds
    const total = count.reduce((s, v) => s + v, 0);
    let optimum = Infinity;
    for (let mask = 0; mask < 1 << n; mask++) {
      const plan = Int32Array.from({ length: n }, (_, u) => (mask >> u) & 1);
      if (plan[0] !== 0 || plan[15] !== 1) continue;
      let load0 = 0;
      for (let u = 0; u < n; u++) if (plan[u] === 0) load0 += count[u];
      if (Math.abs(load0 - total / 2) > 0.1 * (total / 2)) continue;
      if (Array.from(territoryPieces(base.graph, plan, 2)).some((p) => p !== 1)) continue;
      optimum = Math.min(optimum, cost(plan));
    }
    const result = autoBalance(input, { now: fakeClock() });
    expect(result.contiguous).toBe(true);
    expect(Math.max(...result.maxDeviation)).toBeLessThanOrEqual(0.1);
    expect(result.assignment[0]).toBe(0);
    expect(result.assignment[15]).toBe(1);
    expect(cost(result.assignment)).toBeCloseTo(optimum, 6);
  });
});
