// One file: the levels, the plan on a level and its moves (fronts, exchanges, smoothing, corridors) share
// private state and are only ever used together by the two entry points at the bottom.
import { seededRandom } from '../../domain/random.ts';
import { CORRIDOR_SHARE, territoryCorridors } from '../shapeMeasures.ts';
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

/** Exchanges one territory outside the band makes in a row before the next territory's turn. */
const EXCHANGES_PER_TERRITORY = 8;

/** A rebalance's own limits on single moves, and what must hear of every move made. */
export interface MoveGate {
  /** May v move from a to b (the disruption budget)? */
  allows(v: number, a: number, b: number): boolean;
  moved(v: number, a: number, b: number): void;
}

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
  /** km of border between the two blocks and km of each block's outline no block shares; null = unknown. */
  edgeKm: Float64Array | null;
  outerKm: Float64Array | null;
  /** Rebalance: the territory every unit of the block starts in (blocks never mix two); null from nothing. */
  origin: Int32Array | null;
  /** Rebalance: the highest move cost of the block's units (0..1); null = none. */
  moveCost: Float32Array | null;
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
      if (match[u] >= 0 || !movable[u] || (level.origin && level.origin[u] !== level.origin[v])) continue;
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
  const edgeKm = level.edgeKm;
  const cEdgeKm = edgeKm ? new Float64Array(adjacency.length) : null;
  const cOuterKm = level.outerKm ? new Float64Array(n) : null;
  const owner = new Int32Array(cn).fill(-1);
  const slot = new Int32Array(cn);
  const cColumns = columns.map(() => new Float64Array(cn));
  const cWeight = new Float64Array(cn);
  const cx = new Float64Array(cn);
  const cy = new Float64Array(cn);
  const cArea = new Float64Array(cn);
  const cMovable = new Uint8Array(cn);
  const cHome = new Int32Array(cn);
  const cOrigin = level.origin ? new Int32Array(cn) : null;
  const cMoveCost = level.moveCost ? new Float32Array(cn) : null;
  let m = 0;
  for (let cv = 0; cv < cn; cv++) {
    cOffsets[cv] = m;
    const a = memberA[cv];
    const b = memberB[cv];
    cMovable[cv] = movable[a];
    cHome[cv] = level.home[a];
    if (cOrigin) cOrigin[cv] = (level.origin as Int32Array)[a];
    if (cMoveCost) cMoveCost[cv] = Math.max(level.moveCost?.[a] ?? 0, level.moveCost?.[b] ?? 0);
    const aw = level.area[a] + 1e-9;
    const bw = b !== a ? level.area[b] + 1e-9 : 0;
    cArea[cv] = level.area[a] + (b !== a ? level.area[b] : 0);
    cx[cv] = (level.x[a] * aw + (b !== a ? level.x[b] * bw : 0)) / (aw + bw);
    cy[cv] = (level.y[a] * aw + (b !== a ? level.y[b] * bw : 0)) / (aw + bw);
    for (let member = a, round = 0; round < 2; round++, member = b) {
      if (round === 1 && b === a) break;
      cWeight[cv] += weight[member];
      if (cOuterKm) cOuterKm[cv] += (level.outerKm as Float64Array)[member] || 0;
      for (let c = 0; c < cc; c++) cColumns[c][cv] += columns[c][member];
      for (let p = offsets[member]; p < offsets[member + 1]; p++) {
        const cu = up[adjacency[p]];
        if (cu === cv) continue;
        if (owner[cu] === cv) {
          cEdge[slot[cu]] += edgeWeight[p];
          if (cEdgeKm) cEdgeKm[slot[cu]] += (edgeKm as Float64Array)[p];
        } else {
          owner[cu] = cv;
          slot[cu] = m;
          cAdjacency[m] = cu;
          cEdge[m] = edgeWeight[p];
          if (cEdgeKm) cEdgeKm[m] = (edgeKm as Float64Array)[p];
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
    edgeKm: cEdgeKm ? cEdgeKm.slice(0, m) : null,
    outerKm: cOuterKm ? cOuterKm.slice(0, cn) : null,
    columns: cColumns,
    weight: cWeight,
    x: cx,
    y: cy,
    area: cArea,
    movable: cMovable,
    home: cHome,
    origin: cOrigin,
    moveCost: cMoveCost,
    up: null,
  };
}

/**
 * A plan on one level under refinement: loads per territory and column (from the base load), sizes,
 * and the contiguity check, with boundary moves that lower the cut inside the band or bring
 * territories into it.
 */
export class LevelPlan implements LeaveGraph {
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
  /** Rebalance: the search's own limits (disruption budget, shape floor), told of every move. */
  gate: MoveGate | null = null;
  /** Blocks moved by the front under way, to take back when its shapes do not hold. */
  private readonly frontMoves: number[] = [];

  /** Outline per territory (km) while a shape floor holds; null = no floor. */
  private perimeter: Float64Array | null = null;
  private area: Float64Array | null = null;
  private shapeFloor: Float64Array | null = null;
  private readonly outline = new Float64Array(2);
  private readonly shapeBefore = new Float64Array(2);

  /**
   * Holds every territory at or above `floor` Polsby-Popper from here on; one already below it may lose a
   * fifth of its own, never going below the least compact territory now (needs the level's border lengths).
   */
  holdShapes(floor: number): void {
    const { level, k, assignment, offsets, adjacency } = this;
    if (!(floor > 0) || !level.edgeKm || !level.outerKm) return;
    const perimeter = (this.perimeter = new Float64Array(k));
    const area = (this.area = new Float64Array(k));
    for (let v = 0; v < this.n; v++) {
      const t = assignment[v];
      if (t < 0) continue;
      area[t] += level.area[v];
      perimeter[t] += level.outerKm[v] || 0;
      for (let p = offsets[v]; p < offsets[v + 1]; p++)
        if (assignment[adjacency[p]] !== t) perimeter[t] += level.edgeKm[p];
    }
    let least = Infinity;
    for (let t = 0; t < k; t++) if (this.size[t] > 0) least = Math.min(least, this.polsbyPopper(t, 0, 0));
    this.shapeFloor = Float64Array.from({ length: k }, (_, t) =>
      Math.min(floor, Math.max(least, 0.8 * this.polsbyPopper(t, 0, 0))),
    );
  }

  /** 4 pi A / P^2 of territory t with its area and outline changed by dA and dP. */
  polsbyPopper(t: number, dA: number, dP: number): number {
    const p = (this.perimeter as Float64Array)[t] + dP;
    return p > 0 ? (4 * Math.PI * Math.max(0, (this.area as Float64Array)[t] + dA)) / (p * p) : 1;
  }

  /** How a's and b's outlines change when v moves from a to b, into `outline`. */
  private outlineDelta(v: number, a: number, b: number): void {
    const { offsets, adjacency, assignment } = this;
    const edgeKm = this.level.edgeKm as Float64Array;
    let toA = 0;
    let toB = 0;
    let all = 0;
    for (let p = offsets[v]; p < offsets[v + 1]; p++) {
      const t = assignment[adjacency[p]];
      all += edgeKm[p];
      if (t === a) toA += edgeKm[p];
      else if (t === b) toB += edgeKm[p];
    }
    const outer = (this.level.outerKm as Float64Array)[v] || 0;
    this.outline[0] = 2 * toA - outer - all;
    this.outline[1] = outer + all - 2 * toB;
  }

  /** Would v moving from a to b take a or b below its floor (when it lowers their Polsby-Popper)? */
  private breaksShape(v: number, a: number, b: number): boolean {
    const floor = this.shapeFloor;
    if (!floor) return false;
    this.outlineDelta(v, a, b);
    const dA = this.level.area[v];
    const ppA = this.polsbyPopper(a, -dA, this.outline[0]);
    if (ppA < floor[a] && ppA < this.polsbyPopper(a, 0, 0)) return true;
    const ppB = this.polsbyPopper(b, dA, this.outline[1]);
    return ppB < floor[b] && ppB < this.polsbyPopper(b, 0, 0);
  }

  /** After a front between a and b: is neither below its floor unless it was and is no lower? */
  private shapesHold(a: number, b: number): boolean {
    const floor = this.shapeFloor;
    if (!floor) return true;
    const ppA = this.polsbyPopper(a, 0, 0);
    const ppB = this.polsbyPopper(b, 0, 0);
    return !(ppA < floor[a] && ppA < this.shapeBefore[0]) && !(ppB < floor[b] && ppB < this.shapeBefore[1]);
  }

  private allows(v: number, a: number, b: number, shape = true): boolean {
    if (shape && this.breaksShape(v, a, b)) return false;
    return !this.gate || this.gate.allows(v, a, b);
  }

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

  /** Moves block v from a to b as it is (projecting a coarser plan); the gate hears of it. */
  place(v: number, a: number, b: number): void {
    this.move(v, a, b);
  }

  private move(v: number, a: number, b: number): void {
    this.gate?.moved(v, a, b);
    if (this.perimeter && this.area) {
      this.outlineDelta(v, a, b);
      this.perimeter[a] += this.outline[0];
      this.perimeter[b] += this.outline[1];
      this.area[a] -= this.level.area[v];
      this.area[b] += this.level.area[v];
    }
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
      const toB = touch[b];
      const gain = toB - touch[a] - this.stayPrice(v, a);
      this.clear(count);
      // b must still touch v (earlier moves of this pass may have taken its neighbours), or b falls apart
      if (toB === 0) continue;
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
      if (!this.allows(v, a, b) || !this.leave.canLeave(v, a)) continue;
      this.move(v, a, b);
      moved++;
    }
    return moved;
  }

  /** Unit edges from block v to blocks of territory t. */
  private edgesTo(v: number, t: number): number {
    const { offsets, adjacency, assignment } = this;
    const edge = this.level.edgeWeight;
    let sum = 0;
    for (let p = offsets[v]; p < offsets[v + 1]; p++) if (assignment[adjacency[p]] === t) sum += edge[p];
    return sum;
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
      // a front is judged by the shapes it leaves, not by the bumps it makes on the way
      if (this.shapeFloor) {
        this.shapeBefore[0] = this.polsbyPopper(a, 0, 0);
        this.shapeBefore[1] = this.polsbyPopper(b, 0, 0);
      }
      const frontStart = this.frontMoves.length;
      for (const v of front) {
        if (assignment[v] !== a) continue;
        const toB = this.edgesTo(v, b);
        if (toB > 0) heap.push(v, this.edgesTo(v, a) - toB + this.stayPrice(v, a));
      }
      while (heap.size > 0 && due > 0) {
        const v = heap.pop();
        if (assignment[v] !== a) continue;
        // keys go stale as the front moves: a block must touch b now, or b would fall apart
        if (this.edgesTo(v, b) === 0) continue;
        // a block that holds a small pocket of a (islands behind it, an enclave) takes the pocket along
        if (!this.leave.pockets(v, a, 64)) continue;
        const group = this.leave.group;
        let w = 0;
        for (let i = 0; i < this.leave.groupSize; i++) w += this.share(group[i]);
        if (w > due * 1.5 + 1e-12 || this.leave.groupSize >= this.size[a]) continue;
        let taken = 0;
        for (; taken < this.leave.groupSize; taken++) {
          if (!this.allows(group[taken], a, b, false)) break;
          this.move(group[taken], a, b);
        }
        if (taken < this.leave.groupSize) {
          while (taken > 0) this.move(group[--taken], b, a);
          continue;
        }
        due -= w;
        moved += this.leave.groupSize;
        for (let i = 0; i < this.leave.groupSize; i++) this.frontMoves.push(group[i]);
        for (let p = offsets[v]; p < offsets[v + 1]; p++) {
          const u = adjacency[p];
          if (assignment[u] !== a || !this.level.movable[u]) continue;
          heap.push(u, this.edgesTo(u, a) - this.edgesTo(u, b) + this.stayPrice(u, a));
        }
      }
      if (!this.shapesHold(a, b)) {
        for (let i = this.frontMoves.length - 1; i >= frontStart; i--) this.move(this.frontMoves[i], b, a);
        moved -= this.frontMoves.length - frontStart;
      }
      this.frontMoves.length = frontStart;
    }
    return moved;
  }

  /** Excess of territory t with every column changed by sign x (column of `add` minus column of `remove`). */
  private swapExcess(t: number, add: number, remove: number): number {
    const { cc, load, mean, columnWeights, tolerance } = this;
    const columns = this.level.columns;
    let e = 0;
    for (let c = 0; c < cc; c++) {
      const l = load[t * cc + c] + columns[c][add] - columns[c][remove];
      const d = Math.abs(l - mean[c]) / mean[c] - tolerance;
      if (d > 0) e += columnWeights[c] * d * d;
    }
    return e;
  }

  /**
   * Exchanges across borders for territories outside the band that single moves cannot fix: one column
   * over and another under (many accounts of little value) needs a block of the one kind out and one of
   * the other kind in. For each such territory, the pair of border blocks that lowers the excess most.
   */
  exchangePass(): number {
    const { k, n, assignment, offsets, adjacency } = this;
    let moved = 0;
    for (let t = 0; t < k; t++)
      // a territory keeps exchanging (a few times) while that still helps
      for (let turn = 0; turn < EXCHANGES_PER_TERRITORY && this.excess(t, 0, 0) > 0; turn++) {
        const mine = new Map<number, number[]>();
        const theirs = new Map<number, number[]>();
        for (let v = 0; v < n; v++) {
          const a = assignment[v];
          if (a < 0 || !this.level.movable[v]) continue;
          for (let p = offsets[v]; p < offsets[v + 1]; p++) {
            const b = assignment[adjacency[p]];
            if (b < 0 || b === a || (a !== t && b !== t)) continue;
            const map = a === t ? mine : theirs;
            const key = a === t ? b : a;
            const list = map.get(key);
            if (!list) map.set(key, [v]);
            else if (list[list.length - 1] !== v && list.length < 300) list.push(v);
          }
        }
        const pairU: number[] = [];
        const pairV: number[] = [];
        const pairB: number[] = [];
        const pairDelta: number[] = [];
        for (const [b, out] of mine) {
          const incoming = theirs.get(b);
          if (!incoming) continue;
          const before = this.excess(t, 0, 0) + this.excess(b, 0, 0);
          for (const u of out)
            for (const v of incoming) {
              const delta = this.swapExcess(t, v, u) + this.swapExcess(b, u, v) - before;
              if (delta >= -1e-15) continue;
              pairU.push(u);
              pairV.push(v);
              pairB.push(b);
              pairDelta.push(delta);
            }
        }
        // the best pair may be held by contiguity or a shape floor: try the next ones
        const order = Array.from(pairDelta.keys()).sort((i, j) => pairDelta[i] - pairDelta[j]);
        let swapped = false;
        for (let r = 0; r < order.length && r < 64; r++) {
          const u = pairU[order[r]];
          const v = pairV[order[r]];
          const b = pairB[order[r]];
          if (assignment[u] !== t || assignment[v] !== b) continue;
          // the pair is judged on the shapes it leaves, as a front is
          if (!this.allows(u, t, b, false) || !this.leave.canLeave(u, t)) continue;
          if (this.shapeFloor) {
            this.shapeBefore[0] = this.polsbyPopper(t, 0, 0);
            this.shapeBefore[1] = this.polsbyPopper(b, 0, 0);
          }
          this.move(u, t, b);
          let touchesT = false;
          for (let p = offsets[v]; p < offsets[v + 1] && !touchesT; p++) touchesT = assignment[adjacency[p]] === t;
          if (!touchesT || !this.allows(v, b, t, false) || !this.leave.canLeave(v, b)) {
            this.move(u, b, t);
            continue;
          }
          this.move(v, b, t);
          if (!this.shapesHold(t, b)) {
            this.move(v, t, b);
            this.move(u, b, t);
            continue;
          }
          moved += 2;
          swapped = true;
          break;
        }
        if (!swapped) break;
      }
    return moved;
  }

  /**
   * Widens one-unit corridors (a unit without which more than a tenth of a territory's area is cut off,
   * as the shape measures define it): units of other territories next to the corridor unit or its
   * neighbours that touch at least two units of the territory join it, those touching it most first, a few rounds, within the
   * gate and the shape floors. Units level only (needs `island`). Returns how many units moved.
   */
  widenCorridors(island: Uint8Array | null, rounds: number): number {
    const { k, assignment, offsets, adjacency } = this;
    const level = this.level;
    if (!level.outerKm) return 0;
    const geometry = {
      unitCount: this.n,
      adjacencyOffsets: offsets,
      adjacency,
      areaKm2: level.area,
      outerKm: level.outerKm,
      island,
    };
    let moved = 0;
    for (let round = 0; round < rounds; round++) {
      const corridors = territoryCorridors(geometry, assignment, k, CORRIDOR_SHARE);
      let fixed = 0;
      for (let t = 0; t < k; t++) {
        const c = corridors.unit[t];
        if (c < 0) continue;
        // around the neck: units of other territories next to the corridor unit or its own neighbours
        let best = -1;
        let bestTouch = 1;
        for (let r = offsets[c] - 1; r < offsets[c + 1]; r++) {
          const near = r < offsets[c] ? c : adjacency[r];
          if (assignment[near] !== t) continue;
          for (let p = offsets[near]; p < offsets[near + 1]; p++) {
            const w = adjacency[p];
            const from = assignment[w];
            if (from < 0 || from === t || !level.movable[w]) continue;
            let touch = 0;
            for (let q = offsets[w]; q < offsets[w + 1]; q++) if (assignment[adjacency[q]] === t) touch++;
            if (touch > bestTouch && this.allows(w, from, t) && this.leave.canLeave(w, from)) {
              best = w;
              bestTouch = touch;
            }
          }
        }
        if (best < 0) continue;
        this.move(best, assignment[best], t);
        fixed++;
      }
      moved += fixed;
      if (fixed === 0) break;
    }
    return moved;
  }

  /** Rounds of balancing and cut passes until neither moves anything (or time runs out). */
  refine(control: RunControl, budgetMs: number, rounds: number): void {
    for (let round = 0; round < rounds; round++) {
      if (control.stop() || control.elapsed() > budgetMs) return;
      let moved = 0;
      if (this.totalExcess() > 0) moved += this.flowBalance();
      // balancing aims inside the band, so territories at its edge make room for their neighbours
      const band = this.tolerance;
      if (this.totalExcess() > 0) this.tolerance = 0.9 * band;
      for (let b = 0; b < 4 && this.totalExcess() > 0; b++) {
        const m = this.pass(true, control, budgetMs);
        moved += m;
        if (m === 0) break;
      }
      if (this.totalExcess() > 0) moved += this.exchangePass();
      this.tolerance = band;
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
    edgeKm: input.borders ? input.borders.sharedKm : null,
    outerKm: input.borders ? input.borders.outerKm : null,
    origin: null,
    moveCost: null,
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
  if (plan.widenCorridors(input.island, 20) > 0) plan.refine(control, budgetMs, 6);
}

/**
 * A rebalance that keeps shapes: load passes along the territory graph as planned transfers (the least
 * load crossing the fewest borders), each border advancing as a front of the units that touch the
 * receiving territory most, then single moves along the cheapest borders until every territory is in
 * the band, then the units that moved are smoothed into the side they touch most. Units at home move
 * only for balance; units with engaged accounts move last. Changes `assignment` in place. `maxLevels`:
 * how many levels (the units first) refine, e.g. 2 where little must move and coarse blocks overshoot.
 */
export function rebalanceAlongFronts(
  input: BalanceInput,
  assignment: Int32Array,
  weight: Float64Array,
  control: RunControl,
  budgetMs: number,
  gate: MoveGate | null = null,
  maxLevels = 30,
): void {
  const k = input.territoryCount;
  const started = control.elapsed();
  const finest = unitLevel(input, { x: input.x, y: input.y }, weight, assignment);
  finest.origin = Int32Array.from(assignment);
  finest.moveCost = input.moveCost ?? null;
  const levels = coarsenLevels(finest, input, k, control, null, seededRandom(input.seed), maxLevels);
  const base = input.baseLoad ?? null;
  let plan: Int32Array | null = null;
  for (let li = levels.length - 1; li >= 0; li--) {
    const level = levels[li];
    const origin = level.origin as Int32Array;
    const current = li === 0 ? assignment : new Int32Array(level.n);
    if (li > 0) for (let v = 0; v < level.n; v++) current[v] = level.movable[v] ? origin[v] : level.home[v];
    const refiner = new LevelPlan(level, current, k, base, input.columnWeights);
    refiner.home = origin;
    refiner.moveCost = level.moveCost;
    if (li === 0) refiner.gate = gate;
    // floors from the plan as it started, measured on this level's blocks
    refiner.holdShapes(input.polsbyPopperFloor ?? 0);
    if (plan !== null) {
      // what the coarser level moved, one block at a time (the search hears of every unit)
      const up = level.up as Int32Array;
      for (let v = 0; v < level.n; v++) {
        const t = plan[up[v]];
        if (level.movable[v] && t !== current[v]) refiner.place(v, current[v], t);
      }
    }
    refiner.tolerance = li === 0 ? input.tolerance : Math.max(input.tolerance, blockShare(level, refiner.load, k));
    refiner.refine(control, li === 0 ? budgetMs : started + 0.6 * (budgetMs - started), li === 0 ? 24 : 6);
    // a corridor one unit wide is widened, then the band restored around the units that moved
    if (li === 0 && refiner.widenCorridors(input.island, 20) > 0) refiner.refine(control, budgetMs, 6);
    plan = current;
  }
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
 * `startMs`: when this attempt started on the run's clock (its time limits count from there).
 */
export function multilevelPlan(
  input: BalanceInput,
  placement: { x: Float64Array; y: Float64Array },
  weight: Float64Array,
  baseWeight: Float64Array,
  control: RunControl,
  random: () => number,
  startMs = 0,
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
  const levels = coarsenLevels(finest, input, k, control, cap, random);

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
    plan.refine(control, startMs + (li === 0 ? 0.8 : 0.45) * input.timeBudgetMs, li === 0 ? 12 : 6);
    if (li === 0 && plan.widenCorridors(input.island, 20) > 0)
      plan.refine(control, startMs + 0.8 * input.timeBudgetMs, 6);
  }
  return { assignment, levels: levels.length, coarsestBlocks: top.n };
}

/**
 * The levels from `finest` up: heavy-edge matchings until about 10 blocks per territory are left (or
 * matching stops shrinking the graph), blocks below a tenth of a territory in every column.
 */
function coarsenLevels(
  finest: Level,
  input: BalanceInput,
  k: number,
  control: RunControl,
  cap: Float64Array | null = null,
  random: () => number = seededRandom(input.seed),
  maxLevels = 30,
): Level[] {
  const { columns } = input;
  const n = finest.n;
  const movable = finest.movable;
  let blockCap = cap;
  if (!blockCap) {
    const total = new Float64Array(columns.length);
    for (let c = 0; c < columns.length; c++) for (let u = 0; u < n; u++) if (movable[u]) total[c] += columns[c][u];
    blockCap = Float64Array.from(total, (t) => (0.1 * t) / k);
  }
  const levels: Level[] = [finest];
  let movableCount = 0;
  for (let u = 0; u < n; u++) movableCount += movable[u];
  const target = Math.max(10 * k, 300);
  while (movableCount > target && levels.length < maxLevels && !control.stop()) {
    const fine = levels[levels.length - 1];
    const coarse = coarsen(fine, blockCap, random);
    const shrunk = coarse.n;
    if (shrunk > 0.95 * fine.n) {
      fine.up = null;
      break;
    }
    movableCount -= fine.n - shrunk;
    levels.push(coarse);
  }
  return levels;
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
