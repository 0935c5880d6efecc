import { newTerritoryColour } from '../domain/palette.ts';
import {
  balanceGeography,
  balanceTerritoryCount,
  buildBalanceInput,
  wantsMapColumns,
  wantsOwnershipLoads,
  type PreparedBalance,
} from '../engine/balanceInput.ts';
import { compareAssignments, type PlanComparison } from '../engine/compare.ts';
import { balanceMetrics } from '../engine/metrics.ts';
import type { ProposalTotals } from '../engine/planEngine.ts';
import { accountsLeftAbroad } from '../engine/leftAbroad.ts';
import { currentMap } from '../map/mapRegistry.ts';
import { useBalance } from '../store/balanceStore.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { runBalance, type RunningBalance } from '../worker/balanceClient.ts';
import { commit, planDocument } from './editor.ts';
import { engineCall } from './engineLink.ts';
import { recolourAll } from './follow/mapFollower.ts';
import { newId } from '../domain/ids.ts';
import { balanceProposalChange } from '../engine/planOps.ts';

let running: RunningBalance | null = null;

/** Opens the dialog with settings that fit the current plan. */
export function openBalance(): void {
  const territories = usePlan.getState().teams[usePlan.getState().activeTeam]?.territories ?? [];
  const b = useBalance.getState();
  b.set({
    current: { step: 'settings' },
    settings: {
      ...b.settings,
      mode: territories.length > 1 ? 'rebalance' : 'create',
      // the band the charts measure against
      tolerancePct: Math.round(usePlan.getState().tolerance * 100),
      territories: territories.length > 1 ? territories.length : 8,
    },
  });
}

/** Loads after the ownership rules when the planner keeps protected accounts; null when not available. */
async function ownershipLoads(team: number) {
  try {
    return await engineCall('balanceLoads', team);
  } catch {
    return null; // ownership not resolved yet (no data): balance by the map alone
  }
}

async function buildInput(): Promise<PreparedBalance | string> {
  const ws = useWorkspace.getState();
  const p = usePlan.getState();
  const s = useBalance.getState().settings;
  if (!ws.assets) return 'The geography is not loaded yet.';
  const team = p.activeTeam;
  const territoryCount = balanceTerritoryCount(s, p.teams[team]?.territories.length ?? 0);
  if (typeof territoryCount === 'string') return territoryCount;
  const loads = wantsOwnershipLoads(s) ? await ownershipLoads(team) : null;
  const mapColumns = wantsMapColumns(s, loads) ? await engineCall('teamUnitColumns', team) : null;
  const geo = balanceGeography(ws.assets.geo, ws.assets.borderLengths ?? null);
  return buildBalanceInput({ plan: p, team, geo, settings: s, mapColumns, ownershipLoads: loads });
}

/** Runs the balancer in its worker with progress; the plan is untouched until Apply. */
export async function startBalance(): Promise<void> {
  const b = useBalance.getState();
  const prepared = await buildInput();
  if (typeof prepared === 'string') return b.set({ current: { step: 'error', message: prepared } });
  const { input } = prepared;
  const before = Int32Array.from(usePlan.getState().assignments[usePlan.getState().activeTeam]);
  b.set({ current: { step: 'running', progress: null } });
  running = runBalance(input, (progress) => useBalance.getState().set({ current: { step: 'running', progress } }));
  try {
    const raw = await running.result;
    if (!raw) return useBalance.getState().set({ current: { step: 'settings' } });
    const result = { ...raw, assignment: prepared.toUnits(raw.assignment) };
    const { territoryCount, protectedLoad } = prepared;
    const team = usePlan.getState().activeTeam;
    const geo = useWorkspace.getState().assets?.geo;
    const mapCount = (await engineCall('teamUnitColumns', team)).count;
    const leftAbroad = geo ? accountsLeftAbroad(geo, result.assignment, mapCount) : { accounts: 0, countries: [] };
    // figures on the charts' basis (by the map, or after the ownership rules): what Apply will show
    const moves = compareAssignments(
      prepared.unitColumns,
      before,
      result.assignment,
      territoryCount,
      input.tolerance,
      protectedLoad,
    );
    const [was, will, shapesBefore, shapesAfter] = await Promise.all([
      engineCall('proposalTotals', team, before, territoryCount),
      engineCall('proposalTotals', team, result.assignment, territoryCount),
      engineCall('planShapes', before, territoryCount),
      engineCall('planShapes', result.assignment, territoryCount),
    ]);
    const comparison = chartBasisComparison(moves, was, will, territoryCount, input.tolerance);
    useBalance.getState().set({
      current: {
        step: 'preview',
        result,
        before,
        territoryCount,
        comparison,
        protectedAccounts: prepared.protectedAccounts,
        protectedByTerritory: protectedLoad
          ? Float64Array.from({ length: territoryCount }, (_, t) => protectedLoad[t * 2])
          : null,
        tolerance: input.tolerance,
        balancedColumns: input.columnWeights.map((w) => w > 0),
        leftAbroad,
        basis: will.basis,
        shapes: { before: shapesBefore, after: shapesAfter, floor: input.polsbyPopperFloor ?? 0 },
      },
    });
    showPreview(result.assignment, before, territoryCount);
  } catch (e) {
    useBalance.getState().set({ current: { step: 'error', message: e instanceof Error ? e.message : String(e) } });
  } finally {
    running = null;
  }
}

/** A proposal's comparison with its before/after figures taken from the charts' own totals. */
function chartBasisComparison(
  moves: PlanComparison,
  was: ProposalTotals,
  will: ProposalTotals,
  territoryCount: number,
  tolerance: number,
): PlanComparison {
  const column = (t: ProposalTotals, c: number): Float64Array =>
    Float64Array.from({ length: territoryCount }, (_, k) => t.totals[k * t.columnCount + c]);
  const before = [column(was, 0), column(was, 1)];
  const after = [column(will, 0), column(will, 1)];
  return {
    ...moves,
    before,
    after,
    metricsBefore: before.map((b) => balanceMetrics(b, tolerance)),
    metricsAfter: after.map((a) => balanceMetrics(a, tolerance)),
  };
}

export { proposalColour };

/** Colour for territory k of the proposal: the existing territory's, or the next free palette colour. */
function proposalColour(k: number): string {
  const territories = usePlan.getState().teams[usePlan.getState().activeTeam]?.territories ?? [];
  if (territories[k]) return territories[k].colour;
  return newTerritoryColour(territories, k - territories.length);
}

/** Shows the proposal on the map, with the units that change territory highlighted. */
function showPreview(proposal: Int32Array, before: Int32Array, k: number): void {
  const map = currentMap();
  if (!map) return;
  const colours = Array.from({ length: k }, (_, t) => proposalColour(t));
  const fills = new Map<number, string>();
  const changed: number[] = [];
  for (let u = 0; u < proposal.length; u++) {
    if (proposal[u] >= 0) fills.set(u, colours[proposal[u]]);
    // from nothing every unit changes: highlight moves only when reshaping existing territories
    if (proposal[u] !== before[u] && before[u] >= 0) changed.push(u);
  }
  map.setUnitFills(fills);
  map.setChangedUnits(changed);
}

export function cancelBalance(): void {
  running?.cancel();
  closeBalance();
}

/** Closes the dialog; a preview is taken off the map and the plan shows again. */
export function closeBalance(): void {
  useBalance.getState().set({ current: { step: 'idle' } });
  currentMap()?.setChangedUnits([]);
  recolourAll();
}

/** Applies the previewed proposal as one undo step (adding territories when it created more). */
export function applyBalance(): void {
  const current = useBalance.getState().current;
  if (current.step !== 'preview') return;
  const team = usePlan.getState().activeTeam;
  const existing = usePlan.getState().teams[team].territories.length;
  const ids = Array.from({ length: Math.max(0, current.territoryCount - existing) }, () => newId('t'));
  commit(
    'Auto-balance',
    balanceProposalChange(planDocument(), team, current.result.assignment, current.territoryCount, ids),
  );
  useBalance.getState().set({ current: { step: 'idle' } });
  currentMap()?.setChangedUnits([]);
}
