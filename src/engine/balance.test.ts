import { describe, expect, it } from 'vitest';
import { autoBalance, type BalanceInput } from './balance.ts';
import { territoryPieces } from './shape.ts';
import { seededRandom } from '../domain/random.ts';

/** A w x h grid of units with 4-neighbour adjacency and random account loads. */
function grid(w: number, h: number, seed = 3): BalanceInput {
  const n = w * h;
  const offsets = new Int32Array(n + 1);
  const adjacency: number[] = [];
  for (let i = 0; i < n; i++) {
    const x = i % w;
    const y = Math.floor(i / w);
    if (y > 0) adjacency.push(i - w);
    if (x > 0) adjacency.push(i - 1);
    if (x < w - 1) adjacency.push(i + 1);
    if (y < h - 1) adjacency.push(i + w);
    offsets[i + 1] = adjacency.length;
  }
  const random = seededRandom(seed);
  return {
    graph: { unitCount: n, adjacencyOffsets: offsets, adjacency: Int32Array.from(adjacency) },
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
    expect(new Set([result.assignment[0], result.assignment[19], result.assignment[180], result.assignment[199]]).size).toBe(4); // prettier-ignore
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
