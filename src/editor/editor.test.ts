import fc from 'fast-check';
import { beforeEach, describe, expect, it } from 'vitest';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { beginStroke, endStroke, redo, subscribe, undo, type PlanCommit } from './editor.ts';
import { freshEngineTotals, openEditorBench, planSnapshot, settle, type EditorBench } from './editorHarness.ts';
import {
  addNamedAccounts,
  addRepsFromOwners,
  moveRule,
  setEvaluationDay,
  setRepAvailability,
  setEngagementWindow,
  setNamedAccount,
  setRuleEnabled,
  setTeamRouting,
} from './ownership.ts';
import { readFileSync } from 'node:fs';
import { importAccountsCsv } from '../io/importAccounts.ts';
import { activateGrowthCut, removeGrowthCut } from './growth.ts';
import { adoptAccounts } from './imports.ts';
import { setRulesOfEngagement } from './publish.ts';
import {
  addRep,
  addTeam,
  addTerritory,
  deleteTeam,
  deleteTerritory,
  editPlanParts,
  mergeTerritories,
  paint,
  recolourTerritory,
  removeRep,
  renameTerritory,
  selectTerritory,
  setActiveTeam,
  setTerritoryRep,
  setTolerance,
  setUnitLocks,
  splitSelectedTerritory,
  toggleTerritoryLock,
  updateRep,
} from './planCommands.ts';

const plan = () => usePlan.getState();
let bench: EditorBench;

/** ZIP-area units with accounts, in index order: painting them moves real totals. */
function unitsWithAccounts(count: number, skip = 0): number[] {
  const seen = new Set<number>();
  for (const u of bench.table.unit) if (u >= 0 && u < bench.geo.zipUnitCount) seen.add(u);
  return [...seen].sort((a, b) => a - b).slice(skip, skip + count);
}

/** Applies a command, undoes it, redoes it, and checks the store and the engine at each stage. */
async function roundTrip(command: () => void): Promise<{ before: unknown; after: unknown }> {
  const before = planSnapshot();
  const depth = plan().undo.length;
  command();
  await settle();
  const after = planSnapshot();
  expect(plan().undo.length).toBe(depth + 1);
  expect(after).not.toEqual(before);
  await expectEngineInStep();
  expect(undo()).toBe(true);
  await settle();
  expect(planSnapshot()).toEqual(before);
  await expectEngineInStep();
  expect(redo()).toBe(true);
  await settle();
  expect(planSnapshot()).toEqual(after);
  await expectEngineInStep();
  return { before, after };
}

async function expectEngineInStep(): Promise<void> {
  await settle();
  const team = plan().activeTeam;
  const report = await bench.engine.report(team);
  expect(Array.from(report.totals)).toEqual(Array.from(freshEngineTotals(bench, team)));
  expect(Array.from(plan().report?.totals ?? [])).toEqual(Array.from(report.totals));
}

beforeEach(async () => {
  bench = await openEditorBench();
});

describe('editor commands: apply, undo, redo; store and engine follow', () => {
  it('starts a plan with one team for a workspace without one', () => {
    expect(plan().teams.map((t) => t.name)).toEqual(['All accounts']);
    expect(plan().assignments[0].length).toBe(bench.geo.unitCount);
  });

  it('adds a territory and selects it with the brush', async () => {
    await roundTrip(addTerritory);
    expect(plan().teams[0].territories.map((t) => t.name)).toEqual(['Territory 1']);
  });

  it('paints a stroke as one undo step and the engine counts it', async () => {
    addTerritory();
    const units = unitsWithAccounts(40);
    await roundTrip(() => {
      beginStroke();
      paint(units.slice(0, 20), false);
      paint(units.slice(10, 40), false);
      endStroke();
    });
    expect(units.every((u) => plan().assignments[0][u] === 0)).toBe(true);
    expect(plan().report?.totals[0]).toBeGreaterThan(0);
  });

  it('erases, renames, recolours, assigns a rep, locks a territory', async () => {
    addTerritory();
    paint(unitsWithAccounts(10), false);
    await roundTrip(() => paint(unitsWithAccounts(5), true));
    await roundTrip(() => renameTerritory(0, 'North'));
    await roundTrip(() => recolourTerritory(0, '#123456'));
    const rep = addRep('Ana Souza', 'ana@example.com') as string;
    await roundTrip(() => setTerritoryRep(0, rep));
    await roundTrip(() => toggleTerritoryLock(0));
  });

  it('splits, merges and deletes territories', async () => {
    addTerritory();
    const units = unitsWithAccounts(30);
    paint(units, false);
    selectTerritory(0);
    await roundTrip(() => splitSelectedTerritory(Int32Array.from(units.slice(0, 10))));
    expect(plan().teams[0].territories).toHaveLength(2);
    await roundTrip(() => mergeTerritories(1, 0));
    await roundTrip(() => deleteTerritory(0));
  });

  it('never splits or merges a locked territory, and split skips locked units', async () => {
    addTerritory();
    addTerritory();
    const units = unitsWithAccounts(30);
    selectTerritory(0);
    paint(units.slice(0, 20), false);
    selectTerritory(1);
    paint(units.slice(20), false);
    setUnitLocks(units.slice(0, 5), true);
    selectTerritory(0);
    splitSelectedTerritory(Int32Array.from(units.slice(0, 10)));
    const split = plan().assignments[0];
    expect(units.slice(0, 5).every((u) => split[u] === 0)).toBe(true);
    expect(units.slice(5, 10).every((u) => split[u] === 2)).toBe(true);
    undo();
    toggleTerritoryLock(1);
    const before = planSnapshot();
    mergeTerritories(1, 0);
    mergeTerritories(0, 1);
    selectTerritory(1);
    splitSelectedTerritory(Int32Array.from(units.slice(20, 25)));
    expect(planSnapshot()).toEqual(before);
  });

  it('adds and deletes teams with their layers', async () => {
    await roundTrip(() => addTeam('Enterprise', { field: 'employees', op: '>=', value: 1000 }));
    expect(plan().teams.map((t) => t.name)).toEqual(['Enterprise', 'All accounts']);
    setActiveTeam(0);
    await roundTrip(() => deleteTeam(0));
  });

  it('lock strokes are one undo step', async () => {
    const units = unitsWithAccounts(20);
    await roundTrip(() => {
      beginStroke();
      setUnitLocks(units.slice(0, 10), true);
      setUnitLocks(units.slice(5, 20), true);
      endStroke();
    });
    expect(plan().undo.at(-1)?.label).toBe('Lock areas');
    expect(units.every((u) => plan().lockedUnits[0][u] === 1)).toBe(true);
  });

  it('edits and removes reps; removing a rep leaves their territory vacant', async () => {
    addTerritory();
    const rep = addRep('Bo Chen', '') as string;
    setTerritoryRep(0, rep);
    await roundTrip(() => updateRep(rep, { capacityAccounts: 120, homeZip: '60601' }));
    await roundTrip(() => removeRep(rep));
    expect(plan().teams[0].territories[0].repId).toBeNull();
  });

  it('ownership settings, named accounts and routing are undo steps', async () => {
    const rep = addRep('Cy Doe', 'cy@example.com') as string;
    await roundTrip(() => setRuleEnabled('CUSTOMER', false));
    await roundTrip(() => moveRule('CUSTOMER', -1));
    await roundTrip(() => setEngagementWindow(30));
    await roundTrip(() => setNamedAccount('001A', rep, 'Acme'));
    await roundTrip(() => addNamedAccounts([{ accountId: '001B', repId: rep }], 'Import named accounts'));
    await roundTrip(() => setTeamRouting(0, 'roundRobin', [rep]));
  });

  it('activates a growth cut into vacant territories, leaving locked units in place', async () => {
    addTerritory();
    const units = unitsWithAccounts(12);
    paint(units, false);
    editPlanParts('Plan growth cut', (p) => {
      p.teams[0].territories[0].growthCut = {
        hireDate: '2027-03-01',
        parts: 2,
        units,
        part: units.map((_, i) => (i < 6 ? 0 : 1)),
        accounts: [0, 0],
        value: [0, 0],
      };
    });
    setUnitLocks([units[11]], true);
    await roundTrip(() => activateGrowthCut(0));
    const territories = plan().teams[0].territories;
    expect(territories.map((t) => t.vacantFrom)).toEqual(['', '2027-03-01']);
    expect(plan().assignments[0][units[11]]).toBe(0);
    expect(plan().assignments[0][units[10]]).toBe(1);
    undo();
    await roundTrip(() => removeGrowthCut(0));
  });

  it('rep availability, evaluation day, rules of engagement and reps from owners are undo steps', async () => {
    const rep = addRep('Di Ray', 'di@example.com') as string;
    await roundTrip(() => setRepAvailability(rep, false));
    await roundTrip(() => setEvaluationDay('2026-12-01'));
    await roundTrip(() => setRulesOfEngagement('Disputes go to the regional VP.'));
    let added = 0;
    await roundTrip(() => (added = addRepsFromOwners()));
    expect(added).toBeGreaterThan(0);
    expect(plan().reps).toHaveLength(1 + added);
    // a CRM user Id typed next to the rep's name and email is one undo step too
    await roundTrip(() => updateRep(rep, { crmUserId: '0055g00000DiRay' }));
    expect(plan().reps.find((r) => r.id === rep)?.crmUserId).toBe('0055g00000DiRay');
    undo();
    expect(plan().reps.find((r) => r.id === rep)?.crmUserId).toBeUndefined();
  });

  it('the tolerance is a saved setting, not an undo step; the engine reports with it', async () => {
    const depth = plan().undo.length;
    setTolerance(0.25);
    await settle();
    expect(plan().undo.length).toBe(depth);
    expect(plan().tolerance).toBe(0.25);
    expect(bench.engine['tolerance']).toBe(0.25);
  });

  it('accepting an import replaces the accounts and the engine counts the new ones', async () => {
    addTerritory();
    paint(unitsWithAccounts(200), false);
    const lines = readFileSync('data/sample-accounts.csv', 'utf8').split('\n');
    const { table, report } = importAccountsCsv(lines.slice(0, 501).join('\n'), bench.geo, 'small.csv');
    adoptAccounts(table, report, false);
    await settle();
    const inTerritory = Array.from(table.unit).filter((u) => u >= 0 && plan().assignments[0][u] === 0).length;
    expect(plan().report?.totals[0]).toBe(inTerritory);
    expect(plan().teams[0].territories).toHaveLength(1);
  });

  it('says why painting changed nothing when a lock stopped it', () => {
    addTerritory();
    addTerritory();
    const units = unitsWithAccounts(6);
    selectTerritory(0);
    paint(units.slice(0, 3), false);
    toggleTerritoryLock(0);
    selectTerritory(1);
    expect(paint(units.slice(0, 3), false)).toBe(0);
    expect(useWorkspace.getState().notice).toBe(
      'Territory 1 is locked: its areas keep their territory until you unlock it.',
    );
    setUnitLocks(units.slice(3), true);
    expect(paint(units.slice(3), false)).toBe(0);
    expect(useWorkspace.getState().notice).toMatch(/^Locked areas keep their territory/);
    selectTerritory(0);
    expect(paint(units.slice(4), false)).toBe(0);
    expect(useWorkspace.getState().notice).toBe('Territory 1 is locked: unlock it to paint into it.');
  });

  it('tells followers what changed, with undo handing over the inverse', () => {
    const seen: PlanCommit[] = [];
    const stop = subscribe((c) => seen.push(c));
    addTerritory();
    paint(unitsWithAccounts(3), false);
    undo();
    stop();
    expect(seen.map((c) => c.kind)).toEqual(['step', 'stroke', 'strokeEnd', 'step']);
    const last = seen[3];
    expect(last.kind === 'step' && last.cause).toBe('undo');
    expect(last.kind === 'step' && Array.from(last.change.diffs[0].to)).toEqual([-1, -1, -1]);
  });
});

describe('random command sequences', () => {
  type Command =
    | { kind: 'addTerritory' }
    | { kind: 'paint'; territory: number; from: number; count: number; erase: boolean }
    | { kind: 'rename'; territory: number; name: string }
    | { kind: 'lockTerritory'; territory: number }
    | { kind: 'lockUnits'; from: number; count: number; locked: boolean }
    | { kind: 'split'; territory: number; from: number; count: number }
    | { kind: 'merge'; from: number; into: number }
    | { kind: 'delete'; territory: number }
    | { kind: 'addTeam' }
    | { kind: 'deleteTeam'; team: number }
    | { kind: 'rep'; territory: number };

  const command: fc.Arbitrary<Command> = fc.oneof(
    fc.constant({ kind: 'addTerritory' as const }),
    fc.record({
      kind: fc.constant('paint' as const),
      territory: fc.nat(4),
      from: fc.nat(80),
      count: fc.integer({ min: 1, max: 20 }),
      erase: fc.boolean(),
    }),
    fc.record({ kind: fc.constant('rename' as const), territory: fc.nat(4), name: fc.string({ maxLength: 8 }) }),
    fc.record({ kind: fc.constant('lockTerritory' as const), territory: fc.nat(4) }),
    fc.record({
      kind: fc.constant('lockUnits' as const),
      from: fc.nat(80),
      count: fc.integer({ min: 1, max: 10 }),
      locked: fc.boolean(),
    }),
    fc.record({
      kind: fc.constant('split' as const),
      territory: fc.nat(4),
      from: fc.nat(80),
      count: fc.integer({ min: 1, max: 20 }),
    }),
    fc.record({ kind: fc.constant('merge' as const), from: fc.nat(4), into: fc.nat(4) }),
    fc.record({ kind: fc.constant('delete' as const), territory: fc.nat(4) }),
    fc.constant({ kind: 'addTeam' as const }),
    fc.record({ kind: fc.constant('deleteTeam' as const), team: fc.nat(2) }),
    fc.record({ kind: fc.constant('rep' as const), territory: fc.nat(4) }),
  );

  function run(c: Command, pool: number[]): void {
    switch (c.kind) {
      case 'addTerritory':
        return addTerritory();
      case 'paint':
        selectTerritory(c.territory);
        paint(pool.slice(c.from, c.from + c.count), c.erase);
        return;
      case 'rename':
        return renameTerritory(c.territory, c.name);
      case 'lockTerritory':
        return toggleTerritoryLock(c.territory);
      case 'lockUnits':
        return setUnitLocks(pool.slice(c.from, c.from + c.count), c.locked);
      case 'split':
        selectTerritory(c.territory);
        return splitSelectedTerritory(Int32Array.from(pool.slice(c.from, c.from + c.count)));
      case 'merge':
        return mergeTerritories(c.from, c.into);
      case 'delete':
        return deleteTerritory(c.territory);
      case 'addTeam':
        return addTeam('Large', { field: 'employees', op: '>=', value: 500 });
      case 'deleteTeam':
        return deleteTeam(c.team);
      case 'rep': {
        const rep = addRep(`Rep ${c.territory}`, '') as string;
        return setTerritoryRep(c.territory, rep);
      }
    }
  }

  it('undo of everything returns the initial plan exactly; redo of everything the final one', async () => {
    const pool = unitsWithAccounts(100);
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
        bench = await openEditorBench();
        addTerritory();
        paint(pool.slice(0, 30), false);
        const initial = planSnapshot();
        const depth = plan().undo.length;
        for (const c of commands) run(c, pool);
        const final = planSnapshot();
        while (plan().undo.length > depth) expect(undo()).toBe(true);
        expect(planSnapshot()).toEqual(initial);
        while (redo());
        expect(planSnapshot()).toEqual(final);
        await expectEngineInStep();
      }),
      { numRuns: 40, seed: 14 },
    );
  });
});
