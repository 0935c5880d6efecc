import type { BalanceInput } from './types.ts';

/** Per-column totals of the units' columns (the normaliser of the blended weight). */
export function unitTotals(input: BalanceInput): number[] {
  return input.columns.map((col) => {
    let t = 0;
    for (let u = 0; u < col.length; u++) t += col[u];
    return t;
  });
}

/** Blended per-unit weight: each column scaled to total 1, then weighted. */
export function blendWeights(input: BalanceInput, totals: number[]): Float64Array {
  const { columns, columnWeights } = input;
  const w = new Float64Array(input.graph.unitCount);
  for (let u = 0; u < w.length; u++) {
    let v = 0;
    for (let c = 0; c < columns.length; c++) if (totals[c] > 0) v += (columnWeights[c] * columns[c][u]) / totals[c];
    w[u] = v + 1e-9; // empty units still count a little, so every part gets land
  }
  return w;
}

/** Blended base load per territory, on the same scale as `blendWeights`. */
export function blendBase(input: BalanceInput, totals: number[]): Float64Array {
  const k = input.territoryCount;
  const cc = input.columns.length;
  const out = new Float64Array(k);
  const base = input.baseLoad;
  if (!base) return out;
  for (let t = 0; t < k; t++)
    for (let c = 0; c < cc; c++) if (totals[c] > 0) out[t] += (input.columnWeights[c] * base[t * cc + c]) / totals[c];
  return out;
}
