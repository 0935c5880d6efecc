import { describe, expect, it } from 'vitest';
import { anchoredCoordinates, initialPlan } from './initialPlan.ts';
import { gridInput, randomLocks } from './testGraphs.ts';
import type { BalanceInput } from './types.ts';
import { blendBase, blendWeights, unitTotals } from './weights.ts';

function plan(input: BalanceInput): { assignment: Int32Array; weight: Float64Array } {
  const totals = unitTotals(input);
  const weight = blendWeights(input, totals);
  const eligible: number[] = [];
  for (let u = 0; u < input.graph.unitCount; u++) if (input.eligible[u] && !input.locked[u]) eligible.push(u);
  const assignment = initialPlan(
    input,
    Int32Array.from(eligible),
    weight,
    blendBase(input, totals),
    anchoredCoordinates(input),
  );
  return { assignment, weight };
}

describe('initialPlan', () => {
  it('bisects every eligible unlocked unit into near-equal territories and leaves locked ones out', () => {
    const locked = randomLocks(300, 0.1, 4);
    const input = { ...gridInput(20, 15, 3, 0, 0.05), territoryCount: 6, locked };
    const { assignment, weight } = plan(input);
    const load = new Float64Array(6);
    for (let u = 0; u < 300; u++) {
      if (!input.eligible[u] || locked[u]) expect(assignment[u]).toBe(-1);
      else {
        expect(assignment[u]).toBeGreaterThanOrEqual(0);
        expect(assignment[u]).toBeLessThan(6);
        load[assignment[u]] += weight[u];
      }
    }
    const mean = load.reduce((s, l) => s + l, 0) / 6;
    for (const l of load) expect(Math.abs(l - mean) / mean).toBeLessThan(0.1);
  });

  it('gives fewer units to a territory that already carries base load', () => {
    const base = gridInput(20, 15, 3);
    const totals = unitTotals(base);
    const input = { ...base, territoryCount: 2, baseLoad: Float64Array.of(totals[0] / 2, totals[1] / 2, 0, 0) };
    const { assignment } = plan(input);
    const units = [0, 0];
    for (const t of assignment) units[t]++;
    expect(units[0]).toBeLessThan(units[1] / 2);
  });

  it('grows territories around their seeds', () => {
    for (const compactness of ['inertia', 'seedDistance'] as const) {
      const seeds = Int32Array.of(0, 19, 280, 299);
      const input = { ...gridInput(20, 15, 3), territoryCount: 4, seeds, compactness };
      const { assignment } = plan(input);
      seeds.forEach((s, t) => expect(assignment[s]).toBe(t));
      expect(assignment.every((t) => t >= 0)).toBe(true);
    }
  });

  it('keeps a rebalance on its initial plan', () => {
    const initial = Int32Array.from({ length: 12 }, (_, u) => u % 3);
    const { assignment } = plan({ ...gridInput(4, 3, 1), initial });
    expect(Array.from(assignment)).toEqual(Array.from(initial));
    expect(assignment).not.toBe(initial);
  });
});
