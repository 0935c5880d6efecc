import { describe, expect, it } from 'vitest';
import { autoBalance } from './orchestrator.ts';
import { returnHome } from './returnHome.ts';
import { blobPlan, fakeClock, gridInput, pieces, randomLocks, setup } from './testGraphs.ts';

describe('returnHome', () => {
  it('brings units home while staying in the band, and moves less', () => {
    let checked = 0;
    for (const seed of [1, 2, 3, 4]) {
      const locked = randomLocks(16 * 12, 0.1, seed);
      const base = { ...gridInput(16, 12, seed, 0.3), territoryCount: 3, locked, tolerance: 0.1 };
      const balanced = autoBalance(base, { now: fakeClock() }).assignment;
      // the initial plan: other territories (locked units where the balanced plan has them)
      const initial = blobPlan(base, 3, seed + 1);
      for (let u = 0; u < base.graph.unitCount; u++) if (locked[u]) initial[u] = balanced[u];
      const { state, leave, control } = setup({ ...base, initial }, balanced);
      if (!state.inBand()) continue;
      checked++;
      const before = state.moved.reduce((s, m) => s + m, 0);
      returnHome(state, leave, control);
      expect(state.inBand()).toBe(true);
      expect(state.moved.reduce((s, m) => s + m, 0)).toBeLessThanOrEqual(before);
      for (let u = 0; u < state.n; u++) if (locked[u]) expect(state.assignment[u]).toBe(balanced[u]);
      for (const p of pieces(base, state.assignment)) expect(p).toBe(1);
    }
    expect(checked).toBeGreaterThan(0);
  });

  it('moves a unit home when the band allows it', () => {
    const base = { ...gridInput(4, 1, 1), territoryCount: 2, tolerance: 0.5 };
    const ones = new Float64Array(4).fill(1);
    const input = { ...base, columns: [ones], columnWeights: [1], initial: Int32Array.of(0, 0, 1, 1) };
    const { state, leave, control } = setup(input, Int32Array.of(0, 1, 1, 1));
    returnHome(state, leave, control);
    expect(Array.from(state.assignment)).toEqual([0, 0, 1, 1]);
  });
});
