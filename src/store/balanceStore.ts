import { create } from 'zustand';
import type { BalanceProgress, BalanceResult } from '../engine/balance.ts';
import type { PlanComparison } from '../engine/compare.ts';

/** Auto-balance settings as the planner sets them in the dialog. */
export interface BalanceSettings {
  mode: 'rebalance' | 'create' | 'grow';
  /** Grow: how many reps will be hired (new territories carved from the heaviest). */
  newReps: number;
  territories: number;
  /** 0-100: weight of account count against value. */
  countWeight: number;
  tolerancePct: number;
  contiguity: boolean;
  /** 0-100 */
  compactness: number;
  /** Rebalance: most of the accounts/value that may change territory, in %. */
  disruptionPct: number;
  useHomeZips: boolean;
  seed: number;
  /** Accounts kept by ownership rules (named, open opportunity, customer, engagement, parent) stay with their rep. */
  keepProtected: boolean;
  /** Prefer moving areas whose accounts had no recent engagement. */
  avoidEngaged: boolean;
  /** Balance whole ZIP areas, counties or states. */
  level: 'zip5' | 'county' | 'state';
}

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
  settings: {
    mode: 'rebalance',
    newReps: 1,
    territories: 8,
    countWeight: 50,
    tolerancePct: 5,
    contiguity: true,
    compactness: 20,
    disruptionPct: 100,
    useHomeZips: false,
    seed: 1,
    keepProtected: true,
    avoidEngaged: true,
    level: 'zip5',
  },
  set: (patch) => set(patch),
}));
