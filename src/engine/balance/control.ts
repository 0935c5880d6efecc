import type { BalanceHooks } from './types.ts';
import type { BalanceState } from './state.ts';

/**
 * The clock, the time budget, cancelling and progress of one run. Every call of `stop`, `elapsed` and
 * `progress` reads the clock once, as the phases' loops always have: runs are reproducible for a clock.
 */
export class RunControl {
  readonly now: () => number;
  readonly started: number;
  readonly budgetMs: number;
  cancelled = false;
  private readonly hooks: BalanceHooks;
  private lastProgress: number;

  constructor(hooks: BalanceHooks, budgetMs: number) {
    this.hooks = hooks;
    this.now = hooks.now ?? (() => performance.now());
    this.started = this.now();
    this.lastProgress = this.started;
    this.budgetMs = budgetMs;
  }

  /** Milliseconds since the run started. */
  elapsed(): number {
    return this.now() - this.started;
  }

  /** True when the time budget is spent or the caller cancelled (then `cancelled` is set). */
  stop(): boolean {
    if (this.cancelled) return true;
    if (this.hooks.shouldCancel?.()) {
      this.cancelled = true;
      return true;
    }
    return this.now() - this.started > this.budgetMs;
  }

  /** Has the caller asked to cancel? Does not set `cancelled` and does not read the clock. */
  cancelRequested(): boolean {
    return this.cancelled || this.hooks.shouldCancel?.() === true;
  }

  /** Posts progress at most every 250 ms. */
  progress(state: BalanceState, sweeps: number): void {
    const t = this.now();
    if (this.hooks.onProgress && t - this.lastProgress > 250) {
      this.lastProgress = t;
      this.hooks.onProgress({
        elapsedMs: t - this.started,
        sweeps,
        maxDeviation: state.maxDeviation(),
        objective: state.objective(),
      });
    }
  }
}
