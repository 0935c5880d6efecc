import type { LeaveCheck } from './contiguity.ts';
import type { RunControl } from './control.ts';
import { UnitHeap } from './heap.ts';
import type { BalanceState } from './state.ts';

/**
 * Rebalance or growth: every new (nearly empty: under half a territory's weighted share) territory is
 * carved as a disc around its centre from its neighbours, before any planned transfer. `aim` is the
 * inner band the carve fills to.
 */
export function carveNewTerritories(state: BalanceState, leave: LeaveCheck, control: RunControl, aim: number): void {
  const { k, cc, columnWeights, load, mean, size } = state;
  const heap = new UnitHeap();
  const popped = new Int32Array(state.n);
  const meanArea = state.sA.reduce((s, a) => s + a, 0) / k;
  const weights = columnWeights.reduce((s, w) => s + w, 0);
  if (!state.initial || !(weights > 0)) return;
  for (let t = 0; t < k; t++) {
    let share = 0;
    for (let c = 0; c < cc; c++) share += (columnWeights[c] * load[t * cc + c]) / mean[c];
    if (share / weights < 0.5 && size[t] > 0) carve(state, leave, control, aim, t, meanArea, heap, popped, t + 1);
  }
}

/**
 * Carves territory t as a disc around its centre: the nearest units of any neighbour that stays above
 * the band's floor, until t reaches the floor itself. Taking a slice from each of several neighbours
 * disrupts far less than pulling load through chains of territories.
 */
function carve(
  state: BalanceState,
  leave: LeaveCheck,
  control: RunControl,
  aim: number,
  t: number,
  meanArea: number,
  heap: UnitHeap,
  popped: Int32Array,
  popStamp: number,
): void {
  const { n, cc, columns, load, mean, sA, pX, pY, placeX, placeY, offsets, adjacency, assignment } = state;
  if (sA[t] <= 0) return;
  const cx = pX[t] / sA[t];
  const cy = pY[t] / sA[t];
  const r2 = meanArea / Math.PI;
  const key = (u: number): number => (placeX[u] - cx) ** 2 + (placeY[u] - cy) ** 2 + state.costOf(u) * r2;
  heap.clear();
  for (let u = 0; u < n; u++)
    if (assignment[u] === t)
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const v = adjacency[p];
        if (assignment[v] !== t && assignment[v] >= 0) heap.push(v, key(v));
      }
  const reached = (): boolean => {
    for (let c = 0; c < cc; c++) if (state.balancedColumn(c) && load[t * cc + c] < (1 - aim) * mean[c]) return false;
    return true;
  };
  let pops = 0;
  while (heap.size > 0 && !reached()) {
    if ((++pops & 255) === 0 && control.stop()) return;
    const u = heap.pop();
    if (popped[u] === popStamp) continue;
    popped[u] = popStamp;
    const a = assignment[u];
    if (a < 0 || a === t || !state.movable(u)) continue;
    let fits = true;
    for (let c = 0; c < cc; c++) {
      const col = columns[c][u];
      if (col <= 0 || !state.balancedColumn(c)) continue;
      if (load[a * cc + c] - col < (1 - aim) * mean[c] || load[t * cc + c] + col > (1 + aim) * mean[c]) fits = false;
    }
    if (!fits || state.overBudget(u, a, t) || !leave.canLeave(u, a)) continue;
    state.moveUnit(u, a, t);
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const v = adjacency[p];
      if (popped[v] !== popStamp && assignment[v] !== t && assignment[v] >= 0) heap.push(v, key(v));
    }
  }
}
