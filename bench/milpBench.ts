/**
 * Optimality harness: small instances cut from the real ZIP graph, solved exactly by a MILP (HiGHS)
 * and by the auto-balancer, compared on feasibility and on the same objective.
 *
 * Instances: a breadth-first piece of the ZIP graph (100-300 units, K 3-6 by default, drawn from a
 * seeded generator). Roots (rep home ZIPs) are the units nearest the centres of an account-weighted
 * k-means (k-means++ start, seeded): reps live where the accounts are, but nothing makes the regions
 * around them balanced (the worst nearest-root region is 25-150% off the mean), so the band binds.
 *
 * MILP: x_it binary (unit i in territory t), every unit in one territory, each territory's count and
 * value within mean * (1 +/- tolerance), objective sum_it x_it * area_i * dist(i, root_t)^2.
 * Contiguity by a single-commodity flow per territory from its fixed root: each non-root unit of t
 * draws its value w_i (scaled to count-sized numbers, which keeps HiGHS's numerics sound) from the
 * root over arcs inside t. Strengthening, all valid for every contiguous plan in the band:
 * - capacities from the band: the flow into i is the value of i's subtree in a spanning tree of t,
 *   at most the band's upper value minus the path root..parent(i), so
 *   sum_j f_jit <= (hiValue - P_t(i) + w_i) x_it, with P_t(i) the cheapest value-weighted path from
 *   the root to i (both ends counted). This one row per unit and territory implies every per-arc
 *   big-M row (f_jit <= inflow_i, f_ijt <= outflow_i = inflow_i - w_i x_it); arc i -> j is bounded
 *   by hiValue - P_t(i);
 * - x_it = 0 for another territory's root and where P_t(i) (by value, by count, or by units against
 *   the most units a territory can hold) exceeds the band; no arc into the root;
 * - a non-root unit touches its territory: x_it <= sum of x_jt over its neighbours j.
 * Weighting the flow by value rather than 1 per unit is what makes it bite: the LP can no longer
 * feed a cheap far unit through a path of units at x ~ 1/n, only through units at x >= w_i / band.
 * HiGHS gets a starting plan from the MILP side, never from the heuristic (so which instances are
 * proved does not depend on it): the same model with the flow replaced by "a non-root unit has a
 * neighbour in its territory strictly nearer the root" (contiguous by construction, a restriction),
 * solved for at most a sixth of the time limit, which covers both solves (90 s by default).
 * The heuristic gets the same roots as seeds and the same objective (`compactness: 'seedDistance'`:
 * once inside the band it spends its time lowering area x squared distance to the seeds), a budget
 * proportional to the instance (6 ms a unit), and is scored with the same objective. An instance
 * counts when HiGHS proves optimality (relative gap 1e-4) and its plan checks out independently
 * (one piece per territory, inside the band, roots kept). With the defaults about two thirds of the
 * instances are proved (8 of 12, about 8 minutes); the open ones are the largest (250-300 units),
 * where the bound at the limit is still 2-4% below the heuristic's plan (HiGHS's own best is worse).
 */
import loadHighs, { type Highs, type ModelData } from 'highs';
import type { GeoIndex } from '../src/geo/geoIndex.ts';
import { loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import { autoBalance } from '../src/engine/balance.ts';
import { territoryPieces } from '../src/engine/shape.ts';
import { seededRandom } from '../src/domain/random.ts';
import { balanceInstance } from './balanceBench.ts';
import type { BenchResults } from './results.ts';

export interface SmallInstance {
  n: number;
  k: number;
  offsets: Int32Array;
  adjacency: Int32Array;
  x: Float64Array;
  y: Float64Array;
  area: Float64Array;
  count: Float64Array;
  value: Float64Array;
  roots: number[];
}

/** Units nearest the centres of a k-means weighted by `weight` (k-means++ start from `random`, Lloyd steps). */
export function kMeansRoots(
  x: Float64Array,
  y: Float64Array,
  weight: Float64Array,
  k: number,
  random: () => number,
): number[] {
  const n = x.length;
  const d2 = (i: number, cx: number, cy: number) => (x[i] - cx) ** 2 + (y[i] - cy) ** 2;
  const draw = (p: Float64Array) => {
    let r = random() * p.reduce((s, v) => s + v, 0);
    for (let i = 0; i < n; i++) if ((r -= p[i]) <= 0) return i;
    return n - 1;
  };
  const cx: number[] = [];
  const cy: number[] = [];
  const nearest = new Float64Array(n).fill(Infinity);
  for (let c = draw(weight); ;) {
    cx.push(x[c]);
    cy.push(y[c]);
    if (cx.length === k) break;
    for (let i = 0; i < n; i++) nearest[i] = Math.min(nearest[i], d2(i, x[c], y[c]));
    c = draw(weight.map((w, i) => w * nearest[i]));
  }
  for (let step = 0; step < 50; step++) {
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const sw = new Float64Array(k);
    for (let i = 0; i < n; i++) {
      let b = 0;
      for (let t = 1; t < k; t++) if (d2(i, cx[t], cy[t]) < d2(i, cx[b], cy[b])) b = t;
      sx[b] += weight[i] * x[i];
      sy[b] += weight[i] * y[i];
      sw[b] += weight[i];
    }
    for (let t = 0; t < k; t++) if (sw[t] > 0) [cx[t], cy[t]] = [sx[t] / sw[t], sy[t] / sw[t]];
  }
  const roots: number[] = [];
  for (let t = 0; t < k; t++) {
    let b = -1;
    for (let i = 0; i < n; i++) if (!roots.includes(i) && (b < 0 || d2(i, cx[t], cy[t]) < d2(b, cx[t], cy[t]))) b = i;
    roots.push(b);
  }
  return roots;
}

/** A connected piece of the real graph (breadth-first from a start unit), with its own indices. */
export function cutInstance(
  geo: GeoIndex,
  full: ReturnType<typeof balanceInstance>,
  start: number,
  n: number,
  k: number,
  random: () => number,
): SmallInstance {
  const order: number[] = [start];
  const local = new Map<number, number>([[start, 0]]);
  for (let head = 0; head < order.length && order.length < n; head++)
    for (const v of geo.neighboursOf(order[head]))
      if (!local.has(v) && v < geo.zipUnitCount && order.length < n) {
        local.set(v, order.length);
        order.push(v);
      }
  const offsets = new Int32Array(order.length + 1);
  const adjacency: number[] = [];
  order.forEach((u, i) => {
    for (const v of geo.neighboursOf(u)) {
      const j = local.get(v);
      if (j !== undefined) adjacency.push(j);
    }
    offsets[i + 1] = adjacency.length;
  });
  const pick = (a: Float64Array) => Float64Array.from(order, (u) => a[u]);
  const x = pick(full.x);
  const y = pick(full.y);
  const count = Float64Array.from(order, (u) => full.count[u] + 1); // every unit carries some work
  return {
    n: order.length,
    k,
    offsets,
    adjacency: Int32Array.from(adjacency),
    x,
    y,
    area: Float64Array.from(order, (u) => Math.max(geo.areaKm2[u], 0.1)),
    count,
    value: Float64Array.from(order, (u) => full.value[u] + 1000),
    roots: kMeansRoots(x, y, count, k, random),
  };
}

/** The MILP objective's cost of putting unit i in territory k: area x squared distance to its root (/1000). */
export function costOf(inst: SmallInstance, i: number, k: number): number {
  const r = inst.roots[k];
  return (inst.area[i] * ((inst.x[i] - inst.x[r]) ** 2 + (inst.y[i] - inst.y[r]) ** 2)) / 1000;
}

/** Node-weighted shortest paths from `source` (both ends counted) over the units passing `ok`. */
function cheapestPaths(inst: SmallInstance, w: Float64Array, source: number, ok: (i: number) => boolean) {
  const d = new Float64Array(inst.n).fill(Infinity);
  const done = new Uint8Array(inst.n);
  d[source] = w[source];
  for (;;) {
    let i = -1;
    for (let v = 0; v < inst.n; v++) if (!done[v] && d[v] < Infinity && (i < 0 || d[v] < d[i])) i = v;
    if (i < 0) return d;
    done[i] = 1;
    for (let p = inst.offsets[i]; p < inst.offsets[i + 1]; p++) {
      const j = inst.adjacency[p];
      if (ok(j) && d[i] + w[j] < d[j]) d[j] = d[i] + w[j];
    }
  }
}

export interface MilpModel {
  model: ModelData;
  /** Column of x_it at i * k + t, -1 where the unit cannot be in the territory. */
  xCol: Int32Array;
  /** Column of the flow on arc i -> j in t, keyed (i * n + j) * k + t. */
  arcCol: Map<number, number>;
  /** Flow each unit draws (its value in count-sized units). */
  weight: Float64Array;
}

/**
 * The MILP (see the header). `restricted`: no flow; instead every non-root unit needs a neighbour in
 * its territory strictly nearer the root (a restriction of the problem, used for a starting plan).
 */
export function milpModel(inst: SmallInstance, tolerance: number, restricted = false): MilpModel {
  const { n, k, offsets, adjacency, roots } = inst;
  const sum = (a: Float64Array) => a.reduce((s, v) => s + v, 0);
  const scale = sum(inst.value) / sum(inst.count); // value in count-sized units keeps the coefficients small
  const weight = inst.value.map((v) => v / scale);
  const columns = [inst.count, weight];
  const lo = columns.map((c) => (sum(c) / k) * (1 - tolerance));
  const hi = columns.map((c) => (sum(c) / k) * (1 + tolerance));
  // the most units a territory can hold: all but the fewest each other territory needs to reach the band
  const fewest = columns.map((c, q) => {
    const s = Array.from(c).sort((a, b) => b - a);
    let total = 0;
    return s.findIndex((v) => (total += v) >= lo[q]) + 1 || n;
  });
  const maxUnits = n - (k - 1) * Math.max(...fewest);
  const allowed = new Uint8Array(n * k).fill(1);
  for (let t = 0; t < k; t++) for (let s = 0; s < k; s++) if (s !== t) allowed[roots[s] * k + t] = 0;
  const ok = (t: number) => (i: number) => allowed[i * k + t] === 1;
  const ones = new Float64Array(n).fill(1);
  const path: Float64Array[] = []; // value-weighted cheapest path from root t, per unit
  for (let t = 0; t < k; t++) {
    for (const [w, cap] of [
      [ones, maxUnits],
      [inst.count, hi[0]],
      [weight, hi[1]],
    ] as const) {
      const d = cheapestPaths(inst, w, roots[t], ok(t));
      for (let i = 0; i < n; i++) if (d[i] > cap * (1 + 1e-9)) allowed[i * k + t] = 0;
    }
    path.push(cheapestPaths(inst, weight, roots[t], ok(t)));
  }
  const colCost: number[] = [];
  const colLower: number[] = [];
  const colUpper: number[] = [];
  const integrality: number[] = [];
  const column = (cost: number, lower: number, upper: number, integer: boolean) => {
    colCost.push(cost);
    colLower.push(lower);
    colUpper.push(upper);
    integrality.push(integer ? 1 : 0);
    return colCost.length - 1;
  };
  const xCol = new Int32Array(n * k).fill(-1);
  for (let i = 0; i < n; i++)
    for (let t = 0; t < k; t++)
      if (allowed[i * k + t]) xCol[i * k + t] = column(costOf(inst, i, t), roots[t] === i ? 1 : 0, 1, true);
  const arcCol = new Map<number, number>();
  const inflow: number[][] = Array.from({ length: n * k }, () => []);
  const outflow: number[][] = Array.from({ length: n * k }, () => []);
  if (!restricted)
    for (let t = 0; t < k; t++)
      for (let i = 0; i < n; i++)
        for (let p = offsets[i]; p < offsets[i + 1] && allowed[i * k + t]; p++) {
          const j = adjacency[p];
          // j's subtree leaves out the path root..i
          if (j === roots[t] || !allowed[j * k + t] || hi[1] - path[t][i] <= 1e-9) continue;
          const c = column(0, 0, hi[1] - path[t][i], false);
          arcCol.set((i * n + j) * k + t, c);
          inflow[j * k + t].push(c);
          outflow[i * k + t].push(c);
        }
  const starts = [0];
  const indices: number[] = [];
  const values: number[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const row = (entries: [number, number][], lower: number, upper: number) => {
    for (const [c, v] of entries) {
      indices.push(c);
      values.push(v);
    }
    starts.push(indices.length);
    rowLower.push(lower);
    rowUpper.push(upper);
  };
  for (let i = 0; i < n; i++) {
    const one: [number, number][] = [];
    for (let t = 0; t < k; t++) if (xCol[i * k + t] >= 0) one.push([xCol[i * k + t], 1]);
    row(one, 1, 1);
  }
  columns.forEach((c, q) => {
    for (let t = 0; t < k; t++)
      row(
        Array.from({ length: n }, (_, i) => i).flatMap((i): [number, number][] =>
          xCol[i * k + t] >= 0 ? [[xCol[i * k + t], c[i]]] : [],
        ),
        lo[q],
        hi[q],
      );
  });
  for (let t = 0; t < k; t++) {
    const r = roots[t];
    const dist = (v: number) => (inst.x[v] - inst.x[r]) ** 2 + (inst.y[v] - inst.y[r]) ** 2;
    for (let i = 0; i < n; i++) {
      const c = xCol[i * k + t];
      if (c < 0 || i === r) continue;
      // touches its territory (restricted: through a neighbour nearer the root)
      const touch: [number, number][] = [[c, 1]];
      for (let p = offsets[i]; p < offsets[i + 1]; p++) {
        const j = adjacency[p];
        if (xCol[j * k + t] >= 0 && (!restricted || dist(j) < dist(i))) touch.push([xCol[j * k + t], -1]);
      }
      row(touch, -Infinity, 0);
      if (restricted) continue;
      const ins = inflow[i * k + t].map((a): [number, number] => [a, 1]);
      row([...ins, ...outflow[i * k + t].map((a): [number, number] => [a, -1]), [c, -weight[i]]], 0, 0);
      row([...ins, [c, -(hi[1] - path[t][i] + weight[i])]], -Infinity, 0);
    }
  }
  const numCols = colCost.length;
  const numRows = rowLower.length;
  return {
    model: {
      numCols,
      numRows,
      colCost,
      colLower,
      colUpper,
      rowLower,
      rowUpper,
      matrix: { format: 'csr', numRows, numCols, starts, indices, values },
      integrality: Int32Array.from(integrality),
    },
    xCol,
    arcCol,
    weight,
  };
}

/** The plan in a solution's x columns (-1 where none is set). */
export function planOf(inst: SmallInstance, m: MilpModel, col: ArrayLike<number>): Int32Array {
  const a = new Int32Array(inst.n).fill(-1);
  for (let i = 0; i < inst.n; i++)
    for (let t = 0; t < inst.k; t++) if (m.xCol[i * inst.k + t] >= 0 && col[m.xCol[i * inst.k + t]] > 0.5) a[i] = t;
  return a;
}

/** A full starting vector for `m` from a contiguous plan: x and the flows of a breadth-first spanning tree. */
export function startOf(inst: SmallInstance, m: MilpModel, plan: Int32Array): Float64Array | null {
  const { n, k, offsets, adjacency } = inst;
  const v = new Float64Array(m.model.numCols);
  for (let i = 0; i < n; i++) {
    if (plan[i] < 0 || m.xCol[i * k + plan[i]] < 0) return null;
    v[m.xCol[i * k + plan[i]]] = 1;
  }
  for (let t = 0; t < k; t++) {
    const parent = new Int32Array(n).fill(-2);
    const order = [inst.roots[t]];
    parent[order[0]] = -1;
    for (let h = 0; h < order.length; h++)
      for (let p = offsets[order[h]]; p < offsets[order[h] + 1]; p++)
        if (plan[adjacency[p]] === t && parent[adjacency[p]] === -2) {
          parent[adjacency[p]] = order[h];
          order.push(adjacency[p]);
        }
    const subtree = new Float64Array(n);
    for (let h = order.length - 1; h > 0; h--) {
      const j = order[h];
      subtree[j] += m.weight[j];
      subtree[parent[j]] += subtree[j];
      const c = m.arcCol.get((parent[j] * n + j) * k + t);
      if (c === undefined) return null;
      v[c] = subtree[j];
    }
  }
  return v;
}

/** Extra HiGHS options for the exact solve. */
export type HighsOptions = Record<string, string | number | boolean>;

export interface MilpResult {
  status: string;
  optimal: boolean;
  seconds: number;
  objective: number;
  bound: number;
  plan: Int32Array | null;
}

function run(highs: Highs, m: MilpModel, timeLimit: number, start: Float64Array | null, options: HighsOptions = {}) {
  const model = highs.createModel(m.model);
  try {
    model.options.set({ time_limit: Math.max(timeLimit, 0.1), mip_rel_gap: 1e-4, output_flag: false, ...options });
    if (start) model.setSolution({ colValue: start });
    const { modelStatus } = model.run();
    const info = (name: string) => {
      try {
        return Number(model.info.get(name));
      } catch {
        return NaN;
      }
    };
    const objective = info('objective_function_value');
    const col = Number.isFinite(objective) ? model.getSolution().colValue : null;
    return { modelStatus, objective, bound: info('mip_dual_bound'), col };
  } finally {
    model.dispose();
  }
}

/** Starting plan from the restricted model, then the flow MILP, within `timeLimit` seconds in all. */
export function solveMilp(
  highs: Highs,
  inst: SmallInstance,
  tolerance: number,
  timeLimit: number,
  options: HighsOptions = {},
): MilpResult {
  const t0 = performance.now();
  const exact = milpModel(inst, tolerance);
  const restricted = milpModel(inst, tolerance, true);
  const first = run(highs, restricted, timeLimit / 6, null);
  const start = first.col ? startOf(inst, exact, planOf(inst, restricted, first.col)) : null;
  const left = timeLimit - (performance.now() - t0) / 1000;
  const r = run(highs, exact, left, start, options);
  const statuses = highs.constants.modelStatus as Record<string, number>;
  const status = Object.keys(statuses).find((s) => statuses[s] === r.modelStatus) ?? String(r.modelStatus);
  return {
    status,
    optimal: r.modelStatus === statuses.optimal,
    seconds: (performance.now() - t0) / 1000,
    objective: r.objective,
    bound: r.bound,
    plan: r.col ? planOf(inst, exact, r.col) : null,
  };
}

/** What is wrong with a plan: '' when every territory is one piece, inside the band and keeps its root. */
export function planFaults(inst: SmallInstance, plan: Int32Array, tolerance: number): string {
  const { n, k } = inst;
  const faults: string[] = [];
  if (plan.some((t) => t < 0 || t >= k)) return 'unassigned units';
  const pieces = territoryPieces({ unitCount: n, adjacencyOffsets: inst.offsets, adjacency: inst.adjacency }, plan, k);
  const split = Array.from(pieces).filter((p) => p > 1).length;
  if (split) faults.push(`${split} territor${split > 1 ? 'ies' : 'y'} in pieces (up to ${Math.max(...pieces)})`);
  for (const [name, col] of [
    ['count', inst.count],
    ['value', inst.value],
  ] as const) {
    const load = new Float64Array(k);
    for (let i = 0; i < n; i++) load[plan[i]] += col[i];
    const mean = load.reduce((s, v) => s + v, 0) / k;
    const worst = Math.max(...load.map((l) => Math.abs(l / mean - 1)));
    if (worst > tolerance + 1e-6) faults.push(`${name} ${(worst * 100).toFixed(1)}% off the mean`);
  }
  const lost = inst.roots.filter((r, t) => plan[r] !== t).length;
  if (lost) faults.push(`${lost} root${lost > 1 ? 's' : ''} in another territory`);
  return faults.join(', ');
}

/** Instance sizes: units and territories drawn uniformly from these ranges. */
export interface MilpSizes {
  minUnits: number;
  maxUnits: number;
  minK: number;
  maxK: number;
  /** The MILP's limit per instance (s), the starting plan included. */
  timeLimit: number;
  /** The heuristic's time budget per instance (ms); default 6 ms per unit. */
  heuristicMs?: number;
}

/** Runs the harness; returns the feasible rate and the median gap. */
export async function milpSuite(
  measured: string,
  instances = 12,
  sizes: MilpSizes = { minUnits: 100, maxUnits: 300, minK: 3, maxK: 6, timeLimit: 90 },
): Promise<BenchResults> {
  const geo = loadGeoIndexFromDisk();
  const full = balanceInstance(geo, 1_000_000, 9);
  const highs = await loadHighs();
  const random = seededRandom(21);
  const tolerance = 0.1;
  let solved = 0;
  let heuristicFeasible = 0;
  const gaps: number[] = [];
  const rows: string[] = [];
  const t0 = performance.now();
  for (let s = 0; s < instances; s++) {
    const n = sizes.minUnits + Math.floor(random() * (sizes.maxUnits - sizes.minUnits + 1));
    const k = sizes.minK + Math.floor(random() * (sizes.maxK - sizes.minK + 1));
    const start = Math.floor(random() * geo.zipUnitCount);
    const inst = cutInstance(geo, full, start, n, k, seededRandom(s + 1));
    const milp = solveMilp(highs, inst, tolerance, sizes.timeLimit);
    // a proof only counts when the plan checks out independently
    const milpFaults = milp.plan ? planFaults(inst, milp.plan, tolerance) : '';
    const optimal = milp.optimal && !milpFaults;
    // the heuristic, seeded at the same roots, scored with the same objective
    const budget = sizes.heuristicMs ?? 6 * inst.n;
    const result = autoBalance({
      graph: { unitCount: inst.n, adjacencyOffsets: inst.offsets, adjacency: inst.adjacency },
      x: inst.x,
      y: inst.y,
      area: inst.area,
      columns: [inst.count, inst.value],
      columnWeights: [0.5, 0.5],
      territoryCount: k,
      eligible: new Uint8Array(inst.n).fill(1),
      initial: null,
      locked: new Uint8Array(inst.n),
      tolerance: tolerance * (1 - 1e-6), // strictly inside the MILP's band
      contiguity: true,
      compactnessWeight: 0.5,
      compactness: 'seedDistance',
      disruptionBudget: null,
      island: null,
      seeds: Int32Array.from(inst.roots),
      seed: 1,
      timeBudgetMs: budget,
    });
    // a heuristic plan counts as feasible when every territory is one piece, within the band, and keeps its root
    const faults = planFaults(inst, result.assignment, tolerance);
    const feasible = !faults;
    let heuristicCost = 0;
    for (let i = 0; i < inst.n; i++) heuristicCost += costOf(inst, i, result.assignment[i]);
    const gap = (heuristicCost - milp.objective) / milp.objective;
    if (optimal) {
      solved++;
      if (feasible) {
        heuristicFeasible++;
        gaps.push(gap);
      }
    }
    const milpText = optimal
      ? `optimal ${milp.seconds.toFixed(1)} s obj ${milp.objective.toFixed(1)}`
      : `${milpFaults ? `plan rejected (${milpFaults})` : milp.status} ${milp.seconds.toFixed(1)} s best ${milp.objective.toFixed(1)} bound ${milp.bound.toFixed(1)}`;
    const heuristicText = feasible
      ? `feasible obj ${heuristicCost.toFixed(1)}${Number.isFinite(gap) ? ` (${gap >= 0 ? '+' : ''}${(gap * 100).toFixed(2)}%${optimal ? '' : ' vs best'})` : ''}`
      : `infeasible: ${faults}`;
    rows.push(`${s}: ${inst.n} units, K=${k}: MILP ${milpText}; heuristic (${budget} ms) ${heuristicText}`);
  }
  console.log(rows.join('\n'));
  console.log(`balance-optimality: ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  gaps.sort((a, b) => a - b);
  const median = gaps.length ? gaps[Math.floor(gaps.length / 2)] : NaN;
  const budgetNote = sizes.heuristicMs === undefined ? '6 ms a unit' : `${sizes.heuristicMs} ms`;
  return {
    'balance.milp_feasible_rate': {
      value: solved ? Math.round((heuristicFeasible / solved) * 1000) / 1000 : 0,
      unit: 'share',
      measured,
      note: `heuristic feasible on ${heuristicFeasible} of ${solved} instances the MILP solved to optimality (${instances} instances, ${sizes.minUnits}-${sizes.maxUnits} units, K ${sizes.minK}-${sizes.maxK}, ±10%, roots fixed at k-means centres, MILP limit ${sizes.timeLimit} s, heuristic ${budgetNote}); goal >= 0.95`,
    },
    'balance.milp_median_gap_pct': {
      value: Number.isFinite(median) ? Math.round(median * 1000) / 10 + 0 : -1,
      unit: '%',
      measured,
      note: `median objective gap (sum area x squared distance to root) where both are feasible (${gaps.length} instances; largest ${gaps.length ? Math.round(gaps[gaps.length - 1] * 1000) / 10 : '-'}%); goal <= 1`,
    },
  };
}
