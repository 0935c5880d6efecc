import { TERRITORY_COLOURS, type Territory } from '../domain/plan.ts';
import type { BalanceInput } from '../engine/balance.ts';
import { compareAssignments } from '../engine/compare.ts';
import { seedNewTerritories } from '../engine/growth.ts';
import { projectedCentres } from '../geo/projection.ts';
import type { AssignmentDiff } from '../engine/paint.ts';
import { currentMap } from '../map/mapRegistry.ts';
import { useBalance } from '../store/balanceStore.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { runBalance, type RunningBalance } from '../worker/balanceClient.ts';
import { applyPlanChange, engineCall, recolourAll } from './planActions.ts';

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

async function buildInput(): Promise<BalanceInput | string> {
  const ws = useWorkspace.getState();
  const p = usePlan.getState();
  const s = useBalance.getState().settings;
  if (!ws.assets) return 'The geography is not loaded yet.';
  const { geo } = ws.assets;
  const team = p.activeTeam;
  const current = p.assignments[team];
  const territories = p.teams[team]?.territories ?? [];
  const k =
    s.mode === 'rebalance' ? territories.length : s.mode === 'grow' ? territories.length + Math.round(s.newReps) : Math.round(s.territories); // prettier-ignore
  if (s.mode !== 'create' && territories.length < 2) return 'This needs at least two territories; create some first.';
  if (k < 2) return 'Choose at least 2 territories.';
  if (k > 500) return 'Choose at most 500 territories.';
  const { count, value } = await engineCall('teamUnitColumns', team);
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
  return {
    graph: { unitCount: geo.unitCount, adjacencyOffsets: geo.adjacencyOffsets, adjacency: geo.adjacency },
    x,
    y,
    area: geo.areaKm2,
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
    seed: Math.round(s.seed),
    timeBudgetMs: 1800,
  };
}

/** Runs the balancer in its worker with progress; the plan is untouched until Apply. */
export async function startBalance(): Promise<void> {
  const b = useBalance.getState();
  const input = await buildInput();
  if (typeof input === 'string') return b.set({ current: { step: 'error', message: input } });
  const before = Int32Array.from(usePlan.getState().assignments[usePlan.getState().activeTeam]);
  b.set({ current: { step: 'running', progress: null } });
  running = runBalance(input, (progress) => useBalance.getState().set({ current: { step: 'running', progress } }));
  try {
    const result = await running.result;
    if (!result) return useBalance.getState().set({ current: { step: 'settings' } });
    const comparison = compareAssignments(
      input.columns,
      before,
      result.assignment,
      input.territoryCount,
      input.tolerance,
    );
    useBalance.getState().set({ current: { step: 'preview', result, before, territoryCount: input.territoryCount, comparison } }); // prettier-ignore
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
  const p = usePlan.getState();
  const team = p.activeTeam;
  const assignment = p.assignments[team];
  const units: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let u = 0; u < assignment.length; u++)
    if (current.result.assignment[u] !== assignment[u]) {
      units.push(u);
      from.push(assignment[u]);
      to.push(current.result.assignment[u]);
    }
  const diff: AssignmentDiff = { team, units: Int32Array.from(units), from: Int32Array.from(from), to: Int32Array.from(to) }; // prettier-ignore
  const existing = p.teams[team].territories.length;
  const added: Territory[] = [];
  for (let k = existing; k < current.territoryCount; k++)
    added.push({ id: `t-${Date.now().toString(36)}-${k}`, name: `Territory ${k + 1}`, colour: proposalColour(k), repId: null, vacantFrom: '', locked: false }); // prettier-ignore
  applyPlanChange('Auto-balance', (teams) => teams[team].territories.push(...added), [diff]);
  useBalance.getState().set({ current: { step: 'idle' } });
  currentMap()?.setChangedUnits([]);
}
