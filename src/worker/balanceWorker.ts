import { autoBalance, type BalanceInput, type BalanceProgress, type BalanceResult } from '../engine/balance.ts';
import { exposeApi, transfer } from './rpc.ts';

/** What the balance worker serves: one run per worker (cancel terminates it). */
export interface BalanceApi {
  run(input: BalanceInput, onProgress: (p: BalanceProgress) => void): BalanceResult;
}

const api: BalanceApi = {
  run(input, onProgress) {
    const result = autoBalance(input, { onProgress });
    return transfer(result, [result.assignment.buffer]);
  },
};

exposeApi(api);
