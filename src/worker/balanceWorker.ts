/// <reference lib="webworker" />
import { autoBalance, type BalanceInput, type BalanceProgress, type BalanceResult } from '../engine/balance.ts';

/** Messages of the balance worker. */
export type BalanceRequest = { type: 'run'; input: BalanceInput };
export type BalanceResponse =
  | { type: 'progress'; progress: BalanceProgress }
  | { type: 'done'; result: BalanceResult }
  | { type: 'error'; message: string };

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (event: MessageEvent<BalanceRequest>) => {
  try {
    const result = autoBalance(event.data.input, {
      onProgress: (progress) => scope.postMessage({ type: 'progress', progress } satisfies BalanceResponse),
    });
    scope.postMessage({ type: 'done', result } satisfies BalanceResponse, [result.assignment.buffer]);
  } catch (e) {
    scope.postMessage({ type: 'error', message: e instanceof Error ? e.message : String(e) } satisfies BalanceResponse);
  }
};
