import { balanceMetrics, type BalanceMetrics } from './metrics.ts';

/** What a proposal changes, per territory and overall. */
export interface PlanComparison {
  /** Per territory: [before, after] of each column. */
  before: Float64Array[];
  after: Float64Array[];
  metricsBefore: BalanceMetrics[];
  metricsAfter: BalanceMetrics[];
  /** Units and share of each column that change territory. */
  unitsMoved: number;
  movedShare: number[];
}

/**
 * Compares two assignments of the same units over the given per-unit columns; `baseLoad`
 * (territory-major, territoryCount x columns) is what each territory holds whatever units it gets.
 */
export function compareAssignments(
  columns: readonly Float64Array[],
  before: Int32Array,
  after: Int32Array,
  territoryCount: number,
  tolerance: number,
  baseLoad: Float64Array | null = null,
): PlanComparison {
  const sum = (assignment: Int32Array, column: Float64Array): Float64Array => {
    const c = columns.indexOf(column);
    const out = Float64Array.from({ length: territoryCount }, (_, t) =>
      baseLoad ? baseLoad[t * columns.length + c] : 0,
    );
    for (let u = 0; u < assignment.length; u++)
      if (assignment[u] >= 0 && assignment[u] < territoryCount) out[assignment[u]] += column[u];
    return out;
  };
  const b = columns.map((c) => sum(before, c));
  const a = columns.map((c) => sum(after, c));
  let unitsMoved = 0;
  const moved = columns.map(() => 0);
  const totals = columns.map(() => 0);
  for (let u = 0; u < before.length; u++) {
    columns.forEach((c, i) => (totals[i] += c[u]));
    if (before[u] === after[u]) continue;
    unitsMoved++;
    if (before[u] >= 0) columns.forEach((c, i) => (moved[i] += c[u]));
  }
  return {
    before: b,
    after: a,
    metricsBefore: b.map((t) => balanceMetrics(t, tolerance)),
    metricsAfter: a.map((t) => balanceMetrics(t, tolerance)),
    unitsMoved,
    movedShare: moved.map((m, i) => (totals[i] > 0 ? m / totals[i] : 0)),
  };
}
