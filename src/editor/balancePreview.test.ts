import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { autoBalance } from '../engine/balance.ts';
import { DEFAULT_BALANCE_SETTINGS, type BalanceSettings } from '../engine/balanceInput.ts';
import { useBalance } from '../store/balanceStore.ts';
import { usePlan } from '../store/planStore.ts';
import { applyBalance, openBalance, startBalance } from './balance.ts';
import { openEditorBench, settle, type EditorBench } from './editorHarness.ts';
import { refreshReport } from './follow/engineFollower.ts';
import { addRepsFromOwners, followWithOwnership, ownershipSettled, setBookView } from './ownership.ts';
import { setTerritoryRep, setTolerance } from './planCommands.ts';

// Node has no Worker: the balancer runs in this process (the real one, on a short time budget).
vi.mock('../worker/balanceClient.ts', () => ({
  runBalance: (input: Parameters<typeof autoBalance>[0]) => ({
    result: Promise.resolve(autoBalance({ ...input, timeBudgetMs: 300 }, {})),
    cancel: () => {},
  }),
}));

const plan = () => usePlan.getState();
let bench: EditorBench;
let stopOwnership: (() => void) | null = null;

beforeEach(async () => {
  bench = await openEditorBench(6000);
  stopOwnership = followWithOwnership();
});

afterEach(async () => {
  stopOwnership?.();
  await setBookView(false);
});

async function propose(settings: Partial<BalanceSettings>) {
  openBalance();
  useBalance.getState().set({ settings: { ...useBalance.getState().settings, ...settings } });
  await startBalance();
  const current = useBalance.getState().current;
  if (current.step !== 'preview') throw new Error(`no proposal: ${JSON.stringify(current)}`);
  return current;
}

/** Per territory [accounts, value] as the charts draw them: the report's totals, or its book. */
function chartFigures(): number[][] {
  const report = plan().report;
  if (!report) throw new Error('no report');
  const totals = report.book?.totals ?? report.totals;
  const width = report.columnNames.length;
  return Array.from({ length: report.territoryCount }, (_, k) => [totals[k * width], totals[k * width + 1]]);
}

describe('the auto-balance proposal', () => {
  it("opens with the plan's own band", async () => {
    setTolerance(0.12);
    openBalance();
    expect(useBalance.getState().settings.tolerancePct).toBe(12);
    setTolerance(0.07);
    openBalance();
    expect(useBalance.getState().settings.tolerancePct).toBe(7);
    expect(DEFAULT_BALANCE_SETTINGS.tolerancePct).toBe(5); // the CLI's default is its own
  });

  it('shows the figures by the map that the charts show after Apply', async () => {
    const proposal = await propose({ mode: 'create', territories: 4 });
    expect(proposal.basis).toBe('map');
    const shown = Array.from({ length: 4 }, (_, k) => [
      proposal.comparison.after[0][k],
      proposal.comparison.after[1][k],
    ]);
    applyBalance();
    await settle();
    expect(plan().teams[0].territories).toHaveLength(4);
    expect(chartFigures()).toEqual(shown);
    expect(shown.every(([count]) => count > 0)).toBe(true);
  });

  it('shows the figures after ownership rules when the charts show them, equal after Apply', async () => {
    const created = await propose({ mode: 'create', territories: 4 });
    expect(created.basis).toBe('map');
    applyBalance();
    await settle();
    expect(addRepsFromOwners()).toBeGreaterThan(3);
    plan()
      .reps.slice(0, 4)
      .forEach((r, k) => setTerritoryRep(k, r.id));
    await setBookView(true);
    await ownershipSettled();
    const proposal = await propose({ mode: 'rebalance', keepProtected: true });
    expect(proposal.basis).toBe('book');
    expect(proposal.protectedAccounts).toBeGreaterThan(0);
    // the figures before the proposal are the charts' figures now
    const before = chartFigures();
    expect(before.map((_, k) => [proposal.comparison.before[0][k], proposal.comparison.before[1][k]])).toEqual(before);
    const shown = Array.from({ length: 4 }, (_, k) => [
      proposal.comparison.after[0][k],
      proposal.comparison.after[1][k],
    ]);
    applyBalance();
    await settle();
    await ownershipSettled();
    await refreshReport();
    expect(plan().report?.book).toBeDefined();
    expect(chartFigures()).toEqual(shown);
    // the book basis is not the map's: the rules keep accounts with their reps
    expect(Array.from(plan().report?.book?.totals ?? [])).not.toEqual(Array.from(plan().report?.totals ?? []));
  });

  it('says plainly how many accounts outside the US are left out, by country', async () => {
    const proposal = await propose({ mode: 'create', territories: 3 });
    // the test's own count: accounts of the table placed in a country unit
    const byCountry = new Map<string, number>();
    for (const u of bench.table.unit)
      if (u >= bench.geo.zipUnitCount) byCountry.set(bench.geo.names[u], (byCountry.get(bench.geo.names[u]) ?? 0) + 1);
    const total = [...byCountry.values()].reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(0);
    expect(proposal.leftAbroad.accounts).toBe(total);
    expect(new Map(proposal.leftAbroad.countries.map((c) => [c.country, c.accounts]))).toEqual(byCountry);
    expect(proposal.leftAbroad.countries[0].accounts).toBe(Math.max(...byCountry.values()));
  });
});
