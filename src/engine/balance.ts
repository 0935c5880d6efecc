import type { BalanceHooks, BalanceInput, BalanceResult } from './balance/types.ts';
import { UnitHeap } from './balance/heap.ts';
import { anchoredCoordinates, growFromSeeds, growNearestSeeds, inertialBisection } from './balance/initialPlan.ts';
import { planTransfers } from './balance/planTransfers.ts';
import { repairContiguity } from './balance/repair.ts';
import { blendBase, blendWeights, unitTotals } from './balance/weights.ts';
import { seededRandom } from '../domain/random.ts';
import { territoryPieces } from './shape.ts';

export type { BalanceHooks, BalanceInput, BalanceProgress, BalanceResult } from './balance/types.ts';
export { planTransfers } from './balance/planTransfers.ts';

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
  const now = hooks.now ?? (() => performance.now());
  const started = now();
  const { graph, columns, columnWeights, territoryCount: k } = input;
  const { adjacencyOffsets: offsets, adjacency } = graph;
  const n = graph.unitCount;
  const cc = columns.length;
  const random = seededRandom(input.seed);
  const base = input.baseLoad ?? null;
  if (base && base.length !== k * cc) throw new Error('baseLoad must hold territoryCount x columns values');
  const moveCost = input.moveCost ?? null;
  const eligibleUnits: number[] = [];
  for (let u = 0; u < n; u++) if (input.eligible[u] && !input.locked[u]) eligibleUnits.push(u);
  const totals = unitTotals(input);
  const weight = blendWeights(input, totals);
  const baseWeight = blendBase(input, totals);

  // ---- initial plan; islands are placed where they join the mainland, so Hawaii is cut with California
  const placement = anchoredCoordinates(input);
  const bisectInput = { ...input, x: placement.x, y: placement.y };
  const assignment = input.initial ? Int32Array.from(input.initial) : new Int32Array(n).fill(-1);
  if (!input.initial) {
    for (let u = 0; u < n; u++) if (input.locked[u]) assignment[u] = -1;
    if (input.seeds) {
      if (input.compactness === 'seedDistance') growNearestSeeds(input, assignment);
      else growFromSeeds(input, weight, baseWeight, assignment);
      // units the growth could not reach (no seed nearby) fall back to bisection
      const rest = Int32Array.from(eligibleUnits.filter((u) => assignment[u] < 0));
      if (rest.length) inertialBisection(bisectInput, rest, 0, k, weight, baseWeight, assignment);
    } else inertialBisection(bisectInput, Int32Array.from(eligibleUnits), 0, k, weight, baseWeight, assignment);
  }
  if (input.contiguity) repairContiguity(input, assignment, weight);

  // ---- loads (from the base load) and moment sums
  const load = new Float64Array(k * cc);
  const mean = new Float64Array(cc);
  const total = new Float64Array(cc);
  if (base)
    for (let i = 0; i < k * cc; i++) {
      load[i] = base[i];
      total[i % cc] += base[i];
    }
  const sA = new Float64Array(k),
    sX = new Float64Array(k),
    sY = new Float64Array(k),
    sXX = new Float64Array(k);
  // area-weighted centres in the anchored coordinates, which give transfer fronts their direction
  const pX = new Float64Array(k),
    pY = new Float64Array(k);
  const size = new Int32Array(k);
  for (let u = 0; u < n; u++) {
    const t = assignment[u];
    if (t < 0) continue;
    size[t]++;
    for (let c = 0; c < cc; c++) {
      total[c] += columns[c][u];
      load[t * cc + c] += columns[c][u];
    }
    const a = input.area[u];
    sA[t] += a;
    sX[t] += a * input.x[u];
    sY[t] += a * input.y[u];
    sXX[t] += a * (input.x[u] ** 2 + input.y[u] ** 2);
    pX[t] += a * placement.x[u];
    pY[t] += a * placement.y[u];
  }
  for (let c = 0; c < cc; c++) mean[c] = total[c] / k || 1;
  const inertia = (t: number, da: number, dx: number, dy: number, dxx: number): number => {
    const a = sA[t] + da;
    return a > 0 ? sXX[t] + dxx - ((sX[t] + dx) ** 2 + (sY[t] + dy) ** 2) / a : 0;
  };
  let inertiaScale = 0;
  for (let t = 0; t < k; t++) inertiaScale += inertia(t, 0, 0, 0, 0);
  inertiaScale = inertiaScale / k || 1;
  // compactness around the seed units instead (area x squared distance to the territory's seed)
  const seeds = input.seeds;
  const rooted =
    input.compactness === 'seedDistance' && seeds !== null && seeds.length >= k && seeds.every((s) => s >= 0);
  const rootX = Float64Array.from({ length: k }, (_, t) => (rooted ? input.x[(seeds as Int32Array)[t]] : 0));
  const rootY = Float64Array.from({ length: k }, (_, t) => (rooted ? input.y[(seeds as Int32Array)[t]] : 0));
  const toRoot = (u: number, t: number): number =>
    input.area[u] * ((input.x[u] - rootX[t]) ** 2 + (input.y[u] - rootY[t]) ** 2);
  let rootScale = 0;
  if (rooted) for (let u = 0; u < n; u++) if (assignment[u] >= 0) rootScale += toRoot(u, assignment[u]);
  rootScale = rootScale / k || 1;

  // ---- disruption tracking (rebalance)
  const initial = input.initial;
  const moved = new Float64Array(cc);
  const budget =
    initial && input.disruptionBudget !== null
      ? Array.from(total, (t) => t * (input.disruptionBudget as number))
      : null;
  if (initial)
    for (let u = 0; u < n; u++)
      if (assignment[u] !== initial[u] && initial[u] >= 0) for (let c = 0; c < cc; c++) moved[c] += columns[c][u];

  // seed units (reps' home ZIPs) stay in the territory grown around them
  const seedUnit = new Uint8Array(n);
  if (input.seeds) for (const u of input.seeds) if (u >= 0) seedUnit[u] = 1;
  const movable = (u: number): boolean => input.eligible[u] === 1 && !input.locked[u] && !seedUnit[u];

  /** Moves u from territory a to b, keeping loads, moment sums, sizes and disruption up to date. */
  const moveUnit = (u: number, a: number, b: number): void => {
    for (let c = 0; c < cc; c++) {
      load[a * cc + c] -= columns[c][u];
      load[b * cc + c] += columns[c][u];
    }
    const ar = input.area[u];
    const ux = input.x[u];
    const uy = input.y[u];
    const uxx = ar * (ux * ux + uy * uy);
    sA[a] -= ar;
    sX[a] -= ar * ux;
    sY[a] -= ar * uy;
    sXX[a] -= uxx;
    sA[b] += ar;
    sX[b] += ar * ux;
    sY[b] += ar * uy;
    sXX[b] += uxx;
    pX[a] -= ar * placement.x[u];
    pY[a] -= ar * placement.y[u];
    pX[b] += ar * placement.x[u];
    pY[b] += ar * placement.y[u];
    size[a]--;
    size[b]++;
    if (initial) {
      const sign = (initial[u] === a ? 1 : 0) - (initial[u] === b ? 1 : 0);
      if (sign !== 0) for (let c = 0; c < cc; c++) moved[c] += sign * columns[c][u];
    }
    assignment[u] = b;
  };
  /** Would moving u from a to b take the rebalance over its disruption budget? */
  const overBudget = (u: number, a: number, b: number): boolean => {
    if (!budget || !initial || initial[u] !== a || initial[u] === b) return false;
    for (let c = 0; c < cc; c++) if (moved[c] + columns[c][u] > budget[c] + 1e-9) return true;
    return false;
  };

  /** Would moving these units from a to b (together) take the rebalance over its disruption budget? */
  const groupOverBudget = (units: number[], a: number, b: number): boolean => {
    if (!budget || !initial) return false;
    for (let c = 0; c < cc; c++) {
      let add = 0;
      for (const u of units) if (initial[u] === a && initial[u] !== b) add += columns[c][u];
      if (add > 0 && moved[c] + add > budget[c] + 1e-9) return true;
    }
    return false;
  };

  // may u leave territory a without cutting a in two? Breadth-first from all of u's neighbours in a at
  // once, each search labelled; searches that meet merge. True as soon as all have merged; false as soon
  // as one runs out of units without meeting the others, so a small pocket is settled in a few steps
  // however large the rest of the territory is. Searches that wander too far count as unsafe.
  const label = new Int32Array(n);
  const mark = new Int32Array(n);
  let stamp = 0;
  const queue = new Int32Array(n);
  const parent = new Int32Array(64);
  const frontier = new Int32Array(64);
  const root = (l: number): number => {
    while (parent[l] !== l) l = parent[l] = parent[parent[l]];
    return l;
  };
  const canLeave = (u: number, a: number): boolean => {
    if (size[a] <= 1) return false;
    if (!input.contiguity) return true;
    stamp++;
    mark[u] = stamp;
    let head = 0;
    let tail = 0;
    let groups = 0;
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const v = adjacency[p];
      if (assignment[v] !== a || mark[v] === stamp) continue;
      if (groups === parent.length) return false; // a hub with very many neighbours: do not risk it
      mark[v] = stamp;
      label[v] = groups;
      parent[groups] = groups;
      frontier[groups] = 1;
      groups++;
      queue[tail++] = v;
    }
    // a unit with no neighbour in its territory is a stray piece: letting it go can only help
    if (groups <= 1) return true;
    let apart = groups;
    let steps = 0;
    while (head < tail) {
      const w = queue[head++];
      if (++steps > 3000) return false; // too far around: treat as unsafe
      const r = root(label[w]);
      frontier[r]--;
      for (let p = offsets[w]; p < offsets[w + 1]; p++) {
        const v = adjacency[p];
        if (v === u || assignment[v] !== a) continue;
        if (mark[v] !== stamp) {
          mark[v] = stamp;
          label[v] = r;
          frontier[r]++;
          queue[tail++] = v;
          continue;
        }
        const r2 = root(label[v]);
        if (r2 === r) continue;
        parent[r2] = r;
        frontier[r] += frontier[r2];
        if (--apart === 1) return true;
      }
      if (frontier[root(r)] === 0) return false;
    }
    return false;
  };

  /**
   * The units that must go with u when u leaves a: small pockets of a (at most `limit` units, e.g. ZIP
   * areas enclosed by u) that only reach the rest of a through u. Fills `group` with u and its pockets
   * and returns true when u can leave with them (alone when there are none); false when u holds a
   * together (or a pocket cannot move).
   */
  const pocketSeen = new Int32Array(n);
  let pocketStamp = 0;
  const pocketQueue: number[] = [];
  const group: number[] = [];
  const pockets = (u: number, a: number, limit: number): boolean => {
    group.length = 0;
    group.push(u);
    if (canLeave(u, a)) return true;
    if (!input.contiguity) return false;
    pocketStamp++;
    pocketSeen[u] = pocketStamp;
    let big = false;
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const t = adjacency[p];
      if (assignment[t] !== a || pocketSeen[t] === pocketStamp) continue;
      // flood from t; a pocket is a flood that ends before `limit` units
      pocketQueue.length = 0;
      pocketQueue.push(t);
      pocketSeen[t] = pocketStamp;
      let open = false;
      for (let head = 0; head < pocketQueue.length; head++) {
        if (pocketQueue.length > limit) {
          open = true;
          break;
        }
        const w = pocketQueue[head];
        for (let q = offsets[w]; q < offsets[w + 1]; q++) {
          const v = adjacency[q];
          if (assignment[v] !== a || pocketSeen[v] === pocketStamp) continue;
          pocketSeen[v] = pocketStamp;
          pocketQueue.push(v);
        }
      }
      if (open) {
        big = true;
        // the flood stopped early: its unvisited frontier must stay open for the next targets' floods
        for (const w of pocketQueue) pocketSeen[w] = 0;
        for (const w of group) pocketSeen[w] = pocketStamp;
      } else {
        for (const w of pocketQueue) if (!movable(w)) return false;
        for (const w of pocketQueue) group.push(w);
      }
    }
    if (!big || group.length === 1) return false;
    // with the pockets gone too, the rest of a must still hang together around u
    for (let i = 1; i < group.length; i++) assignment[group[i]] = -2;
    const ok = canLeave(u, a);
    for (let i = 1; i < group.length; i++) assignment[group[i]] = a;
    return ok;
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
  // only columns with weight are balanced; the others ride along
  const balancedColumn = (c: number): boolean => columnWeights[c] > 0;
  const scoreOf = (devs: number[]): number => devs.reduce((s, d, c) => (balancedColumn(c) ? Math.max(s, d) : s), 0);
  /**
   * How good a plan is to keep (lower is better): a rebalance inside the band is judged by what it
   * moved (always below any plan outside the band), anything else by its largest deviation.
   */
  const planScore = (devs: number[]): number => {
    const deviation = scoreOf(devs);
    if (!initial || deviation > input.tolerance) return deviation;
    let disruption = 0;
    for (let c = 0; c < cc; c++) if (total[c] > 0) disruption += (columnWeights[c] * moved[c]) / total[c];
    return disruption - 1e3;
  };
  const inBand = (): boolean => maxDeviation().every((d, c) => !balancedColumn(c) || d <= input.tolerance);
  const outOfBand = (t: number): boolean => {
    for (let c = 0; c < cc; c++)
      if (balancedColumn(c) && Math.abs(load[t * cc + c] - mean[c]) > input.tolerance * mean[c]) return true;
    return false;
  };
  /** Sum over territories and balanced columns of how far each lies outside the band (relative to the mean). */
  const bandViolation = (): number => {
    let v = 0;
    for (let c = 0; c < cc; c++)
      if (balancedColumn(c))
        for (let t = 0; t < k; t++) v += Math.max(0, Math.abs(load[t * cc + c] - mean[c]) / mean[c] - input.tolerance);
    return v;
  };

  let cancelled = false;
  let lastProgress = started;
  let sweeps = 0;
  /** True when the time budget is spent or the caller cancelled (then `cancelled` is set). */
  const stop = (): boolean => {
    if (cancelled) return true;
    if (hooks.shouldCancel?.()) {
      cancelled = true;
      return true;
    }
    return now() - started > input.timeBudgetMs;
  };
  const progress = (): void => {
    const t = now();
    if (hooks.onProgress && t - lastProgress > 250) {
      lastProgress = t;
      hooks.onProgress({ elapsedMs: t - started, sweeps, maxDeviation: maxDeviation(), objective: objective() });
    }
  };

  // transfers aim a little inside the band so the sweeps that follow have room to polish
  const aim = (input.initial ? 0.9 : 0.8) * input.tolerance;
  // how much the planner prefers not to move u (0..1); units without accounts count as empty
  const costOf = (u: number): number => (moveCost ? moveCost[u] : 0);
  const isEmpty = (u: number): boolean => weight[u] <= 1.0000001e-9;

  const heap = new UnitHeap();
  const popped = new Int32Array(n);
  let popStamp = 0;
  const meanArea = sA.reduce((s, a) => s + a, 0) / k;
  /**
   * Carves a new (nearly empty) territory t as a disc around its centre: the nearest units of any
   * neighbour that stays above the band's floor, until t reaches the floor itself. Taking a slice from
   * each of several neighbours disrupts far less than pulling load through chains of territories.
   */
  const carve = (t: number): void => {
    if (sA[t] <= 0) return;
    const cx = pX[t] / sA[t];
    const cy = pY[t] / sA[t];
    const r2 = meanArea / Math.PI;
    const key = (u: number): number => (placement.x[u] - cx) ** 2 + (placement.y[u] - cy) ** 2 + costOf(u) * r2;
    heap.clear();
    popStamp++;
    for (let u = 0; u < n; u++)
      if (assignment[u] === t)
        for (let p = offsets[u]; p < offsets[u + 1]; p++) {
          const v = adjacency[p];
          if (assignment[v] !== t && assignment[v] >= 0) heap.push(v, key(v));
        }
    const reached = (): boolean => {
      for (let c = 0; c < cc; c++) if (balancedColumn(c) && load[t * cc + c] < (1 - aim) * mean[c]) return false;
      return true;
    };
    let pops = 0;
    while (heap.size > 0 && !reached()) {
      if ((++pops & 255) === 0 && stop()) return;
      const u = heap.pop();
      if (popped[u] === popStamp) continue;
      popped[u] = popStamp;
      const a = assignment[u];
      if (a < 0 || a === t || !movable(u)) continue;
      let fits = true;
      for (let c = 0; c < cc; c++) {
        const col = columns[c][u];
        if (col <= 0 || !balancedColumn(c)) continue;
        if (load[a * cc + c] - col < (1 - aim) * mean[c] || load[t * cc + c] + col > (1 + aim) * mean[c]) fits = false;
      }
      if (!fits || overBudget(u, a, t) || !canLeave(u, a)) continue;
      moveUnit(u, a, t);
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const v = adjacency[p];
        if (popped[v] !== popStamp && assignment[v] !== t && assignment[v] >= 0) heap.push(v, key(v));
      }
    }
  };

  /**
   * Carries out the planned transfer between neighbours a and b: `pass[c]` of each column c from a to b
   * (negative: from b to a; NaN: no plan for c, which must then only stay inside the band). Two fronts:
   * a's units that touch b, nearest b first, and b's units that touch a, nearest a first (straight
   * fronts keep both compact). Each step takes, from the first few units of either front, the move that
   * brings the pair closest to its targets per unit of load moved, so a value transfer that must not move
   * accounts becomes an exchange of value-rich against account-rich units. Units without load are
   * crossed when nothing loaded helps (that is how a border advances over empty land); a trailing run of
   * them that led nowhere is put back. Never disconnects a or b. Returns whether anything moved.
   */
  const heapBack = new UnitHeap();
  const windowF = new Int32Array(48);
  const windowB = new Int32Array(48);
  const targetA = new Float64Array(cc);
  const targetB = new Float64Array(cc);
  const bandA = new Float64Array(2 * cc);
  const bandB = new Float64Array(2 * cc);
  const vec = new Float64Array(cc);
  const transferAlong = (a: number, b: number, pass: Float64Array, front: Int32Array, back: Int32Array): boolean => {
    if (sA[a] <= 0 || sA[b] <= 0) return false;
    const dx = pX[b] / sA[b] - pX[a] / sA[a];
    const dy = pY[b] / sA[b] - pY[a] / sA[a];
    const span = dx * dx + dy * dy;
    const along = (u: number): number => placement.x[u] * dx + placement.y[u] * dy;
    heap.clear();
    heapBack.clear();
    popStamp++;
    for (const u of front) if (assignment[u] === a) heap.push(u, -along(u) + 0.25 * costOf(u) * span);
    for (const u of back) if (assignment[u] === b) heapBack.push(u, along(u) + 0.25 * costOf(u) * span);
    if (heap.size === 0) {
      // earlier transfers this round moved the border the lists were made for: find it again
      for (let u = 0; u < n; u++) {
        const t = assignment[u];
        if ((t !== a && t !== b) || !movable(u)) continue;
        const other = t === a ? b : a;
        for (let p = offsets[u]; p < offsets[u + 1]; p++)
          if (assignment[adjacency[p]] === other) {
            if (t === a) heap.push(u, -along(u) + 0.25 * costOf(u) * span);
            else heapBack.push(u, along(u) + 0.25 * costOf(u) * span);
            break;
          }
      }
    }
    for (let o = 0; o < cc; o++) {
      const la = load[a * cc + o];
      const lb = load[b * cc + o];
      const tracked = !Number.isNaN(pass[o]);
      targetA[o] = tracked ? la - pass[o] : NaN;
      targetB[o] = tracked ? lb + pass[o] : NaN;
      // the band (the real one: targets aim inside it, but the other columns may use all of it), widened
      // to the target (a relay may go over on its way) and to where the load already is
      const lo = (1 - input.tolerance) * mean[o];
      const hi = (1 + input.tolerance) * mean[o];
      const ea = tracked ? targetA[o] : la;
      const eb = tracked ? targetB[o] : lb;
      bandA[2 * o] = Math.min(lo, ea, la);
      bandA[2 * o + 1] = Math.max(hi, ea, la);
      bandB[2 * o] = Math.min(lo, eb, lb);
      bandB[2 * o + 1] = Math.max(hi, eb, lb);
    }
    // squared distance of a load from its target (columns with a plan here), plus a far heavier cost for
    // leaving the (widened) band, so that one column's transfer cannot push another out of the band
    const miss = (o: number, l: number, target: number, band: Float64Array): number => {
      const lo = band[2 * o];
      const hi = band[2 * o + 1];
      const out = l < lo ? lo - l : l > hi ? l - hi : 0;
      const track = Number.isNaN(target) ? 0 : (l - target) ** 2;
      return (columnWeights[o] * (track + 200 * out * out)) / (mean[o] * mean[o]);
    };
    // change of the pair's miss when load `vec` goes from `from` to `to`, per unit of (blended) load moved
    const gainOf = (vec: Float64Array, from: number, to: number, cost: number): number => {
      let delta = 0;
      let moving = 0;
      const tf = from === a ? targetA : targetB;
      const tt = to === a ? targetA : targetB;
      const wf = from === a ? bandA : bandB;
      const wt = to === a ? bandA : bandB;
      for (let o = 0; o < cc; o++) {
        const v = vec[o];
        if (!balancedColumn(o) || v === 0) continue;
        const lf = load[from * cc + o];
        const lt = load[to * cc + o];
        delta +=
          miss(o, lf - v, tf[o], wf) + miss(o, lt + v, tt[o], wt) - miss(o, lf, tf[o], wf) - miss(o, lt, tt[o], wt);
        moving += (columnWeights[o] * v) / mean[o];
      }
      return moving > 0 ? delta / (moving * (1 + 4 * cost)) : 0;
    };
    // the same for an exchange: u from a to b and v from b to a (`vec` = u's columns minus v's)
    const exchangeGain = (diff: Float64Array, u: number, v: number): number => {
      let delta = 0;
      let moving = 0;
      for (let o = 0; o < cc; o++) {
        const d = diff[o];
        if (!balancedColumn(o)) continue;
        const la = load[a * cc + o];
        const lb = load[b * cc + o];
        delta +=
          miss(o, la - d, targetA[o], bandA) +
          miss(o, lb + d, targetB[o], bandB) -
          miss(o, la, targetA[o], bandA) -
          miss(o, lb, targetB[o], bandB);
        moving += (columnWeights[o] * (columns[o][u] + columns[o][v])) / mean[o];
      }
      return moving > 0 ? delta / (moving * (1 + 4 * Math.max(costOf(u), costOf(v)))) : 0;
    };
    const gain = (u: number, from: number, to: number): number => {
      for (let o = 0; o < cc; o++) vec[o] = columns[o][u];
      return gainOf(vec, from, to, costOf(u));
    };
    const touches = (u: number, t: number): boolean => {
      for (let p = offsets[u]; p < offsets[u + 1]; p++) if (assignment[adjacency[p]] === t) return true;
      return false;
    };
    // the first few valid units of a front (popped; the caller pushes back those it does not take)
    const fill = (h: UnitHeap, from: number, to: number, out: Int32Array): number => {
      let m = 0;
      while (m < width && h.size > 0) {
        const u = h.pop();
        if (popped[u] === popStamp || assignment[u] !== from || !movable(u) || !touches(u, to)) continue;
        let dup = false;
        for (let i = 0; i < m; i++) if (out[i] === u) dup = true;
        if (!dup) out[m++] = u;
      }
      return m;
    };
    const done: number[] = [];
    const doneFrom: number[] = [];
    let kept = 0;
    let steps = 0;
    // the first few units of each front usually hold a good move; only when they do not, look deeper
    let width = 6;
    for (;;) {
      if ((++steps & 127) === 0 && stop()) break;
      const mf = fill(heap, a, b, windowF);
      const mb = fill(heapBack, b, a, windowB);
      if (mf + mb === 0) break;
      let pick = -1;
      let pickFrom = -1;
      let best = -1e-15;
      let empty = -1;
      for (let i = 0; i < mf; i++) {
        const u = windowF[i];
        const g = gain(u, a, b);
        if (g < best) [best, pick, pickFrom] = [g, u, a];
        if (empty < 0 && isEmpty(u)) empty = u;
      }
      for (let i = 0; i < mb; i++) {
        const u = windowB[i];
        const g = gain(u, b, a);
        if (g < best) [best, pick, pickFrom] = [g, u, b];
      }
      if (pick < 0 && empty >= 0) [pick, pickFrom] = [empty, a];
      // no single move helps even among the deeper units: an exchange may (a big unit one way, a smaller
      // one back), which is how a territory sheds value without shedding accounts when units are coarse
      let swapBack = -1;
      if (pick < 0 && width === windowF.length && (outOfBand(a) || outOfBand(b))) {
        let bestSwap = -1e-15;
        for (let i = 0; i < Math.min(mf, 16); i++)
          for (let j = 0; j < Math.min(mb, 16); j++) {
            const u = windowF[i];
            const v = windowB[j];
            for (let o = 0; o < cc; o++) vec[o] = columns[o][u] - columns[o][v];
            const g = exchangeGain(vec, u, v);
            if (g < bestSwap) [bestSwap, pick, swapBack] = [g, u, v];
          }
        if (pick >= 0) pickFrom = a;
      }
      for (let i = 0; i < mf; i++)
        if (windowF[i] !== pick) heap.push(windowF[i], -along(windowF[i]) + 0.25 * costOf(windowF[i]) * span);
      for (let i = 0; i < mb; i++)
        if (windowB[i] !== swapBack) heapBack.push(windowB[i], along(windowB[i]) + 0.25 * costOf(windowB[i]) * span);
      if (pick < 0) {
        if (width === windowF.length) break;
        width = windowF.length;
        continue;
      }
      if (swapBack >= 0) {
        popped[pick] = popStamp;
        popped[swapBack] = popStamp;
        // u over to b first, then v back over to a, each only if both territories stay whole
        if (overBudget(pick, a, b) || overBudget(swapBack, b, a) || !canLeave(pick, a)) continue;
        moveUnit(pick, a, b);
        if (!touches(swapBack, a) || !canLeave(swapBack, b)) {
          moveUnit(pick, b, a);
          continue;
        }
        moveUnit(swapBack, b, a);
        done.push(pick, swapBack);
        doneFrom.push(a, b);
        kept = done.length;
        for (const [w, from] of [
          [pick, a],
          [swapBack, b],
        ])
          for (let p = offsets[w]; p < offsets[w + 1]; p++) {
            const v = adjacency[p];
            if (assignment[v] === from && popped[v] !== popStamp)
              (from === a ? heap : heapBack).push(v, (from === a ? -along(v) : along(v)) + 0.25 * costOf(v) * span);
          }
        continue;
      }
      width = 6;
      popped[pick] = popStamp; // taken or refused: not again in this transfer
      const to = pickFrom === a ? b : a;
      // enclosed pockets (ZIP areas inside the unit) go along, if the whole group still helps
      if (!pockets(pick, pickFrom, 64)) continue;
      let loaded = pick !== empty;
      if (group.length > 1) {
        vec.fill(0);
        let cost = 0;
        for (const w of group) {
          for (let o = 0; o < cc; o++) vec[o] += columns[o][w];
          cost = Math.max(cost, costOf(w));
          if (!isEmpty(w)) loaded = true;
        }
        if (loaded && !(gainOf(vec, pickFrom, to, cost) < 0)) continue;
      }
      if (groupOverBudget(group, pickFrom, to)) continue;
      const h = pickFrom === a ? heap : heapBack;
      for (const w of group) {
        popped[w] = popStamp;
        moveUnit(w, pickFrom, to);
        done.push(w);
        doneFrom.push(pickFrom);
      }
      if (loaded) kept = done.length;
      for (const w of group)
        for (let p = offsets[w]; p < offsets[w + 1]; p++) {
          const v = adjacency[p];
          if (assignment[v] === pickFrom && popped[v] !== popStamp)
            h.push(v, (pickFrom === a ? -along(v) : along(v)) + 0.25 * costOf(v) * span);
        }
    }
    // empty units crossed at the end led nowhere: give them back (reverse order keeps both connected)
    while (done.length > kept) {
      const u = done.pop() as number;
      const from = doneFrom.pop() as number;
      moveUnit(u, from === a ? b : a, from);
    }
    return kept > 0;
  };

  /**
   * One round of planned transfers: a flow plan per balanced column that has territories outside the
   * band, then every pair of neighbours with planned flow carries out all its columns' transfers at
   * once. False when nothing moved.
   */
  const border = new Int32Array(k * k);
  const activePair = new Uint8Array(k * k);
  const borderCost = new Float64Array(k * k).fill(1);
  const startLoad = new Float64Array(cc);
  const frontStart = new Int32Array(k * k + 1);
  const frontFill = new Int32Array(k * k);
  let frontUnits = new Int32Array(1024);
  let retries = 0; // transfer rounds run again from the sweeps when single moves are stuck
  let exchanges = 0; // exchange rounds, from nothing, when single moves stall inside the band
  const transferRound = (): boolean => {
    const planned: number[] = [];
    let primary = -1;
    let worst = 0;
    for (let c = 0; c < cc; c++) {
      if (!balancedColumn(c)) continue;
      let v = 0;
      for (let t = 0; t < k; t++) v += Math.max(0, Math.abs(load[t * cc + c] - mean[c]) / mean[c] - aim);
      if (v > 0) planned.push(c);
      if (v > worst) [worst, primary] = [v, c];
    }
    if (primary < 0) return false;
    border.fill(0);
    for (let u = 0; u < n; u++) {
      const a = assignment[u];
      if (a < 0 || !movable(u)) continue;
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const b = assignment[adjacency[p]];
        if (b >= 0 && b !== a) border[a * k + b]++;
      }
    }
    const perimeter = new Float64Array(k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) perimeter[a] += border[a * k + b];
    const flows = new Map<number, Float64Array>();
    for (const c of planned) {
      const columnLoad = Float64Array.from({ length: k }, (_, t) => load[t * cc + c]);
      // a border can pass about its share of either side's perimeter (times 2.5) of the sender's load: a
      // short corner contact cannot carry a whole territory's excess without tearing shapes apart, but a
      // territory's only contact (an island group's one virtual edge) must carry all it needs
      const capacity = new Float64Array(k * k);
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++) {
          const e = border[a * k + b];
          if (e === 0) continue;
          const share = Math.max(e / perimeter[a], border[b * k + a] / Math.max(1, perimeter[b]));
          capacity[a * k + b] = (columnLoad[a] + mean[c] * 0.05) * Math.min(1, 2.5 * share);
        }
      flows.set(c, planTransfers(k, columnLoad, (1 - aim) * mean[c], (1 + aim) * mean[c], capacity, borderCost));
    }
    const flow = flows.get(primary) as Float64Array;
    // pairs with planned flow in any column, and the units on each side of their borders (one array,
    // sliced per ordered pair: frontStart[a * k + b] .. frontStart[a * k + b + 1])
    activePair.fill(0);
    for (const [c, f] of flows)
      for (let e = 0; e < k * k; e++)
        if (f[e] > mean[c] * 1e-4) activePair[e] = activePair[(e % k) * k + Math.floor(e / k)] = 1;
    frontStart.fill(0);
    for (let u = 0; u < n; u++) {
      const a = assignment[u];
      if (a < 0 || !movable(u)) continue;
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const b = assignment[adjacency[p]];
        if (b >= 0 && b !== a && activePair[a * k + b]) frontStart[a * k + b + 1]++;
      }
    }
    for (let e = 0; e < k * k; e++) frontStart[e + 1] += frontStart[e];
    if (frontUnits.length < frontStart[k * k]) frontUnits = new Int32Array(frontStart[k * k] * 2);
    frontFill.set(frontStart.subarray(0, k * k));
    for (let u = 0; u < n; u++) {
      const a = assignment[u];
      if (a < 0 || !movable(u)) continue;
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const b = assignment[adjacency[p]];
        if (b >= 0 && b !== a && activePair[a * k + b]) frontUnits[frontFill[a * k + b]++] = u;
      }
    }
    const front = (a: number, b: number): Int32Array =>
      frontUnits.subarray(frontStart[a * k + b], frontStart[a * k + b + 1]);
    // upstream first (by the primary column's flow), so a territory that relays load has received it
    // before it passes it on
    const minFlow = mean[primary] * 1e-4;
    const indegree = new Int32Array(k);
    for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) if (flow[a * k + b] > minFlow) indegree[b]++;
    const order: number[] = [];
    for (let t = 0; t < k; t++) if (indegree[t] === 0) order.push(t);
    for (let i = 0; i < order.length; i++)
      for (let b = 0; b < k; b++) if (flow[order[i] * k + b] > minFlow && --indegree[b] === 0) order.push(b);
    if (order.length < k) for (let t = 0; t < k; t++) if (indegree[t] > 0) order.push(t);
    const rank = new Int32Array(k);
    order.forEach((t, i) => (rank[t] = i));
    const pass = new Float64Array(cc);
    let any = false;
    // the flow a pair carries, in shares of the mean over the planned columns
    const pairFlow = (a: number, b: number): number => {
      let v = 0;
      for (const [c, f] of flows) v += Math.abs(f[a * k + b] - f[b * k + a]) / mean[c];
      return v;
    };
    const partners: number[] = [];
    for (const a of order) {
      // each pair once, from its upstream end; a territory's smaller transfers first, so that a big one,
      // whose front sweeps deep into the territory, does not first eat the borders the small ones need
      partners.length = 0;
      for (let b = 0; b < k; b++) if (b !== a && activePair[a * k + b] && rank[b] > rank[a]) partners.push(b);
      partners.sort((p, q) => pairFlow(a, p) - pairFlow(a, q) || p - q);
      for (const b of partners) {
        for (let c = 0; c < cc; c++) {
          const f = flows.get(c);
          const net = f ? f[a * k + b] - f[b * k + a] : 0;
          pass[c] = Math.abs(net) > mean[c] * 1e-4 ? net : NaN;
        }
        if (stop()) return any;
        for (let c = 0; c < cc; c++) startLoad[c] = load[a * cc + c];
        if (transferAlong(a, b, pass, front(a, b), front(b, a))) any = true;
        // a border that could not pass (much of) its plan is dearer next time, so plans find other ways
        let planned = 0;
        let passed = 0;
        for (let c = 0; c < cc; c++)
          if (!Number.isNaN(pass[c])) {
            planned += Math.abs(pass[c]) / mean[c];
            passed += (Math.sign(pass[c]) * (startLoad[c] - load[a * cc + c])) / mean[c];
          }
        if (passed < 0.3 * planned) borderCost[a * k + b] = borderCost[b * k + a] += 1;
      }
    }
    return any;
  };

  // ---- new territories (rebalance or growth): carve them from their neighbours first
  const weights = columnWeights.reduce((s, w) => s + w, 0);
  if (initial && weights > 0)
    for (let t = 0; t < k; t++) {
      let share = 0;
      for (let c = 0; c < cc; c++) share += (columnWeights[c] * load[t * cc + c]) / mean[c];
      if (share / weights < 0.5 && size[t] > 0) carve(t);
    }
  // ---- planned transfers until inside the band, leaving the sweeps time to polish
  let bestViolation = bandViolation();
  let stale = 0;
  // from nothing there is no disruption to save: aim for the inner band, so a peninsula of territories
  // that are all just inside the band does not stay at its edge (sweeps cannot pass load along chains)
  const settled = (): boolean => (initial ? inBand() : maxDeviation().every((d, c) => !balancedColumn(c) || d <= aim));
  for (let round = 0; round < 30 && !settled(); round++) {
    if (stop() || now() - started > 0.6 * input.timeBudgetMs) break;
    if (!transferRound()) break;
    progress();
    // a round can make things worse for a while (relays that could not pass load on); give up after three
    // rounds without a clear gain
    const after = bandViolation();
    if (after < bestViolation * 0.97 - 1e-9) {
      bestViolation = after;
      stale = 0;
    } else if (++stale >= 3) break;
  }

  let penalty = 1;
  const relativeLoad = (t: number): number => {
    let r = 0;
    for (let c = 0; c < cc; c++) r += (columnWeights[c] * (load[t * cc + c] - mean[c])) / mean[c];
    return r;
  };
  // a rebalance only needs territories inside the band: inside it, balance barely counts, so little moves
  const insideWeight = input.initial ? 0.05 : 1;
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

  // a cut edge costs about as much as moving a 1/(20K) share of a column off the mean
  const cutWeight = 1 / (400 * k * k);

  /** Cost of territory t's loads with unit `add` joining and unit `remove` leaving (-1: none). */
  const pairCost = (t: number, add: number, remove: number): number => {
    let cost = 0;
    for (let c = 0; c < cc; c++) {
      const l = load[t * cc + c] + (add >= 0 ? columns[c][add] : 0) - (remove >= 0 ? columns[c][remove] : 0);
      const d = (l - mean[c]) / mean[c];
      const out = Math.abs(d) - input.tolerance;
      cost += columnWeights[c] * (insideWeight * d * d + (out > 0 ? (penalty + 1) * out * out : 0));
    }
    return cost;
  };

  /**
   * Exchanges across the borders of territories that single moves leave off the mean: u goes from a to
   * b and v (on the same border, near u) from b to a, when the pair helps both. Coarse units (a metro
   * ZIP can hold a tenth of a small territory) need them: alone, each would overshoot. Returns how many.
   */
  const exchangeRound = (): number => {
    let exchanged = 0;
    const near: number[] = [];
    for (let i = 0; i < eligibleUnits.length; i++) {
      if ((i & 255) === 0 && stop()) break;
      const u = eligibleUnits[i];
      const a = assignment[u];
      if (a < 0 || !movable(u)) continue;
      let off = false;
      for (let c = 0; c < cc && !off; c++)
        off = balancedColumn(c) && Math.abs(load[a * cc + c] - mean[c]) > aim * mean[c];
      if (!off) continue;
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const b = assignment[adjacency[p]];
        if (b < 0 || b === a) continue;
        const before = pairCost(a, -1, -1) + pairCost(b, -1, -1);
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
          if (v === u || !movable(v) || overBudget(v, b, a)) continue;
          const cost = pairCost(a, v, u) + pairCost(b, u, v);
          if (cost < bestCost) [bestCost, bestV] = [cost, v];
        }
        if (bestV < 0 || overBudget(u, a, b) || !canLeave(u, a)) continue;
        moveUnit(u, a, b);
        let touchesA = false;
        for (let q = offsets[bestV]; q < offsets[bestV + 1]; q++) if (assignment[adjacency[q]] === a) touchesA = true;
        if (touchesA && canLeave(bestV, b)) {
          moveUnit(bestV, b, a);
          exchanged++;
        } else moveUnit(u, b, a);
        break;
      }
    }
    return exchanged;
  };

  /**
   * Lowers the sum of area x squared distance to the seeds without leaving the band: single moves to
   * a neighbouring territory, then exchanges across a border (u one way, v the other), while any helps.
   */
  const polishAroundSeeds = (): void => {
    const fits = (a: number, b: number, sign: number, u: number, v: number): boolean => {
      for (let c = 0; c < cc; c++) {
        if (!balancedColumn(c)) continue;
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
        if ((i & 255) === 0 && stop()) return;
        const u = eligibleUnits[i];
        const a = assignment[u];
        if (a < 0 || !movable(u)) continue;
        let bestB = -1;
        let bestGain = -1e-12 * rootScale;
        for (let p = offsets[u]; p < offsets[u + 1]; p++) {
          const b = assignment[adjacency[p]];
          if (b < 0 || b === a) continue;
          const g = toRoot(u, b) - toRoot(u, a);
          if (g < bestGain && fits(a, b, 1, u, -1)) [bestGain, bestB] = [g, b];
        }
        if (bestB >= 0 && canLeave(u, a)) {
          moveUnit(u, a, bestB);
          improvedAny = true;
        }
      }
      // exchanges: u from a to b for v from b to a, both on the a-b border
      for (let i = 0; i < eligibleUnits.length; i++) {
        if ((i & 63) === 0 && stop()) return;
        const u = eligibleUnits[i];
        const a = assignment[u];
        if (a < 0 || !movable(u)) continue;
        for (let p = offsets[u]; p < offsets[u + 1]; p++) {
          const b = assignment[adjacency[p]];
          if (b < 0 || b === a) continue;
          const gu = toRoot(u, b) - toRoot(u, a);
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
          let bestGain = -1e-12 * rootScale;
          for (const v of boundary) {
            if (!movable(v) || v === u) continue;
            const g = gu + toRoot(v, a) - toRoot(v, b);
            if (g < bestGain && fits(a, b, 1, u, v)) [bestGain, bestV] = [g, v];
          }
          if (bestV < 0 || !canLeave(u, a)) continue;
          moveUnit(u, a, b);
          let touchesA = false;
          for (let q = offsets[bestV]; q < offsets[bestV + 1]; q++) if (assignment[adjacency[q]] === a) touchesA = true;
          if (touchesA && canLeave(bestV, b)) {
            moveUnit(bestV, b, a);
            improvedAny = true;
          } else moveUnit(u, b, a);
          break;
        }
      }
      if (!improvedAny) return;
    }
  };

  /**
   * Simulated annealing on the same objective inside the band (single moves and border exchanges,
   * accepted when they help or, while the temperature is high, with probability exp(-delta / T)), so the
   * shape can leave the local optimum greedy moves stop in. Ends on the best plan it saw. The schedule
   * counts iterations (not time), so a run is reproducible for a seed.
   */
  const annealAroundSeeds = (): void => {
    const units = eligibleUnits.length;
    if (units === 0) return;
    // how far territory t would be outside the band with `d` more of each column (relative to the mean)
    const outside = (t: number, c: number, d: number): number =>
      Math.max(0, Math.abs(load[t * cc + c] + d - mean[c]) - input.tolerance * mean[c]) / mean[c];
    const bandChange = (a: number, b: number, u: number, v: number): number => {
      let change = 0;
      for (let c = 0; c < cc; c++) {
        if (!balancedColumn(c)) continue;
        const d = columns[c][u] - (v >= 0 ? columns[c][v] : 0);
        if (d === 0) continue;
        change += outside(a, c, -d) + outside(b, c, d) - outside(a, c, 0) - outside(b, c, 0);
      }
      return change;
    };
    let current = 0;
    for (let u = 0; u < n; u++) if (assignment[u] >= 0) current += toRoot(u, assignment[u]);
    let bestObjective = inBand() ? current : Infinity;
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
        sum += Math.abs(toRoot(u, b) - toRoot(u, a));
        sampled++;
      }
    }
    const startTemperature = sampled > 0 ? sum / sampled : (0.1 * current) / units;
    // leaving the band is allowed but costs, more and more: early on the search may cross infeasible
    // plans to reach another region; at the end only plans inside the band survive
    const perTerritory = current / k;
    for (let it = 0; it < iterations; it++) {
      if ((it & 1023) === 0) {
        if (current < bestObjective - 1e-9 * bestObjective && inBand()) {
          bestObjective = current;
          bestPlan.set(assignment);
        }
        if (stop()) break;
      }
      const progress = it / iterations;
      const temperature = startTemperature * (1 - progress) ** 3 + 1e-12;
      const bandWeight = perTerritory * (0.5 + 200 * progress * progress);
      const u = eligibleUnits[Math.floor(random() * units)];
      const a = assignment[u];
      const degree = offsets[u + 1] - offsets[u];
      if (a < 0 || degree === 0 || !movable(u)) continue;
      const w = adjacency[offsets[u] + Math.floor(random() * degree)];
      const b = assignment[w];
      if (b < 0 || b === a) continue;
      let v = -1;
      if (random() < 0.5) {
        // exchange partner: w itself or one of w's neighbours in b
        const dw = offsets[w + 1] - offsets[w];
        const pickW = random() < 0.5 || dw === 0;
        v = pickW ? w : adjacency[offsets[w] + Math.floor(random() * dw)];
        if (v === u || assignment[v] !== b || !movable(v)) continue;
      }
      const shape = toRoot(u, b) - toRoot(u, a) + (v >= 0 ? toRoot(v, a) - toRoot(v, b) : 0);
      const delta = shape + bandWeight * bandChange(a, b, u, v);
      if (delta > 0 && random() >= Math.exp(-delta / temperature)) continue;
      if (overBudget(u, a, b) || !canLeave(u, a)) continue;
      moveUnit(u, a, b);
      if (v >= 0) {
        let touchesA = false;
        for (let q = offsets[v]; q < offsets[v + 1]; q++) if (assignment[adjacency[q]] === a) touchesA = true;
        if (!touchesA || overBudget(v, b, a) || !canLeave(v, b)) {
          moveUnit(u, b, a);
          continue;
        }
        moveUnit(v, b, a);
      }
      current += shape;
    }
    if (current < bestObjective && inBand()) return;
    if (bestObjective < Infinity)
      for (let u = 0; u < n; u++) if (assignment[u] !== bestPlan[u]) moveUnit(u, assignment[u], bestPlan[u]);
  };

  /**
   * Rebalance, once inside the band: units that changed territory go back to their original one
   * wherever the band and contiguity allow, largest first, so the plan moves no more than it needs.
   */
  const returnHome = (): void => {
    if (!initial) return;
    const away = eligibleUnits.filter((u) => assignment[u] >= 0 && initial[u] >= 0 && assignment[u] !== initial[u]);
    away.sort((u, v) => weight[v] - weight[u] || u - v);
    const fits = (from: number, to: number, u: number): boolean => {
      for (let c = 0; c < cc; c++) {
        if (!balancedColumn(c)) continue;
        const lo = (1 - input.tolerance) * mean[c];
        const hi = (1 + input.tolerance) * mean[c];
        if (load[from * cc + c] - columns[c][u] < lo || load[to * cc + c] + columns[c][u] > hi) return false;
      }
      return true;
    };
    // with u already home in a: would v going home to b bring both back inside the band?
    const fitsBack = (a: number, b: number, v: number): boolean => {
      for (let c = 0; c < cc; c++) {
        if (!balancedColumn(c)) continue;
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
        if ((i & 255) === 0 && (cancelled || hooks.shouldCancel?.())) return;
        const u = away[i];
        const b = assignment[u];
        const a = initial[u];
        if (b === a) continue;
        let touches = false;
        for (let p = offsets[u]; p < offsets[u + 1] && !touches; p++) touches = assignment[adjacency[p]] === a;
        if (!touches || !canLeave(u, b)) continue;
        if (fits(b, a, u)) {
          moveUnit(u, b, a);
          returned++;
          continue;
        }
        // the band stops u alone: go home together with a unit that went the other way (a to b)
        moveUnit(u, b, a);
        let partner = -1;
        for (let j = 0; j < away.length && partner < 0; j++) {
          const v = away[j];
          if (assignment[v] !== a || initial[v] !== b || v === u) continue;
          let touchesB = false;
          for (let p = offsets[v]; p < offsets[v + 1] && !touchesB; p++) touchesB = assignment[adjacency[p]] === b;
          if (touchesB && fitsBack(a, b, v) && canLeave(v, a)) partner = v;
        }
        if (partner < 0) moveUnit(u, a, b);
        else {
          moveUnit(partner, a, b);
          returned += 2;
        }
      }
      if (returned === 0) return;
    }
  };

  // ---- sweeps of boundary moves
  const order = Int32Array.from(eligibleUnits);
  let best = Int32Array.from(assignment);
  let bestScore = planScore(maxDeviation());
  for (;;) {
    if (stop()) break;
    // a rebalance keeps a tenth of its time to bring units home
    if (initial && now() - started > 0.9 * input.timeBudgetMs) break;
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
    let visits = 0;
    for (;;) {
      let u: number;
      if (pending.length > 0 && extra < order.length) {
        u = pending.pop() as number;
        extra++;
      } else if (cursor < order.length) u = order[cursor++];
      else break;
      // long sweeps on big maps must not overrun the time budget
      if ((++visits & 511) === 0 && now() - started > input.timeBudgetMs) break;
      if (!movable(u)) continue;
      const a = assignment[u];
      if (a < 0) continue;
      let bestB = -1;
      let bestDelta = -1e-12;
      const costA = territoryCost(a, 0, u);
      const costALeave = territoryCost(a, -1, u);
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const b = assignment[adjacency[p]];
        if (b < 0 || b === a) continue;
        let delta = costALeave - costA + territoryCost(b, 1, u) - territoryCost(b, 0, u);
        if (input.compactnessWeight > 0) {
          // fewer cut edges: a unit joins the side it touches most, which keeps out thin tentacles
          let inA = 0;
          let inB = 0;
          for (let q = offsets[u]; q < offsets[u + 1]; q++) {
            const t = assignment[adjacency[q]];
            if (t === a) inA++;
            else if (t === b) inB++;
          }
          delta += input.compactnessWeight * cutWeight * (inA - inB);
          if (rooted) delta += (input.compactnessWeight * (toRoot(u, b) - toRoot(u, a))) / rootScale / k;
          else {
            const ar = input.area[u];
            const ux = input.x[u];
            const uy = input.y[u];
            const uxx = ar * (ux * ux + uy * uy);
            const before = inertia(a, 0, 0, 0, 0) + inertia(b, 0, 0, 0, 0);
            const after = inertia(a, -ar, -ar * ux, -ar * uy, -uxx) + inertia(b, ar, ar * ux, ar * uy, uxx);
            delta += (input.compactnessWeight * (after - before)) / inertiaScale / k;
          }
        }
        // on a plateau (units without accounts) land drifts towards the territory further below the mean,
        // so an underloaded territory can grow across empty areas towards accounts
        delta += 1e-7 * (relativeLoad(b) - relativeLoad(a));
        if (initial) {
          // moving away from the original owner costs a little (more for costly units), moving back earns it
          const wasHome = initial[u] === a;
          const goesHome = initial[u] === b;
          if (wasHome || goesHome) delta += (wasHome ? 1 : -1) * (2e-3 + 0.1 * costOf(u)) * weight[u] * k;
        }
        if (delta < bestDelta) {
          bestDelta = delta;
          bestB = b;
        }
      }
      if (bestB < 0) continue;
      if (overBudget(u, a, bestB)) continue;
      if (!canLeave(u, a)) continue;
      moveUnit(u, a, bestB);
      improved++;
      if (initial)
        for (let p = offsets[u]; p < offsets[u + 1]; p++) {
          const v = adjacency[p];
          if (assignment[v] !== bestB) pending.push(v);
        }
    }
    const devs = maxDeviation();
    const score = planScore(devs);
    if (score < bestScore) {
      bestScore = score;
      best = Int32Array.from(assignment);
    }
    if (devs.every((d) => d <= input.tolerance)) penalty = Math.max(1, penalty / 2);
    else penalty = Math.min(1e4, penalty * 1.5);
    progress();
    if (improved === 0 && devs.every((d) => d <= input.tolerance / 4)) break;
    // a rebalance inside the band that no single move improves is done: more sweeps only move more
    if (initial && improved === 0 && inBand()) break;
    // around seeds, balance inside the band is not the aim: shape is, in the annealing below, which also
    // finds its way into the band when these sweeps do not
    if (rooted && (inBand() || now() - started > 0.3 * input.timeBudgetMs)) break;
    // single moves are stuck outside the band (a peninsula that must pass load through its neighbours,
    // coarse units that need exchanges): plan transfers again from here
    if (improved <= order.length * 1e-3 && !inBand() && retries < 8) {
      retries++;
      transferRound();
    } else if (improved <= order.length * 1e-3 && !initial && !settled() && exchanges < 20) {
      // inside the band but not yet near the mean, from nothing: exchanges where single moves stall
      exchanges++;
      exchangeRound();
    }
  }

  if (initial && !cancelled) {
    // from the plan kept: the least disruptive one in the band
    for (let u = 0; u < n; u++) if (assignment[u] !== best[u]) moveUnit(u, assignment[u], best[u]);
    if (inBand()) {
      returnHome();
      best = Int32Array.from(assignment);
    }
  }

  if (rooted && !cancelled) {
    // a few independent cooling runs, each from the best plan so far: one run can freeze in a poor region
    for (let run = 0; run < 6 && !stop(); run++) annealAroundSeeds();
    if (inBand()) {
      polishAroundSeeds();
      best = Int32Array.from(assignment);
    }
  }

  const pieces = territoryPieces(graph, best, k);
  const finalLoad = new Float64Array(k * cc);
  if (base) finalLoad.set(base);
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
