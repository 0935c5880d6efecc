import type { BalanceInput, BalanceProgress, BalanceResult } from '../engine/balance.ts';
import type { BalanceResponse } from './balanceWorker.ts';

/** A running auto-balance: its result, and cancel (terminates the worker at once; the plan is untouched). */
export interface RunningBalance {
  result: Promise<BalanceResult | null>;
  cancel: () => void;
}

/** Runs the auto-balancer in its own worker, so painting and charts stay responsive meanwhile. */
export function runBalance(input: BalanceInput, onProgress: (p: BalanceProgress) => void): RunningBalance {
  const worker = new Worker(new URL('./balanceWorker.ts', import.meta.url), { type: 'module', name: 'balance' });
  let finish: (r: BalanceResult | null) => void = () => {};
  let fail: (e: Error) => void = () => {};
  const result = new Promise<BalanceResult | null>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  worker.onmessage = (event: MessageEvent<BalanceResponse>) => {
    const m = event.data;
    if (m.type === 'progress') onProgress(m.progress);
    else {
      worker.terminate();
      if (m.type === 'done') finish(m.result);
      else fail(new Error(m.message));
    }
  };
  worker.onerror = (e) => {
    worker.terminate();
    fail(new Error(`Auto-balance failed: ${e.message}`));
  };
  worker.postMessage({ type: 'run', input });
  return {
    result,
    cancel: () => {
      worker.terminate();
      finish(null);
    },
  };
}
