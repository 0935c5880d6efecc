/**
 * Optimality harness: small instances cut from the real ZIP graph, solved exactly by a MILP (HiGHS)
 * and by the auto-balancer, compared on feasibility and on the same objective.
 *
 * MILP: x_ik binary (unit i in territory k), every unit in one territory, each territory's count and
 * value within mean * (1 +/- tolerance), contiguity by single-commodity flow from a fixed root per
 * territory, objective sum_ik x_ik * area_i * dist(i, root_k)^2 (compactness around the roots).
 * The heuristic gets the same roots as seeds and the same objective (`compactness: 'seedDistance'`:
 * once inside the band it spends its time lowering area x squared distance to the seeds) and is
 * scored with it. Instances are small (30-60 units, K 2-4) so that the flow formulation, whose LP bound
 * is weak, is solved to proven optimality within the time limit on most of them.
 */
import loadHighs from 'highs';
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

/** A connected piece of the real graph (breadth-first from a start unit), with its own indices. */
export function cutInstance(
  geo: GeoIndex,
  full: ReturnType<typeof balanceInstance>,
  start: number,
  n: number,
  k: number,
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
  // roots far apart: farthest-point sampling from the first unit
  const roots = [0];
  while (roots.length < k) {
    let best = -1;
    let bestD = -1;
    for (let i = 0; i < order.length; i++) {
      const d = Math.min(...roots.map((r) => (x[i] - x[r]) ** 2 + (y[i] - y[r]) ** 2));
      if (d > bestD) [best, bestD] = [i, d];
    }
    roots.push(best);
  }
  return {
    n: order.length,
    k,
    offsets,
    adjacency: Int32Array.from(adjacency),
    x,
    y,
    area: Float64Array.from(order, (u) => Math.max(geo.areaKm2[u], 0.1)),
    count: Float64Array.from(order, (u) => full.count[u] + 1), // every unit carries some work
    value: Float64Array.from(order, (u) => full.value[u] + 1000),
    roots,
  };
}

/** The MILP objective's cost of putting unit i in territory k: area x squared distance to its root (/1000). */
export function costOf(inst: SmallInstance, i: number, k: number): number {
  const r = inst.roots[k];
  return (inst.area[i] * ((inst.x[i] - inst.x[r]) ** 2 + (inst.y[i] - inst.y[r]) ** 2)) / 1000;
}

/** The MILP in CPLEX LP format. */
export function lpModel(inst: SmallInstance, tolerance: number): string {
  const { n, k } = inst;
  const lines: string[] = ['Minimize', ' obj:'];
  const terms: string[] = [];
  for (let i = 0; i < n; i++) for (let t = 0; t < k; t++) terms.push(`+ ${costOf(inst, i, t).toFixed(6)} x_${i}_${t}`);
  for (let s = 0; s < terms.length; s += 8) lines.push(`  ${terms.slice(s, s + 8).join(' ')}`);
  lines.push('Subject To');
  for (let i = 0; i < n; i++)
    lines.push(` one_${i}: ${Array.from({ length: k }, (_, t) => `x_${i}_${t}`).join(' + ')} = 1`);
  const totalCount = inst.count.reduce((s, v) => s + v, 0);
  const totalValue = inst.value.reduce((s, v) => s + v, 0);
  for (let t = 0; t < k; t++) {
    for (const [name, col, total] of [
      ['c', inst.count, totalCount],
      ['v', inst.value, totalValue],
    ] as const) {
      const sum = Array.from({ length: n }, (_, i) => `${col[i]} x_${i}_${t}`).join(' + ');
      lines.push(` lo${name}_${t}: ${sum} >= ${((total / k) * (1 - tolerance)).toFixed(3)}`);
      lines.push(` hi${name}_${t}: ${sum} <= ${((total / k) * (1 + tolerance)).toFixed(3)}`);
    }
    lines.push(` root_${t}: x_${inst.roots[t]}_${t} = 1`);
    // flow: each non-root unit of t consumes one unit of t's commodity
    for (let i = 0; i < n; i++) {
      if (i === inst.roots[t]) continue;
      const inflow: string[] = [];
      const outflow: string[] = [];
      for (let p = inst.offsets[i]; p < inst.offsets[i + 1]; p++) {
        const j = inst.adjacency[p];
        inflow.push(`f_${j}_${i}_${t}`);
        outflow.push(`- f_${i}_${j}_${t}`);
      }
      lines.push(` flow_${i}_${t}: ${inflow.join(' + ')} ${outflow.join(' ')} - x_${i}_${t} = 0`);
    }
    for (let i = 0; i < n; i++)
      for (let p = inst.offsets[i]; p < inst.offsets[i + 1]; p++) {
        const j = inst.adjacency[p];
        lines.push(` cap_${i}_${j}_${t}: f_${i}_${j}_${t} - ${n - 1} x_${i}_${t} <= 0`);
        lines.push(` capj_${i}_${j}_${t}: f_${i}_${j}_${t} - ${n - 1} x_${j}_${t} <= 0`);
      }
  }
  lines.push('Binaries');
  for (let i = 0; i < n; i++) lines.push(` ${Array.from({ length: k }, (_, t) => `x_${i}_${t}`).join(' ')}`);
  lines.push('End');
  return lines.join('\n');
}

/** Instance sizes: units and territories drawn uniformly from these ranges. */
export interface MilpSizes {
  minUnits: number;
  maxUnits: number;
  minK: number;
  maxK: number;
  timeLimit: number;
  /** The heuristic's time budget per instance (ms). */
  heuristicMs?: number;
}

/** Runs the harness; returns the feasible rate and the median gap. */
export async function milpSuite(
  measured: string,
  instances = 12,
  sizes: MilpSizes = { minUnits: 30, maxUnits: 60, minK: 2, maxK: 4, timeLimit: 30 },
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
  for (let s = 0; s < instances; s++) {
    const n = sizes.minUnits + Math.floor(random() * (sizes.maxUnits - sizes.minUnits + 1));
    const k = sizes.minK + Math.floor(random() * (sizes.maxK - sizes.minK + 1));
    const start = Math.floor(random() * geo.zipUnitCount);
    const inst = cutInstance(geo, full, start, n, k);
    const t0 = performance.now();
    const solution = highs.solve(lpModel(inst, tolerance), {
      time_limit: sizes.timeLimit,
      mip_rel_gap: 1e-4,
      output_flag: false,
    });
    const milpSeconds = (performance.now() - t0) / 1000;
    const optimal = solution.Status === 'Optimal';
    // the heuristic, seeded at the same roots, scored with the same objective
    const seeds = Int32Array.from(inst.roots);
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
      tolerance: tolerance * (1 - 1e-6), // the same band as the MILP (its bounds are rounded to 3 decimals)
      contiguity: true,
      compactnessWeight: 0.5,
      compactness: 'seedDistance',
      disruptionBudget: null,
      island: null,
      seeds,
      seed: 1,
      timeBudgetMs: sizes.heuristicMs ?? 300,
    });
    // a heuristic plan counts as feasible when every territory is one piece, within the band, and keeps its root
    const roots = inst.roots.every((r, t) => result.assignment[r] === t);
    const feasible = result.contiguous && Math.max(...result.maxDeviation) <= tolerance + 1e-9 && roots;
    let heuristicCost = 0;
    for (let i = 0; i < inst.n; i++) heuristicCost += costOf(inst, i, result.assignment[i]);
    if (optimal) {
      solved++;
      if (feasible) {
        heuristicFeasible++;
        gaps.push((heuristicCost - solution.ObjectiveValue) / solution.ObjectiveValue);
      }
    }
    rows.push(`${n} units, K=${k}: MILP ${solution.Status} ${milpSeconds.toFixed(1)}s obj ${optimal ? solution.ObjectiveValue.toFixed(1) : '-'}; heuristic ${feasible ? 'feasible' : 'infeasible'} obj ${heuristicCost.toFixed(1)} pieces ${Math.max(...territoryPieces({ unitCount: inst.n, adjacencyOffsets: inst.offsets, adjacency: inst.adjacency }, result.assignment, k))}`); // prettier-ignore
  }
  console.log(rows.join('\n'));
  gaps.sort((a, b) => a - b);
  const median = gaps.length ? gaps[Math.floor(gaps.length / 2)] : NaN;
  return {
    'balance.milp_feasible_rate': { value: solved ? Math.round((heuristicFeasible / solved) * 1000) / 1000 : 0, unit: 'share', measured, note: `heuristic feasible on ${heuristicFeasible} of ${solved} instances the MILP solved to optimality (${instances} instances, ${sizes.minUnits}-${sizes.maxUnits} units, K ${sizes.minK}-${sizes.maxK}, ±10%, roots fixed, MILP limit ${sizes.timeLimit} s, heuristic ${sizes.heuristicMs ?? 300} ms); goal >= 0.95` }, // prettier-ignore
    'balance.milp_median_gap_pct': { value: Number.isFinite(median) ? Math.round(median * 1000) / 10 + 0 : -1, unit: '%', measured, note: `median objective gap (sum area x squared distance to root) where both are feasible (${gaps.length} instances; largest ${gaps.length ? Math.round(gaps[gaps.length - 1] * 1000) / 10 : '-'}%); goal <= 1` }, // prettier-ignore
  };
}
