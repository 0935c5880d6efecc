import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { planTransfers } from './planTransfers.ts';

describe('planTransfers', () => {
  it('brings every territory of a chain into the band when the band can hold the total', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 2, maxLength: 7 }), (load) => {
        const k = load.length;
        const mean = load.reduce((s, l) => s + l, 0) / k;
        const lo = 0.9 * mean;
        const hi = 1.1 * mean;
        const capacity = new Float64Array(k * k);
        for (let t = 0; t + 1 < k; t++) capacity[t * k + t + 1] = capacity[(t + 1) * k + t] = 1e4;
        const flow = planTransfers(k, load, lo, hi, capacity);
        const after = Array.from(load);
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++) {
            expect(flow[a * k + b]).toBeGreaterThanOrEqual(0);
            if (capacity[a * k + b] === 0) expect(flow[a * k + b]).toBe(0);
            after[a] -= flow[a * k + b];
            after[b] += flow[a * k + b];
          }
        const slack = 1e-6 * Math.max(1, mean);
        for (const l of after) {
          expect(l).toBeGreaterThanOrEqual(lo - slack);
          expect(l).toBeLessThanOrEqual(hi + slack);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('routes around a dear border', () => {
    // 0 -> 2 directly (cost 5) or through 1 (cost 1 + 1)
    const k = 3;
    const capacity = new Float64Array(9).fill(100);
    for (let t = 0; t < k; t++) capacity[t * k + t] = 0;
    const cost = Float64Array.of(0, 1, 5, 1, 0, 1, 5, 1, 0);
    const flow = planTransfers(k, [20, 10, 0], 9, 11, capacity, cost);
    expect(flow[0 * k + 2]).toBeCloseTo(0, 9);
    expect(flow[0 * k + 1]).toBeGreaterThanOrEqual(9 - 1e-9);
    expect(flow[1 * k + 2]).toBeGreaterThanOrEqual(9 - 1e-9);
  });
});
