import { create } from 'zustand';
import type { OwnershipSummary } from '../engine/planEngine.ts';

interface OwnershipState {
  /** The latest resolution of the ownership ladder (null until the first one). */
  summary: OwnershipSummary | null;
  /** Units changed territory since the summary was made (it is remade when the rules dialog opens). */
  summaryStale: boolean;
  /** Charts show what reps own after the ladder instead of the map-only totals. */
  bookView: boolean;
  /** Bumped after every resolution, so open account cards ask again. */
  revision: number;
  /** Which ownership dialog is open. */
  dialog: 'rules' | 'router' | 'audit' | null;
  set: (patch: Partial<Omit<OwnershipState, 'set'>>) => void;
}

/** Ownership view state. The settings themselves are part of the plan (planStore). */
export const useOwnership = create<OwnershipState>((set) => ({
  summary: null,
  summaryStale: false,
  bookView: false,
  revision: 0,
  dialog: null,
  set: (patch) => set(patch),
}));
