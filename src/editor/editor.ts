import { DEFAULT_OWNERSHIP, type Plan, type Rep, type Team } from '../domain/plan.ts';
import { StrokeRecorder, type AssignmentDiff } from '../engine/paint.ts';
import {
  applyChange,
  invertChange,
  isEmptyChange,
  type LockChange,
  type PlanChange,
  type PlanDocument,
} from '../engine/planOps.ts';
import type { StoredPlan } from '../io/workspaceDb.ts';
import { usePlan, type HistoryStep } from '../store/planStore.ts';
import { useWorkspace, type Dataset } from '../store/workspaceStore.ts';

/**
 * What happened to the plan, as followers (map colours, engine worker, autosave, ownership) see it.
 * - `step`: a command's change was applied (`cause` says whether by the command, undo or redo);
 *   `change` is oriented as applied (undo hands over the inverse).
 * - `stroke`: one paint step of a stroke in progress (units already moved, history not yet written).
 * - `strokeEnd`: the stroke closed as one undo step; `change` is the whole stroke, already applied.
 * - `plan`: the whole plan was replaced (restore, scenario switch, plan file); `restored` when it
 *   came from this browser's own storage.
 * - `dataset`: the accounts were replaced (import accepted, sample loaded, saved accounts restored).
 * - `settings`: the tolerance changed.
 */
export type PlanCommit =
  | { kind: 'step'; label: string; change: PlanChange; cause: 'do' | 'undo' | 'redo' }
  | { kind: 'stroke'; label: string; change: PlanChange }
  | { kind: 'strokeEnd'; label: string; change: PlanChange }
  | { kind: 'plan'; label: string; restored: boolean }
  | { kind: 'dataset'; label: string }
  | { kind: 'settings'; label: string };

/** Something that follows the plan: called after every commit, in the order of subscription. */
export type PlanFollower = (commit: PlanCommit) => void;

const followers: PlanFollower[] = [];
let stroke: StrokeRecorder | null = null;

const plan = () => usePlan.getState();

/** Calls `follower` after every commit; returns the function that stops it. */
export function subscribe(follower: PlanFollower): () => void {
  followers.push(follower);
  return () => {
    const at = followers.indexOf(follower);
    if (at >= 0) followers.splice(at, 1);
  };
}

function notify(commit: PlanCommit): void {
  for (const follower of [...followers]) follower(commit);
}

/** The open plan as a document (the live arrays, not copies). */
export function planDocument(): PlanDocument {
  const { teams, reps, namedAccounts, ownership, rulesOfEngagement, assignments, lockedUnits } = plan();
  return { teams, reps, namedAccounts, ownership, rulesOfEngagement, assignments, lockedUnits };
}

/** The open scenario as a Plan (autosave, exports, publishing, the plan file, the CLI's input). */
export function currentPlan(): Plan {
  const p = plan();
  return {
    name: p.planName,
    teams: p.teams,
    reps: p.reps,
    assignments: p.assignments,
    lockedUnits: p.lockedUnits,
    tolerance: p.tolerance,
    ownership: p.ownership,
    namedAccounts: p.namedAccounts,
    rulesOfEngagement: p.rulesOfEngagement,
  };
}

function applyToStore(change: PlanChange): void {
  const next = applyChange(planDocument(), change);
  const patch: Parameters<ReturnType<typeof usePlan.getState>['set']>[0] = { revision: plan().revision + 1 };
  if (change.parts) {
    const { teams, reps, namedAccounts, ownership, rulesOfEngagement } = next;
    Object.assign(patch, { teams, reps, namedAccounts, ownership, rulesOfEngagement });
  }
  if (change.layers) Object.assign(patch, { assignments: next.assignments, lockedUnits: next.lockedUnits });
  plan().set(patch);
  clampSelection();
}

/** Keeps the active team and the selected territory pointing at something that exists. */
function clampSelection(): void {
  const { teams, activeTeam, selectedTerritory } = plan();
  if (activeTeam >= teams.length) plan().set({ activeTeam: 0, selectedTerritory: -1 });
  const k = plan().teams[plan().activeTeam]?.territories.length ?? 0;
  if (selectedTerritory >= k) plan().set({ selectedTerritory: k - 1 });
}

/**
 * The one way a command changes the plan: applies `change` to the store, records it as one undo
 * step (unless `record` is false) and notifies every follower. A stroke in progress is closed first.
 * Returns false when the change changes nothing (then nothing is recorded).
 */
export function commit(label: string, change: PlanChange, options: { record?: boolean } = {}): boolean {
  if (stroke) endStroke();
  if (isEmptyChange(change)) return false;
  applyToStore(change);
  if (options.record !== false) plan().set({ undo: [...plan().undo, { label, change }], redo: [] });
  notify({ kind: 'step', label, change, cause: 'do' });
  return true;
}

/** Undoes the last step: the store goes back, followers follow. False when there is nothing to undo. */
export function undo(): boolean {
  const step = plan().undo.at(-1);
  if (!step || stroke) return false;
  plan().set({ undo: plan().undo.slice(0, -1), redo: [...plan().redo, step] });
  const inverse = invertChange(step.change);
  applyToStore(inverse);
  notify({ kind: 'step', label: step.label, change: inverse, cause: 'undo' });
  return true;
}

/** Redoes the last undone step. False when there is nothing to redo. */
export function redo(): boolean {
  const step = plan().redo.at(-1);
  if (!step || stroke) return false;
  plan().set({ redo: plan().redo.slice(0, -1), undo: [...plan().undo, step] });
  applyToStore(step.change);
  notify({ kind: 'step', label: step.label, change: step.change, cause: 'redo' });
  return true;
}

/** True while a stroke is open. */
export function strokeOpen(): boolean {
  return stroke !== null;
}

/** Units a lock stroke switched, all to the same state. */
let strokeLocks: { team: number; locked: boolean; units: Set<number> } | null = null;

/** Opens a stroke of the active team: every paint or lock step until endStroke is one undo step. */
export function beginStroke(): void {
  if (stroke) endStroke();
  stroke = new StrokeRecorder(plan().activeTeam);
}

/**
 * One paint step of the open stroke (a stroke of its own when none is open): units move now and
 * followers see them at once; history is written when the stroke ends.
 */
export function strokeStep(diff: AssignmentDiff, label = 'Paint'): void {
  if (diff.units.length === 0) return;
  const own = stroke === null || stroke.team !== diff.team;
  if (own) beginStroke();
  const recorder = stroke as StrokeRecorder;
  const assignment = plan().assignments[diff.team];
  for (let i = 0; i < diff.units.length; i++) {
    const u = diff.units[i];
    recorder.record(u, assignment[u], diff.to[i]);
    assignment[u] = diff.to[i];
  }
  plan().set({ revision: plan().revision + 1 });
  notify({ kind: 'stroke', label, change: { diffs: [diff] } });
  if (own) endStroke(label);
}

/**
 * One step of a lock stroke: units whose lock differs from `lock.locked` switch now; the stroke's
 * switches become one undo step when it ends. A stroke locks or unlocks, never both.
 */
export function lockStep(lock: LockChange, label: string): void {
  if (lock.units.length === 0) return;
  const own = stroke === null || stroke.team !== lock.team;
  if (own) beginStroke();
  if (strokeLocks && strokeLocks.locked !== lock.locked) endStroke(label);
  if (!stroke) beginStroke();
  strokeLocks ??= { team: lock.team, locked: lock.locked, units: new Set() };
  const locks = plan().lockedUnits[lock.team];
  for (const u of lock.units) {
    locks[u] = lock.locked ? 1 : 0;
    strokeLocks.units.add(u);
  }
  plan().set({ revision: plan().revision + 1 });
  notify({ kind: 'stroke', label, change: { diffs: [], locks: [lock] } });
  if (own) endStroke(label);
}

/** Closes the open stroke as one undo step (nothing is recorded when it changed nothing). */
export function endStroke(label?: string): void {
  if (!stroke) return;
  const diff = stroke.finish();
  const locks = strokeLocks;
  stroke = null;
  strokeLocks = null;
  const change: PlanChange = { diffs: diff.units.length > 0 ? [diff] : [] };
  if (locks && locks.units.size > 0)
    change.locks = [{ team: locks.team, locked: locks.locked, units: Int32Array.from(locks.units) }];
  if (isEmptyChange(change)) return;
  const name = label ?? (change.diffs.length > 0 ? 'Paint' : locks?.locked ? 'Lock areas' : 'Unlock areas');
  plan().set({ undo: [...plan().undo, { label: name, change }], redo: [] });
  notify({ kind: 'strokeEnd', label: name, change });
}

/** The undo and redo stacks of one scenario. */
export interface PlanHistory {
  undo: HistoryStep[];
  redo: HistoryStep[];
}

/** A plan as the store holds it after a restore, a scenario switch or a plan file. */
export function planStateOf(stored: StoredPlan): PlanDocument & { tolerance: number; planName: string } {
  const teams = stored.teams as Team[];
  // a plan without teams (an empty plan file) opens with the one catch-all team a new plan has
  const empty = teams.length === 0;
  const start = empty ? firstTeam(stored.unitCount || useWorkspace.getState().assets?.geo.unitCount || 0) : null;
  return {
    teams: start?.teams ?? teams,
    reps: stored.reps as Rep[],
    assignments: start?.assignments ?? stored.assignments,
    lockedUnits: start?.lockedUnits ?? stored.lockedUnits,
    tolerance: stored.tolerance,
    namedAccounts: stored.namedAccounts ?? [],
    ownership: { ...DEFAULT_OWNERSHIP, ...stored.ownership },
    rulesOfEngagement: stored.rulesOfEngagement ?? '',
    planName: stored.planName ?? 'Territory plan',
  };
}

/**
 * Replaces the whole open plan (restore, scenario switch, plan file) with its own undo history, and
 * lets followers reload. `scenario` names the scenario it is stored as.
 */
export function replacePlan(
  label: string,
  stored: StoredPlan,
  options: { scenarioId?: string; history?: PlanHistory; restored?: boolean } = {},
): void {
  if (stroke) endStroke();
  plan().set({
    ...planStateOf(stored),
    ...(options.scenarioId ? { scenarioId: options.scenarioId } : {}),
    activeTeam: 0,
    selectedTerritory: -1,
    undo: options.history?.undo ?? [],
    redo: options.history?.redo ?? [],
    revision: plan().revision + 1,
  });
  notify({ kind: 'plan', label, restored: options.restored ?? false });
}

/** Replaces the workspace's accounts; the plan stays, followers reload what depends on the accounts. */
export function replaceDataset(label: string, dataset: Dataset): void {
  if (stroke) endStroke();
  useWorkspace.getState().setDataset(dataset);
  const unitCount = useWorkspace.getState().assets?.geo.unitCount ?? 0;
  if (plan().teams.length === 0) startPlan(unitCount);
  notify({ kind: 'dataset', label });
}

/** One catch-all team with no territories and its empty layers: how every plan starts. */
function firstTeam(unitCount: number): Pick<PlanDocument, 'teams' | 'assignments' | 'lockedUnits'> {
  return {
    teams: [{ id: 'team-all', name: 'All accounts', conditions: [], territories: [] }],
    assignments: [new Int32Array(unitCount).fill(-1)],
    lockedUnits: [new Uint8Array(unitCount)],
  };
}

/** A plan with one catch-all team and no territories, for a workspace that has none yet. */
function startPlan(unitCount: number): void {
  plan().set({ ...firstTeam(unitCount), revision: plan().revision + 1 });
}

/** Plan settings that are saved but are not undo steps: the tolerance band, the plan's and scenarios' names. */
export interface PlanSettings {
  tolerance: number;
  planName: string;
  scenarios: { id: string; name: string }[];
}

/** Changes plan settings (saved at once, not an undo step); followers see a `settings` commit. */
export function changeSettings(label: string, patch: Partial<PlanSettings>): void {
  if (patch.tolerance !== undefined && !Number.isFinite(patch.tolerance)) return;
  plan().set(patch);
  notify({ kind: 'settings', label });
}
