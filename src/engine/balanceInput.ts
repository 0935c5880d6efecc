import type { Plan } from '../domain/plan.ts';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { projectedCentres } from '../geo/projection.ts';
import type { BalanceInput } from './balance.ts';
import { collapseUnits, expandAssignment, lockedUnitsApart } from './collapse.ts';
import { seedNewTerritories } from './growth.ts';
import type { BalanceLoads } from './planEngine.ts';
import type { UnitGraph } from './shape.ts';

/** Auto-balance settings as the planner sets them in the dialog (the CLI's options map onto them). */
export interface BalanceSettings {
  mode: 'rebalance' | 'create' | 'grow';
  /** Grow: how many reps will be hired (new territories carved from the heaviest). */
  newReps: number;
  territories: number;
  /** 0-100: weight of account count against value. */
  countWeight: number;
  tolerancePct: number;
  contiguity: boolean;
  /** 0-100 */
  compactness: number;
  /** Rebalance: most of the accounts/value that may change territory, in %. */
  disruptionPct: number;
  useHomeZips: boolean;
  seed: number;
  /** Accounts kept by ownership rules (named, open opportunity, customer, engagement, parent) stay with their rep. */
  keepProtected: boolean;
  /** Prefer moving areas whose accounts had no recent engagement. */
  avoidEngaged: boolean;
  /** Balance whole ZIP areas, counties or states. */
  level: 'zip5' | 'county' | 'state';
}

/** The one set of auto-balance defaults: the dialog opens with them and `tessera balance` uses them. */
export const DEFAULT_BALANCE_SETTINGS: Readonly<BalanceSettings> = Object.freeze({
  mode: 'rebalance',
  newReps: 1,
  territories: 8,
  countWeight: 50,
  tolerancePct: 5,
  contiguity: true,
  compactness: 20,
  disruptionPct: 100,
  useHomeZips: false,
  seed: 1,
  keepProtected: true,
  avoidEngaged: true,
  level: 'zip5',
});

/** How long one auto-balance run searches, in milliseconds. */
export const BALANCE_TIME_BUDGET_MS = 1800;

/** The geography auto-balance reads: the unit graph, centres, areas, islands, ZIP lookup and groupings. */
export type BalanceGeography = Pick<
  GeoIndex,
  | 'unitCount'
  | 'zipUnitCount'
  | 'adjacencyOffsets'
  | 'adjacency'
  | 'lon'
  | 'lat'
  | 'areaKm2'
  | 'island'
  | 'resolveZip'
  | 'grouping'
>;

/** Per-unit account count and value of a team on the map (PlanEngine.teamUnitColumns). */
export interface TeamUnitColumns {
  count: Float64Array;
  value: Float64Array;
}

/** Everything one auto-balance run is built from; all plain data. */
export interface BalanceSources {
  /** The plan's teams (territories, locked territories), maps, locked units and reps (home ZIPs). */
  plan: Pick<Plan, 'teams' | 'reps' | 'assignments' | 'lockedUnits'>;
  /** Index of the team to balance. */
  team: number;
  geo: BalanceGeography;
  settings: BalanceSettings;
  /** The team's accounts per unit; needed unless `wantsMapColumns` says no. */
  mapColumns: TeamUnitColumns | null;
  /** Loads after the ownership rules (PlanEngine.balanceLoads); null when not wanted or not resolved. */
  ownershipLoads: BalanceLoads | null;
}

/** A balance run: the balancer's input, how to map its answer back to units, the protected accounts. */
export interface PreparedBalance {
  input: BalanceInput;
  /** Per-unit columns (count, value) for the before/after comparison. */
  unitColumns: Float64Array[];
  /** Turns the balancer's assignment (of units or of counties/states) into unit -> territory. */
  toUnits: (assignment: Int32Array) => Int32Array;
  /** Accounts kept with their rep by an ownership rule (0 when protection is off). */
  protectedAccounts: number;
}

/** How many territories a run makes, or why these settings cannot run on a team with `existing` territories. */
export function balanceTerritoryCount(settings: BalanceSettings, existing: number): number | string {
  const k =
    settings.mode === 'rebalance'
      ? existing
      : settings.mode === 'grow'
        ? existing + Math.round(settings.newReps)
        : Math.round(settings.territories);
  if (settings.mode !== 'create' && existing < 2) return 'This needs at least two territories; create some first.';
  if (k < 2) return 'Choose at least 2 territories.';
  if (k > 500) return 'Choose at most 500 territories.';
  return k;
}

/** Whether a run reads the loads after the ownership rules (protected accounts, recent engagement). */
export function wantsOwnershipLoads(settings: BalanceSettings): boolean {
  return settings.mode !== 'create' && (settings.keepProtected || settings.avoidEngaged);
}

/** Whether a run balances the map's own per-unit totals (not only what the protected accounts leave). */
export function wantsMapColumns(settings: BalanceSettings, ownershipLoads: BalanceLoads | null): boolean {
  return !(ownershipLoads && settings.keepProtected);
}

/**
 * Builds the complete auto-balance input of one team: balanced columns (the map's totals, or what the
 * protected accounts leave movable, with their load as each territory's base), locked units and locked
 * territories (which neither lose nor gain units), engagement move costs, eligible units (ZIP areas), tolerance, k and the starting plan by
 * mode (rebalance, grow, create), home-ZIP seeds, and the collapse to counties or states. Pure: the app
 * and `tessera balance` both call it, so the same plan and settings give the same territories.
 * Returns a sentence for the planner when the settings cannot run.
 */
export function buildBalanceInput(sources: BalanceSources): PreparedBalance | string {
  const { plan, team, geo, settings: s, ownershipLoads: loads } = sources;
  const current = plan.assignments[team];
  const territories = plan.teams[team]?.territories ?? [];
  const k = balanceTerritoryCount(s, territories.length);
  if (typeof k === 'string') return k;
  const protect = loads !== null && s.keepProtected;
  const mapColumns = protect ? null : sources.mapColumns;
  if (!protect && !mapColumns) throw new Error('buildBalanceInput needs the map columns of the team');
  const count = mapColumns ? mapColumns.count : (loads as BalanceLoads).movableCount;
  const value = mapColumns ? mapColumns.value : (loads as BalanceLoads).movableValue;
  const eligible = new Uint8Array(geo.unitCount);
  for (let u = 0; u < geo.zipUnitCount; u++) eligible[u] = 1;
  const locked = Uint8Array.from(plan.lockedUnits[team] ?? new Uint8Array(geo.unitCount));
  const lockedTerritory = new Int32Array(geo.unitCount).fill(-1);
  if (s.mode === 'rebalance')
    for (let u = 0; u < geo.unitCount; u++)
      if (current[u] >= 0 && territories[current[u]]?.locked) {
        locked[u] = 1;
        lockedTerritory[u] = current[u];
      }
  let seeds: Int32Array | null = null;
  if (s.useHomeZips && s.mode === 'create') {
    const homes = plan.reps.map((r) => (r.homeZip ? geo.resolveZip(r.homeZip).unit : -1)).filter((u) => u >= 0);
    seeds = new Int32Array(k).fill(-1);
    seeds.set(homes.slice(0, k));
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
  if (loads && protect) {
    const base = new Float64Array(k * 2);
    loads.baseCount.forEach((c, t) => t < k && (base[t * 2] = c));
    loads.baseValue.forEach((v, t) => t < k && (base[t * 2 + 1] = v));
    baseLoad = base;
  }
  const unitInput: BalanceInput = {
    graph: graphApart(geo, lockedTerritory),
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
    timeBudgetMs: BALANCE_TIME_BUDGET_MS,
  };
  const protectedAccounts = loads && protect ? loads.protectedAccounts : 0;
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

/**
 * The unit graph without the borders of locked territories (edges between units whose locked territory
 * differs): their units are locked, and with no border no other unit can join them, so they never change.
 */
function graphApart(geo: UnitGraph, lockedTerritory: Int32Array): UnitGraph {
  const { unitCount, adjacencyOffsets: offsets, adjacency } = geo;
  if (lockedTerritory.every((t) => t < 0)) return { unitCount, adjacencyOffsets: offsets, adjacency };
  const kept: number[] = [];
  const keptOffsets = new Int32Array(unitCount + 1);
  for (let u = 0; u < unitCount; u++) {
    for (let p = offsets[u]; p < offsets[u + 1]; p++)
      if (lockedTerritory[adjacency[p]] === lockedTerritory[u]) kept.push(adjacency[p]);
    keptOffsets[u + 1] = kept.length;
  }
  return { unitCount, adjacencyOffsets: keptOffsets, adjacency: Int32Array.from(kept) };
}
