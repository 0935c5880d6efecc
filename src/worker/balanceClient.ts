import type { BalanceInput, BalanceProgress, BalanceResult } from '../engine/balance.ts';
import type { BalanceApi } from './balanceWorker.ts';
import { connectWorker, progressCallback } from './rpc.ts';

/** A running auto-balance: its result, and cancel (terminates the worker at once; the plan is untouched). */
export interface RunningBalance {
  result: Promise<BalanceResult | null>;
  cancel: () => void;
}

/** Runs the auto-balancer in its own worker, so painting and charts stay responsive meanwhile. */
export function runBalance(input: BalanceInput, onProgress: (p: BalanceProgress) => void): RunningBalance {
  const worker = new Worker(new URL('./balanceWorker.ts', import.meta.url), { type: 'module', name: 'balance' });
  const progress = progressCallback(onProgress);
  let cancel: () => void = () => {};
  const cancelled = new Promise<null>((resolve) => (cancel = () => resolve(null)));
  const crashed = new Promise<never>((_, reject) => {
    worker.onerror = (e) => reject(new Error(`Auto-balance failed: ${e.message}`));
  });
  const work = connectWorker<BalanceApi>(worker).run(input, progress.callback);
  const result = Promise.race([work, crashed, cancelled]).finally(() => {
    progress.stop();
    worker.terminate();
  });
  return {
    result,
    cancel: () => {
      progress.stop();
      worker.terminate();
      cancel();
    },
  };
}
