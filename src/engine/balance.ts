/**
 * The auto-balancer's public module: the parts live in `./balance/` (state, phases and the
 * orchestrator that runs them); other modules import from here.
 */
export type { BalanceHooks, BalanceInput, BalanceProgress, BalanceResult } from './balance/types.ts';
export { autoBalance } from './balance/orchestrator.ts';
export { planTransfers } from './balance/planTransfers.ts';
