import { engineAccountsOf, engineGeographyOf, ownershipColumnsOf } from '../io/engineInput.ts';
import {
  DEFAULT_OWNERSHIP,
  TERRITORY_COLOURS,
  type Plan,
  type Rep,
  type Team,
  type TeamCondition,
  type Territory,
} from '../domain/plan.ts';
import {
  applyDiff,
  paintableUnits,
  removeTerritoryFromAssignment,
  StrokeRecorder,
  type AssignmentDiff,
} from '../engine/paint.ts';
import type { EngineApi, TeamReport, TeamTotals } from '../engine/planEngine.ts';
import {
  loadScenario,
  loadScenarioIndex,
  openWorkspaceDb,
  saveScenario,
  storedPlanOf,
  type StoredPlan,
} from '../io/workspaceDb.ts';
import { currentMap } from '../map/mapRegistry.ts';
import type { PaintPointer } from '../map/paintTools.ts';
import { usePlan, type HistoryStep, type PlanEdits, type TeamLayers } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { EngineClient } from '../worker/engineClient.ts';
import { withDb } from './importFlow.ts';
import { markPaintStart, markTotalsArrived } from './paintLatency.ts';
import { futurePartColour } from './futureColours.ts';

let engine: EngineClient | null = null;
const engineClient = (): EngineClient => (engine ??= new EngineClient());
let geographySent = false;
let stroke: StrokeRecorder | null = null;
let saveTimer: ReturnType<typeof setTimeout> | null = null;

const plan = () => usePlan.getState();
const newId = (prefix: string): string =>
  `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
const snapshot = (): PlanEdits => {
  const { teams, reps, namedAccounts, ownership, rulesOfEngagement } = plan();
  return structuredClone({ teams, reps, namedAccounts, ownership, rulesOfEngagement });
};
/** What a change touched: the plan's parts (teams, reps, rules...), only which territory holds which units, or only locks. */
export type PlanChange = 'plan' | 'assignments' | 'locks';
const planEditListeners: ((change: PlanChange) => void)[] = [];

/** Calls `listener` after every plan change (edits, strokes, undo/redo); ownership follows the plan this way. */
export function onPlanChanged(listener: (change: PlanChange) => void): void {
  planEditListeners.push(listener);
}
const activeTerritories = (): Territory[] => plan().teams[plan().activeTeam]?.territories ?? [];

function bump(
  patch: Parameters<ReturnType<typeof usePlan.getState>['set']>[0] = {},
  change: PlanChange = 'plan',
): void {
  plan().set({ ...patch, revision: plan().revision + 1 });
  scheduleSave();
  for (const listener of planEditListeners) listener(change);
}

/** Colours for units in territory mode: assigned units get their territory's colour. */
export function territoryFills(): Map<number, string> {
  const fills = new Map<number, string>();
  const assignment = plan().assignments[plan().activeTeam];
  const territories = activeTerritories();
  if (!assignment) return fills;
  for (let u = 0; u < assignment.length; u++) {
    const k = assignment[u];
    if (k >= 0 && territories[k]) fills.set(u, territories[k].colour);
  }
  if (plan().futureView)
    for (const t of territories) {
      const cut = t.growthCut;
      if (!cut) continue;
      cut.units.forEach((u, i) => {
        if (cut.part[i] > 0 && assignment[u] === territories.indexOf(t))
          fills.set(u, futurePartColour(territories, cut.part[i]));
      });
    }
  return fills;
}

function recolourUnits(units: ArrayLike<number>): void {
  const map = currentMap();
  if (!map || plan().colouring !== 'territory') return;
  const assignment = plan().assignments[plan().activeTeam];
  const territories = activeTerritories();
  map.setUnitColours(units, (u) => (assignment[u] >= 0 ? (territories[assignment[u]]?.colour ?? null) : null));
}

/** Repaints every unit of the map from the plan (after undo of plan edits, team switch, colour changes). */
export function recolourAll(): void {
  const map = currentMap();
  if (map && plan().colouring === 'territory') map.setUnitFills(territoryFills());
}

function setTotals(totals: TeamTotals): void {
  markTotalsArrived();
  if (totals.team === plan().activeTeam) plan().set({ totals });
}
function setReport(report: TeamReport): void {
  if (report.team === plan().activeTeam) plan().set({ report, totals: report });
}

/** Sends the dataset and the plan to the engine worker and computes the first report. */
export async function loadPlanIntoEngine(): Promise<void> {
  const ws = useWorkspace.getState();
  if (!ws.assets || !ws.dataset) return;
  const { geo } = ws.assets;
  const { table } = ws.dataset;
  const client = engineClient();
  if (!geographySent) {
    geographySent = true;
    void client.call('setGeography', engineGeographyOf(geo));
  }
  if (plan().teams.length === 0) {
    plan().set({
      teams: [{ id: newId('team'), name: 'All accounts', conditions: [], territories: [] }],
      assignments: [new Int32Array(geo.unitCount).fill(-1)],
      lockedUnits: [new Uint8Array(geo.unitCount)],
    });
  }
  void client.call('loadAccounts', engineAccountsOf(table));
  void client.call('loadOwnershipColumns', ownershipColumnsOf(table));
  await client.call(
    'setTeams',
    plan().teams.map((t) => t.conditions),
    plan().tolerance,
  );
  await syncTeamsToEngine();
  recolourAll();
  for (const listener of planEditListeners) listener('plan');
}

async function syncTeamsToEngine(): Promise<void> {
  const { teams, assignments, activeTeam } = plan();
  const reports = await Promise.all(
    teams.map((t, i) => engineClient().call('setAssignment', i, assignments[i], t.territories.length)),
  );
  setReport(reports[activeTeam]);
}

function pushHistory(step: HistoryStep): void {
  plan().set({ undo: [...plan().undo, step], redo: [] });
}

/** Records a plan edit (name, colour, rep, lock, ...) as one undo step. */
function editPlan(label: string, change: (teams: Team[], reps: Rep[]) => void, diffs: AssignmentDiff[] = []): void {
  editPlanParts(label, (edits) => change(edits.teams, edits.reps), diffs);
}

/** Records an edit of any plan part (named accounts, ownership rules, rules of engagement...) as one undo step. */
export function editPlanParts(label: string, change: (edits: PlanEdits) => void, diffs: AssignmentDiff[] = []): void {
  const before = snapshot();
  const edits = snapshot();
  change(edits);
  plan().set(edits);
  pushHistory({ label, before, after: snapshot(), diffs });
  bump();
}

export function addTerritory(): void {
  const territories = activeTerritories();
  const used = new Set(territories.map((t) => t.colour));
  const colour =
    TERRITORY_COLOURS.find((c) => !used.has(c)) ?? TERRITORY_COLOURS[territories.length % TERRITORY_COLOURS.length];
  const territory: Territory = {
    id: newId('t'),
    name: `Territory ${territories.length + 1}`,
    colour,
    repId: null,
    vacantFrom: '',
    locked: false,
  };
  editPlan(`Add ${territory.name}`, (teams) => teams[plan().activeTeam].territories.push(territory));
  // a new territory is for painting: select it and pick up the brush
  plan().set({ selectedTerritory: territories.length, tool: 'brush' });
  void syncTeamsToEngine();
}

export function renameTerritory(index: number, name: string): void {
  const clean = name.trim();
  if (!clean || activeTerritories()[index]?.name === clean) return;
  editPlan(`Rename to ${clean}`, (teams) => (teams[plan().activeTeam].territories[index].name = clean));
}

export function recolourTerritory(index: number, colour: string): void {
  editPlan('Recolour territory', (teams) => (teams[plan().activeTeam].territories[index].colour = colour));
  recolourAll();
}

export function setTerritoryRep(index: number, repId: string | null): void {
  editPlan('Change rep', (teams) => (teams[plan().activeTeam].territories[index].repId = repId));
}

export function toggleTerritoryLock(index: number): void {
  editPlan('Lock territory', (teams) => {
    const t = teams[plan().activeTeam].territories[index];
    t.locked = !t.locked;
  });
}

export function deleteTerritory(index: number): void {
  const team = plan().activeTeam;
  const assignment = plan().assignments[team];
  const removal = removeTerritoryFromAssignment(assignment, index);
  const diff: AssignmentDiff = { ...removal, team };
  const name = activeTerritories()[index]?.name ?? '';
  applyDiff(assignment, diff, 'forward');
  editPlan(`Delete ${name}`, (teams) => teams[team].territories.splice(index, 1), [diff]);
  plan().set({ selectedTerritory: -1 });
  recolourAll();
  void syncTeamsToEngine();
}

export function addRep(name: string, email: string): string | null {
  const clean = name.trim();
  if (!clean) return null;
  const rep: Rep = {
    id: newId('rep'),
    name: clean,
    email: email.trim(),
    capacityAccounts: 0,
    capacityValue: 0,
    homeZip: '',
  };
  editPlan(`Add rep ${clean}`, (_, reps) => reps.push(rep));
  return rep.id;
}

export function selectTerritory(index: number): void {
  plan().set({ selectedTerritory: index < activeTerritories().length ? index : -1 });
}

/** Starts a stroke: everything painted until endStroke is one undo step. */
export function beginStroke(): void {
  stroke = new StrokeRecorder(plan().activeTeam);
}

/**
 * Paints candidate units into the selected territory (or unassigns them with the eraser), under the
 * locks and the "only unassigned" option; the map and the engine get only the units that changed.
 */
export function paint(candidates: ArrayLike<number>, erase: boolean, pointer?: PaintPointer): number {
  const { activeTeam, selectedTerritory, assignments, lockedUnits, onlyUnassigned } = plan();
  const territory = erase ? -1 : selectedTerritory;
  if (!erase && territory < 0) {
    useWorkspace.getState().setNotice('Select or add a territory to paint with.');
    return 0;
  }
  const assignment = assignments[activeTeam];
  const territories = activeTerritories();
  const units = paintableUnits(assignment, candidates, territory, {
    lockedUnits: lockedUnits[activeTeam],
    lockedTerritories: Uint8Array.from(territories, (t) => (t.locked ? 1 : 0)),
    onlyUnassigned,
  });
  if (units.length === 0) return 0;
  const own = stroke === null;
  if (own) beginStroke();
  for (const u of units) {
    stroke?.record(u, assignment[u], territory);
    assignment[u] = territory;
  }
  markPaintStart(pointer);
  // the engine first: it works on the totals while the map recolours
  void engineClient().call('applyMoves', activeTeam, units, territory).then(setTotals);
  recolourUnits(units);
  plan().set({ revision: plan().revision + 1 });
  if (own) endStroke();
  return units.length;
}

/** Ends a stroke: one undo step, and a full recompute in the engine that checks the live totals. */
export function endStroke(): void {
  if (!stroke) return;
  const diff = stroke.finish();
  stroke = null;
  if (diff.units.length === 0) return;
  pushHistory({ label: 'Paint', diffs: [diff] });
  scheduleSave();
  for (const listener of planEditListeners) listener('assignments');
  void engineClient().call('endStroke', diff.team).then(setReport);
}

async function replay(step: HistoryStep, direction: 'forward' | 'backward'): Promise<void> {
  const teamsState = direction === 'forward' ? step.after : step.before;
  if (step.layers) {
    const layers = direction === 'forward' ? step.layers.after : step.layers.before;
    plan().set({
      ...structuredClone(teamsState ?? snapshot()),
      assignments: layers.assignments.map((a) => Int32Array.from(a)),
      lockedUnits: layers.lockedUnits.map((l) => Uint8Array.from(l)),
      selectedTerritory: -1,
    });
    await resplitTeams();
    return;
  }
  const diffs = direction === 'forward' ? step.diffs : [...step.diffs].reverse();
  for (const diff of diffs) applyDiff(plan().assignments[diff.team], diff, direction);
  if (teamsState) {
    plan().set(structuredClone(teamsState));
    const k = plan().teams[plan().activeTeam]?.territories.length ?? 0;
    if (plan().selectedTerritory >= k) plan().set({ selectedTerritory: k - 1 });
  }
  bump({}, teamsState ? 'plan' : 'assignments');
  if (teamsState) {
    recolourAll();
    await syncTeamsToEngine();
    return;
  }
  for (const diff of diffs) {
    recolourUnits(diff.units);
    await engineClient().call('applyDiff', diff.team, diff.units, direction === 'forward' ? diff.to : diff.from);
  }
  const team = diffs[0]?.team ?? plan().activeTeam;
  setReport(await engineClient().call('endStroke', team));
}

export async function undo(): Promise<void> {
  const step = plan().undo.at(-1);
  if (!step || stroke) return;
  plan().set({ undo: plan().undo.slice(0, -1), redo: [...plan().redo, step] });
  await replay(step, 'backward');
}

export async function redo(): Promise<void> {
  const step = plan().redo.at(-1);
  if (!step || stroke) return;
  plan().set({ redo: plan().redo.slice(0, -1), undo: [...plan().undo, step] });
  await replay(step, 'forward');
}

export async function setTolerance(tolerance: number): Promise<void> {
  plan().set({ tolerance });
  await engineClient().call('setTolerance', tolerance);
  setReport(await engineClient().call('report', plan().activeTeam));
  scheduleSave();
}

/** The open scenario as a Plan (autosave, exports, publishing, the plan file). */
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

/** The working plan as the autosave stores it. */
export function storedPlan(): StoredPlan {
  return storedPlanOf(currentPlan());
}

/** Saves the working plan into its scenario now (scenario switches, tests). */
export async function saveNow(): Promise<void> {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = null;
  const { scenarioId, scenarios } = plan();
  const stored = storedPlan();
  await withDb((db) => saveScenario(db, { activeId: scenarioId, scenarios }, scenarioId, stored));
}

function scheduleSave(): void {
  if (saveTimer) clearTimeout(saveTimer);
  saveTimer = setTimeout(() => void saveNow(), 400);
}

/** Puts a stored plan into the store (restore, scenario switch); the engine is synchronised by the caller. */
export function applyStoredPlan(stored: StoredPlan): void {
  plan().set({
    teams: stored.teams as Team[],
    reps: stored.reps as Rep[],
    assignments: stored.assignments,
    lockedUnits: stored.lockedUnits,
    tolerance: stored.tolerance,
    namedAccounts: stored.namedAccounts ?? [],
    ownership: { ...DEFAULT_OWNERSHIP, ...stored.ownership },
    rulesOfEngagement: stored.rulesOfEngagement ?? '',
    planName: stored.planName ?? 'Territory plan',
    activeTeam: 0,
    selectedTerritory: -1,
  });
}

/** Restores the autosaved scenarios and opens the active one, if it fits this geography. */
export async function restorePlan(unitCount: number): Promise<void> {
  try {
    const db = await openWorkspaceDb();
    const index = await loadScenarioIndex(db);
    const stored = index ? await loadScenario(db, index.activeId) : null;
    db.close();
    if (!index) return;
    plan().set({ scenarioId: index.activeId, scenarios: index.scenarios });
    if (!stored || stored.unitCount !== unitCount) return;
    applyStoredPlan(stored);
  } catch {
    useWorkspace.getState().setNotice('The saved plan could not be read; starting a new one.');
  }
}

/** Re-sends the whole plan to the engine and repaints (after a scenario switch or a plan file import). */
export async function reloadPlanIntoEngine(): Promise<void> {
  plan().set({ undo: [], redo: [] });
  await engineClient().call(
    'setTeams',
    plan().teams.map((t) => t.conditions),
    plan().tolerance,
  );
  await syncTeamsToEngine();
  recolourAll();
  bump();
}

/**
 * Splits the selected territory: its units among `cut` go to a new territory next to it. One undo step.
 */
export function splitSelectedTerritory(cut: Int32Array): void {
  const team = plan().activeTeam;
  const k = plan().selectedTerritory;
  const territories = activeTerritories();
  if (k < 0 || !territories[k]) {
    useWorkspace.getState().setNotice('Select the territory to split, then draw a line or shape across it.');
    return;
  }
  const assignment = plan().assignments[team];
  const moved = Array.from(cut).filter((u) => assignment[u] === k);
  const total = assignment.reduce((n, t) => n + (t === k ? 1 : 0), 0);
  if (moved.length === 0 || moved.length === total) {
    useWorkspace.getState().setNotice(`The line or shape must cut ${territories[k].name} in two.`);
    return;
  }
  const used = new Set(territories.map((t) => t.colour));
  const colour = TERRITORY_COLOURS.find((c) => !used.has(c)) ?? TERRITORY_COLOURS[0];
  const fresh = territories.length;
  const territory: Territory = {
    id: newId('t'),
    name: `${territories[k].name} (split)`,
    colour,
    repId: null,
    vacantFrom: '',
    locked: false,
  };
  const diff: AssignmentDiff = {
    team,
    units: Int32Array.from(moved),
    from: new Int32Array(moved.length).fill(k),
    to: new Int32Array(moved.length).fill(fresh),
  };
  applyDiff(assignment, diff, 'forward');
  editPlan(`Split ${territories[k].name}`, (teams) => teams[team].territories.push(territory), [diff]);
  plan().set({ selectedTerritory: fresh, tool: 'brush' });
  recolourAll();
  void syncTeamsToEngine();
}

/** Merges territory `from` into territory `into` (its units move, then it is deleted). One undo step. */
export function mergeTerritories(from: number, into: number): void {
  const team = plan().activeTeam;
  const territories = activeTerritories();
  if (from === into || !territories[from] || !territories[into]) return;
  const assignment = plan().assignments[team];
  const units: number[] = [];
  const fromValues: number[] = [];
  const toValues: number[] = [];
  for (let u = 0; u < assignment.length; u++) {
    const t = assignment[u];
    if (t < from && t !== into) continue;
    if (t === -1) continue;
    const target = t === from ? into : t;
    const shifted = target > from ? target - 1 : target;
    if (shifted === t) continue;
    units.push(u);
    fromValues.push(t);
    toValues.push(shifted);
  }
  const diff: AssignmentDiff = {
    team,
    units: Int32Array.from(units),
    from: Int32Array.from(fromValues),
    to: Int32Array.from(toValues),
  };
  applyDiff(assignment, diff, 'forward');
  const intoName = territories[into].name;
  editPlan(`Merge ${territories[from].name} into ${intoName}`, (teams) => teams[team].territories.splice(from, 1), [
    diff,
  ]);
  plan().set({ selectedTerritory: into > from ? into - 1 : into });
  recolourAll();
  void syncTeamsToEngine();
}

/**
 * Adds a team with one condition; it goes before the catch-all team so its accounts leave that team.
 * Team changes re-split the accounts in the engine (not an undo step; delete the team to revert).
 */
export async function addTeam(name: string, condition: TeamCondition): Promise<void> {
  const clean = name.trim();
  if (!clean) return;
  const { teams, assignments, lockedUnits } = plan();
  const unitCount = assignments[0]?.length ?? 0;
  const catchAll = teams.findIndex((t) => t.conditions.length === 0);
  const at = catchAll >= 0 ? catchAll : teams.length;
  const team: Team = { id: newId('team'), name: clean, conditions: [condition], territories: [] };
  await changeTeams(`Add team ${clean}`, [...teams.slice(0, at), team, ...teams.slice(at)], {
    assignments: [...assignments.slice(0, at), new Int32Array(unitCount).fill(-1), ...assignments.slice(at)],
    lockedUnits: [...lockedUnits.slice(0, at), new Uint8Array(unitCount), ...lockedUnits.slice(at)],
  });
  plan().set({ activeTeam: at, selectedTerritory: -1 });
  recolourAll();
  await refreshReport();
}

const layersOf = (): TeamLayers => ({
  assignments: plan().assignments.map((a) => Int32Array.from(a)),
  lockedUnits: plan().lockedUnits.map((l) => Uint8Array.from(l)),
});

/** Adds or removes teams as one undo step holding every team's layers before and after. */
async function changeTeams(label: string, teams: Team[], layers: TeamLayers): Promise<void> {
  const before = snapshot();
  const beforeLayers = layersOf();
  plan().set({ teams, assignments: layers.assignments, lockedUnits: layers.lockedUnits, selectedTerritory: -1 });
  pushHistory({ label, before, after: snapshot(), diffs: [], layers: { before: beforeLayers, after: layersOf() } });
  await resplitTeams();
}

/** After teams changed: accounts are re-split in the engine and the map repainted. */
async function resplitTeams(): Promise<void> {
  if (plan().activeTeam >= plan().teams.length) plan().set({ activeTeam: 0 });
  bump();
  await engineClient().call(
    'setTeams',
    plan().teams.map((t) => t.conditions),
    plan().tolerance,
  );
  await syncTeamsToEngine();
  recolourAll();
}

/** Deletes a team and its territories (after the planner confirmed). */
export async function deleteTeam(index: number): Promise<void> {
  const { teams, assignments, lockedUnits } = plan();
  if (teams.length <= 1 || !teams[index]) return;
  plan().set({ activeTeam: 0 });
  await changeTeams(
    `Delete team ${teams[index].name}`,
    teams.filter((_, i) => i !== index),
    {
      assignments: assignments.filter((_, i) => i !== index),
      lockedUnits: lockedUnits.filter((_, i) => i !== index),
    },
  );
}

/** Switches the team whose territories are shown and painted. */
export async function setActiveTeam(index: number): Promise<void> {
  if (!plan().teams[index]) return;
  plan().set({ activeTeam: index, selectedTerritory: -1 });
  recolourAll();
  setReport(await engineClient().call('report', index));
}

/** Bounding box (lon/lat) of a territory's units, for zooming to it. */
export function territoryBounds(index: number): [[number, number], [number, number]] | null {
  const ws = useWorkspace.getState();
  const assignment = plan().assignments[plan().activeTeam];
  if (!ws.assets || !assignment) return null;
  const { geo } = ws.assets;
  let x0 = Infinity,
    y0 = Infinity,
    x1 = -Infinity,
    y1 = -Infinity;
  for (let u = 0; u < assignment.length; u++) {
    if (assignment[u] !== index) continue;
    x0 = Math.min(x0, geo.lon[u]);
    y0 = Math.min(y0, geo.lat[u]);
    x1 = Math.max(x1, geo.lon[u]);
    y1 = Math.max(y1, geo.lat[u]);
  }
  return x0 <= x1
    ? [
        [x0, y0],
        [x1, y1],
      ]
    : null;
}

/** Selects a territory and zooms the map to it (chart bars, list). */
export function focusTerritory(index: number): void {
  selectTerritory(index);
  const bounds = territoryBounds(index);
  if (bounds) currentMap()?.map.fitBounds(bounds, { padding: 60, maxZoom: 10, duration: 600 });
}

/** Locks or unlocks units against painting (the lock brush). One undo step is not kept for locks. */
export function setUnitLocks(units: ArrayLike<number>, locked: boolean): void {
  const locks = plan().lockedUnits[plan().activeTeam];
  if (!locks) return;
  const changed: number[] = [];
  for (let i = 0; i < units.length; i++) {
    const u = units[i];
    if (locks[u] !== (locked ? 1 : 0)) {
      locks[u] = locked ? 1 : 0;
      changed.push(u);
    }
  }
  currentMap()?.setUnitLocks(changed, locked);
  bump({}, 'locks');
}

/** Shows the active team's unit locks on the map. */
export function showAllLocks(): void {
  const locks = plan().lockedUnits[plan().activeTeam];
  const map = currentMap();
  if (!locks || !map) return;
  const locked: number[] = [];
  for (let u = 0; u < locks.length; u++) if (locks[u]) locked.push(u);
  map.clearUnitLocks();
  map.setUnitLocks(locked, true);
}

/** Edits a rep (name, email, capacity targets, home ZIP) as one undo step. */
export function updateRep(id: string, patch: Partial<Omit<Rep, 'id'>>): void {
  const rep = plan().reps.find((r) => r.id === id);
  if (!rep) return;
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).some((k) => patch[k] !== rep[k]);
  if (!changed) return;
  editPlan(`Edit ${rep.name}`, (_, reps) => Object.assign(reps.find((r) => r.id === id) as Rep, patch));
}

/** Removes a rep; their territories become vacant. */
export function removeRep(id: string): void {
  const rep = plan().reps.find((r) => r.id === id);
  if (!rep) return;
  editPlan(`Remove ${rep.name}`, (teams, reps) => {
    reps.splice(
      reps.findIndex((r) => r.id === id),
      1,
    );
    for (const team of teams) for (const t of team.territories) if (t.repId === id) t.repId = null;
  });
}

/** Calls the engine worker (for actions outside this module). */
export function engineCall<K extends keyof EngineApi>(method: K, ...args: Parameters<EngineApi[K]>) {
  return engineClient().call(method, ...args);
}

/**
 * Applies a plan edit and assignment diffs as one undo step (auto-balance, growth cuts), then
 * repaints the map and resynchronises the engine.
 */
export function applyPlanChange(
  label: string,
  change: (teams: Team[], reps: Rep[]) => void,
  diffs: AssignmentDiff[],
): void {
  for (const diff of diffs) applyDiff(plan().assignments[diff.team], diff, 'forward');
  editPlan(label, change, diffs);
  recolourAll();
  void syncTeamsToEngine();
}

/** Asks the engine for the active team's report again (after a view or ownership change). */
export async function refreshReport(): Promise<void> {
  setReport(await engineClient().call('report', plan().activeTeam));
}
