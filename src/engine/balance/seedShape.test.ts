import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../domain/random.ts';
import { autoBalance } from './orchestrator.ts';
import { annealAroundSeeds, polishAroundSeeds } from './seedShape.ts';
import { fakeClock, gridInput, pieces, randomLocks, setup } from './testGraphs.ts';
import type { BalanceState } from './state.ts';

function seedCost(state: BalanceState): number {
  let f = 0;
  for (let u = 0; u < state.n; u++) if (state.assignment[u] >= 0) f += state.toRoot(u, state.assignment[u]);
  return f;
}

describe('annealAroundSeeds and polishAroundSeeds', () => {
  for (const seed of [1, 2, 3]) {
    it(`lower the distance to the seeds without leaving the band or moving locked units (seed ${seed})`, () => {
      const locked = randomLocks(16 * 12, 0.1, seed);
      const base = { ...gridInput(16, 12, seed, 0.3), territoryCount: 3, locked, tolerance: 0.1 };
      const seeds = Int32Array.of(0, 15, 16 * 11 + 8);
      for (const s of seeds) locked[s] = 0;
      const input = { ...base, seeds, compactness: 'seedDistance' as const };
      // a balanced plan to start from: the balancer's own, without its shape phases
      const start = autoBalance({ ...base, seeds }, { now: fakeClock() }).assignment;
      const { state, leave, control } = setup(input, start);
      expect(state.inBand()).toBe(true);
      const before = seedCost(state);
      annealAroundSeeds(state, leave, control, seededRandom(seed));
      const annealed = seedCost(state);
      expect(annealed).toBeLessThanOrEqual(before);
      expect(state.inBand()).toBe(true);
      polishAroundSeeds(state, leave, control);
      expect(seedCost(state)).toBeLessThanOrEqual(annealed);
      expect(state.inBand()).toBe(true);
      for (let u = 0; u < state.n; u++) if (locked[u]) expect(state.assignment[u]).toBe(start[u]);
      for (const p of pieces(input, state.assignment)) expect(p).toBe(1);
    });
  }
});
