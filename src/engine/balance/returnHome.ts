import type { LeaveCheck } from './contiguity.ts';
import type { RunControl } from './control.ts';
import type { BalanceState } from './state.ts';

/**
 * Rebalance, once inside the band: units that changed territory go back to their original one
 * wherever the band and contiguity allow, largest first, so the plan moves no more than it needs.
 */
export function returnHome(state: BalanceState, leave: LeaveCheck, control: RunControl): void {
  const { cc, columns, load, mean, assignment, eligibleUnits, input, initial, weight } = state;
  if (!initial) return;
  const away = eligibleUnits.filter((u) => assignment[u] >= 0 && initial[u] >= 0 && assignment[u] !== initial[u]);
  away.sort((u, v) => weight[v] - weight[u] || u - v);
  const fits = (from: number, to: number, u: number): boolean => {
    for (let c = 0; c < cc; c++) {
      if (!state.balancedColumn(c)) continue;
      const lo = (1 - input.tolerance) * mean[c];
      const hi = (1 + input.tolerance) * mean[c];
      if (load[from * cc + c] - columns[c][u] < lo || load[to * cc + c] + columns[c][u] > hi) return false;
    }
    return true;
  };
  // with u already home in a: would v going home to b bring both back inside the band?
  const fitsBack = (a: number, b: number, v: number): boolean => {
    for (let c = 0; c < cc; c++) {
      if (!state.balancedColumn(c)) continue;
      const lo = (1 - input.tolerance) * mean[c];
      const hi = (1 + input.tolerance) * mean[c];
      const la = load[a * cc + c] - columns[c][v];
      const lb = load[b * cc + c] + columns[c][v];
      if (la < lo || la > hi || lb < lo || lb > hi) return false;
    }
    return true;
  };
  for (let pass = 0; pass < 20; pass++) {
    let returned = 0;
    for (let i = 0; i < away.length; i++) {
      // quick enough to run after the time budget; only a cancel stops it
      if ((i & 255) === 0 && control.cancelRequested()) return;
      const u = away[i];
      const b = assignment[u];
      const a = initial[u];
      if (b === a) continue;
      if (!state.touches(u, a) || !leave.canLeave(u, b) || state.breaksShapeFloor(u, b, a)) continue;
      if (fits(b, a, u)) {
        state.moveUnit(u, b, a);
        returned++;
        continue;
      }
      // the band stops u alone: go home together with a unit that went the other way (a to b)
      state.moveUnit(u, b, a);
      let partner = -1;
      for (let j = 0; j < away.length && partner < 0; j++) {
        const v = away[j];
        if (assignment[v] !== a || initial[v] !== b || v === u) continue;
        if (state.touches(v, b) && fitsBack(a, b, v) && leave.canLeave(v, a) && !state.breaksShapeFloor(v, a, b))
          partner = v;
      }
      if (partner < 0) state.moveUnit(u, a, b);
      else {
        state.moveUnit(partner, a, b);
        returned += 2;
      }
    }
    if (returned === 0) return;
  }
}
