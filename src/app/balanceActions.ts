import { TERRITORY_COLOURS } from '../domain/plan.ts';
import type { BalanceInput } from '../engine/balance.ts';
import { collapseUnits, expandAssignment, lockedUnitsApart } from '../engine/collapse.ts';
import { compareAssignments } from '../engine/compare.ts';
import { seedNewTerritories } from '../engine/growth.ts';
import { projectedCentres } from '../geo/projection.ts';
import { currentMap } from '../map/mapRegistry.ts';
import { useBalance } from '../store/balanceStore.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { runBalance, type RunningBalance } from '../worker/balanceClient.ts';
import { commit, planDocument } from '../editor/editor.ts';
import { engineCall } from '../editor/engineLink.ts';
import { recolourAll } from '../editor/follow/mapFollower.ts';
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
      territories: territories.length > 1 ? territories.length : 8,
    },
  });
}

/** A balance run: the input the worker gets, how to map its answer back to units, the protected accounts. */
interface PreparedBalance {
  input: BalanceInput;
  /** Per-unit columns for the before/after comparison. */
  unitColumns: Float64Array[];
  toUnits: (assignment: Int32Array) => Int32Array;
  protectedAccounts: number;
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
  const { geo } = ws.assets;
  const team = p.activeTeam;
  const current = p.assignments[team];
  const territories = p.teams[team]?.territories ?? [];
  const k =
    s.mode === 'rebalance'
      ? territories.length
      : s.mode === 'grow'
        ? territories.length + Math.round(s.newReps)
        : Math.round(s.territories);
  if (s.mode !== 'create' && territories.length < 2) return 'This needs at least two territories; create some first.';
  if (k < 2) return 'Choose at least 2 territories.';
  if (k > 500) return 'Choose at most 500 territories.';
  const loads = s.mode !== 'create' && (s.keepProtected || s.avoidEngaged) ? await ownershipLoads(team) : null;
  const mapColumns = loads && s.keepProtected ? null : await engineCall('teamUnitColumns', team);
  const count = mapColumns ? mapColumns.count : (loads as NonNullable<typeof loads>).movableCount;
  const value = mapColumns ? mapColumns.value : (loads as NonNullable<typeof loads>).movableValue;
  const eligible = new Uint8Array(geo.unitCount);
  for (let u = 0; u < geo.zipUnitCount; u++) eligible[u] = 1;
  const locked = Uint8Array.from(p.lockedUnits[team] ?? new Uint8Array(geo.unitCount));
  if (s.mode === 'rebalance')
    for (let u = 0; u < geo.unitCount; u++) if (current[u] >= 0 && territories[current[u]]?.locked) locked[u] = 1;
  let seeds: Int32Array | null = null;
  if (s.useHomeZips && s.mode === 'create') {
    seeds = new Int32Array(k).fill(-1);
    const homes = p.reps.map((r) => (r.homeZip ? geo.resolveZip(r.homeZip).unit : -1)).filter((u) => u >= 0);
    homes.slice(0, k).forEach((u, i) => ((seeds as Int32Array)[i] = u));
  }
  const { x, y } = projectedCentres(geo.lon, geo.lat);
  let initial: Int32Array | null = s.mode === 'create' ? null : Int32Array.from(current);
  if (s.mode === 'grow') {
    // new territories start at the edge of the heaviest ones, then the balancer grows them
    const load = new Float64Array(territories.length);
    const totalCount = count.reduce((a, b) => a + b, 0) || 1;
    const totalValue = value.reduce((a, b) => a + b, 0) || 1;
    const w = s.countWeight / 100;
    for (let u = 0; u < current.length; u++)
      if (current[u] >= 0) load[current[u]] += (w * count[u]) / totalCount + ((1 - w) * value[u]) / totalValue;
    initial = seedNewTerritories(
      geo,
      x,
      y,
      current,
      load,
      territories.length,
      k - territories.length,
      locked,
      geo.island,
      count,
    );
  }
  let baseLoad: Float64Array | null = null;
  if (loads && s.keepProtected) {
    baseLoad = new Float64Array(k * 2);
    loads.baseCount.forEach((c, t) => t < k && (baseLoad![t * 2] = c));
    loads.baseValue.forEach((v, t) => t < k && (baseLoad![t * 2 + 1] = v));
  }
  const unitInput: BalanceInput = {
    graph: { unitCount: geo.unitCount, adjacencyOffsets: geo.adjacencyOffsets, adjacency: geo.adjacency },
    x,
    y,
    area: geo.areaKm2,
    baseLoad,
    moveCost: loads && s.avoidEngaged ? loads.moveCost : null,
    columns: [count, value],
    columnWeights: [s.countWeight / 100, 1 - s.countWeight / 100],
    territoryCount: k,
    eligible,
    initial,
    locked,
    tolerance: s.tolerancePct / 100,
    contiguity: s.contiguity,
    compactnessWeight: s.compactness / 100,
    disruptionBudget: s.mode === 'rebalance' && s.disruptionPct < 100 ? s.disruptionPct / 100 : null,
    island: geo.island,
    seeds,
    // with a home ZIP for every territory, shape means staying close to the reps (the MILP's own objective)
    compactness: seeds && seeds.every((u) => u >= 0) ? 'seedDistance' : 'inertia',
    seed: Math.round(s.seed),
    timeBudgetMs: 1800,
  };
  const protectedAccounts = loads && s.keepProtected ? loads.protectedAccounts : 0;
  const unitColumns = [count, value];
  if (s.level === 'zip5') return { input: unitInput, unitColumns, toUnits: (a) => a, protectedAccounts };
  // whole counties or states: balance their groups, then every ZIP area follows its group
  const groupOfUnit = lockedUnitsApart(geo.grouping(s.level).groupOfUnit, locked);
  const collapsed = collapseUnits(
    unitInput.graph,
    groupOfUnit,
    unitInput.columns,
    x,
    y,
    geo.areaKm2,
    locked,
    eligible,
    geo.island,
    unitInput.initial,
  );
  const groups = collapsed.graph.unitCount;
  let moveCost: Float32Array | null = null;
  if (unitInput.moveCost) {
    const sum = new Float64Array(groups);
    const members = new Float64Array(groups);
    for (let u = 0; u < groupOfUnit.length; u++) {
      const g = groupOfUnit[u];
      if (g < 0 || count[u] <= 0) continue;
      sum[g] += unitInput.moveCost[u];
      members[g] += 1;
    }
    moveCost = Float32Array.from(sum, (v, g) => (members[g] > 0 ? v / members[g] : 0));
  }
  const groupSeeds = seeds ? Int32Array.from(seeds, (u) => (u >= 0 ? groupOfUnit[u] : -1)) : null;
  const unitsInitial = unitInput.initial;
  return {
    input: { ...unitInput, ...collapsed, moveCost, seeds: groupSeeds },
    unitColumns,
    toUnits: (a) => expandAssignment(a, groupOfUnit, unitsInitial, locked),
    protectedAccounts,
  };
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
    const comparison = compareAssignments(
      prepared.unitColumns,
      before,
      result.assignment,
      input.territoryCount,
      input.tolerance,
      input.baseLoad ?? null,
    );
    useBalance.getState().set({
      current: {
        step: 'preview',
        result,
        before,
        territoryCount: input.territoryCount,
        comparison,
        protectedAccounts: prepared.protectedAccounts,
        protectedByTerritory: input.baseLoad
          ? Float64Array.from({ length: input.territoryCount }, (_, t) => (input.baseLoad as Float64Array)[t * 2])
          : null,
        tolerance: input.tolerance,
        balancedColumns: input.columnWeights.map((w) => w > 0),
      },
    });
    showPreview(result.assignment, before, input.territoryCount);
  } catch (e) {
    useBalance.getState().set({ current: { step: 'error', message: e instanceof Error ? e.message : String(e) } });
  } finally {
    running = null;
  }
}

export { proposalColour };

/** Colour for territory k of the proposal: the existing territory's, or the next free palette colour. */
function proposalColour(k: number): string {
  const territories = usePlan.getState().teams[usePlan.getState().activeTeam]?.territories ?? [];
  if (territories[k]) return territories[k].colour;
  const used = new Set(territories.map((t) => t.colour));
  const free = TERRITORY_COLOURS.filter((c) => !used.has(c));
  const extra = k - territories.length;
  return free[extra % Math.max(1, free.length)] ?? TERRITORY_COLOURS[k % TERRITORY_COLOURS.length];
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
