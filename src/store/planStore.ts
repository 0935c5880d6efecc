import { create } from 'zustand';
import { DEFAULT_OWNERSHIP } from '../domain/plan.ts';
import type { PlanChange, PlanParts } from '../engine/planOps.ts';
import type { TeamReport, TeamTotals } from '../engine/planEngine.ts';

/** Painting tools. */
export type Tool = 'select' | 'brush' | 'lasso' | 'polygon' | 'eraser' | 'split' | 'lock';

/** One undo step: a label and the change that was committed. */
export interface HistoryStep {
  label: string;
  change: PlanChange;
}

/** What the map is coloured by. */
export type MapColouring = 'territory' | 'value';

interface PlanState extends PlanParts {
  planName: string;
  /** The open scenario and every scenario of the workspace, in order. */
  scenarioId: string;
  scenarios: { id: string; name: string }[];
  /** Unit -> territory index per team (-1 = unassigned); mutated in place while painting, see `revision`. */
  assignments: Int32Array[];
  lockedUnits: Uint8Array[];
  tolerance: number;
  activeTeam: number;
  selectedTerritory: number;
  tool: Tool;
  brushSize: number;
  onlyUnassigned: boolean;
  colouring: MapColouring;
  /** Show the plan as it will be after the planned growth cuts. */
  futureView: boolean;
  /** Latest totals of the active team (live while painting) and the last full report. */
  totals: TeamTotals | null;
  report: TeamReport | null;
  undo: HistoryStep[];
  redo: HistoryStep[];
  /** Bumped whenever an assignment array changes in place. */
  revision: number;
  set: (patch: Partial<Omit<PlanState, 'set'>>) => void;
}

/** The plan being edited and the painting UI state. Only the editor (src/editor) changes the plan parts. */
export const usePlan = create<PlanState>((set) => ({
  planName: 'Territory plan',
  scenarioId: 'plan-1',
  scenarios: [{ id: 'plan-1', name: 'Plan 1' }],
  teams: [],
  reps: [],
  namedAccounts: [],
  ownership: DEFAULT_OWNERSHIP,
  rulesOfEngagement: '',
  assignments: [],
  lockedUnits: [],
  tolerance: 0.1,
  activeTeam: 0,
  selectedTerritory: -1,
  tool: 'select',
  brushSize: 6,
  onlyUnassigned: false,
  colouring: 'territory',
  futureView: false,
  totals: null,
  report: null,
  undo: [],
  redo: [],
  revision: 0,
  set: (patch) => set(patch),
}));
