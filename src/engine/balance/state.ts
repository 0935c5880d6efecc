import type { BalanceInput } from './types.ts';

/**
 * The plan under search and everything kept up to date as units move: per-territory loads (from the
 * base load), area moment sums (compactness), area-weighted centres in the anchored coordinates
 * (direction of transfer fronts), sizes and, in a rebalance, what has moved versus `initial`.
 * Loads are territory-major: `load[t * cc + c]`.
 */
export class BalanceState {
  readonly input: BalanceInput;
  readonly n: number;
  readonly k: number;
  readonly cc: number;
  readonly columns: Float64Array[];
  readonly columnWeights: number[];
  readonly offsets: Int32Array;
  readonly adjacency: Int32Array;
  /** Blended per-unit weight (see `blendWeights`). */
  readonly weight: Float64Array;
  /** Units that take part and are not locked, ascending. */
  readonly eligibleUnits: Int32Array;
  /** Coordinates with islands placed where they join the mainland. */
  readonly placeX: Float64Array;
  readonly placeY: Float64Array;
  readonly assignment: Int32Array;
  readonly load: Float64Array;
  readonly mean: Float64Array;
  readonly total: Float64Array;
  readonly sA: Float64Array;
  readonly sX: Float64Array;
  readonly sY: Float64Array;
  readonly sXX: Float64Array;
  readonly pX: Float64Array;
  readonly pY: Float64Array;
  readonly size: Int32Array;
  readonly inertiaScale: number;
  /** Compactness is area x squared distance to each territory's seed unit. */
  readonly rooted: boolean;
  readonly rootX: Float64Array;
  readonly rootY: Float64Array;
  readonly rootScale: number;
  readonly initial: Int32Array | null;
  readonly moved: Float64Array;
  readonly budget: number[] | null;
  readonly seedUnit: Uint8Array;
  readonly moveCost: Float32Array | null;
  /** Outline length per territory in km (with `borders` and a Polsby-Popper floor; else null). */
  readonly perimeter: Float64Array | null;
  /**
   * Per territory: the Polsby-Popper no move may take it below: the floor, or for a territory below it at
   * the start, four fifths of its start but not below the least compact territory of the start.
   */
  readonly shapeFloor: Float64Array | null;

  constructor(
    input: BalanceInput,
    assignment: Int32Array,
    weight: Float64Array,
    placement: { x: Float64Array; y: Float64Array },
    eligibleUnits: Int32Array,
  ) {
    const { graph, columns, territoryCount: k } = input;
    const n = graph.unitCount;
    const cc = columns.length;
    this.input = input;
    this.n = n;
    this.k = k;
    this.cc = cc;
    this.columns = columns;
    this.columnWeights = input.columnWeights;
    this.offsets = graph.adjacencyOffsets;
    this.adjacency = graph.adjacency;
    this.weight = weight;
    this.eligibleUnits = eligibleUnits;
    this.placeX = placement.x;
    this.placeY = placement.y;
    this.assignment = assignment;
    this.moveCost = input.moveCost ?? null;

    const base = input.baseLoad ?? null;
    const load = (this.load = new Float64Array(k * cc));
    const mean = (this.mean = new Float64Array(cc));
    const total = (this.total = new Float64Array(cc));
    if (base)
      for (let i = 0; i < k * cc; i++) {
        load[i] = base[i];
        total[i % cc] += base[i];
      }
    const sA = (this.sA = new Float64Array(k));
    const sX = (this.sX = new Float64Array(k));
    const sY = (this.sY = new Float64Array(k));
    const sXX = (this.sXX = new Float64Array(k));
    const pX = (this.pX = new Float64Array(k));
    const pY = (this.pY = new Float64Array(k));
    const size = (this.size = new Int32Array(k));
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
    let inertiaScale = 0;
    for (let t = 0; t < k; t++) inertiaScale += this.inertia(t, 0, 0, 0, 0);
    this.inertiaScale = inertiaScale / k || 1;

    const seeds = input.seeds;
    this.rooted =
      input.compactness === 'seedDistance' && seeds !== null && seeds.length >= k && seeds.every((s) => s >= 0);
    const rooted = this.rooted;
    this.rootX = Float64Array.from({ length: k }, (_, t) => (rooted ? input.x[(seeds as Int32Array)[t]] : 0));
    this.rootY = Float64Array.from({ length: k }, (_, t) => (rooted ? input.y[(seeds as Int32Array)[t]] : 0));
    let rootScale = 0;
    if (rooted) for (let u = 0; u < n; u++) if (assignment[u] >= 0) rootScale += this.toRoot(u, assignment[u]);
    this.rootScale = rootScale / k || 1;

    const initial = (this.initial = input.initial);
    const moved = (this.moved = new Float64Array(cc));
    this.budget =
      initial && input.disruptionBudget !== null
        ? Array.from(total, (t) => t * (input.disruptionBudget as number))
        : null;
    if (initial)
      for (let u = 0; u < n; u++)
        if (assignment[u] !== initial[u] && initial[u] >= 0) for (let c = 0; c < cc; c++) moved[c] += columns[c][u];

    // seed units (reps' home ZIPs) stay in the territory grown around them
    this.seedUnit = new Uint8Array(n);
    if (seeds) for (const u of seeds) if (u >= 0) this.seedUnit[u] = 1;

    const floor = input.polsbyPopperFloor ?? 0;
    if (initial && input.borders && floor > 0) {
      const perimeter = (this.perimeter = new Float64Array(k));
      const { sharedKm, outerKm } = input.borders;
      for (let u = 0; u < n; u++) {
        const t = assignment[u];
        if (t < 0) continue;
        perimeter[t] += outerKm[u] || 0;
        for (let p = this.offsets[u]; p < this.offsets[u + 1]; p++)
          if (assignment[this.adjacency[p]] !== t) perimeter[t] += sharedKm[p];
      }
      // below the floor already (a coast, a long state): a fifth may go, never below the plan's least compact
      let startMin = Infinity;
      for (let t = 0; t < k; t++) if (this.size[t] > 0) startMin = Math.min(startMin, this.polsbyPopper(t, 0, 0));
      this.shapeFloor = Float64Array.from({ length: k }, (_, t) =>
        Math.min(floor, Math.max(startMin, 0.8 * this.polsbyPopper(t, 0, 0))),
      );
    } else {
      this.perimeter = null;
      this.shapeFloor = null;
    }
  }

  /** 4 pi A / P^2 of territory t with its area and outline changed by dA and dP (1 for an empty outline). */
  polsbyPopper(t: number, dA: number, dP: number): number {
    const p = (this.perimeter as Float64Array)[t] + dP;
    return p > 0 ? (4 * Math.PI * Math.max(0, this.sA[t] + dA)) / (p * p) : 1;
  }

  /** How territory a's and b's outlines change when u moves from a to b (km), into `outlineChange`. */
  private outlineDelta(u: number, a: number, b: number): void {
    const { sharedKm, outerKm } = this.input.borders as { sharedKm: Float64Array; outerKm: Float64Array };
    let toA = 0;
    let toB = 0;
    let all = 0;
    for (let p = this.offsets[u]; p < this.offsets[u + 1]; p++) {
      const t = this.assignment[this.adjacency[p]];
      all += sharedKm[p];
      if (t === a) toA += sharedKm[p];
      else if (t === b) toB += sharedKm[p];
    }
    const outer = outerKm[u] || 0;
    this.outlineChange[0] = 2 * toA - outer - all;
    this.outlineChange[1] = outer + all - 2 * toB;
  }

  private readonly outlineChange = new Float64Array(2);

  /**
   * Would moving u from a to b take a or b below its shape floor (when it lowers their Polsby-Popper)?
   * Moves that raise a territory below its floor are allowed: they repair.
   */
  breaksShapeFloor(u: number, a: number, b: number): boolean {
    const floor = this.shapeFloor;
    if (!floor || a < 0 || b < 0) return false;
    this.outlineDelta(u, a, b);
    const area = this.input.area[u];
    const ppA = this.polsbyPopper(a, -area, this.outlineChange[0]);
    if (ppA < floor[a] && ppA < this.polsbyPopper(a, 0, 0)) return true;
    const ppB = this.polsbyPopper(b, area, this.outlineChange[1]);
    return ppB < floor[b] && ppB < this.polsbyPopper(b, 0, 0);
  }

  /** May u change territory at all (eligible, not locked, not a seed unit)? */
  movable(u: number): boolean {
    return this.input.eligible[u] === 1 && !this.input.locked[u] && !this.seedUnit[u];
  }

  /** Moves u from territory a to b, keeping loads, moment sums, sizes and disruption up to date. */
  moveUnit(u: number, a: number, b: number): void {
    const { cc, columns, load, sA, sX, sY, sXX, pX, pY, input, initial, perimeter } = this;
    if (perimeter) {
      this.outlineDelta(u, a, b);
      perimeter[a] += this.outlineChange[0];
      perimeter[b] += this.outlineChange[1];
    }
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
    pX[a] -= ar * this.placeX[u];
    pY[a] -= ar * this.placeY[u];
    pX[b] += ar * this.placeX[u];
    pY[b] += ar * this.placeY[u];
    this.size[a]--;
    this.size[b]++;
    if (initial) {
      const sign = (initial[u] === a ? 1 : 0) - (initial[u] === b ? 1 : 0);
      if (sign !== 0) for (let c = 0; c < cc; c++) this.moved[c] += sign * columns[c][u];
    }
    this.assignment[u] = b;
  }

  /**
   * Would moving u from a to b take the rebalance over its disruption budget, or a territory below its
   * shape floor? Every phase asks before it moves a unit.
   */
  overBudget(u: number, a: number, b: number): boolean {
    if (this.shapeFloor && this.breaksShapeFloor(u, a, b)) return true;
    return this.exceedsBudget(u, a, b);
  }

  /** Would moving u from a to b take the rebalance over its disruption budget (shapes aside)? */
  exceedsBudget(u: number, a: number, b: number): boolean {
    const { budget, initial } = this;
    if (!budget || !initial || initial[u] !== a || initial[u] === b) return false;
    for (let c = 0; c < this.cc; c++) if (this.moved[c] + this.columns[c][u] > budget[c] + 1e-9) return true;
    return false;
  }

  /** After a group move between a and b: neither is below its shape floor unless it was before and is no lower. */
  shapesHold(a: number, b: number, beforeA: number, beforeB: number): boolean {
    const floor = this.shapeFloor;
    if (!floor) return true;
    const ppA = this.polsbyPopper(a, 0, 0);
    const ppB = this.polsbyPopper(b, 0, 0);
    return !(ppA < floor[a] && ppA < beforeA) && !(ppB < floor[b] && ppB < beforeB);
  }

  /** Is the plan as it stands within the disruption budget and every territory at or above its shape floor? */
  withinLimits(): boolean {
    const { budget, shapeFloor } = this;
    if (budget) for (let c = 0; c < this.cc; c++) if (this.moved[c] > budget[c] + 1e-9) return false;
    if (shapeFloor)
      for (let t = 0; t < this.k; t++) if (this.polsbyPopper(t, 0, 0) < shapeFloor[t] - 1e-12) return false;
    return true;
  }

  /** Would moving these units from a to b (together) take the rebalance over its disruption budget? */
  groupOverBudget(units: ArrayLike<number>, a: number, b: number): boolean {
    const { budget, initial } = this;
    if (!budget || !initial) return false;
    for (let c = 0; c < this.cc; c++) {
      let add = 0;
      for (let i = 0; i < units.length; i++) {
        const u = units[i];
        if (initial[u] === a && initial[u] !== b) add += this.columns[c][u];
      }
      if (add > 0 && this.moved[c] + add > budget[c] + 1e-9) return true;
    }
    return false;
  }

  /** Moment of inertia of territory t's area about its centre, with the given changes to its sums. */
  inertia(t: number, da: number, dx: number, dy: number, dxx: number): number {
    const a = this.sA[t] + da;
    return a > 0 ? this.sXX[t] + dxx - ((this.sX[t] + dx) ** 2 + (this.sY[t] + dy) ** 2) / a : 0;
  }

  /** Area x squared distance of unit u to territory t's seed. */
  toRoot(u: number, t: number): number {
    const { input } = this;
    return input.area[u] * ((input.x[u] - this.rootX[t]) ** 2 + (input.y[u] - this.rootY[t]) ** 2);
  }

  /** How much the planner prefers not to move u (0..1). */
  costOf(u: number): number {
    return this.moveCost ? this.moveCost[u] : 0;
  }

  /** A unit without accounts (its blended weight is only the floor every unit gets). */
  isEmpty(u: number): boolean {
    return this.weight[u] <= 1.0000001e-9;
  }

  /** Only columns with weight are balanced; the others ride along. */
  balancedColumn(c: number): boolean {
    return this.columnWeights[c] > 0;
  }

  /** Largest deviation from the mean over territories, per column (relative to the mean). */
  maxDeviation(): number[] {
    const { cc, k, load, mean } = this;
    return Array.from({ length: cc }, (_, c) => {
      let m = 0;
      for (let t = 0; t < k; t++) m = Math.max(m, Math.abs(load[t * cc + c] - mean[c]) / mean[c]);
      return m;
    });
  }

  /** sum_t sum_c w_c ((L_tc - mu_c) / mu_c)^2, the balance objective reported as progress. */
  objective(): number {
    const { cc, k, load, mean, columnWeights } = this;
    let f = 0;
    for (let t = 0; t < k; t++)
      for (let c = 0; c < cc; c++) f += columnWeights[c] * ((load[t * cc + c] - mean[c]) / mean[c]) ** 2;
    return f;
  }

  /** Largest deviation over the balanced columns. */
  scoreOf(devs: number[]): number {
    return devs.reduce((s, d, c) => (this.balancedColumn(c) ? Math.max(s, d) : s), 0);
  }

  /**
   * How good a plan is to keep (lower is better): a rebalance inside the band is judged by what it
   * moved (always below any plan outside the band), anything else by its largest deviation.
   */
  planScore(devs: number[]): number {
    const deviation = this.scoreOf(devs);
    if (!this.initial || deviation > this.input.tolerance) return deviation;
    let disruption = 0;
    for (let c = 0; c < this.cc; c++)
      if (this.total[c] > 0) disruption += (this.columnWeights[c] * this.moved[c]) / this.total[c];
    return disruption - 1e3;
  }

  /** Is every territory inside the tolerance band in every balanced column? */
  inBand(): boolean {
    return this.maxDeviation().every((d, c) => !this.balancedColumn(c) || d <= this.input.tolerance);
  }

  /** Is territory t outside the band in some balanced column? */
  outOfBand(t: number): boolean {
    const { cc, load, mean } = this;
    for (let c = 0; c < cc; c++)
      if (this.balancedColumn(c) && Math.abs(load[t * cc + c] - mean[c]) > this.input.tolerance * mean[c]) return true;
    return false;
  }

  /** Sum over territories and balanced columns of how far each lies outside the band (relative to the mean). */
  bandViolation(): number {
    const { cc, k, load, mean } = this;
    const tolerance = this.input.tolerance;
    let v = 0;
    for (let c = 0; c < cc; c++)
      if (this.balancedColumn(c))
        for (let t = 0; t < k; t++) v += Math.max(0, Math.abs(load[t * cc + c] - mean[c]) / mean[c] - tolerance);
    return v;
  }

  /** Territory t's weighted load above the mean (negative: below), summed over columns. */
  relativeLoad(t: number): number {
    const { cc, load, mean, columnWeights } = this;
    let r = 0;
    for (let c = 0; c < cc; c++) r += (columnWeights[c] * (load[t * cc + c] - mean[c])) / mean[c];
    return r;
  }

  /** Does u have a neighbour in territory t? */
  touches(u: number, t: number): boolean {
    const { offsets, adjacency, assignment } = this;
    for (let p = offsets[u]; p < offsets[u + 1]; p++) if (assignment[adjacency[p]] === t) return true;
    return false;
  }
}
