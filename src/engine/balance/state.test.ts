import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../domain/random.ts';
import { blobPlan, gridInput, setup } from './testGraphs.ts';

describe('BalanceState', () => {
  it('keeps loads, moment sums, sizes and disruption equal to a recount after any moves', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), fc.integer({ min: 1, max: 60 }), (seed, moves) => {
        const base = { ...gridInput(7, 6, seed, 0.3), territoryCount: 3 };
        const initial = blobPlan(base, 3, seed + 1);
        const input = { ...base, initial, baseLoad: Float64Array.of(5, 100, 0, 0, 2, 50) };
        const { state } = setup(input, initial);
        const random = seededRandom(seed + 2);
        for (let i = 0; i < moves; i++) {
          const u = Math.floor(random() * state.n);
          const a = state.assignment[u];
          const b = Math.floor(random() * 3);
          if (a >= 0 && a !== b) state.moveUnit(u, a, b);
        }
        const recount = setup(input, state.assignment).state;
        const close = (x: ArrayLike<number>, y: ArrayLike<number>): void => {
          for (let i = 0; i < x.length; i++) expect(x[i]).toBeCloseTo(y[i], 6);
        };
        close(state.load, recount.load);
        close(state.sA, recount.sA);
        close(state.sX, recount.sX);
        close(state.sXX, recount.sXX);
        close(state.pX, recount.pX);
        close(state.moved, recount.moved);
        expect(Array.from(state.size)).toEqual(Array.from(recount.size));
      }),
      { numRuns: 60 },
    );
  });

  it('counts the base load in the mean and judges the band by the balanced columns only', () => {
    const base = { ...gridInput(4, 2, 1), territoryCount: 2 };
    const load = Float64Array.of(1, 1, 1, 1, 1, 1, 1, 1);
    const input = { ...base, columns: [load, Float64Array.of(9, 0, 0, 0, 0, 0, 0, 0)], columnWeights: [1, 0] };
    const { state } = setup({ ...input, baseLoad: Float64Array.of(2, 0, 0, 0) }, Int32Array.of(0, 0, 0, 1, 1, 1, 1, 1));
    expect(Array.from(state.mean)).toEqual([5, 4.5]);
    expect(state.inBand()).toBe(true); // 5 and 5 in column 0; column 1 (9 and 0) rides along
    expect(state.maxDeviation()[1]).toBe(1);
    state.moveUnit(2, 0, 1);
    expect(state.inBand()).toBe(false);
    expect(state.outOfBand(0)).toBe(true);
    expect(state.bandViolation()).toBeCloseTo(2 * (0.2 - 0.05), 12);
  });

  it('refuses moves over the disruption budget', () => {
    const base = { ...gridInput(4, 2, 1), territoryCount: 2 };
    const initial = Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1);
    const ones = new Float64Array(8).fill(1);
    const input = { ...base, columns: [ones], columnWeights: [1], initial, disruptionBudget: 0.2 };
    const { state } = setup(input, initial);
    expect(state.overBudget(3, 0, 1)).toBe(false);
    state.moveUnit(3, 0, 1);
    expect(state.overBudget(2, 0, 1)).toBe(true); // 2 of 8 > 20%
    expect(state.overBudget(7, 1, 0)).toBe(true);
    expect(state.overBudget(3, 1, 0)).toBe(false); // going home frees budget
    expect(state.groupOverBudget([2, 3], 0, 1)).toBe(true);
  });
});
