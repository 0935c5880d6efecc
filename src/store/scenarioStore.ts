import { create } from 'zustand';
import type { StoredPlan } from '../io/workspaceDb.ts';

interface ScenarioState {
  /** The scenario deleted last, kept for "Undo delete" until the next delete or reload. */
  deleted: { scenario: { id: string; name: string }; position: number; stored: StoredPlan } | null;
  compareOpen: boolean;
  /** The Publish & export dialog is open. */
  exportOpen: boolean;
  set: (patch: Partial<Omit<ScenarioState, 'set'>>) => void;
}

/** Scenario UI state; the scenario list itself is part of the plan store. */
export const useScenarios = create<ScenarioState>((set) => ({
  deleted: null,
  compareOpen: false,
  exportOpen: false,
  set: (patch) => set(patch),
}));
