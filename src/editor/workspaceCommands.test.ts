import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { serialisePlan } from '../io/planFile.ts';
import { loadScenario, loadScenarioIndex, openWorkspaceDb } from '../io/workspaceDb.ts';
import { useBalance } from '../store/balanceStore.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { applyBalance } from './balance.ts';
import { currentPlan, redo, undo } from './editor.ts';
import { openEditorBench, planSnapshot, settle, type EditorBench } from './editorHarness.ts';
import { followWithAutosave, saved } from './follow/autosave.ts';
import { importPlanFile } from './planFile.ts';
import { addTerritory, paint, renameTerritory, toggleTerritoryLock } from './planCommands.ts';
import { duplicateScenario, renameScenario, restorePlan, switchScenario } from './scenarios.ts';

const plan = () => usePlan.getState();
let bench: EditorBench;
let stopAutosave: (() => void) | null = null;

async function storedActivePlan() {
  const db = await openWorkspaceDb();
  const index = await loadScenarioIndex(db);
  const stored = index ? await loadScenario(db, index.activeId) : null;
  db.close();
  return { index, stored };
}

beforeEach(async () => {
  indexedDB.deleteDatabase('tessera');
  bench = await openEditorBench();
  stopAutosave?.();
  stopAutosave = followWithAutosave();
});

describe('autosave writes every commit through', () => {
  it('a rename is stored as soon as the write settles, without any timer', async () => {
    addTerritory();
    renameTerritory(0, 'Lakeshore');
    await saved();
    const { stored } = await storedActivePlan();
    expect((stored?.teams as { territories: { name: string }[] }[])[0].territories[0].name).toBe('Lakeshore');
  });

  it('coalesces a burst of commits and stores the last state', async () => {
    addTerritory();
    for (let i = 0; i < 20; i++) renameTerritory(0, `Name ${i}`);
    await saved();
    const { stored } = await storedActivePlan();
    expect((stored?.teams as { territories: { name: string }[] }[])[0].territories[0].name).toBe('Name 19');
  });

  it('a restore brings back the stored plan exactly', async () => {
    addTerritory();
    paint([bench.table.unit.find((u) => u >= 0) as number], false);
    await saved();
    const before = planSnapshot();
    usePlan.getState().set({ teams: [], assignments: [], lockedUnits: [] });
    await restorePlan(bench.geo.unitCount);
    expect(planSnapshot()).toEqual(before);
  });
});

describe('scenario and plan file commands', () => {
  it('duplicates, renames and switches scenarios, each keeping its own plan and history', async () => {
    addTerritory();
    renameTerritory(0, 'Original');
    await duplicateScenario('Copy');
    expect(plan().scenarios.map((s) => s.name)).toEqual(['Plan 1', 'Copy']);
    renameTerritory(0, 'Changed in copy');
    renameScenario(plan().scenarioId, 'What-if');
    expect(plan().planName).toBe('What-if');
    await switchScenario(plan().scenarios[0].id);
    expect(plan().teams[0].territories[0].name).toBe('Original');
    expect(plan().undo.map((s) => s.label)).toEqual(['Add Territory 1', 'Rename to Original']);
    await switchScenario(plan().scenarios[1].id);
    expect(plan().teams[0].territories[0].name).toBe('Changed in copy');
    undo();
    expect(plan().teams[0].territories[0].name).toBe('Original');
    await saved();
    const { index } = await storedActivePlan();
    expect(index?.scenarios.map((s) => s.name)).toEqual(['Plan 1', 'What-if']);
  });

  it('opens a plan file as a new scenario; the engine follows it', async () => {
    addTerritory();
    paint([bench.table.unit.find((u) => u >= 0) as number], false);
    const text = serialisePlan({ ...currentPlan(), name: 'From a file' }, bench.geo.ids);
    undo();
    undo();
    expect(await importPlanFile(new File([text], 'plan.tessera.json'))).toBe(true);
    await settle();
    expect(plan().planName).toBe('From a file');
    expect(plan().teams[0].territories).toHaveLength(1);
    expect(plan().report?.territoryCount).toBe(1);
  });

  it('opens a plan file without teams with one catch-all team', async () => {
    const text = serialisePlan(
      { ...currentPlan(), name: 'Empty', teams: [], assignments: [], lockedUnits: [] },
      bench.geo.ids,
    );
    expect(await importPlanFile(new File([text], 'empty.tessera.json'))).toBe(true);
    await settle();
    expect(plan().teams.map((t) => t.name)).toEqual(['All accounts']);
    expect(plan().assignments[0]).toHaveLength(bench.geo.unitCount);
    addTerritory();
    expect(plan().teams[0].territories).toHaveLength(1);
  });

  it('refuses a broken plan file and changes nothing', async () => {
    const before = planSnapshot();
    expect(await importPlanFile(new File(['{"version": 99'], 'broken.json'))).toBe(false);
    expect(useWorkspace.getState().notice).toMatch(/broken\.json was not opened/);
    expect(planSnapshot()).toEqual(before);
  });
});

describe('auto-balance apply', () => {
  it('applies a proposal as one undo step, never moving locked territories, and adds new territories', async () => {
    addTerritory();
    addTerritory();
    const units = [...new Set(bench.table.unit)].filter((u) => u >= 0 && u < bench.geo.zipUnitCount).slice(0, 40);
    usePlan.getState().set({ selectedTerritory: 0 });
    paint(units.slice(0, 20), false);
    usePlan.getState().set({ selectedTerritory: 1 });
    paint(units.slice(20), false);
    toggleTerritoryLock(1);
    const proposal = Int32Array.from(plan().assignments[0]);
    units.forEach((u, i) => (proposal[u] = i % 3));
    const before = planSnapshot();
    useBalance.getState().set({
      current: {
        step: 'preview',
        result: { assignment: proposal } as never,
        before: Int32Array.from(plan().assignments[0]),
        territoryCount: 3,
        comparison: {} as never,
        protectedAccounts: 0,
        protectedByTerritory: null,
        tolerance: 0.05,
        balancedColumns: [true, true],
        leftAbroad: { accounts: 0, countries: [] },
        basis: 'map',
        shapes: { before: null, after: null, floor: 0 },
      },
    });
    applyBalance();
    await settle();
    const after = plan().assignments[0];
    expect(plan().teams[0].territories).toHaveLength(3);
    expect(units.slice(20).every((u) => after[u] === 1)).toBe(true); // the locked territory kept all its units
    expect(units.slice(0, 20).every((u, i) => after[u] === (i % 3 === 1 ? 0 : i % 3))).toBe(true);
    expect(plan().report?.territoryCount).toBe(3);
    undo();
    expect(planSnapshot()).toEqual(before);
    redo();
    expect(plan().teams[0].territories).toHaveLength(3);
  });
});
