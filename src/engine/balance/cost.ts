import type { BalanceState } from './state.ts';

/**
 * The balance cost single moves and exchanges lower, per territory: sum_c w_c (d^2 + (penalty + 1) x
 * (how far outside the band)^2) with d = (L - mu) / mu. A rebalance (or a compact start, `bandOnly`) only
 * needs territories inside the band, so there d^2 barely counts (little moves); the penalty grows while sweeps stay outside the band.
 */
export class BandCost {
  penalty = 1;
  readonly insideWeight: number;
  private readonly state: BalanceState;

  constructor(state: BalanceState, bandOnly = false) {
    this.state = state;
    this.insideWeight = state.initial || bandOnly ? 0.05 : 1;
  }

  /** Cost of territory t's loads with unit u added (deltaSign 1), removed (-1) or not (0). */
  territoryCost(t: number, deltaSign: number, u: number): number {
    const { cc, load, mean, columns, columnWeights } = this.state;
    const tolerance = this.state.input.tolerance;
    let cost = 0;
    for (let c = 0; c < cc; c++) {
      const l = load[t * cc + c] + deltaSign * columns[c][u];
      const d = (l - mean[c]) / mean[c];
      const out = Math.abs(d) - tolerance;
      cost += columnWeights[c] * (this.insideWeight * d * d + (out > 0 ? (this.penalty + 1) * out * out : 0));
    }
    return cost;
  }

  /** Cost of territory t's loads with unit `add` joining and unit `remove` leaving (-1: none). */
  pairCost(t: number, add: number, remove: number): number {
    const { cc, load, mean, columns, columnWeights } = this.state;
    const tolerance = this.state.input.tolerance;
    let cost = 0;
    for (let c = 0; c < cc; c++) {
      const l = load[t * cc + c] + (add >= 0 ? columns[c][add] : 0) - (remove >= 0 ? columns[c][remove] : 0);
      const d = (l - mean[c]) / mean[c];
      const out = Math.abs(d) - tolerance;
      cost += columnWeights[c] * (this.insideWeight * d * d + (out > 0 ? (this.penalty + 1) * out * out : 0));
    }
    return cost;
  }

  /** Sum of every territory's cost as it stands. */
  totalCost(): number {
    let f = 0;
    for (let t = 0; t < this.state.k; t++) f += this.pairCost(t, -1, -1);
    return f;
  }

  /** After a sweep: ease the penalty when every column is inside the band, else raise it. */
  update(devs: number[]): void {
    const tolerance = this.state.input.tolerance;
    if (devs.every((d) => d <= tolerance)) this.penalty = Math.max(1, this.penalty / 2);
    else this.penalty = Math.min(1e4, this.penalty * 1.5);
  }
}
