import type { LeaveCheck } from './contiguity.ts';
import type { RunControl } from './control.ts';
import { UnitHeap } from './heap.ts';
import { planTransfers } from './planTransfers.ts';
import type { BalanceState } from './state.ts';

/** Units looked at in a front when the first few hold no good move. */
const WIDE = 48;

/**
 * Planned transfers: a flow plan of how much load each border should pass (see `planTransfers`), then
 * the units of each border moved in order across it as a straight front. Keeps across rounds how dear
 * each border has proved, so later plans find other ways round borders that could not pass their plan.
 */
export class Transfers {
  private readonly state: BalanceState;
  private readonly leave: LeaveCheck;
  private readonly control: RunControl;
  private readonly aim: number;
  private readonly heap = new UnitHeap();
  private readonly heapBack = new UnitHeap();
  private readonly popped: Int32Array;
  private popStamp = 0;
  private readonly windowF = new Int32Array(WIDE);
  private readonly windowB = new Int32Array(WIDE);
  private readonly targetA: Float64Array;
  private readonly targetB: Float64Array;
  private readonly bandA: Float64Array;
  private readonly bandB: Float64Array;
  private readonly vec: Float64Array;
  private readonly border: Int32Array;
  private readonly activePair: Uint8Array;
  private readonly borderCost: Float64Array;
  private readonly startLoad: Float64Array;
  private readonly frontStart: Int32Array;
  private readonly frontFill: Int32Array;
  private frontUnits = new Int32Array(1024);
  private readonly done: number[] = [];
  private readonly doneFrom: number[] = [];
  // the pair the current transfer works on and its direction (b's centre minus a's)
  private a = 0;
  private b = 0;
  private dx = 0;
  private dy = 0;

  /** `aim`: transfers aim this far inside the band (a fraction of the mean), leaving the sweeps room. */
  constructor(state: BalanceState, leave: LeaveCheck, control: RunControl, aim: number) {
    const { k, cc } = state;
    this.state = state;
    this.leave = leave;
    this.control = control;
    this.aim = aim;
    this.popped = new Int32Array(state.n);
    this.targetA = new Float64Array(cc);
    this.targetB = new Float64Array(cc);
    this.bandA = new Float64Array(2 * cc);
    this.bandB = new Float64Array(2 * cc);
    this.vec = new Float64Array(cc);
    this.border = new Int32Array(k * k);
    this.activePair = new Uint8Array(k * k);
    this.borderCost = new Float64Array(k * k).fill(1);
    this.startLoad = new Float64Array(cc);
    this.frontStart = new Int32Array(k * k + 1);
    this.frontFill = new Int32Array(k * k);
  }

  /**
   * One round of planned transfers: a flow plan per balanced column that has territories outside the
   * inner band, then every pair of neighbours with planned flow carries out all its columns' transfers
   * at once. False when nothing moved.
   */
  round(): boolean {
    const { state, aim, border, activePair, frontStart, frontFill, borderCost, startLoad } = this;
    const { n, k, cc, load, mean, offsets, adjacency, assignment } = state;
    const planned: number[] = [];
    let primary = -1;
    let worst = 0;
    for (let c = 0; c < cc; c++) {
      if (!state.balancedColumn(c)) continue;
      let v = 0;
      for (let t = 0; t < k; t++) v += Math.max(0, Math.abs(load[t * cc + c] - mean[c]) / mean[c] - aim);
      if (v > 0) planned.push(c);
      if (v > worst) {
        worst = v;
        primary = c;
      }
    }
    if (primary < 0) return false;
    border.fill(0);
    for (let u = 0; u < n; u++) {
      const a = assignment[u];
      if (a < 0 || !state.movable(u)) continue;
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
      if (a < 0 || !state.movable(u)) continue;
      for (let p = offsets[u]; p < offsets[u + 1]; p++) {
        const b = assignment[adjacency[p]];
        if (b >= 0 && b !== a && activePair[a * k + b]) frontStart[a * k + b + 1]++;
      }
    }
    for (let e = 0; e < k * k; e++) frontStart[e + 1] += frontStart[e];
    if (this.frontUnits.length < frontStart[k * k]) this.frontUnits = new Int32Array(frontStart[k * k] * 2);
    const frontUnits = this.frontUnits;
    frontFill.set(frontStart.subarray(0, k * k));
    for (let u = 0; u < n; u++) {
      const a = assignment[u];
      if (a < 0 || !state.movable(u)) continue;
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
        if (this.control.stop()) return any;
        for (let c = 0; c < cc; c++) startLoad[c] = load[a * cc + c];
        if (this.along(a, b, pass, front(a, b), front(b, a))) any = true;
        // a border that could not pass (much of) its plan is dearer next time, so plans find other ways
        let plannedShare = 0;
        let passed = 0;
        for (let c = 0; c < cc; c++)
          if (!Number.isNaN(pass[c])) {
            plannedShare += Math.abs(pass[c]) / mean[c];
            passed += (Math.sign(pass[c]) * (startLoad[c] - load[a * cc + c])) / mean[c];
          }
        if (passed < 0.3 * plannedShare) borderCost[a * k + b] = borderCost[b * k + a] += 1;
      }
    }
    return any;
  }

  /** Position of u along the current pair's direction (a's side low). */
  private position(u: number): number {
    return this.state.placeX[u] * this.dx + this.state.placeY[u] * this.dy;
  }

  /**
   * Squared distance of a load from its target (columns with a plan here), plus a far heavier cost for
   * leaving the (widened) band, so that one column's transfer cannot push another out of the band.
   */
  private miss(o: number, l: number, target: number, band: Float64Array): number {
    const lo = band[2 * o];
    const hi = band[2 * o + 1];
    const out = l < lo ? lo - l : l > hi ? l - hi : 0;
    const track = Number.isNaN(target) ? 0 : (l - target) ** 2;
    const m = this.state.mean[o];
    return (this.state.columnWeights[o] * (track + 200 * out * out)) / (m * m);
  }

  /** Change of the pair's miss when load `vec` goes from `from` to `to`, per unit of (blended) load moved. */
  private gainOf(vec: Float64Array, from: number, to: number, cost: number): number {
    const { state, a } = this;
    const { cc, load, mean, columnWeights } = state;
    let delta = 0;
    let moving = 0;
    const tf = from === a ? this.targetA : this.targetB;
    const tt = to === a ? this.targetA : this.targetB;
    const wf = from === a ? this.bandA : this.bandB;
    const wt = to === a ? this.bandA : this.bandB;
    for (let o = 0; o < cc; o++) {
      const v = vec[o];
      if (!state.balancedColumn(o) || v === 0) continue;
      const lf = load[from * cc + o];
      const lt = load[to * cc + o];
      delta +=
        this.miss(o, lf - v, tf[o], wf) +
        this.miss(o, lt + v, tt[o], wt) -
        this.miss(o, lf, tf[o], wf) -
        this.miss(o, lt, tt[o], wt);
      moving += (columnWeights[o] * v) / mean[o];
    }
    return moving > 0 ? delta / (moving * (1 + 4 * cost)) : 0;
  }

  /** The same for an exchange: u from a to b and v from b to a (`diff` = u's columns minus v's). */
  private exchangeGain(diff: Float64Array, u: number, v: number): number {
    const { state, a, b, targetA, targetB, bandA, bandB } = this;
    const { cc, load, mean, columns, columnWeights } = state;
    let delta = 0;
    let moving = 0;
    for (let o = 0; o < cc; o++) {
      const d = diff[o];
      if (!state.balancedColumn(o)) continue;
      const la = load[a * cc + o];
      const lb = load[b * cc + o];
      delta +=
        this.miss(o, la - d, targetA[o], bandA) +
        this.miss(o, lb + d, targetB[o], bandB) -
        this.miss(o, la, targetA[o], bandA) -
        this.miss(o, lb, targetB[o], bandB);
      moving += (columnWeights[o] * (columns[o][u] + columns[o][v])) / mean[o];
    }
    return moving > 0 ? delta / (moving * (1 + 4 * Math.max(state.costOf(u), state.costOf(v)))) : 0;
  }

  private gain(u: number, from: number, to: number): number {
    const { state, vec } = this;
    for (let o = 0; o < state.cc; o++) vec[o] = state.columns[o][u];
    return this.gainOf(vec, from, to, state.costOf(u));
  }

  /** The first `width` valid units of a front (popped; the caller pushes back those it does not take). */
  private fill(h: UnitHeap, from: number, to: number, out: Int32Array, width: number): number {
    const { state, popped, popStamp } = this;
    let m = 0;
    while (m < width && h.size > 0) {
      const u = h.pop();
      if (popped[u] === popStamp || state.assignment[u] !== from || !state.movable(u) || !state.touches(u, to))
        continue;
      let dup = false;
      for (let i = 0; i < m; i++) if (out[i] === u) dup = true;
      if (!dup) out[m++] = u;
    }
    return m;
  }

  /** Pushes u on the front of `from` (a's front: nearest b first; b's: nearest a first). */
  private pushFront(u: number, from: number, span: number): void {
    if (from === this.a) this.heap.push(u, -this.position(u) + 0.25 * this.state.costOf(u) * span);
    else this.heapBack.push(u, this.position(u) + 0.25 * this.state.costOf(u) * span);
  }

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
  along(a: number, b: number, pass: Float64Array, front: Int32Array, back: Int32Array): boolean {
    const { state, leave, heap, heapBack, popped, windowF, windowB, targetA, targetB, bandA, bandB, vec } = this;
    const { n, cc, columns, load, mean, sA, pX, pY, assignment } = state;
    const tolerance = state.input.tolerance;
    if (sA[a] <= 0 || sA[b] <= 0) return false;
    this.a = a;
    this.b = b;
    const dx = (this.dx = pX[b] / sA[b] - pX[a] / sA[a]);
    const dy = (this.dy = pY[b] / sA[b] - pY[a] / sA[a]);
    const span = dx * dx + dy * dy;
    heap.clear();
    heapBack.clear();
    const popStamp = ++this.popStamp;
    for (const u of front) if (assignment[u] === a) this.pushFront(u, a, span);
    for (const u of back) if (assignment[u] === b) this.pushFront(u, b, span);
    if (heap.size === 0) {
      // earlier transfers this round moved the border the lists were made for: find it again
      for (let u = 0; u < n; u++) {
        const t = assignment[u];
        if ((t !== a && t !== b) || !state.movable(u)) continue;
        if (state.touches(u, t === a ? b : a)) this.pushFront(u, t, span);
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
      const lo = (1 - tolerance) * mean[o];
      const hi = (1 + tolerance) * mean[o];
      const ea = tracked ? targetA[o] : la;
      const eb = tracked ? targetB[o] : lb;
      bandA[2 * o] = Math.min(lo, ea, la);
      bandA[2 * o + 1] = Math.max(hi, ea, la);
      bandB[2 * o] = Math.min(lo, eb, lb);
      bandB[2 * o + 1] = Math.max(hi, eb, lb);
    }
    const done = this.done;
    const doneFrom = this.doneFrom;
    done.length = 0;
    doneFrom.length = 0;
    let kept = 0;
    let steps = 0;
    // the first few units of each front usually hold a good move; only when they do not, look deeper
    let width = 6;
    for (;;) {
      if ((++steps & 127) === 0 && this.control.stop()) break;
      const mf = this.fill(heap, a, b, windowF, width);
      const mb = this.fill(heapBack, b, a, windowB, width);
      if (mf + mb === 0) break;
      let pick = -1;
      let pickFrom = -1;
      let best = -1e-15;
      let empty = -1;
      for (let i = 0; i < mf; i++) {
        const u = windowF[i];
        const g = this.gain(u, a, b);
        if (g < best) {
          best = g;
          pick = u;
          pickFrom = a;
        }
        if (empty < 0 && state.isEmpty(u)) empty = u;
      }
      for (let i = 0; i < mb; i++) {
        const u = windowB[i];
        const g = this.gain(u, b, a);
        if (g < best) {
          best = g;
          pick = u;
          pickFrom = b;
        }
      }
      if (pick < 0 && empty >= 0) {
        pick = empty;
        pickFrom = a;
      }
      // no single move helps even among the deeper units: an exchange may (a big unit one way, a smaller
      // one back), which is how a territory sheds value without shedding accounts when units are coarse
      let swapBack = -1;
      if (pick < 0 && width === WIDE && (state.outOfBand(a) || state.outOfBand(b))) {
        let bestSwap = -1e-15;
        for (let i = 0; i < Math.min(mf, 16); i++)
          for (let j = 0; j < Math.min(mb, 16); j++) {
            const u = windowF[i];
            const v = windowB[j];
            for (let o = 0; o < cc; o++) vec[o] = columns[o][u] - columns[o][v];
            const g = this.exchangeGain(vec, u, v);
            if (g < bestSwap) {
              bestSwap = g;
              pick = u;
              swapBack = v;
            }
          }
        if (pick >= 0) pickFrom = a;
      }
      for (let i = 0; i < mf; i++) if (windowF[i] !== pick) this.pushFront(windowF[i], a, span);
      for (let i = 0; i < mb; i++) if (windowB[i] !== swapBack) this.pushFront(windowB[i], b, span);
      if (pick < 0) {
        if (width === WIDE) break;
        width = WIDE;
        continue;
      }
      if (swapBack >= 0) {
        popped[pick] = popStamp;
        popped[swapBack] = popStamp;
        // u over to b first, then v back over to a, each only if both territories stay whole
        if (state.overBudget(pick, a, b) || state.overBudget(swapBack, b, a) || !leave.canLeave(pick, a)) continue;
        state.moveUnit(pick, a, b);
        if (!state.touches(swapBack, a) || !leave.canLeave(swapBack, b)) {
          state.moveUnit(pick, b, a);
          continue;
        }
        state.moveUnit(swapBack, b, a);
        done.push(pick, swapBack);
        doneFrom.push(a, b);
        kept = done.length;
        this.pushNeighbours(pick, a, span);
        this.pushNeighbours(swapBack, b, span);
        continue;
      }
      width = 6;
      popped[pick] = popStamp; // taken or refused: not again in this transfer
      const to = pickFrom === a ? b : a;
      // enclosed pockets (ZIP areas inside the unit) go along, if the whole group still helps
      if (!leave.pockets(pick, pickFrom, 64)) continue;
      const group = leave.group;
      const groupSize = leave.groupSize;
      let loaded = pick !== empty;
      if (groupSize > 1) {
        vec.fill(0);
        let cost = 0;
        for (let i = 0; i < groupSize; i++) {
          const w = group[i];
          for (let o = 0; o < cc; o++) vec[o] += columns[o][w];
          cost = Math.max(cost, state.costOf(w));
          if (!state.isEmpty(w)) loaded = true;
        }
        if (loaded && !(this.gainOf(vec, pickFrom, to, cost) < 0)) continue;
      }
      if (state.groupOverBudget(group.subarray(0, groupSize), pickFrom, to)) continue;
      const shapesBefore = state.shapeFloor ? [state.polsbyPopper(pickFrom, 0, 0), state.polsbyPopper(to, 0, 0)] : null;
      for (let i = 0; i < groupSize; i++) state.moveUnit(group[i], pickFrom, to);
      if (shapesBefore && !state.shapesHold(pickFrom, to, shapesBefore[0], shapesBefore[1])) {
        for (let i = groupSize - 1; i >= 0; i--) state.moveUnit(group[i], to, pickFrom);
        continue;
      }
      for (let i = 0; i < groupSize; i++) {
        const w = group[i];
        popped[w] = popStamp;
        done.push(w);
        doneFrom.push(pickFrom);
      }
      if (loaded) kept = done.length;
      for (let i = 0; i < groupSize; i++) this.pushNeighbours(group[i], pickFrom, span);
    }
    // empty units crossed at the end led nowhere: give them back (reverse order keeps both connected)
    while (done.length > kept) {
      const u = done.pop() as number;
      const from = doneFrom.pop() as number;
      state.moveUnit(u, from === a ? b : a, from);
    }
    return kept > 0;
  }

  /** After w left `from`: its neighbours still in `from` (not yet taken) join from's front. */
  private pushNeighbours(w: number, from: number, span: number): void {
    const { state, popped, popStamp } = this;
    const { offsets, adjacency, assignment } = state;
    for (let p = offsets[w]; p < offsets[w + 1]; p++) {
      const v = adjacency[p];
      if (assignment[v] === from && popped[v] !== popStamp) this.pushFront(v, from, span);
    }
  }
}
