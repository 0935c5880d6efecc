/** Balance of one column (account count, value, ...) across a team's territories. */
export interface BalanceMetrics {
  mean: number;
  /** Each territory's deviation from the mean, as a fraction (0.1 = 10% above). */
  deviation: Float64Array;
  maxDeviation: number;
  /** max / min (Infinity when the smallest territory is empty). */
  maxMinRatio: number;
  coefficientOfVariation: number;
  gini: number;
  /** 0-100: 100 = every territory exactly at the mean; falls with the coefficient of variation. */
  score: number;
  /** Territories whose total lies within mean * (1 +/- tolerance). */
  insideBand: number;
}

/**
 * Balance metrics of territory totals L_k (see ALGORITHMS.md): deviation (L_k - mu)/mu, max/min,
 * coefficient of variation sqrt(sum (L_k - mu)^2 / K) / mu, Gini sum_i sum_j |L_i - L_j| / (2 K^2 mu),
 * a 0-100 score = 100 * max(0, 1 - CV) and the count inside the tolerance band.
 */
export function balanceMetrics(totals: Float64Array, tolerance: number): BalanceMetrics {
  const k = totals.length;
  const deviation = new Float64Array(k);
  if (k === 0)
    return {
      mean: 0,
      deviation,
      maxDeviation: 0,
      maxMinRatio: 1,
      coefficientOfVariation: 0,
      gini: 0,
      score: 100,
      insideBand: 0,
    };
  let sum = 0;
  let max = -Infinity;
  let min = Infinity;
  for (const v of totals) {
    sum += v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  const mean = sum / k;
  if (mean === 0)
    return {
      mean,
      deviation,
      maxDeviation: 0,
      maxMinRatio: 1,
      coefficientOfVariation: 0,
      gini: 0,
      score: 100,
      insideBand: k,
    };
  let squares = 0;
  let maxDeviation = 0;
  let insideBand = 0;
  for (let i = 0; i < k; i++) {
    const d = (totals[i] - mean) / mean;
    deviation[i] = d;
    squares += (totals[i] - mean) ** 2;
    if (Math.abs(d) > maxDeviation) maxDeviation = Math.abs(d);
    if (Math.abs(d) <= tolerance + 1e-12) insideBand++;
  }
  const coefficientOfVariation = Math.sqrt(squares / k) / mean;
  // Gini via sorted totals: sum_i sum_j |Li - Lj| = 2 sum_i (2i - k + 1) L_(i)
  const sorted = Float64Array.from(totals).sort();
  let pairSum = 0;
  for (let i = 0; i < k; i++) pairSum += (2 * i - k + 1) * sorted[i];
  const gini = (2 * pairSum) / (2 * k * k * mean);
  return {
    mean,
    deviation,
    maxDeviation,
    maxMinRatio: min > 0 ? max / min : Infinity,
    coefficientOfVariation,
    gini,
    score: Math.round(100 * Math.max(0, 1 - coefficientOfVariation)),
    insideBand,
  };
}

/** Share of a rep's capacity target a territory uses (NaN when no target is set). */
export function capacityUse(total: number, target: number): number {
  return target > 0 ? total / target : NaN;
}

/** What the balance tiles may claim: a score only once some territory holds something to balance. */
export type BalanceSummary =
  | { scored: false; score: '—'; insideBand: '—'; note: string }
  | { scored: true; score: string; insideBand: string; note: '' };

/**
 * The balance of a column as the planner reads it. With no territory or nothing assigned yet the metrics are
 * vacuous (score 100, every territory "in band"), so the summary says so instead of claiming a perfect balance.
 */
export function summariseBalance(metrics: BalanceMetrics, territories: number): BalanceSummary {
  if (territories === 0) return { scored: false, score: '—', insideBand: '—', note: 'No territories yet' };
  if (!(metrics.mean > 0)) return { scored: false, score: '—', insideBand: '—', note: 'No accounts assigned yet' };
  return { scored: true, score: String(metrics.score), insideBand: `${metrics.insideBand}/${territories}`, note: '' };
}
