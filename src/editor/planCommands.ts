import type { Rep, TeamCondition, Territory } from '../domain/plan.ts';
import { newId } from '../domain/ids.ts';
import { paintableUnits, type AssignmentDiff } from '../engine/paint.ts';
import {
  addTeamChange,
  addTerritoryChange,
  deleteTeamChange,
  deleteTerritoryChange,
  editParts,
  mergeTerritoriesChange,
  removeRepChange,
  splitTerritoryChange,
  unitLocksChange,
  type PlanParts,
} from '../engine/planOps.ts';
import { currentMap } from '../map/mapRegistry.ts';
import type { PaintPointer } from '../map/paintTools.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { changeSettings, commit, lockStep, planDocument, strokeStep } from './editor.ts';
import { refreshReport } from './follow/engineFollower.ts';
import { markPaintStart } from './paintLatency.ts';

export { beginStroke, endStroke, redo, undo } from './editor.ts';

const plan = () => usePlan.getState();
const notice = (message: string) => useWorkspace.getState().setNotice(message);
const activeTerritories = (): Territory[] => plan().teams[plan().activeTeam]?.territories ?? [];

/** Records an edit of any plan part (names, reps, rules, named accounts...) as one undo step. */
export function editPlanParts(label: string, edit: (parts: PlanParts) => void, diffs: AssignmentDiff[] = []): boolean {
  return commit(label, editParts(planDocument(), edit, diffs));
}

/** Adds a territory to the active team, selects it and picks up the brush. */
export function addTerritory(): void {
  const team = plan().activeTeam;
  const change = addTerritoryChange(planDocument(), team, newId('t'));
  const added = change.parts?.after.teams[team].territories.at(-1);
  commit(`Add ${added?.name ?? 'territory'}`, change);
  // a new territory is for painting: select it and pick up the brush
  plan().set({ selectedTerritory: activeTerritories().length - 1, tool: 'brush' });
}

/** Renames a territory of the active team (blank names and no-op renames are ignored). */
export function renameTerritory(index: number, name: string): void {
  const clean = name.trim();
  const team = plan().activeTeam;
  if (!clean || activeTerritories()[index]?.name === clean || !activeTerritories()[index]) return;
  editPlanParts(`Rename to ${clean}`, (p) => (p.teams[team].territories[index].name = clean));
}

/** Gives a territory a new colour. */
export function recolourTerritory(index: number, colour: string): void {
  const team = plan().activeTeam;
  if (!activeTerritories()[index]) return;
  editPlanParts('Recolour territory', (p) => (p.teams[team].territories[index].colour = colour));
}

/** Assigns a rep to a territory (null = vacant). */
export function setTerritoryRep(index: number, repId: string | null): void {
  const team = plan().activeTeam;
  if (!activeTerritories()[index]) return;
  editPlanParts('Change rep', (p) => (p.teams[team].territories[index].repId = repId));
}

/** Locks or unlocks a territory against painting, balancing, splits and merges. */
export function toggleTerritoryLock(index: number): void {
  const team = plan().activeTeam;
  if (!activeTerritories()[index]) return;
  editPlanParts('Lock territory', (p) => {
    const t = p.teams[team].territories[index];
    t.locked = !t.locked;
  });
}

/** Deletes a territory of the active team; its units become unassigned. */
export function deleteTerritory(index: number): void {
  const team = plan().activeTeam;
  const name = activeTerritories()[index]?.name;
  if (name === undefined) return;
  const change = deleteTerritoryChange(planDocument(), team, index);
  if (typeof change === 'string') return notice(change);
  commit(`Delete ${name}`, change);
  plan().set({ selectedTerritory: -1 });
}

/** Adds a rep to the plan; returns the new rep's id, or null for a blank name. */
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
  editPlanParts(`Add rep ${clean}`, (p) => p.reps.push(rep));
  return rep.id;
}

/** Selects a territory of the active team for painting (-1 or out of range: none). */
export function selectTerritory(index: number): void {
  plan().set({ selectedTerritory: index < activeTerritories().length ? index : -1 });
}

/**
 * Paints candidate units into the selected territory (or unassigns them with the eraser), under the
 * locks and the "only unassigned" option; followers get only the units that changed.
 */
export function paint(candidates: ArrayLike<number>, erase: boolean, pointer?: PaintPointer): number {
  const { activeTeam, selectedTerritory, assignments, lockedUnits, onlyUnassigned } = plan();
  const territory = erase ? -1 : selectedTerritory;
  if (!erase && territory < 0) {
    notice('Select or add a territory to paint with.');
    return 0;
  }
  const assignment = assignments[activeTeam];
  const units = paintableUnits(assignment, candidates, territory, {
    lockedUnits: lockedUnits[activeTeam],
    lockedTerritories: Uint8Array.from(activeTerritories(), (t) => (t.locked ? 1 : 0)),
    onlyUnassigned,
  });
  if (units.length === 0) {
    explainLockedPaint(candidates, territory);
    return 0;
  }
  const from = Int32Array.from(units, (u) => assignment[u]);
  markPaintStart(pointer);
  strokeStep({ team: activeTeam, units, from, to: new Int32Array(units.length).fill(territory) });
  return units.length;
}

/** Says why a paint changed nothing when locks stopped it (painting never fails silently on a lock). */
function explainLockedPaint(candidates: ArrayLike<number>, territory: number): void {
  const { activeTeam, assignments, lockedUnits } = plan();
  const territories = activeTerritories();
  if (territory >= 0 && territories[territory]?.locked) {
    notice(`${territories[territory].name} is locked: unlock it to paint into it.`);
    return;
  }
  const assignment = assignments[activeTeam];
  const locks = lockedUnits[activeTeam];
  for (let i = 0; i < candidates.length; i++) {
    const u = candidates[i];
    const owner = assignment[u];
    if (owner === territory) continue;
    if (locks[u]) return notice('Locked areas keep their territory: unlock them with the Lock tool to repaint.');
    if (owner >= 0 && territories[owner]?.locked)
      return notice(`${territories[owner].name} is locked: its areas keep their territory until you unlock it.`);
  }
}

/** Splits the selected territory: its units among `cut` go to a new territory next to it. One undo step. */
export function splitSelectedTerritory(cut: Int32Array): void {
  const team = plan().activeTeam;
  const k = plan().selectedTerritory;
  const change = splitTerritoryChange(planDocument(), team, k, cut, newId('t'));
  if (typeof change === 'string') return notice(change);
  commit(`Split ${activeTerritories()[k].name}`, change);
  plan().set({ selectedTerritory: activeTerritories().length - 1, tool: 'brush' });
}

/** Merges territory `from` into territory `into` (its units move, then it is deleted). One undo step. */
export function mergeTerritories(from: number, into: number): void {
  const team = plan().activeTeam;
  const territories = activeTerritories();
  const change = mergeTerritoriesChange(planDocument(), team, from, into);
  if (typeof change === 'string') return notice(change);
  commit(`Merge ${territories[from].name} into ${territories[into].name}`, change);
  plan().set({ selectedTerritory: into > from ? into - 1 : into });
}

/** Adds a team with one condition before the catch-all team (one undo step) and shows it. */
export function addTeam(name: string, condition: TeamCondition): void {
  const clean = name.trim();
  if (!clean) return;
  const { change, at } = addTeamChange(planDocument(), clean, condition, newId('team'));
  commit(`Add team ${clean}`, change);
  setActiveTeam(at);
}

/** Deletes a team and its territories (after the planner confirmed). One undo step. */
export function deleteTeam(index: number): void {
  const name = plan().teams[index]?.name;
  const change = deleteTeamChange(planDocument(), index);
  if (typeof change === 'string') return notice(change);
  plan().set({ activeTeam: 0, selectedTerritory: -1 });
  commit(`Delete team ${name}`, change);
}

/** Switches the team whose territories are shown and painted. */
export function setActiveTeam(index: number): void {
  if (!plan().teams[index]) return;
  plan().set({ activeTeam: index, selectedTerritory: -1 });
  void refreshReport();
}

/** Bounding box (lon/lat) of a territory's units, for zooming to it. */
export function territoryBounds(index: number): [[number, number], [number, number]] | null {
  const ws = useWorkspace.getState();
  const assignment = plan().assignments[plan().activeTeam];
  if (!ws.assets || !assignment) return null;
  const { geo } = ws.assets;
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
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

/**
 * Locks or unlocks units of the active team against painting and balancing (the lock brush): a step
 * of the open stroke, so one lock stroke is one undo step.
 */
export function setUnitLocks(units: ArrayLike<number>, locked: boolean): void {
  const change = unitLocksChange(planDocument(), plan().activeTeam, units, locked);
  for (const lock of change.locks ?? []) lockStep(lock, locked ? 'Lock areas' : 'Unlock areas');
}

/** Edits a rep (name, email, capacity targets, home ZIP) as one undo step. */
export function updateRep(id: string, patch: Partial<Omit<Rep, 'id'>>): void {
  const rep = plan().reps.find((r) => r.id === id);
  if (!rep) return;
  const changed = (Object.keys(patch) as (keyof typeof patch)[]).some((k) => patch[k] !== rep[k]);
  if (!changed) return;
  editPlanParts(`Edit ${rep.name}`, (p) => Object.assign(p.reps.find((r) => r.id === id) as Rep, patch));
}

/** Removes a rep; their territories become vacant. */
export function removeRep(id: string): void {
  const rep = plan().reps.find((r) => r.id === id);
  if (!rep) return;
  commit(`Remove ${rep.name}`, removeRepChange(planDocument(), id));
}

/** Sets the tolerance band (a fraction: 0.1 = +/-10%) the charts and metrics use. */
export function setTolerance(tolerance: number): void {
  if (tolerance !== plan().tolerance) changeSettings('Tolerance', { tolerance });
}
