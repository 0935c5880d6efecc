import { seededRandom } from '../domain/random.ts';
import type { UnitGraph } from './shape.ts';
import { territoryPieces } from './shape.ts';

/** What the auto-balancer works on and what it must respect. */
export interface BalanceInput {
  graph: UnitGraph;
  /** Projected unit centres (km) and areas (km2), for the principal axes and compactness. */
  x: Float64Array;
  y: Float64Array;
  area: Float64Array;
  /** Per-unit totals of each balanced column (e.g. account count, value). */
  columns: Float64Array[];
  /** Weight of each column in the objective (they need not sum to 1). */
  columnWeights: number[];
  territoryCount: number;
  /** 1 for units that take part; others keep `initial` (or stay unassigned). */
  eligible: Uint8Array;
  /** Starting plan for a rebalance (-1 = unassigned), or null to create territories from nothing. */
  initial: Int32Array | null;
  /** 1 for units that must keep their initial territory (locked units, locked territories). */
  locked: Uint8Array;
  /** Tolerance band as a fraction of the mean (0.05 = +/-5%). */
  tolerance: number;
  contiguity: boolean;
  /** Weight of the moment of inertia (compactness) relative to balance; 0 = ignore shape. */
  compactnessWeight: number;
  /** Rebalance only: most of each column's total that may change territory (0.1 = 10%); null = no limit. */
  disruptionBudget: number | null;
  /** 1 for units reached from the mainland only through virtual (island) edges; null = none. */
  island: Uint8Array | null;
  /** Optional seed unit per territory (rep home ZIPs) when creating from nothing. */
  seeds: Int32Array | null;
  seed: number;
  timeBudgetMs: number;
}

/** How far the search is; posted as progress. */
export interface BalanceProgress {
  elapsedMs: number;
  sweeps: number;
  /** Largest deviation from the mean over territories, per column. */
  maxDeviation: number[];
  objective: number;
}

export interface BalanceResult {
  assignment: Int32Array;
  maxDeviation: number[];
  pieces: Int32Array;
  contiguous: boolean;
  sweeps: number;
  elapsedMs: number;
  cancelled: boolean;
  /** Share of each column's total that changed territory versus `initial` (0 when creating from nothing). */
  moved: number[];
}

export interface BalanceHooks {
  now?: () => number;
  onProgress?: (p: BalanceProgress) => void;
  shouldCancel?: () => boolean;
}

/** Blended per-unit weight: each column scaled to total 1, then weighted. */
function blendWeights(input: BalanceInput, units: ArrayLike<number>): Float64Array {
  const { columns, columnWeights } = input;
  const totals = columns.map((col) => {
    let t = 0;
    for (let i = 0; i < units.length; i++) t += col[units[i]];
    return t;
  });
  const w = new Float64Array(input.graph.unitCount);
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    let v = 0;
    columns.forEach((col, c) => {
      if (totals[c] > 0) v += (columnWeights[c] * col[u]) / totals[c];
    });
    w[u] = v + 1e-9; // empty units still count a little, so every part gets land
  }
  return w;
}

/**
 * Recursive inertial bisection: split the units along their principal axis at the weighted
 * quantile that gives each side its share of territories, until every part is one territory.
 */
function inertialBisection(
  input: BalanceInput,
  units: Int32Array,
  first: number,
  count: number,
  weight: Float64Array,
  out: Int32Array,
): void {
  if (count === 1 || units.length === 0) {
    for (const u of units) out[u] = first;
    return;
  }
  let sw = 0, sx = 0, sy = 0; // prettier-ignore
  for (const u of units) {
    sw += weight[u];
    sx += weight[u] * input.x[u];
    sy += weight[u] * input.y[u];
  }
  const cx = sx / sw;
  const cy = sy / sw;
  let sxx = 0, syy = 0, sxy = 0; // prettier-ignore
  for (const u of units) {
    const dx = input.x[u] - cx;
    const dy = input.y[u] - cy;
    sxx += weight[u] * dx * dx;
    syy += weight[u] * dy * dy;
    sxy += weight[u] * dx * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const ax = Math.cos(angle);
  const ay = Math.sin(angle);
  const order = Array.from(units).sort(
    (a, b) => input.x[a] * ax + input.y[a] * ay - (input.x[b] * ax + input.y[b] * ay),
  );
  const left = Math.floor(count / 2);
  const target = (sw * left) / count;
  let acc = 0;
  let cut = 0;
  while (cut < order.length && acc + weight[order[cut]] / 2 < target) acc += weight[order[cut++]];
  inertialBisection(input, Int32Array.from(order.slice(0, cut)), first, left, weight, out);
  inertialBisection(input, Int32Array.from(order.slice(cut)), first + left, count - left, weight, out);
}

/**
 * Region growing from seed units: the territory with the smallest load takes its best frontier unit
 * next, so territories grow around their reps' home ZIPs and stay connected.
 */
function growFromSeeds(input: BalanceInput, weight: Float64Array, out: Int32Array): void {
  const { graph, seeds } = input;
  const k = input.territoryCount;
  const load = new Float64Array(k);
  const frontiers: number[][] = Array.from({ length: k }, () => []);
  for (let t = 0; t < k; t++) {
    const s = (seeds as Int32Array)[t];
    if (s >= 0 && out[s] === -1 && input.eligible[s]) {
      out[s] = t;
      load[t] += weight[s];
      frontiers[t].push(s);
    }
  }
  for (;;) {
    let best = -1;
    for (let t = 0; t < k; t++) if (frontiers[t].length > 0 && (best < 0 || load[t] < load[best])) best = t;
    if (best < 0) break;
    const frontier = frontiers[best];
    let grown = false;
    while (frontier.length > 0 && !grown) {
      const u = frontier[frontier.length - 1];
      for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
        const v = graph.adjacency[p];
        if (out[v] !== -1 || !input.eligible[v]) continue;
        out[v] = best;
        load[best] += weight[v];
        frontier.unshift(v);
        grown = true;
        break;
      }
      if (!grown) frontier.pop();
    }
  }
}

/**
 * Coordinates for cutting: mainland units keep theirs; island units take those of the mainland unit
 * their (virtual) edges lead to first, found by a breadth-first search from the mainland.
 */
function anchoredCoordinates(input: BalanceInput): { x: Float64Array; y: Float64Array } {
  const { graph, island } = input;
  const x = Float64Array.from(input.x);
  const y = Float64Array.from(input.y);
  if (!island) return { x, y };
  const n = graph.unitCount;
  const seen = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let u = 0; u < n; u++)
    if (!island[u]) {
      seen[u] = 1;
      queue[tail++] = u;
    }
  while (head < tail) {
    const u = queue[head++];
    for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
      const v = graph.adjacency[p];
      if (seen[v]) continue;
      seen[v] = 1;
      x[v] = x[u] + (input.x[v] - input.x[u]) * 1e-3;
      y[v] = y[u] + (input.y[v] - input.y[u]) * 1e-3;
      queue[tail++] = v;
    }
  }
  return { x, y };
}

/** Gives every piece of a territory except its largest to the neighbouring territory it touches most. */
function repairContiguity(input: BalanceInput, assignment: Int32Array, weight: Float64Array): void {
  const { graph } = input;
  const n = graph.unitCount;
  for (let round = 0; round < 20; round++) {
    const component = new Int32Array(n).fill(-1);
    const componentWeight: number[] = [];
    const componentTerritory: number[] = [];
    const stack: number[] = [];
    for (let s = 0; s < n; s++) {
      if (component[s] >= 0 || assignment[s] < 0) continue;
      const id = componentWeight.length;
      componentWeight.push(0);
      componentTerritory.push(assignment[s]);
      component[s] = id;
      stack.push(s);
      while (stack.length) {
        const u = stack.pop() as number;
        componentWeight[id] += weight[u] + 1e-6;
        for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
          const v = graph.adjacency[p];
          if (component[v] < 0 && assignment[v] === assignment[u]) {
            component[v] = id;
            stack.push(v);
          }
        }
      }
    }
    const largest = new Map<number, number>();
    componentWeight.forEach((w, id) => {
      const t = componentTerritory[id];
      const cur = largest.get(t);
      if (cur === undefined || w > componentWeight[cur]) largest.set(t, id);
    });
    let changed = false;
    for (let id = 0; id < componentWeight.length; id++) {
      if (largest.get(componentTerritory[id]) === id) continue;
      const touches = new Map<number, number>();
      for (let u = 0; u < n; u++) {
        if (component[u] !== id) continue;
        for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
          const t = assignment[graph.adjacency[p]];
          if (t >= 0 && t !== componentTerritory[id]) touches.set(t, (touches.get(t) ?? 0) + 1);
        }
      }
      let target = -1;
      for (const [t, c] of touches) if (target < 0 || c > (touches.get(target) ?? 0)) target = t;
      if (target < 0) continue;
      let movable = true;
      for (let u = 0; u < n; u++) if (component[u] === id && input.locked[u]) movable = false;
      if (!movable) continue;
      for (let u = 0; u < n; u++) if (component[u] === id) assignment[u] = target;
      changed = true;
    }
    if (!changed) return;
  }
}

/**
 * Auto-balance: an initial plan (the current one, seeds grown over the graph, or recursive
 * inertial bisection), contiguity repair, then sweeps of single boundary-unit moves that lower
 * sum_k sum_c w_c ((L_kc - mu_c) / mu_c)^2 plus a growing penalty outside the tolerance band and
 * a compactness term, never disconnecting a territory, never moving locked units and never
 * exceeding the disruption budget. Deterministic for a seed; keeps the best plan found.
 */
export function autoBalance(input: BalanceInput, hooks: BalanceHooks = {}): BalanceResult {
  const now = hooks.now ?? (() => performance.now());
  const started = now();
  const { graph, columns, columnWeights, territoryCount: k } = input;
  const n = graph.unitCount;
  const random = seededRandom(input.seed);
  const eligibleUnits: number[] = [];
  for (let u = 0; u < n; u++) if (input.eligible[u] && !input.locked[u]) eligibleUnits.push(u);
  const weight = blendWeights(
    input,
    Int32Array.from({ length: n }, (_, u) => u),
  );

  // ---- initial plan; islands are placed where they join the mainland, so Hawaii is cut with California
  const placement = anchoredCoordinates(input);
  const bisectInput = { ...input, x: placement.x, y: placement.y };
  const assignment = input.initial ? Int32Array.from(input.initial) : new Int32Array(n).fill(-1);
  if (!input.initial) {
    for (let u = 0; u < n; u++) if (input.locked[u]) assignment[u] = -1;
    if (input.seeds) {
      growFromSeeds(input, weight, assignment);
      // units the growth could not reach (no seed nearby) fall back to bisection
      const rest = Int32Array.from(eligibleUnits.filter((u) => assignment[u] < 0));
      if (rest.length) inertialBisection(bisectInput, rest, 0, k, weight, assignment);
    } else inertialBisection(bisectInput, Int32Array.from(eligibleUnits), 0, k, weight, assignment);
  }
  if (input.contiguity) repairContiguity(input, assignment, weight);

  // ---- loads and moment sums
  const cc = columns.length;
  const load = new Float64Array(k * cc);
  const mean = new Float64Array(cc);
  const total = new Float64Array(cc);
  const sA = new Float64Array(k), sX = new Float64Array(k), sY = new Float64Array(k), sXX = new Float64Array(k); // prettier-ignore
  const size = new Int32Array(k);
  for (let u = 0; u < n; u++) {
    const t = assignment[u];
    for (let c = 0; c < cc; c++) total[c] += t >= 0 ? columns[c][u] : 0;
    if (t < 0) continue;
    size[t]++;
    for (let c = 0; c < cc; c++) load[t * cc + c] += columns[c][u];
    const a = input.area[u];
    sA[t] += a;
    sX[t] += a * input.x[u];
    sY[t] += a * input.y[u];
    sXX[t] += a * (input.x[u] ** 2 + input.y[u] ** 2);
  }
  for (let c = 0; c < cc; c++) mean[c] = total[c] / k || 1;
  const inertia = (t: number, da: number, dx: number, dy: number, dxx: number): number => {
    const a = sA[t] + da;
    return a > 0 ? sXX[t] + dxx - ((sX[t] + dx) ** 2 + (sY[t] + dy) ** 2) / a : 0;
  };
  let inertiaScale = 0;
  for (let t = 0; t < k; t++) inertiaScale += inertia(t, 0, 0, 0, 0);
  inertiaScale = inertiaScale / k || 1;

  // ---- disruption tracking (rebalance)
  const initial = input.initial;
  const moved = new Float64Array(cc);
  const budget = initial && input.disruptionBudget !== null ? Array.from(total, (t) => t * (input.disruptionBudget as number)) : null; // prettier-ignore
  if (initial) for (let u = 0; u < n; u++) if (assignment[u] !== initial[u]) for (let c = 0; c < cc; c++) moved[c] += columns[c][u]; // prettier-ignore

  let penalty = 1;
  const relativeLoad = (t: number): number => {
    let r = 0;
    for (let c = 0; c < cc; c++) r += (columnWeights[c] * (load[t * cc + c] - mean[c])) / mean[c];
    return r;
  };
  // a rebalance only needs territories inside the band: inside it, balance barely counts, so little moves
  const insideWeight = input.initial ? 0.3 : 1;
  const territoryCost = (t: number, deltaSign: number, u: number): number => {
    let cost = 0;
    for (let c = 0; c < cc; c++) {
      const l = load[t * cc + c] + deltaSign * columns[c][u];
      const d = (l - mean[c]) / mean[c];
      const out = Math.abs(d) - input.tolerance;
      cost += columnWeights[c] * (insideWeight * d * d + (out > 0 ? (penalty + 1) * out * out : 0));
    }
    return cost;
  };

  // may u leave territory a without cutting a in two? (BFS among a's units, early exit)
  const mark = new Int32Array(n);
  let stamp = 0;
  const queue = new Int32Array(n);
  const canLeave = (u: number, a: number): boolean => {
    if (size[a] <= 1) return false;
    if (!input.contiguity) return true;
    const targets: number[] = [];
    for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
      const v = graph.adjacency[p];
      if (assignment[v] === a) targets.push(v);
    }
    if (targets.length <= 1) return targets.length === 1;
    stamp++;
    mark[u] = stamp;
    let head = 0;
    let tail = 0;
    queue[tail++] = targets[0];
    mark[targets[0]] = stamp;
    let found = 1;
    const want = new Set(targets.slice(1));
    let steps = 0;
    while (head < tail && found < targets.length) {
      const w = queue[head++];
      if (++steps > 4000) return false; // too far around: treat as unsafe
      for (let p = graph.adjacencyOffsets[w]; p < graph.adjacencyOffsets[w + 1]; p++) {
        const v = graph.adjacency[p];
        if (mark[v] === stamp || assignment[v] !== a) continue;
        mark[v] = stamp;
        if (want.has(v)) found++;
        queue[tail++] = v;
      }
    }
    return found === targets.length;
  };

  const maxDeviation = (): number[] =>
    Array.from({ length: cc }, (_, c) => {
      let m = 0;
      for (let t = 0; t < k; t++) m = Math.max(m, Math.abs(load[t * cc + c] - mean[c]) / mean[c]);
      return m;
    });
  const objective = (): number => {
    let f = 0;
    for (let t = 0; t < k; t++)
      for (let c = 0; c < cc; c++) f += columnWeights[c] * ((load[t * cc + c] - mean[c]) / mean[c]) ** 2;
    return f;
  };

  // a cut edge costs about as much as moving a 1/(20K) share of a column off the mean
  const cutWeight = 1 / (400 * k * k);

  // seed units (reps' home ZIPs) stay in the territory grown around them
  const seedUnit = new Uint8Array(n);
  if (input.seeds) for (const u of input.seeds) if (u >= 0) seedUnit[u] = 1;

  // ---- sweeps of boundary moves
  const order = Int32Array.from(eligibleUnits);
  let sweeps = 0;
  let best = Int32Array.from(assignment);
  let bestScore = Infinity;
  let lastProgress = started;
  let cancelled = false;
  const scoreOf = (devs: number[]): number => devs.reduce((s, d) => Math.max(s, d), 0);
  for (;;) {
    const elapsed = now() - started;
    if (elapsed > input.timeBudgetMs) break;
    if (hooks.shouldCancel?.()) {
      cancelled = true;
      break;
    }
    sweeps++;
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      const tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
    let improved = 0;
    // rebalancing: units next to a unit that just moved are looked at again at once, so a territory
    // can grow or shrink by many rings in one sweep instead of one
    const pending: number[] = [];
    let cursor = 0;
    let extra = 0;
    for (;;) {
      let u: number;
      if (pending.length > 0 && extra < order.length) {
        u = pending.pop() as number;
        extra++;
      } else if (cursor < order.length) u = order[cursor++];
      else break;
      if (!input.eligible[u] || input.locked[u] || seedUnit[u]) continue;
      const a = assignment[u];
      if (a < 0) continue;
      let bestB = -1;
      let bestDelta = -1e-12;
      const costA = territoryCost(a, 0, u);
      const costALeave = territoryCost(a, -1, u);
      for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
        const b = assignment[graph.adjacency[p]];
        if (b < 0 || b === a) continue;
        let delta = costALeave - costA + territoryCost(b, 1, u) - territoryCost(b, 0, u);
        if (input.compactnessWeight > 0) {
          // fewer cut edges: a unit joins the side it touches most, which keeps out thin tentacles
          let inA = 0;
          let inB = 0;
          for (let q = graph.adjacencyOffsets[u]; q < graph.adjacencyOffsets[u + 1]; q++) {
            const t = assignment[graph.adjacency[q]];
            if (t === a) inA++;
            else if (t === b) inB++;
          }
          delta += input.compactnessWeight * cutWeight * (inA - inB);
          const ar = input.area[u];
          const ux = input.x[u];
          const uy = input.y[u];
          const uxx = ar * (ux * ux + uy * uy);
          const before = inertia(a, 0, 0, 0, 0) + inertia(b, 0, 0, 0, 0);
          const after = inertia(a, -ar, -ar * ux, -ar * uy, -uxx) + inertia(b, ar, ar * ux, ar * uy, uxx);
          delta += (input.compactnessWeight * (after - before)) / inertiaScale / k;
        }
        // on a plateau (units without accounts) land drifts towards the territory further below the mean,
        // so an underloaded territory can grow across empty areas towards accounts
        delta += 1e-7 * (relativeLoad(b) - relativeLoad(a));
        if (initial) {
          // moving away from the original owner costs a little, moving back earns it
          const wasHome = initial[u] === a;
          const goesHome = initial[u] === b;
          if (wasHome || goesHome) delta += (wasHome ? 1 : -1) * 2e-3 * weight[u] * k;
        }
        if (delta < bestDelta) {
          bestDelta = delta;
          bestB = b;
        }
      }
      if (bestB < 0) continue;
      if (budget && initial) {
        const leavingHome = initial[u] === a;
        const goingHome = initial[u] === bestB;
        if (leavingHome && !goingHome) {
          let over = false;
          for (let c = 0; c < cc; c++) if (moved[c] + columns[c][u] > budget[c] + 1e-9) over = true;
          if (over) continue;
        }
      }
      if (!canLeave(u, a)) continue;
      // apply the move
      for (let c = 0; c < cc; c++) {
        load[a * cc + c] -= columns[c][u];
        load[bestB * cc + c] += columns[c][u];
      }
      const ar = input.area[u];
      sA[a] -= ar;
      sX[a] -= ar * input.x[u];
      sY[a] -= ar * input.y[u];
      sXX[a] -= ar * (input.x[u] ** 2 + input.y[u] ** 2);
      sA[bestB] += ar;
      sX[bestB] += ar * input.x[u];
      sY[bestB] += ar * input.y[u];
      sXX[bestB] += ar * (input.x[u] ** 2 + input.y[u] ** 2);
      size[a]--;
      size[bestB]++;
      if (initial) {
        const sign = (initial[u] === a ? 1 : 0) - (initial[u] === bestB ? 1 : 0);
        if (sign !== 0) for (let c = 0; c < cc; c++) moved[c] += sign * columns[c][u];
      }
      assignment[u] = bestB;
      improved++;
      if (initial)
        for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
          const v = graph.adjacency[p];
          if (assignment[v] !== bestB) pending.push(v);
        }
    }
    const devs = maxDeviation();
    const score = scoreOf(devs);
    if (score < bestScore) {
      bestScore = score;
      best = Int32Array.from(assignment);
    }
    if (devs.every((d) => d <= input.tolerance)) penalty = Math.max(1, penalty / 2);
    else penalty = Math.min(1e4, penalty * 1.5);
    const t = now();
    if (hooks.onProgress && t - lastProgress > 250) {
      lastProgress = t;
      hooks.onProgress({ elapsedMs: t - started, sweeps, maxDeviation: devs, objective: objective() });
    }
    if (improved === 0 && devs.every((d) => d <= input.tolerance / 4)) break;
  }

  const pieces = territoryPieces(graph, best, k);
  const finalLoad = new Float64Array(k * cc);
  const finalMoved = new Float64Array(cc);
  for (let u = 0; u < n; u++) {
    const t = best[u];
    if (t >= 0) for (let c = 0; c < cc; c++) finalLoad[t * cc + c] += columns[c][u];
    if (initial && best[u] !== initial[u] && initial[u] >= 0)
      for (let c = 0; c < cc; c++) finalMoved[c] += columns[c][u];
  }
  return {
    assignment: best,
    maxDeviation: Array.from({ length: cc }, (_, c) => {
      let m = 0;
      for (let t = 0; t < k; t++) m = Math.max(m, Math.abs(finalLoad[t * cc + c] - mean[c]) / mean[c]);
      return m;
    }),
    pieces,
    contiguous: Array.from(pieces).every((p) => p <= 1),
    sweeps,
    elapsedMs: now() - started,
    cancelled,
    moved: Array.from(finalMoved, (m, c) => (total[c] > 0 ? m / total[c] : 0)),
  };
}
