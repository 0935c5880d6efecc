import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { autoBalance } from '../engine/balance.ts';
import { DEFAULT_BALANCE_SETTINGS, type BalanceSettings } from '../engine/balanceInput.ts';
import { importAccountsCsv } from '../io/importAccounts.ts';
import { serialisePlan } from '../io/planFile.ts';
import { useBalance } from '../store/balanceStore.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { applyBalance, startBalance } from './balance.ts';
import { currentPlan } from './editor.ts';
import { openEditorBench, settle, type EditorBench } from './editorHarness.ts';
import { activateGrowthCut, planGrowthCut } from './growth.ts';
import { adoptAccounts } from './imports.ts';
import { importPlanFile } from './planFile.ts';
import {
  addTerritory,
  deleteTerritory,
  mergeTerritories,
  paint,
  selectTerritory,
  setUnitLocks,
  splitSelectedTerritory,
  toggleTerritoryLock,
} from './planCommands.ts';

// Node has no Worker: the balancer runs in this process (the real one, on a short time budget).
vi.mock('../worker/balanceClient.ts', () => ({
  runBalance: (input: Parameters<typeof autoBalance>[0]) => ({
    result: Promise.resolve(autoBalance({ ...input, timeBudgetMs: Math.min(input.timeBudgetMs, 150) }, {})),
    cancel: () => {},
  }),
}));

const plan = () => usePlan.getState();
let bench: EditorBench;

/** ZIP areas of the given states (real geography). */
function unitsOfStates(codes: string[]): number[] {
  const states = bench.geo.grouping('state');
  const out: number[] = [];
  for (let u = 0; u < bench.geo.zipUnitCount; u++)
    if (codes.includes(states.groupIds[states.groupOfUnit[u]])) out.push(u);
  return out;
}

/** What the locks protect, by territory id (indices shift when territories are added or merged). */
function lockedState(): { lockedUnits: Map<number, string>; lockedTerritories: Map<string, number[]> } {
  const p = plan();
  const team = p.activeTeam;
  const territories = p.teams[team].territories;
  const assignment = p.assignments[team];
  const idOf = (t: number): string => (t >= 0 ? territories[t].id : '');
  const lockedUnits = new Map<number, string>();
  p.lockedUnits[team].forEach((l, u) => l && lockedUnits.set(u, idOf(assignment[u])));
  const lockedTerritories = new Map<string, number[]>();
  territories.forEach((t) => t.locked && lockedTerritories.set(t.id, []));
  assignment.forEach((t, u) => t >= 0 && territories[t].locked && lockedTerritories.get(territories[t].id)?.push(u));
  return { lockedUnits, lockedTerritories };
}

function expectLocksHeld(before: ReturnType<typeof lockedState>, what: string): void {
  const after = lockedState();
  expect(after.lockedUnits, `${what}: locked units`).toEqual(before.lockedUnits);
  expect(after.lockedTerritories, `${what}: locked territories`).toEqual(before.lockedTerritories);
}

/** The West in three territories, one split off another and locked, a few locked areas elsewhere. */
function westPlan(): void {
  addTerritory();
  paint(unitsOfStates(['CA', 'OR', 'WA', 'NV']), false);
  addTerritory();
  paint(unitsOfStates(['AZ', 'UT', 'ID', 'NM']), false);
  addTerritory();
  paint(unitsOfStates(['MT', 'WY', 'CO']), false);
  selectTerritory(0);
  splitSelectedTerritory(Int32Array.from(unitsOfStates(['OR'])));
  toggleTerritoryLock(3);
}

async function balance(settings: Partial<BalanceSettings>): Promise<void> {
  useBalance.getState().set({ settings: { ...DEFAULT_BALANCE_SETTINGS, ...settings } });
  await startBalance();
  applyBalance();
  await settle();
}

beforeEach(async () => {
  indexedDB.deleteDatabase('tessera');
  bench = await openEditorBench();
});

describe('locks hold through the editor commands', () => {
  it('a territory split off another, locked and rebalanced keeps exactly its ZIP areas', async () => {
    westPlan();
    const before = lockedState();
    const [locked] = before.lockedTerritories.values();
    expect(locked.length).toBeGreaterThan(300);
    await balance({ mode: 'rebalance' });
    expect(plan().undo.at(-1)?.label).toBe('Auto-balance');
    expectLocksHeld(before, 'rebalance');
    await balance({ mode: 'create', territories: 6 });
    expectLocksHeld(before, 'create from nothing');
    expect(plan().teams[0].territories).toHaveLength(6);
  });

  type Command =
    | { kind: 'balance'; mode: BalanceSettings['mode']; level: BalanceSettings['level']; territories: number }
    | { kind: 'split'; territory: number; state: string }
    | { kind: 'merge'; from: number; into: number }
    | { kind: 'delete'; territory: number }
    | { kind: 'growthCut'; territory: number }
    | { kind: 'lockTerritory'; territory: number }
    | { kind: 'lockUnits'; state: string; skip: number }
    | { kind: 'reopen' }
    | { kind: 'import'; rows: number };

  const STATES = ['CA', 'OR', 'WA', 'NV', 'AZ', 'UT', 'ID', 'NM', 'MT', 'WY', 'CO'];
  const command: fc.Arbitrary<Command> = fc.oneof(
    fc.record({
      kind: fc.constant('balance' as const),
      mode: fc.constantFrom('rebalance' as const, 'create' as const, 'grow' as const),
      level: fc.constantFrom('zip5' as const, 'county' as const),
      territories: fc.integer({ min: 2, max: 6 }),
    }),
    fc.record({ kind: fc.constant('split' as const), territory: fc.nat(4), state: fc.constantFrom(...STATES) }),
    fc.record({ kind: fc.constant('merge' as const), from: fc.nat(4), into: fc.nat(4) }),
    fc.record({ kind: fc.constant('delete' as const), territory: fc.nat(4) }),
    fc.record({ kind: fc.constant('growthCut' as const), territory: fc.nat(4) }),
    fc.record({ kind: fc.constant('lockTerritory' as const), territory: fc.nat(4) }),
    fc.record({ kind: fc.constant('lockUnits' as const), state: fc.constantFrom(...STATES), skip: fc.nat(20) }),
    fc.constant({ kind: 'reopen' as const }),
    fc.record({ kind: fc.constant('import' as const), rows: fc.integer({ min: 200, max: 1500 }) }),
  );

  /** Runs a command; lock commands change what is protected, so they say so. */
  async function run(c: Command): Promise<boolean> {
    switch (c.kind) {
      case 'balance':
        await balance({ mode: c.mode, level: c.level, territories: c.territories });
        return false;
      case 'split':
        selectTerritory(c.territory);
        splitSelectedTerritory(Int32Array.from(unitsOfStates([c.state])));
        return false;
      case 'merge':
        mergeTerritories(c.from, c.into);
        return false;
      case 'delete':
        deleteTerritory(c.territory);
        return false;
      case 'growthCut':
        if ((await planGrowthCut(c.territory, 2, '2027-06-01')) === null) activateGrowthCut(c.territory);
        return false;
      case 'lockTerritory':
        toggleTerritoryLock(c.territory);
        return true;
      case 'lockUnits': {
        const units = unitsOfStates([c.state]);
        setUnitLocks(
          units.filter((_, i) => i % 37 === c.skip),
          true,
        );
        return true;
      }
      case 'reopen': {
        // the plan file the app downloads, opened again: locks and assignments come back as they were
        const text = serialisePlan(currentPlan(), bench.geo.ids);
        expect(await importPlanFile(new File([text], 'plan.tessera.json'))).toBe(true);
        await settle();
        return false;
      }
      case 'import': {
        const lines = readFileSync('data/sample-accounts.csv', 'utf8').split('\n');
        const { table, report } = importAccountsCsv(
          [lines[0], ...lines.slice(1 + c.rows, 1 + 2 * c.rows)].join('\n'),
          bench.geo,
          'other.csv',
        );
        adoptAccounts(table, report, false);
        await settle();
        return false;
      }
    }
  }

  it('random sequences of balance, split, merge, delete, growth cuts, plan-file open and imports', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 6 }), async (commands) => {
        bench = await openEditorBench();
        westPlan();
        for (const c of commands) {
          const before = lockedState();
          const locksChanged = await run(c);
          if (!locksChanged) expectLocksHeld(before, c.kind);
        }
      }),
      { numRuns: 12, seed: 15 },
    );
  }, 240_000);

  it('says why a locked territory or a territory holding locked areas is not deleted or merged', () => {
    westPlan();
    deleteTerritory(3);
    expect(useWorkspace.getState().notice).toBe('Territory 1 (split) is locked; unlock it to delete it.');
    setUnitLocks(unitsOfStates(['NV']).slice(0, 2), true);
    mergeTerritories(0, 1);
    expect(useWorkspace.getState().notice).toBe('Territory 1 holds 2 locked areas; unlock them to merge Territory 1.');
    expect(plan().teams[0].territories).toHaveLength(4);
  });
});
