import { seededRandom } from '../../domain/random.ts';
import { territoryPieces } from '../shape.ts';
import { carveNewTerritories } from './carve.ts';
import { LeaveCheck } from './contiguity.ts';
import { RunControl } from './control.ts';
import { BandCost } from './cost.ts';
import { exchangeRound } from './exchanges.ts';
import { multilevelPlan, polishBorders, rebalanceAlongFronts } from './multilevel.ts';
import { anchoredCoordinates, initialPlan } from './initialPlan.ts';
import { repairContiguity } from './repair.ts';
import { returnHome } from './returnHome.ts';
import { annealAroundSeeds, polishAroundSeeds } from './seedShape.ts';
import { BalanceState } from './state.ts';
import { sweep } from './sweeps.ts';
import { Transfers } from './transfers.ts';
import type { BalanceHooks, BalanceInput, BalanceResult } from './types.ts';
import { blendBase, blendWeights, unitTotals } from './weights.ts';

/**
 * Auto-balance: an initial plan (the current one, seeds grown over the graph, or recursive
 * inertial bisection) and contiguity repair; new (nearly empty) territories are carved as discs from
 * their neighbours; then rounds of planned transfers (how much each border should pass, see
 * `planTransfers`, then the units of each border moved in order across it, as a straight front,
 * exchanging units where one column must move and another must not); then sweeps of single
 * boundary-unit moves that lower sum_k sum_c w_c ((L_kc - mu_c) / mu_c)^2 plus a growing penalty
 * outside the tolerance band and a compactness term, with transfer rounds again when the sweeps are
 * stuck outside the band; with `compactness: 'seedDistance'`, annealing on distance to the seeds
 * inside the band. Loads start from `baseLoad`. Never disconnects a territory, never moves locked
 * units, never exceeds the disruption budget. Deterministic for a seed and clock; keeps the best plan.
 */
export function autoBalance(input: BalanceInput, hooks: BalanceHooks = {}): BalanceResult {
  const control = new RunControl(hooks, input.timeBudgetMs);
  const { graph, columns, territoryCount: k } = input;
  const n = graph.unitCount;
  const cc = columns.length;
  const random = seededRandom(input.seed);
  const base = input.baseLoad ?? null;
  if (base && base.length !== k * cc) throw new Error('baseLoad must hold territoryCount x columns values');
  let eligibleCount = 0;
  for (let u = 0; u < n; u++) if (input.eligible[u] && !input.locked[u]) eligibleCount++;
  const eligibleUnits = new Int32Array(eligibleCount);
  for (let u = 0, i = 0; u < n; u++) if (input.eligible[u] && !input.locked[u]) eligibleUnits[i++] = u;
  const totals = unitTotals(input);
  const weight = blendWeights(input, totals);
  const baseWeight = blendBase(input, totals);

  // islands are placed where they join the mainland, so Hawaii is cut with California
  const placement = anchoredCoordinates(input);
  // from nothing without reps' home ZIPs: compact territories the multilevel way, then only what
  // the band still needs (sweeps chasing the mean make ragged borders)
  const compactStart = !input.initial && !input.seeds;
  const assignment = compactStart
    ? bestMultilevelPlan(input, placement, weight, baseWeight, control, random)
    : initialPlan(input, eligibleUnits, weight, baseWeight, placement);
  if (input.contiguity) repairContiguity(input, assignment, weight);

  const state = new BalanceState(input, assignment, weight, placement, eligibleUnits);
  const { initial, rooted } = state;
  const leave = new LeaveCheck(state);
  // transfers aim a little inside the band so the sweeps that follow have room to polish
  const aim = (initial ? 0.9 : 0.8) * input.tolerance;
  const transfers = new Transfers(state, leave, control, aim);
  let sweeps = 0;

  carveNewTerritories(state, leave, control, aim);

  let frontsKept = false;
  if (initial && !rooted) {
    // a rebalance first tries fronts and the cheapest borders, within the budget and the shape floor
    const start = Int32Array.from(assignment);
    const gate = {
      allows: (u: number, a: number, b: number) => !state.exceedsBudget(u, a, b),
      moved: (u: number, a: number, b: number) => state.moveUnit(u, a, b),
    };
    // kept when within the budget and the shape floors (and, if asked, the band)
    const fronts = (levels: number, budgetMs: number, band: boolean): boolean => {
      rebalanceAlongFronts(input, assignment, weight, control, budgetMs, gate, levels);
      if (state.withinLimits() && (!band || state.inBand())) return true;
      for (let u = 0; u < n; u++) if (start[u] !== assignment[u]) state.moveUnit(u, assignment[u], start[u]);
      return false;
    };
    // a rebalance that moves a few percent first refines only units and the next level: coarser blocks
    // overshoot and come back, moving more (bench drifts: median 2.25x the bound with all levels, 1.7x
    // with two); a large shift (new territories, a region's growth) needs the coarse levels to get there
    // in time. Most of the time goes to fronts: what they leave outside the band the old path finishes
    // less compactly.
    frontsKept = fronts(2, 0.4 * input.timeBudgetMs, true) || fronts(30, 0.85 * input.timeBudgetMs, false);
  }

  // ---- planned transfers until inside the band, leaving the sweeps time to polish
  let bestViolation = state.bandViolation();
  let stale = 0;
  // from nothing there is no disruption to save: aim for the inner band, so a peninsula of territories
  // that are all just inside the band does not stay at its edge (sweeps cannot pass load along chains)
  const settled = (): boolean =>
    initial || compactStart
      ? state.inBand()
      : state.maxDeviation().every((d, c) => !state.balancedColumn(c) || d <= aim);
  for (let round = 0; round < 30 && !settled(); round++) {
    if (control.stop() || control.elapsed() > 0.6 * input.timeBudgetMs) break;
    if (!transfers.round()) break;
    control.progress(state, sweeps);
    // a round can make things worse for a while (relays that could not pass load on); give up after three
    // rounds without a clear gain
    const after = state.bandViolation();
    if (after < bestViolation * 0.97 - 1e-9) {
      bestViolation = after;
      stale = 0;
    } else if (++stale >= 3) break;
  }

  // ---- sweeps of boundary moves, keeping the best plan
  const cost = new BandCost(state, compactStart);
  const order = Int32Array.from(eligibleUnits);
  let best = Int32Array.from(assignment);
  let bestScore = state.planScore(state.maxDeviation());
  let retries = 0; // transfer rounds run again from the sweeps when single moves are stuck
  let exchanges = 0; // exchange rounds, from nothing, when single moves stall inside the band
  for (;;) {
    if (control.stop()) break;
    // a compact plan in the band is done: sweeps would only roughen its borders
    if ((compactStart || frontsKept) && state.inBand()) break;
    // a rebalance keeps a tenth of its time to bring units home
    if (initial && control.elapsed() > 0.9 * input.timeBudgetMs) break;
    sweeps++;
    const improved = sweep(state, leave, cost, control, order, random);
    const devs = state.maxDeviation();
    const score = state.planScore(devs);
    if (score < bestScore) {
      bestScore = score;
      best = Int32Array.from(assignment);
    }
    cost.update(devs);
    control.progress(state, sweeps);
    if (improved === 0 && devs.every((d) => d <= input.tolerance / 4)) break;
    // a rebalance inside the band that no single move improves is done: more sweeps only move more
    if (initial && improved === 0 && state.inBand()) break;
    // around seeds, balance inside the band is not the aim: shape is, in the annealing below, which also
    // finds its way into the band when these sweeps do not
    if (rooted && (state.inBand() || control.elapsed() > 0.3 * input.timeBudgetMs)) break;
    // single moves are stuck outside the band (a peninsula that must pass load through its neighbours,
    // coarse units that need exchanges): plan transfers again from here
    if (improved <= order.length * 1e-3 && !state.inBand() && retries < 8) {
      retries++;
      transfers.round();
    } else if (improved <= order.length * 1e-3 && !initial && !settled() && exchanges < 20) {
      // inside the band but not yet near the mean, from nothing: exchanges where single moves stall
      exchanges++;
      exchangeRound(state, leave, cost, control, aim);
    }
  }

  if (initial && !control.cancelled) {
    // from the plan kept: the least disruptive one in the band
    for (let u = 0; u < n; u++) if (assignment[u] !== best[u]) state.moveUnit(u, assignment[u], best[u]);
    if (state.inBand()) {
      returnHome(state, leave, control);
      best = Int32Array.from(assignment);
    }
  }

  if (compactStart && !control.cancelled) {
    // the plan kept, its borders smoothed where the sweeps roughened them
    const polished = Int32Array.from(best);
    polishBorders(input, polished, weight, control, input.timeBudgetMs);
    best = polished;
  }

  if (rooted && !control.cancelled) {
    // a few independent cooling runs, each from the best plan so far: one run can freeze in a poor region
    for (let run = 0; run < 6 && !control.stop(); run++) annealAroundSeeds(state, leave, control, random);
    if (state.inBand()) {
      polishAroundSeeds(state, leave, control);
      best = Int32Array.from(assignment);
    }
  }

  return result(state, control, best, sweeps);
}

/**
 * Multilevel plans from different coarsenings while they fit in 70% of the time budget (as METIS
 * tries several cuts): one coarsening can lock a poor border in early. Keeps the plan inside the band
 * with the fewest cut edges (bench K = 50, seeds 1-3: 3,579-3,727 cut edges with one attempt,
 * 3,551-3,597 with five).
 */
function bestMultilevelPlan(
  input: BalanceInput,
  placement: { x: Float64Array; y: Float64Array },
  weight: Float64Array,
  baseWeight: Float64Array,
  control: RunControl,
  random: () => number,
): Int32Array {
  let best: Int32Array | null = null;
  let bestExcess = Infinity;
  let bestCut = Infinity;
  for (let attempt = 0; attempt < MULTILEVEL_ATTEMPTS; attempt++) {
    const started = control.elapsed();
    const plan = multilevelPlan(input, placement, weight, baseWeight, control, random, started).assignment;
    const { excess, cut } = planFit(input, plan);
    if (best === null || excess < bestExcess - 1e-12 || (excess <= bestExcess + 1e-12 && cut < bestCut)) {
      best = plan;
      bestExcess = excess;
      bestCut = cut;
    }
    const took = control.elapsed() - started;
    if (control.stop() || control.elapsed() + took > 0.7 * input.timeBudgetMs) break;
  }
  return best as Int32Array;
}

const MULTILEVEL_ATTEMPTS = 5;

/** How far a plan is outside the band (summed over territories and balanced columns) and its cut edges. */
function planFit(input: BalanceInput, plan: Int32Array): { excess: number; cut: number } {
  const { graph, columns, territoryCount: k, columnWeights, tolerance } = input;
  const cc = columns.length;
  const load = new Float64Array(k * cc);
  if (input.baseLoad) load.set(input.baseLoad);
  let cut = 0;
  for (let u = 0; u < graph.unitCount; u++) {
    const t = plan[u];
    if (t < 0) continue;
    for (let c = 0; c < cc; c++) load[t * cc + c] += columns[c][u];
    for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
      const w = graph.adjacency[p];
      if (w > u && plan[w] >= 0 && plan[w] !== t) cut++;
    }
  }
  let excess = 0;
  for (let c = 0; c < cc; c++) {
    if (!(columnWeights[c] > 0)) continue;
    let total = 0;
    for (let t = 0; t < k; t++) total += load[t * cc + c];
    const mean = total / k;
    if (!(mean > 0)) continue;
    for (let t = 0; t < k; t++) excess += Math.max(0, Math.abs(load[t * cc + c] - mean) / mean - tolerance);
  }
  return { excess, cut };
}

/** Loads, deviations, pieces and disruption of the plan kept, recomputed from scratch. */
function result(state: BalanceState, control: RunControl, best: Int32Array, sweeps: number): BalanceResult {
  const { input, n, k, cc, columns, mean, total, initial } = state;
  const pieces = territoryPieces(input.graph, best, k);
  const finalLoad = new Float64Array(k * cc);
  if (input.baseLoad) finalLoad.set(input.baseLoad);
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
    elapsedMs: control.elapsed(),
    cancelled: control.cancelled,
    moved: Array.from(finalMoved, (m, c) => (total[c] > 0 ? m / total[c] : 0)),
  };
}
