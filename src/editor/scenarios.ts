import { DEFAULT_OWNERSHIP, type Rep, type Team } from '../domain/plan.ts';
import type { ScenarioComparison, ScenarioSnapshot } from '../engine/scenarioCompare.ts';
import {
  deleteScenario as deleteScenarioRecord,
  loadScenario,
  loadScenarioIndex,
  openWorkspaceDb,
  saveScenario,
  type StoredPlan,
} from '../io/workspaceDb.ts';
import { newId } from '../domain/ids.ts';
import { usePlan } from '../store/planStore.ts';
import { useScenarios } from '../store/scenarioStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { changeSettings, replacePlan, type PlanHistory } from './editor.ts';
import { engineCall } from './engineLink.ts';
import { saveNow, storedPlan } from './follow/autosave.ts';
import { withDb } from './imports.ts';

const plan = () => usePlan.getState();
/** Undo history per scenario, so switching back and forth keeps each one's history for the session. */
const histories = new Map<string, PlanHistory>();
const index = () => ({ activeId: plan().scenarioId, scenarios: plan().scenarios });
const newScenarioId = (): string => newId('scenario');

function uniqueName(base: string): string {
  const names = new Set(plan().scenarios.map((s) => s.name));
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base} ${i}`)) return `${base} ${i}`;
}

async function open(id: string, stored: StoredPlan): Promise<void> {
  histories.set(plan().scenarioId, { undo: plan().undo, redo: plan().redo });
  const planName = plan().scenarios.find((s) => s.id === id)?.name ?? stored.planName;
  replacePlan(`Open ${planName}`, { ...stored, planName }, { scenarioId: id, history: histories.get(id) });
  await saveNow();
}

/** Copies the open scenario into a new one and opens it. */
export async function duplicateScenario(name?: string): Promise<void> {
  await saveNow();
  const current = plan().scenarios.find((s) => s.id === plan().scenarioId);
  const id = newScenarioId();
  const scenarioName = uniqueName(name?.trim() || `${current?.name ?? 'Plan'} copy`);
  const at = plan().scenarios.findIndex((s) => s.id === plan().scenarioId) + 1;
  const scenarios = [...plan().scenarios.slice(0, at), { id, name: scenarioName }, ...plan().scenarios.slice(at)];
  const copy = structuredClone({ ...storedPlan(), planName: scenarioName });
  plan().set({ scenarios });
  await withDb((db) => saveScenario(db, { activeId: plan().scenarioId, scenarios }, id, copy));
  await open(id, copy);
}

/** Opens another scenario; the one left is saved first. */
export async function switchScenario(id: string): Promise<void> {
  if (id === plan().scenarioId) return;
  await saveNow();
  let stored: StoredPlan | null = null;
  await withDb(async (db) => (stored = await loadScenario(db, id)));
  if (!stored) {
    useWorkspace.getState().setNotice('That scenario could not be read from this browser.');
    return;
  }
  await open(id, stored);
}

/** Renames a scenario (the open one also renames its plan). */
export function renameScenario(id: string, name: string): void {
  const clean = name.trim();
  if (!clean) return;
  const scenarios = plan().scenarios.map((s) => (s.id === id ? { ...s, name: clean } : s));
  changeSettings(
    `Rename scenario to ${clean}`,
    id === plan().scenarioId ? { scenarios, planName: clean } : { scenarios },
  );
}

/** Deletes a scenario (never the last one); "Undo delete" brings it back. */
export async function deleteScenario(id: string): Promise<void> {
  const scenarios = plan().scenarios;
  const position = scenarios.findIndex((s) => s.id === id);
  if (position < 0 || scenarios.length <= 1) return;
  if (id === plan().scenarioId) await switchScenario(scenarios[position === 0 ? 1 : position - 1].id);
  else await saveNow();
  let stored: StoredPlan | null = null;
  await withDb(async (db) => (stored = await loadScenario(db, id)));
  const remaining = plan().scenarios.filter((s) => s.id !== id);
  plan().set({ scenarios: remaining });
  await withDb((db) => deleteScenarioRecord(db, index(), id));
  if (stored) useScenarios.getState().set({ deleted: { scenario: scenarios[position], position, stored } });
}

/** Brings back the scenario deleted last. */
export async function undoDeleteScenario(): Promise<void> {
  const deleted = useScenarios.getState().deleted;
  if (!deleted) return;
  useScenarios.getState().set({ deleted: null });
  const scenarios = [...plan().scenarios];
  scenarios.splice(Math.min(deleted.position, scenarios.length), 0, deleted.scenario);
  plan().set({ scenarios });
  await withDb((db) => saveScenario(db, index(), deleted.scenario.id, deleted.stored));
}

function snapshotOf(stored: StoredPlan): ScenarioSnapshot {
  return {
    teams: stored.teams as Team[],
    reps: stored.reps as Rep[],
    assignments: stored.assignments,
    namedAccounts: stored.namedAccounts ?? [],
    ownership: { ...DEFAULT_OWNERSHIP, ...stored.ownership },
    tolerance: stored.tolerance,
  };
}

/**
 * Compares two scenarios: balance per team and owner changes per rep (in the engine worker), and
 * the units whose territory differs in each team (territories matched by id).
 */
export async function compareScenarios(
  idA: string,
  idB: string,
): Promise<{ comparison: ScenarioComparison; differingUnits: Int32Array[] }> {
  await saveNow();
  const load = async (id: string): Promise<StoredPlan> => {
    if (id === plan().scenarioId) return storedPlan();
    let stored: StoredPlan | null = null;
    await withDb(async (db) => (stored = await loadScenario(db, id)));
    if (!stored) throw new Error('That scenario could not be read from this browser.');
    return stored;
  };
  const [a, b] = [await load(idA), await load(idB)];
  const comparison = await engineCall('compareScenarios', snapshotOf(a), snapshotOf(b));
  const differingUnits = (a.teams as Team[]).map((teamA, t) => {
    const teamB = (b.teams as Team[]).find((x) => x.id === teamA.id);
    const tb = teamB ? (b.teams as Team[]).indexOf(teamB) : -1;
    const idOfA = teamA.territories.map((x) => x.id);
    const idOfB = teamB?.territories.map((x) => x.id) ?? [];
    const units: number[] = [];
    const assignA = a.assignments[t];
    const assignB = tb >= 0 ? b.assignments[tb] : null;
    for (let u = 0; u < assignA.length; u++) {
      const ka = assignA[u] >= 0 ? idOfA[assignA[u]] : '';
      const kb = assignB && assignB[u] >= 0 ? idOfB[assignB[u]] : '';
      if (ka !== kb) units.push(u);
    }
    return Int32Array.from(units);
  });
  return { comparison, differingUnits };
}

/** Adds a scenario from a stored plan (an opened plan file) and opens it. */
export async function addScenario(name: string, stored: StoredPlan): Promise<void> {
  await saveNow();
  const id = newScenarioId();
  const scenarioName = uniqueName(name.trim() || 'Imported plan');
  const scenarios = [...plan().scenarios, { id, name: scenarioName }];
  const copy = { ...stored, planName: scenarioName };
  plan().set({ scenarios });
  await withDb((db) => saveScenario(db, { activeId: plan().scenarioId, scenarios }, id, copy));
  await open(id, copy);
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
    replacePlan('Restore the saved plan', stored, { restored: true });
  } catch {
    useWorkspace.getState().setNotice('The saved plan could not be read; starting a new one.');
  }
}
