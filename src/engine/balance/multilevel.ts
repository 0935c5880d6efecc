import { LeaveCheck, type LeaveGraph } from './contiguity.ts';
import type { RunControl } from './control.ts';
import { UnitHeap } from './heap.ts';
import { inertialBisection } from './initialPlan.ts';
import { planTransfers } from './planTransfers.ts';
import { repairContiguity } from './repair.ts';
import type { BalanceInput } from './types.ts';

/**
 * Compact territories from nothing, drawn the way multilevel graph partitioners (METIS) draw them:
 * merge neighbouring units pairwise along their heaviest shared borders until a few hundred blocks per
 * territory's worth are left, cut those with recursive inertial bisection, then undo the merges one
 * level at a time and at each level move boundary blocks to lower the cut edges inside the balance
 * band and to bring territories into the band along their cheapest borders. Why it is compact: a
 * move at a coarse level carries a whole block, so the cut is optimised over large, smooth pieces of
 * border before single units are ever looked at; single-unit moves (which make ragged fingers when
 * they chase balance alone) only polish the last percent, and every one of them must pay for its cut
 * edges. Why it balances both columns: the band is per column, and balancing moves are chosen by what
 * they do to every column's excess over the band, never by the blended weight alone.
 */

/** One level of the coarsening: blocks of units with summed columns and the unit edges between them. */
interface Level {
  n: number;
  offsets: Int32Array;
  adjacency: Int32Array;
  /** Unit-graph edges between the two blocks (the cut edges they add when in different territories). */
  edgeWeight: Float64Array;
  columns: Float64Array[];
  weight: Float64Array;
  x: Float64Array;
  y: Float64Array;
  area: Float64Array;
  /** 1 for blocks that may change territory. */
  movable: Uint8Array;
  /** Territory of a block that may not move (-1 = none); -1 for movable blocks. */
  home: Int32Array;
  /** Block of the next coarser level each block belongs to (null at the coarsest level). */
  up: Int32Array | null;
}

/** Fisher-Yates shuffle of 0..n-1. */
function shuffled(n: number, random: () => number): Int32Array {
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}

/**
 * Heavy-edge matching: each block, in random order, merges with the unmatched neighbour it shares the most
 * unit edges with (the lighter one on ties), unless their sum would exceed `cap` in a column. Returns
 * the next coarser level and sets `level.up`.
 */
function coarsen(level: Level, cap: Float64Array, random: () => number): Level {
  const { n, offsets, adjacency, edgeWeight, columns, weight, movable } = level;
  const cc = columns.length;
  const match = new Int32Array(n).fill(-1);
  const order = shuffled(n, random);
  for (let i = 0; i < n; i++) {
    const v = order[i];
    if (match[v] >= 0) continue;
    match[v] = v;
    if (!movable[v]) continue;
    let best = -1;
    let bestEdge = 0;
    let bestWeight = Infinity;
    for (let p = offsets[v]; p < offsets[v + 1]; p++) {
      const u = adjacency[p];
      if (match[u] >= 0 || !movable[u]) continue;
      let fits = true;
      for (let c = 0; c < cc && fits; c++) fits = columns[c][v] + columns[c][u] <= cap[c];
      if (!fits) continue;
      const e = edgeWeight[p];
      if (e > bestEdge || (e === bestEdge && weight[u] < bestWeight)) {
        best = u;
        bestEdge = e;
        bestWeight = weight[u];
      }
    }
    if (best >= 0) {
      match[v] = best;
      match[best] = v;
    }
  }
  const up = new Int32Array(n).fill(-1);
  const memberA = new Int32Array(n);
  const memberB = new Int32Array(n);
  let cn = 0;
  for (let v = 0; v < n; v++) {
    if (up[v] >= 0) continue;
    up[v] = cn;
    up[match[v]] = cn;
    memberA[cn] = v;
    memberB[cn] = match[v];
    cn++;
  }
  level.up = up;
  const cOffsets = new Int32Array(cn + 1);
  const cAdjacency = new Int32Array(adjacency.length);
  const cEdge = new Float64Array(adjacency.length);
  const owner = new Int32Array(cn).fill(-1);
  const slot = new Int32Array(cn);
  const cColumns = columns.map(() => new Float64Array(cn));
  const cWeight = new Float64Array(cn);
  const cx = new Float64Array(cn);
  const cy = new Float64Array(cn);
  const cArea = new Float64Array(cn);
  const cMovable = new Uint8Array(cn);
  const cHome = new Int32Array(cn);
  let m = 0;
  for (let cv = 0; cv < cn; cv++) {
    cOffsets[cv] = m;
    const a = memberA[cv];
    const b = memberB[cv];
    cMovable[cv] = movable[a];
    cHome[cv] = level.home[a];
    const aw = level.area[a] + 1e-9;
    const bw = b !== a ? level.area[b] + 1e-9 : 0;
    cArea[cv] = level.area[a] + (b !== a ? level.area[b] : 0);
    cx[cv] = (level.x[a] * aw + (b !== a ? level.x[b] * bw : 0)) / (aw + bw);
    cy[cv] = (level.y[a] * aw + (b !== a ? level.y[b] * bw : 0)) / (aw + bw);
    for (let member = a, round = 0; round < 2; round++, member = b) {
      if (round === 1 && b === a) break;
      cWeight[cv] += weight[member];
      for (let c = 0; c < cc; c++) cColumns[c][cv] += columns[c][member];
      for (let p = offsets[member]; p < offsets[member + 1]; p++) {
        const cu = up[adjacency[p]];
        if (cu === cv) continue;
        if (owner[cu] === cv) cEdge[slot[cu]] += edgeWeight[p];
        else {
          owner[cu] = cv;
          slot[cu] = m;
          cAdjacency[m] = cu;
          cEdge[m] = edgeWeight[p];
          m++;
        }
      }
    }
  }
  cOffsets[cn] = m;
  return {
    n: cn,
    offsets: cOffsets,
    adjacency: cAdjacency.slice(0, m),
    edgeWeight: cEdge.slice(0, m),
    columns: cColumns,
    weight: cWeight,
    x: cx,
    y: cy,
    area: cArea,
    movable: cMovable,
    home: cHome,
    up: null,
  };
}

/**
 * A plan on one level under refinement: loads per territory and column (from the base load), sizes,
 * and the contiguity check, with boundary moves that lower the cut inside the band or bring
 * territories into it.
 */
class LevelPlan implements LeaveGraph {
  readonly n: number;
  readonly size: Int32Array;
  readonly offsets: Int32Array;
  readonly adjacency: Int32Array;
  readonly assignment: Int32Array;
  readonly input: { readonly contiguity: boolean };
  readonly load: Float64Array;
  private readonly level: Level;
  private readonly k: number;
  private readonly cc: number;
  private readonly mean: Float64Array;
  private readonly columnWeights: number[];
  private readonly leave: LeaveCheck;
  /** Scratch: unit edges from the block under study to each territory. */
  private readonly touch: Float64Array;
  private readonly touched: Int32Array;
  /** Band half-width (share of the mean) the moves respect. */
  tolerance = 0.03;
  /**
   * Rebalance: each block's territory in the plan being rebalanced. Blocks at home move only to bring
   * territories into the band, never just for a shorter border (that would move accounts for nothing).
   */
  home: Int32Array | null = null;
  /** Rebalance: 0..1 per block, how much the planner prefers not to move it (moves last when balancing). */
  moveCost: Float32Array | null = null;

  constructor(level: Level, assignment: Int32Array, k: number, base: Float64Array | null, weights: number[]) {
    this.level = level;
    this.n = level.n;
    this.offsets = level.offsets;
    this.adjacency = level.adjacency;
    this.assignment = assignment;
    this.input = { contiguity: true };
    this.k = k;
    const cc = (this.cc = level.columns.length);
    this.columnWeights = weights;
    this.size = new Int32Array(k);
    const load = (this.load = new Float64Array(k * cc));
    if (base) load.set(base);
    const mean = (this.mean = new Float64Array(cc));
    for (let i = 0; i < load.length; i++) mean[i % cc] += load[i];
    for (let v = 0; v < level.n; v++) {
      const t = assignment[v];
      if (t < 0) continue;
      for (let c = 0; c < cc; c++) mean[c] += level.columns[c][v];
      this.size[t]++;
      for (let c = 0; c < cc; c++) load[t * cc + c] += level.columns[c][v];
    }
    for (let c = 0; c < cc; c++) mean[c] = mean[c] / k || 1;
    this.leave = new LeaveCheck(this);
    this.touch = new Float64Array(k);
    this.touched = new Int32Array(Math.max(16, k));
  }

  movable(v: number): boolean {
    return this.level.movable[v] === 1;
  }

  /** Excess over the band of territory t (unit v added with sign +1, removed with -1, or 0), squared, weighted. */
  excess(t: number, sign: number, v: number): number {
    const { cc, load, mean, columnWeights, tolerance } = this;
    const columns = this.level.columns;
    let e = 0;
    for (let c = 0; c < cc; c++) {
      const d = Math.abs(load[t * cc + c] + sign * columns[c][v] - mean[c]) / mean[c] - tolerance;
      if (d > 0) e += columnWeights[c] * d * d;
    }
    return e;
  }

  /** Squared deviation from the mean of territory t, weighted (the tie-breaker inside the band). */
  spread(t: number, sign: number, v: number): number {
    const { cc, load, mean, columnWeights } = this;
    const columns = this.level.columns;
    let e = 0;
    for (let c = 0; c < cc; c++) {
      const d = (load[t * cc + c] + sign * columns[c][v] - mean[c]) / mean[c];
      e += columnWeights[c] * d * d;
    }
    return e;
  }

  /** Largest deviation from the mean over territories and columns. */
  maxDeviation(): number {
    let m = 0;
    for (let t = 0; t < this.k; t++)
      for (let c = 0; c < this.cc; c++)
        m = Math.max(m, Math.abs(this.load[t * this.cc + c] - this.mean[c]) / this.mean[c]);
    return m;
  }

  /** Sum of every territory's excess over the band. */
  totalExcess(): number {
    let e = 0;
    for (let t = 0; t < this.k; t++) e += this.excess(t, 0, 0);
    return e;
  }

  /** Fills touch/touched with v's unit edges per neighbouring territory; returns how many territories. */
  private gather(v: number): number {
    const { offsets, adjacency, assignment, touch, touched } = this;
    const edge = this.level.edgeWeight;
    let count = 0;
    for (let p = offsets[v]; p < offsets[v + 1]; p++) {
      const t = assignment[adjacency[p]];
      if (t < 0) continue;
      if (touch[t] === 0 && count < touched.length) touched[count++] = t;
      touch[t] += edge[p];
    }
    return count;
  }

  private clear(count: number): void {
    for (let i = 0; i < count; i++) this.touch[this.touched[i]] = 0;
  }

  private move(v: number, a: number, b: number): void {
    const { cc, load } = this;
    const columns = this.level.columns;
    for (let c = 0; c < cc; c++) {
      load[a * cc + c] -= columns[c][v];
      load[b * cc + c] += columns[c][v];
    }
    this.size[a]--;
    this.size[b]++;
    this.assignment[v] = b;
  }

  /**
   * One pass of boundary moves, best cut gain first. `balancing`: only moves that lower the excess over
   * the band (the ones that cost the fewest cut edges go first); otherwise: moves that gain cut edges (or
   * keep them and move towards the mean) without adding excess. Returns how many blocks moved.
   */
  pass(balancing: boolean, control: RunControl, budgetMs: number): number {
    const { n, assignment, touch, touched } = this;
    const candV: number[] = [];
    const candB: number[] = [];
    const candGain: number[] = [];
    for (let v = 0; v < n; v++) {
      const a = assignment[v];
      if (a < 0 || !this.level.movable[v]) continue;
      const count = this.gather(v);
      if (count > 1 || (count === 1 && touched[0] !== a)) {
        const inside = touch[a];
        const leaveExcess = this.excess(a, -1, v) - this.excess(a, 0, v);
        const leaveSpread = this.spread(a, -1, v) - this.spread(a, 0, v);
        for (let i = 0; i < count; i++) {
          const b = touched[i];
          if (b === a) continue;
          const gain = touch[b] - inside;
          const dExcess = leaveExcess + this.excess(b, 1, v) - this.excess(b, 0, v);
          if (balancing) {
            if (dExcess >= -1e-15) continue;
          } else {
            if (dExcess > 1e-15) continue;
            if (this.home && this.home[v] === a) continue;
            if (gain < 0) continue;
            if (gain === 0 && leaveSpread + this.spread(b, 1, v) - this.spread(b, 0, v) >= -1e-12) continue;
          }
          candV.push(v);
          candB.push(b);
          candGain.push(gain - this.stayPrice(v, a));
        }
      }
      this.clear(count);
    }
    const order = Array.from(candV.keys()).sort((i, j) => candGain[j] - candGain[i]);
    let moved = 0;
    let visits = 0;
    for (const i of order) {
      if ((++visits & 255) === 0 && control.elapsed() > budgetMs) break;
      const v = candV[i];
      const b = candB[i];
      const a = assignment[v];
      if (a === b || a < 0) continue;
      const dExcess = this.excess(a, -1, v) - this.excess(a, 0, v) + this.excess(b, 1, v) - this.excess(b, 0, v);
      const count = this.gather(v);
      const gain = touch[b] - touch[a] - this.stayPrice(v, a);
      this.clear(count);
      if (count === 0 || (touch[b] === 0 && gain === 0)) continue;
      if (balancing) {
        if (dExcess >= -1e-15) continue;
        // a block that touches b only at a corner would leave a finger behind: not for balance alone
        if (gain < candGain[i] - 1e-9 && gain < 0) continue;
      } else {
        if (dExcess > 1e-15 || gain < 0) continue;
        if (
          gain === 0 &&
          this.spread(a, -1, v) + this.spread(b, 1, v) - this.spread(a, 0, v) - this.spread(b, 0, v) >= -1e-12
        )
          continue;
      }
      if (!this.leave.canLeave(v, a)) continue;
      this.move(v, a, b);
      moved++;
    }
    return moved;
  }

  /** In cut edges: what moving v away from its home territory a costs (engaged accounts cost more). */
  private stayPrice(v: number, a: number): number {
    if (!this.home || this.home[v] !== a) return 0;
    return 0.5 + 3 * (this.moveCost ? this.moveCost[v] : 0);
  }

  /** Blended share of the mean block v carries (1 = a whole territory's worth in every column). */
  private share(v: number): number {
    const { cc, mean, columnWeights } = this;
    let w = 0;
    let sw = 0;
    for (let c = 0; c < cc; c++) {
      w += (columnWeights[c] * this.level.columns[c][v]) / mean[c];
      sw += columnWeights[c];
    }
    return w / (sw || 1);
  }

  /**
   * Moves load along the territory graph where single moves cannot: plans how much each border passes
   * (`planTransfers` on the blended load, aiming inside the band) and moves blocks across each border,
   * those touching the receiving side most first, so the border advances as a front. Returns blocks moved.
   */
  flowBalance(): number {
    const { k, cc, n, assignment, offsets, adjacency, load, mean, columnWeights } = this;
    const edge = this.level.edgeWeight;
    let sw = 0;
    for (let c = 0; c < cc; c++) sw += columnWeights[c];
    const blended = new Float64Array(k);
    for (let t = 0; t < k; t++)
      for (let c = 0; c < cc; c++) blended[t] += (columnWeights[c] * load[t * cc + c]) / mean[c] / (sw || 1);
    const capacity = new Float64Array(k * k);
    for (let v = 0; v < n; v++) {
      const a = assignment[v];
      if (a < 0) continue;
      for (let p = offsets[v]; p < offsets[v + 1]; p++) {
        const b = assignment[adjacency[p]];
        if (b >= 0 && b !== a) capacity[a * k + b] = k;
      }
    }
    const aim = 0.7 * this.tolerance;
    const flow = planTransfers(k, blended, 1 - aim, 1 + aim, capacity);
    // the blocks on each border that has to pass load, found in one pass over the level
    const fronts = new Map<number, number[]>();
    for (let v = 0; v < n; v++) {
      const a = assignment[v];
      if (a < 0 || !this.level.movable[v]) continue;
      for (let p = offsets[v]; p < offsets[v + 1]; p++) {
        const b = assignment[adjacency[p]];
        if (b < 0 || b === a || !(flow[a * k + b] > 1e-9)) continue;
        const list = fronts.get(a * k + b);
        if (!list) fronts.set(a * k + b, [v]);
        else if (list[list.length - 1] !== v) list.push(v);
      }
    }
    const heap = new UnitHeap();
    let moved = 0;
    for (const [pair, front] of fronts) {
      const a = Math.floor(pair / k);
      const b = pair - a * k;
      let due = flow[pair];
      heap.clear();
      for (const v of front) {
        if (assignment[v] !== a) continue;
        let toB = 0;
        let toA = 0;
        for (let p = offsets[v]; p < offsets[v + 1]; p++) {
          const t = assignment[adjacency[p]];
          if (t === b) toB += edge[p];
          else if (t === a) toA += edge[p];
        }
        if (toB > 0) heap.push(v, toA - toB + this.stayPrice(v, a));
      }
      {
        while (heap.size > 0 && due > 0) {
          const v = heap.pop();
          if (assignment[v] !== a) continue;
          // keys go stale as the front moves: a block must touch b now, or b would fall apart
          let touchesB = false;
          for (let p = offsets[v]; p < offsets[v + 1] && !touchesB; p++) touchesB = assignment[adjacency[p]] === b;
          if (!touchesB) continue;
          // a block that holds a small pocket of a (islands behind it, an enclave) takes the pocket along
          if (!this.leave.pockets(v, a, 64)) continue;
          const group = this.leave.group;
          let w = 0;
          for (let i = 0; i < this.leave.groupSize; i++) w += this.share(group[i]);
          if (w > due * 1.5 + 1e-12 || this.leave.groupSize >= this.size[a]) continue;
          for (let i = 0; i < this.leave.groupSize; i++) this.move(group[i], a, b);
          due -= w;
          moved += this.leave.groupSize;
          for (let p = offsets[v]; p < offsets[v + 1]; p++) {
            const u = adjacency[p];
            if (assignment[u] !== a || !this.level.movable[u]) continue;
            let toB = 0;
            let toA = 0;
            for (let q = offsets[u]; q < offsets[u + 1]; q++) {
              const t = assignment[adjacency[q]];
              if (t === b) toB += edge[q];
              else if (t === a) toA += edge[q];
            }
            heap.push(u, toA - toB + this.stayPrice(u, a));
          }
        }
      }
    }
    return moved;
  }

  /** Rounds of balancing and cut passes until neither moves anything (or time runs out). */
  refine(control: RunControl, budgetMs: number, rounds: number): void {
    for (let round = 0; round < rounds; round++) {
      if (control.stop() || control.elapsed() > budgetMs) return;
      let moved = 0;
      if (this.totalExcess() > 0) moved += this.flowBalance();
      for (let b = 0; b < 4 && this.totalExcess() > 0; b++) {
        const m = this.pass(true, control, budgetMs);
        moved += m;
        if (m === 0) break;
      }
      moved += this.pass(false, control, budgetMs);
      if (moved === 0) return;
    }
  }
}

/** The unit graph as the finest level: every edge one cut edge; locked and non-eligible units keep `home`. */
function unitLevel(
  input: BalanceInput,
  placement: { x: Float64Array; y: Float64Array },
  weight: Float64Array,
  home: Int32Array | null = null,
): Level {
  const { graph } = input;
  const n = graph.unitCount;
  const movable = new Uint8Array(n);
  for (let u = 0; u < n; u++) movable[u] = input.eligible[u] && !input.locked[u] ? 1 : 0;
  const fixedHome = new Int32Array(n).fill(-1);
  if (home) for (let u = 0; u < n; u++) if (!movable[u]) fixedHome[u] = home[u];
  return {
    n,
    offsets: graph.adjacencyOffsets,
    adjacency: graph.adjacency,
    edgeWeight: new Float64Array(graph.adjacency.length).fill(1),
    columns: input.columns,
    weight,
    x: placement.x,
    y: placement.y,
    area: input.area,
    movable,
    home: fixedHome,
    up: null,
  };
}

/**
 * Smooths the borders of a plan unit by unit: moves that gain cut edges (or keep them and move towards the
 * mean) and never add excess over `input.tolerance`, and balancing moves along the cheapest borders while
 * a territory is outside it. Changes `assignment` in place; keeps every territory in one piece (a
 * territory already in pieces is not made worse).
 */
export function polishBorders(
  input: BalanceInput,
  assignment: Int32Array,
  weight: Float64Array,
  control: RunControl,
  budgetMs: number,
): void {
  const level = unitLevel(input, { x: input.x, y: input.y }, weight, assignment);
  const plan = new LevelPlan(level, assignment, input.territoryCount, input.baseLoad ?? null, input.columnWeights);
  plan.tolerance = input.tolerance;
  plan.refine(control, budgetMs, 12);
}

/**
 * A rebalance that keeps shapes: load passes along the territory graph as planned transfers (the least
 * load crossing the fewest borders), each border advancing as a front of the units that touch the
 * receiving territory most, then single moves along the cheapest borders until every territory is in
 * the band, then the units that moved are smoothed into the side they touch most. Units at home move
 * only for balance; units with engaged accounts move last. Changes `assignment` in place.
 */
export function rebalanceAlongFronts(
  input: BalanceInput,
  assignment: Int32Array,
  weight: Float64Array,
  control: RunControl,
  budgetMs: number,
): void {
  const initial = input.initial as Int32Array;
  const level = unitLevel(input, { x: input.x, y: input.y }, weight, assignment);
  const plan = new LevelPlan(level, assignment, input.territoryCount, input.baseLoad ?? null, input.columnWeights);
  plan.tolerance = input.tolerance;
  plan.home = initial;
  plan.moveCost = input.moveCost ?? null;
  plan.refine(control, budgetMs, 12);
}

/** What the multilevel start hands the rest of the balancer. */
export interface MultilevelPlan {
  assignment: Int32Array;
  levels: number;
  coarsestBlocks: number;
}

/**
 * Compact territories from nothing (see the comment at the top of this file): every eligible, unlocked
 * unit gets a territory, contiguous and, where the units allow, inside `input.tolerance` in every
 * column; others stay unassigned. `placement` gives islands the coordinates of the coast they join.
 */
export function multilevelPlan(
  input: BalanceInput,
  placement: { x: Float64Array; y: Float64Array },
  weight: Float64Array,
  baseWeight: Float64Array,
  control: RunControl,
  random: () => number,
): MultilevelPlan {
  const { graph, columns, territoryCount: k } = input;
  const n = graph.unitCount;
  const cc = columns.length;
  const finest = unitLevel(input, placement, weight);
  const movable = finest.movable;
  const total = new Float64Array(cc);
  for (let c = 0; c < cc; c++) for (let u = 0; u < n; u++) if (movable[u]) total[c] += columns[c][u];
  // blocks stay below a tenth of a territory in every column, so the last levels can still balance
  const cap = Float64Array.from(total, (t) => (0.1 * t) / k);
  const levels: Level[] = [finest];
  let movableCount = 0;
  for (let u = 0; u < n; u++) movableCount += movable[u];
  const target = Math.max(20 * k, 300);
  while (movableCount > target && levels.length < 30) {
    const fine = levels[levels.length - 1];
    const coarse = coarsen(fine, cap, random);
    const shrunk = coarse.n;
    if (shrunk > 0.95 * fine.n) {
      fine.up = null;
      break;
    }
    movableCount -= fine.n - shrunk;
    levels.push(coarse);
  }

  // the coarsest level: recursive inertial bisection, then its stray pieces go to their neighbours
  const top = levels[levels.length - 1];
  let assignment = Int32Array.from(top.home);
  const topUnits: number[] = [];
  for (let v = 0; v < top.n; v++) if (top.movable[v]) topUnits.push(v);
  inertialBisection(top, Int32Array.from(topUnits), 0, k, top.weight, baseWeight, assignment);
  const topLocked = Uint8Array.from(top.movable, (m) => 1 - m);
  const topGraph = { unitCount: top.n, adjacencyOffsets: top.offsets, adjacency: top.adjacency };
  repairContiguity({ graph: topGraph, locked: topLocked }, assignment, top.weight);

  const base = input.baseLoad ?? null;
  const tolerance = input.tolerance;
  for (let li = levels.length - 1; li >= 0; li--) {
    const level = levels[li];
    if (li < levels.length - 1) {
      // project the coarser plan onto this level
      const coarser = assignment;
      assignment = Int32Array.from(level.home);
      const up = level.up as Int32Array;
      for (let v = 0; v < level.n; v++) if (level.movable[v]) assignment[v] = coarser[up[v]];
    }
    const plan = new LevelPlan(level, assignment, k, base, input.columnWeights);
    // coarse blocks cannot reach a narrow band: widen it by the typical block's share of a territory
    plan.tolerance = li === 0 ? 0.8 * tolerance : Math.max(0.8 * tolerance, blockShare(level, plan.load, k));
    // on a busy machine the coarse levels give way first: the finest level must still reach the band
    plan.refine(control, (li === 0 ? 0.8 : 0.45) * input.timeBudgetMs, li === 0 ? 12 : 6);
  }
  return { assignment, levels: levels.length, coarsestBlocks: top.n };
}

/** Twice the 90th-percentile share of a territory's mean that one movable block carries, over columns. */
function blockShare(level: Level, load: Float64Array, k: number): number {
  const cc = level.columns.length;
  let worst = 0;
  for (let c = 0; c < cc; c++) {
    let total = 0;
    for (let t = 0; t < k; t++) total += load[t * cc + c];
    const mean = total / k || 1;
    const shares: number[] = [];
    for (let v = 0; v < level.n; v++) if (level.movable[v]) shares.push(level.columns[c][v] / mean);
    shares.sort((a, b) => a - b);
    worst = Math.max(worst, 2 * (shares[Math.floor(0.9 * (shares.length - 1))] ?? 0));
  }
  return worst;
}
