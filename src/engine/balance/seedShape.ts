import type { LeaveCheck } from './contiguity.ts';
import type { RunControl } from './control.ts';
import type { BalanceState } from './state.ts';

/**
 * Simulated annealing on the same objective inside the band (single moves and border exchanges,
 * accepted when they help or, while the temperature is high, with probability exp(-delta / T)), so the
 * shape can leave the local optimum greedy moves stop in. Ends on the best plan it saw. The schedule
 * counts iterations (not time), so a run is reproducible for a seed.
 */
export function annealAroundSeeds(
  state: BalanceState,
  leave: LeaveCheck,
  control: RunControl,
  random: () => number,
): void {
  const { n, k, cc, columns, load, mean, offsets, adjacency, assignment, eligibleUnits, input } = state;
  const units = eligibleUnits.length;
  if (units === 0) return;
  // how far territory t would be outside the band with `d` more of each column (relative to the mean)
  const outside = (t: number, c: number, d: number): number =>
    Math.max(0, Math.abs(load[t * cc + c] + d - mean[c]) - input.tolerance * mean[c]) / mean[c];
  const bandChange = (a: number, b: number, u: number, v: number): number => {
    let change = 0;
    for (let c = 0; c < cc; c++) {
      if (!state.balancedColumn(c)) continue;
      const d = columns[c][u] - (v >= 0 ? columns[c][v] : 0);
      if (d === 0) continue;
      change += outside(a, c, -d) + outside(b, c, d) - outside(a, c, 0) - outside(b, c, 0);
    }
    return change;
  };
  let current = 0;
  for (let u = 0; u < n; u++) if (assignment[u] >= 0) current += state.toRoot(u, assignment[u]);
  let bestObjective = state.inBand() ? current : Infinity;
  const bestPlan = Int32Array.from(assignment);
  const iterations = Math.min(4000 * units, 2e7);
  // start hot enough that a typical move (of any size: unit areas vary a lot) is often taken uphill
  let sampled = 0;
  let sum = 0;
  for (let i = 0; i < 4 * units && sampled < 200; i++) {
    const u = eligibleUnits[Math.floor(random() * units)];
    const a = assignment[u];
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const b = assignment[adjacency[p]];
      if (a < 0 || b < 0 || b === a) continue;
      sum += Math.abs(state.toRoot(u, b) - state.toRoot(u, a));
      sampled++;
    }
  }
  const startTemperature = sampled > 0 ? sum / sampled : (0.1 * current) / units;
  // leaving the band is allowed but costs, more and more: early on the search may cross infeasible
  // plans to reach another region; at the end only plans inside the band survive
  const perTerritory = current / k;
  for (let it = 0; it < iterations; it++) {
    if ((it & 1023) === 0) {
      if (current < bestObjective - 1e-9 * bestObjective && state.inBand()) {
        bestObjective = current;
        bestPlan.set(assignment);
      }
      if (control.stop()) break;
    }
    const progress = it / iterations;
    const temperature = startTemperature * (1 - progress) ** 3 + 1e-12;
    const bandWeight = perTerritory * (0.5 + 200 * progress * progress);
    const u = eligibleUnits[Math.floor(random() * units)];
    const a = assignment[u];
    const degree = offsets[u + 1] - offsets[u];
    if (a < 0 || degree === 0 || !state.movable(u)) continue;
    const w = adjacency[offsets[u] + Math.floor(random() * degree)];
    const b = assignment[w];
    if (b < 0 || b === a) continue;
    let v = -1;
    if (random() < 0.5) {
      // exchange partner: w itself or one of w's neighbours in b
      const dw = offsets[w + 1] - offsets[w];
      const pickW = random() < 0.5 || dw === 0;
      v = pickW ? w : adjacency[offsets[w] + Math.floor(random() * dw)];
      if (v === u || assignment[v] !== b || !state.movable(v)) continue;
    }
    const shape = state.toRoot(u, b) - state.toRoot(u, a) + (v >= 0 ? state.toRoot(v, a) - state.toRoot(v, b) : 0);
    const delta = shape + bandWeight * bandChange(a, b, u, v);
    if (delta > 0 && random() >= Math.exp(-delta / temperature)) continue;
    if (state.overBudget(u, a, b) || !leave.canLeave(u, a)) continue;
    state.moveUnit(u, a, b);
    if (v >= 0) {
      if (!state.touches(v, a) || state.overBudget(v, b, a) || !leave.canLeave(v, b)) {
        state.moveUnit(u, b, a);
        continue;
      }
      state.moveUnit(v, b, a);
    }
    current += shape;
  }
  if (current < bestObjective && state.inBand()) return;
  if (bestObjective < Infinity)
    for (let u = 0; u < n; u++) if (assignment[u] !== bestPlan[u]) state.moveUnit(u, assignment[u], bestPlan[u]);
}

/**
 * Lowers the sum of area x squared distance to the seeds without leaving the band: single moves to
 * a neighbouring territory, then exchanges across a border (u one way, v the other), while any helps.
 */
export function polishAroundSeeds(state: BalanceState, leave: LeaveCheck, control: RunControl): void {
  const { cc, columns, load, mean, offsets, adjacency, assignment, eligibleUnits, input } = state;
  const fits = (a: number, b: number, sign: number, u: number, v: number): boolean => {
    for (let c = 0; c < cc; c++) {
      if (!state.balancedColumn(c)) continue;
      const d = sign * (columns[c][u] - (v >= 0 ? columns[c][v] : 0));
      const lo = (1 - input.tolerance) * mean[c];
      const hi = (1 + input.tolerance) * mean[c];
      if (
        load[a * cc + c] - d < lo ||
        load[a * cc + c] - d > hi ||
        load[b * cc + c] + d < lo ||
        load[b * cc + c] + d > hi
      )
        return false;
    }
    return true;
  };
  const boundary: number[] = [];
  for (let pass = 0; pass < 100; pass++) {
    let improvedAny = false;
    for (let i = 0; i < eligibleUnits.length; i++) {
      if ((i & 255) === 0 && control.stop()) return;
      const u = eligibleUnits[i];
      const a = assignment[u];
      if (a < 0 || !state.movable(u)) continue;
      let bestB = -1;
      let bestGain = -1e-12 * state.rootScale;
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const b = assignment[adjacency[p]];
        if (b < 0 || b === a) continue;
        const g = state.toRoot(u, b) - state.toRoot(u, a);
        if (g < bestGain && fits(a, b, 1, u, -1)) [bestGain, bestB] = [g, b];
      }
      if (bestB >= 0 && leave.canLeave(u, a)) {
        state.moveUnit(u, a, bestB);
        improvedAny = true;
      }
    }
    // exchanges: u from a to b for v from b to a, both on the a-b border
    for (let i = 0; i < eligibleUnits.length; i++) {
      if ((i & 63) === 0 && control.stop()) return;
      const u = eligibleUnits[i];
      const a = assignment[u];
      if (a < 0 || !state.movable(u)) continue;
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const b = assignment[adjacency[p]];
        if (b < 0 || b === a) continue;
        const gu = state.toRoot(u, b) - state.toRoot(u, a);
        // b's units on the border with a (near u: within two steps)
        boundary.length = 0;
        for (let q = offsets[u]; q < offsets[u + 1]; q++) {
          const w = adjacency[q];
          if (assignment[w] !== b) continue;
          boundary.push(w);
          for (let r = offsets[w]; r < offsets[w + 1]; r++)
            if (assignment[adjacency[r]] === b) boundary.push(adjacency[r]);
        }
        let bestV = -1;
        let bestGain = -1e-12 * state.rootScale;
        for (const v of boundary) {
          if (!state.movable(v) || v === u) continue;
          const g = gu + state.toRoot(v, a) - state.toRoot(v, b);
          if (g < bestGain && fits(a, b, 1, u, v)) [bestGain, bestV] = [g, v];
        }
        if (bestV < 0 || !leave.canLeave(u, a)) continue;
        state.moveUnit(u, a, b);
        if (state.touches(bestV, a) && leave.canLeave(bestV, b)) {
          state.moveUnit(bestV, b, a);
          improvedAny = true;
        } else state.moveUnit(u, b, a);
        break;
      }
    }
    if (!improvedAny) return;
  }
}
