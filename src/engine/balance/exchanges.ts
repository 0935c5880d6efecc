import type { LeaveCheck } from './contiguity.ts';
import type { RunControl } from './control.ts';
import type { BandCost } from './cost.ts';
import type { BalanceState } from './state.ts';

/**
 * Exchanges across the borders of territories that single moves leave off the mean (further than
 * `aim` from it): u goes from a to b and v (on the same border, near u) from b to a, when the pair
 * lowers `cost` for both together. Coarse units (a metro ZIP can hold a tenth of a small territory) need
 * them: alone, each would overshoot. Returns how many exchanges were made.
 */
export function exchangeRound(
  state: BalanceState,
  leave: LeaveCheck,
  cost: BandCost,
  control: RunControl,
  aim: number,
): number {
  const { cc, load, mean, offsets, adjacency, assignment, eligibleUnits } = state;
  let exchanged = 0;
  const near: number[] = [];
  for (let i = 0; i < eligibleUnits.length; i++) {
    if ((i & 255) === 0 && control.stop()) break;
    const u = eligibleUnits[i];
    const a = assignment[u];
    if (a < 0 || !state.movable(u)) continue;
    let off = false;
    for (let c = 0; c < cc && !off; c++)
      off = state.balancedColumn(c) && Math.abs(load[a * cc + c] - mean[c]) > aim * mean[c];
    if (!off) continue;
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const b = assignment[adjacency[p]];
      if (b < 0 || b === a) continue;
      const before = cost.pairCost(a, -1, -1) + cost.pairCost(b, -1, -1);
      // b's units on the border near u (within two steps)
      near.length = 0;
      for (let q = offsets[u]; q < offsets[u + 1]; q++) {
        const w = adjacency[q];
        if (assignment[w] !== b) continue;
        near.push(w);
        for (let r = offsets[w]; r < offsets[w + 1]; r++) if (assignment[adjacency[r]] === b) near.push(adjacency[r]);
      }
      let bestV = -1;
      let bestCost = before - 1e-9;
      for (const v of near) {
        if (v === u || !state.movable(v) || state.overBudget(v, b, a)) continue;
        const after = cost.pairCost(a, v, u) + cost.pairCost(b, u, v);
        if (after < bestCost) {
          bestCost = after;
          bestV = v;
        }
      }
      if (bestV < 0 || state.overBudget(u, a, b) || !leave.canLeave(u, a)) continue;
      state.moveUnit(u, a, b);
      if (state.touches(bestV, a) && leave.canLeave(bestV, b)) {
        state.moveUnit(bestV, b, a);
        exchanged++;
      } else state.moveUnit(u, b, a);
      break;
    }
  }
  return exchanged;
}
