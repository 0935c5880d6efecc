import type { LeaveCheck } from './contiguity.ts';
import type { RunControl } from './control.ts';
import type { BandCost } from './cost.ts';
import type { BalanceState } from './state.ts';

/**
 * One sweep of single boundary-unit moves in a random order (shuffled in place in `order`): each unit
 * goes to the neighbouring territory that lowers `cost` most (plus compactness, a tiny drift of empty
 * land towards underloaded territories and, in a rebalance, a small price for leaving home), if that
 * keeps its territory whole and the disruption budget. In a rebalance, neighbours of a unit that just
 * moved are looked at again at once, so a territory can grow or shrink by many rings in one sweep.
 * Returns how many units moved.
 */
export function sweep(
  state: BalanceState,
  leave: LeaveCheck,
  cost: BandCost,
  control: RunControl,
  order: Int32Array,
  random: () => number,
): number {
  const { k, offsets, adjacency, assignment, initial, input } = state;
  const compactnessWeight = input.compactnessWeight;
  // a cut edge costs about as much as moving a 1/(20K) share of a column off the mean
  const cutWeight = 1 / (400 * k * k);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  let improved = 0;
  const pending: number[] = [];
  let cursor = 0;
  let extra = 0;
  let visits = 0;
  for (;;) {
    let u: number;
    if (pending.length > 0 && extra < order.length) {
      u = pending.pop() as number;
      extra++;
    } else if (cursor < order.length) u = order[cursor++];
    else break;
    // long sweeps on big maps must not overrun the time budget
    if ((++visits & 511) === 0 && control.elapsed() > input.timeBudgetMs) break;
    if (!state.movable(u)) continue;
    const a = assignment[u];
    if (a < 0) continue;
    let bestB = -1;
    let bestDelta = -1e-12;
    const costA = cost.territoryCost(a, 0, u);
    const costALeave = cost.territoryCost(a, -1, u);
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const b = assignment[adjacency[p]];
      if (b < 0 || b === a) continue;
      let delta = costALeave - costA + cost.territoryCost(b, 1, u) - cost.territoryCost(b, 0, u);
      if (compactnessWeight > 0) {
        // fewer cut edges: a unit joins the side it touches most, which keeps out thin tentacles
        let inA = 0;
        let inB = 0;
        for (let q = offsets[u]; q < offsets[u + 1]; q++) {
          const t = assignment[adjacency[q]];
          if (t === a) inA++;
          else if (t === b) inB++;
        }
        delta += compactnessWeight * cutWeight * (inA - inB);
        if (state.rooted)
          delta += (compactnessWeight * (state.toRoot(u, b) - state.toRoot(u, a))) / state.rootScale / k;
        else {
          const ar = input.area[u];
          const ux = input.x[u];
          const uy = input.y[u];
          const uxx = ar * (ux * ux + uy * uy);
          const before = state.inertia(a, 0, 0, 0, 0) + state.inertia(b, 0, 0, 0, 0);
          const after = state.inertia(a, -ar, -ar * ux, -ar * uy, -uxx) + state.inertia(b, ar, ar * ux, ar * uy, uxx);
          delta += (compactnessWeight * (after - before)) / state.inertiaScale / k;
        }
      }
      // on a plateau (units without accounts) land drifts towards the territory further below the mean,
      // so an underloaded territory can grow across empty areas towards accounts
      delta += 1e-7 * (state.relativeLoad(b) - state.relativeLoad(a));
      if (initial) {
        // moving away from the original owner costs a little (more for costly units), moving back earns it
        const wasHome = initial[u] === a;
        const goesHome = initial[u] === b;
        if (wasHome || goesHome) delta += (wasHome ? 1 : -1) * (2e-3 + 0.1 * state.costOf(u)) * state.weight[u] * k;
      }
      if (delta < bestDelta) {
        bestDelta = delta;
        bestB = b;
      }
    }
    if (bestB < 0) continue;
    if (state.overBudget(u, a, bestB)) continue;
    if (!leave.canLeave(u, a)) continue;
    state.moveUnit(u, a, bestB);
    improved++;
    if (initial)
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const v = adjacency[p];
        if (assignment[v] !== bestB) pending.push(v);
      }
  }
  return improved;
}
