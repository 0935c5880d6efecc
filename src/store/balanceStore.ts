import { create } from 'zustand';
import type { BalanceProgress, BalanceResult } from '../engine/balance.ts';
import { DEFAULT_BALANCE_SETTINGS, type BalanceSettings } from '../engine/balanceInput.ts';
import type { PlanComparison } from '../engine/compare.ts';
import type { CountryLeftOut } from '../engine/leftAbroad.ts';
import type { PlanShapes } from '../engine/planEngine.ts';

export type { BalanceSettings };

export type BalanceStep =
  | { step: 'idle' }
  | { step: 'settings' }
  | { step: 'running'; progress: BalanceProgress | null }
  | {
      step: 'preview';
      result: BalanceResult;
      before: Int32Array;
      territoryCount: number;
      comparison: PlanComparison;
      protectedAccounts: number;
      /** Per territory: accounts its rep keeps by an ownership rule (null when protection is off). */
      protectedByTerritory: Float64Array | null;
      /** The band asked for (share of the mean) and which columns (count, value) were balanced. */
      tolerance: number;
      balancedColumns: boolean[];
      /** Accounts outside the US the proposal leaves in no territory, by country (none: accounts 0). */
      leftAbroad: { accounts: number; countries: CountryLeftOut[] };
      /** The basis of the figures, the charts' own: by the map, or after the ownership rules ('book'). */
      basis: 'map' | 'book';
      /** Shapes of the current plan and of the proposal (null without border lengths), and the floor asked for. */
      shapes: { before: PlanShapes | null; after: PlanShapes | null; floor: number };
    }
  | { step: 'error'; message: string };

interface BalanceState {
  current: BalanceStep;
  settings: BalanceSettings;
  set: (patch: Partial<Omit<BalanceState, 'set'>>) => void;
}

/** State of the auto-balance dialog; actions live in app/balanceActions.ts. */
export const useBalance = create<BalanceState>((set) => ({
  current: { step: 'idle' },
  settings: { ...DEFAULT_BALANCE_SETTINGS },
  set: (patch) => set(patch),
}));
