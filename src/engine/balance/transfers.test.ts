import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedNewTerritories } from '../growth.ts';
import { carveNewTerritories } from './carve.ts';
import { Transfers } from './transfers.ts';
import { blobPlan, gridInput, pieces, randomLocks, setup } from './testGraphs.ts';

/** Vertical strips, the first twice as wide as the others (territory 0 holds about 2 / (k + 1) of all). */
function lopsided(w: number, h: number, k: number): Int32Array {
  return Int32Array.from({ length: w * h }, (_, u) => Math.max(0, Math.floor(((u % w) * (k + 1)) / w) - 1));
}

describe('Transfers.round', () => {
  it('brings a lopsided plan much closer to the band', () => {
    const input = { ...gridInput(24, 12, 5), territoryCount: 4 };
    const plan = lopsided(24, 12, 4);
    const { state, leave, control } = setup(input, plan);
    const before = state.bandViolation();
    expect(before).toBeGreaterThan(0.3);
    const transfers = new Transfers(state, leave, control, 0.8 * input.tolerance);
    expect(transfers.round()).toBe(true);
    expect(state.bandViolation()).toBeLessThan(before / 3);
    for (const p of pieces(input, state.assignment)) expect(p).toBe(1);
  });

  it('never moves a locked unit nor splits a territory', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 2, max: 5 }), (seed, k) => {
        const locked = randomLocks(20 * 12, 0.15, seed + 3);
        const input = { ...gridInput(20, 12, seed, 0.3), territoryCount: k, locked };
        const plan = blobPlan(input, k, seed + 1);
        const { state, leave, control } = setup(input, plan);
        const transfers = new Transfers(state, leave, control, 0.04);
        for (let r = 0; r < 3; r++) transfers.round();
        for (let u = 0; u < 240; u++) if (locked[u]) expect(state.assignment[u]).toBe(plan[u]);
        for (const p of pieces(input, state.assignment)) expect(p).toBeLessThanOrEqual(1);
      }),
      { numRuns: 25 },
    );
  });
});

describe('carveNewTerritories', () => {
  it('fills a new territory from its neighbours without moving locked units or splitting any', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const locked = randomLocks(20 * 15, 0.1, seed + 3);
        const base = { ...gridInput(20, 15, seed, 0.2), locked };
        const plan = blobPlan({ ...base, territoryCount: 4 }, 4, seed + 1);
        const load = new Float64Array(4);
        for (let u = 0; u < 300; u++) if (plan[u] >= 0) load[plan[u]] += base.columns[0][u];
        const seeded = seedNewTerritories(base.graph, base.x, base.y, plan, load, 4, 1, locked);
        const input = { ...base, territoryCount: 5, initial: seeded, tolerance: 0.1 };
        const { state, leave, control } = setup(input, seeded);
        const before = state.load[4 * 2];
        const piecesBefore = pieces(input, seeded);
        carveNewTerritories(state, leave, control, 0.09);
        for (let u = 0; u < 300; u++) if (locked[u]) expect(state.assignment[u]).toBe(seeded[u]);
        pieces(input, state.assignment).forEach((p, t) => expect(p).toBeLessThanOrEqual(piecesBefore[t]));
        expect(state.load[4 * 2]).toBeGreaterThanOrEqual(before);
      }),
      { numRuns: 25 },
    );
  });

  it('grows a one-unit territory to the floor of the inner band', () => {
    const base = gridInput(20, 15, 3);
    const plan = Int32Array.from({ length: 300 }, (_, u) => (u % 20 < 10 ? 0 : 1));
    plan[7 * 20 + 10] = 2;
    const input = { ...base, territoryCount: 3, initial: plan, tolerance: 0.1 };
    const { state, leave, control } = setup(input, plan);
    carveNewTerritories(state, leave, control, 0.09);
    for (let c = 0; c < 2; c++) expect(state.load[2 * 2 + c]).toBeGreaterThanOrEqual(0.91 * state.mean[c]);
    expect(pieces(input, state.assignment)).toEqual([1, 1, 1]);
  });
});
