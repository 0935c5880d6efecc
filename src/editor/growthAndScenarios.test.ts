import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { autoBalance } from '../engine/balance.ts';
import { usePlan } from '../store/planStore.ts';
import { useScenarios } from '../store/scenarioStore.ts';
import { redo, undo } from './editor.ts';
import { openEditorBench, planSnapshot, settle, type EditorBench } from './editorHarness.ts';
import { followWithAutosave } from './follow/autosave.ts';
import { planGrowthCut } from './growth.ts';
import { addTerritory, paint, renameTerritory } from './planCommands.ts';
import { deleteScenario, duplicateScenario, undoDeleteScenario } from './scenarios.ts';

// Node has no Worker: the growth cut's balancer runs in this process (the real engine, not a stand-in).
vi.mock('../worker/balanceClient.ts', () => ({
  runBalance: (input: Parameters<typeof autoBalance>[0]) => ({
    result: Promise.resolve(autoBalance(input, {})),
    cancel: () => {},
  }),
}));

const plan = () => usePlan.getState();
let bench: EditorBench;
let stopAutosave: (() => void) | null = null;

beforeEach(async () => {
  indexedDB.deleteDatabase('tessera');
  bench = await openEditorBench();
  stopAutosave?.();
  stopAutosave = followWithAutosave();
});

describe('growth cut planning', () => {
  it('plans a cut into contiguous parts as one undo step; the rep keeps part 0', async () => {
    addTerritory();
    const units = [...new Set(bench.table.unit)].filter((u) => u >= 0 && u < bench.geo.zipUnitCount).slice(0, 60);
    paint(units, false);
    await settle();
    const before = planSnapshot();
    expect(await planGrowthCut(0, 2, '2027-04-01')).toBeNull();
    const cut = plan().teams[0].territories[0].growthCut;
    expect(cut?.parts).toBe(2);
    expect(new Set(cut?.part)).toEqual(new Set([0, 1]));
    expect([...(cut?.units ?? [])].sort()).toEqual(units.filter((u) => plan().assignments[0][u] === 0).sort());
    expect(plan().undo.at(-1)?.label).toBe('Plan growth cut of Territory 1');
    undo();
    expect(planSnapshot()).toEqual(before);
    redo();
    expect(plan().teams[0].territories[0].growthCut).toEqual(cut);
  });

  it('refuses a bad hire date or a territory too small to split, changing nothing', async () => {
    addTerritory();
    const before = planSnapshot();
    expect(await planGrowthCut(0, 2, 'soon')).toBe('Choose the planned hire date.');
    expect(await planGrowthCut(0, 2, '2027-04-01')).toMatch(/too few ZIP areas/);
    expect(planSnapshot()).toEqual(before);
  });
});

describe('scenario delete', () => {
  it('deletes a scenario (never the last) and brings it back with its plan', async () => {
    addTerritory();
    renameTerritory(0, 'Kept');
    await duplicateScenario('Second');
    renameTerritory(0, 'Only in second');
    const second = plan().scenarioId;
    await deleteScenario(second);
    expect(plan().scenarios.map((s) => s.name)).toEqual(['Plan 1']);
    expect(plan().teams[0].territories[0].name).toBe('Kept');
    await deleteScenario(plan().scenarioId);
    expect(plan().scenarios).toHaveLength(1);
    expect(useScenarios.getState().deleted?.scenario.name).toBe('Second');
    await undoDeleteScenario();
    expect(plan().scenarios.map((s) => s.name)).toEqual(['Plan 1', 'Second']);
  });
});
