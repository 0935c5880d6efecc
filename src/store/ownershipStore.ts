import { create } from 'zustand';
import type { OwnershipSummary } from '../engine/planEngine.ts';

interface OwnershipState {
  /** The latest resolution of the ownership ladder (null until the first one). */
  summary: OwnershipSummary | null;
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
  bookView: false,
  revision: 0,
  dialog: null,
  set: (patch) => set(patch),
}));
