import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { repairContiguity } from './repair.ts';
import { gridInput, pieces, randomLocks, randomPlan } from './testGraphs.ts';

describe('repairContiguity', () => {
  it('makes every territory one piece on a connected graph', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 2, max: 10 }),
        fc.integer({ min: 2, max: 10 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 1e6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (w, h, k, seed, diagonal) => {
          const input = { ...gridInput(w, h, seed, diagonal), territoryCount: k };
          const plan = randomPlan(input, k, seed + 1);
          const weight = Float64Array.from(input.columns[0]);
          repairContiguity(input, plan, weight);
          for (const p of pieces(input, plan)) expect(p).toBeLessThanOrEqual(1);
          expect(plan.every((t) => t >= 0 && t < k)).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never moves a locked unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1e6 }), (seed) => {
        const input = { ...gridInput(8, 7, seed, 0.2), territoryCount: 4 };
        const locked = randomLocks(56, 0.2, seed + 2);
        const plan = randomPlan(input, 4, seed + 1);
        const before = Int32Array.from(plan);
        repairContiguity({ ...input, locked }, plan, Float64Array.from(input.columns[0]));
        for (let u = 0; u < 56; u++) if (locked[u]) expect(plan[u]).toBe(before[u]);
      }),
      { numRuns: 100 },
    );
  });

  it('keeps the heaviest piece and gives the others to the territory they touch most', () => {
    const input = { ...gridInput(5, 1, 1), territoryCount: 2 };
    const plan = Int32Array.of(0, 1, 1, 0, 0);
    repairContiguity(input, plan, Float64Array.of(1, 1, 1, 1, 1));
    expect(Array.from(plan)).toEqual([1, 1, 1, 0, 0]);
  });
});
