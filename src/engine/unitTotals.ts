/** Per-unit account totals: how many accounts sit in each unit and their summed value. */
export interface UnitTotals {
  count: Float64Array;
  value: Float64Array;
}

/**
 * Sums accounts into the units they sit in. Accounts with unit -1 (unplaced) are skipped and
 * missing values (NaN) count as 0.
 */
export function aggregateByUnit(unitOfAccount: Int32Array, value: Float64Array, unitCount: number): UnitTotals {
  const count = new Float64Array(unitCount);
  const totalValue = new Float64Array(unitCount);
  for (let a = 0; a < unitOfAccount.length; a++) {
    const u = unitOfAccount[a];
    if (u < 0) continue;
    count[u] += 1;
    const v = value[a];
    if (v === v) totalValue[u] += v; // NaN check without a call
  }
  return { count, value: totalValue };
}

/**
 * Class breaks (ascending upper bounds) that split the positive entries into `classes` groups of
 * about equal size; used for choropleth legends.
 */
export function quantileBreaks(values: Float64Array, classes: number): number[] {
  const positive = Array.from(values).filter((v) => v > 0);
  if (positive.length === 0) return [];
  positive.sort((a, b) => a - b);
  const breaks: number[] = [];
  for (let c = 1; c <= classes; c++) {
    const b = positive[Math.min(positive.length - 1, Math.ceil((c / classes) * positive.length) - 1)];
    if (breaks.length === 0 || b > breaks[breaks.length - 1]) breaks.push(b);
  }
  return breaks;
}

/** Index of the class a value falls in (0-based), or -1 for zero / no data. */
export function classOf(value: number, breaks: readonly number[]): number {
  if (!(value > 0)) return -1;
  for (let i = 0; i < breaks.length; i++) if (value <= breaks[i]) return i;
  return breaks.length - 1;
}
