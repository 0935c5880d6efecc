import { create } from 'zustand';
import type { Rep, Team } from '../domain/plan.ts';
import type { AssignmentDiff } from '../engine/paint.ts';
import type { TeamReport, TeamTotals } from '../engine/planEngine.ts';

/** Painting tools. */
export type Tool = 'select' | 'brush' | 'lasso' | 'polygon' | 'eraser' | 'split' | 'lock';

/** One undo step: plan edits (teams/reps before and after) and/or assignment diffs. */
export interface HistoryStep {
  label: string;
  before?: { teams: Team[]; reps: Rep[] };
  after?: { teams: Team[]; reps: Rep[] };
  diffs: AssignmentDiff[];
}

/** What the map is coloured by. */
export type MapColouring = 'territory' | 'value';

interface PlanState {
  teams: Team[];
  reps: Rep[];
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

/** The plan being edited and the painting UI state. Actions live in app/planActions.ts. */
export const usePlan = create<PlanState>((set) => ({
  teams: [],
  reps: [],
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
