import type { Plan, Territory } from '../domain/plan.ts';
import type { GeoIndex } from '../geo/geoIndex.ts';
import type { UnitBorderLengths } from '../geo/unitBorderLengths.ts';
import { projectedCentres } from '../geo/projection.ts';
import type { BalanceInput } from './balance.ts';
import { collapseBorders, collapseUnits, expandAssignment, lockedUnitsApart, type GraphBorders } from './collapse.ts';
import { seedNewTerritories } from './growth.ts';
import { immovableUnits } from './locks.ts';
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
  /**
   * Lowest Polsby-Popper a territory may end with (or its own at the start, when lower); 0 = no floor.
   * Needs the geography's border lengths.
   */
  compactFloor: number;
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
  compactFloor: 0.15,
});

/** How long one auto-balance run searches, in milliseconds. */
export const BALANCE_TIME_BUDGET_MS = 1800;

/**
 * The geography auto-balance reads: the unit graph, centres, areas, islands, ZIP lookup and groupings, and
 * the border lengths per unit that give territories' Polsby-Popper (without them there is no shape floor).
 */
export interface BalanceGeography extends Pick<
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
> {
  borderLengths?: UnitBorderLengths | null;
}

/** A GeoIndex with the border lengths the app and the CLI measure at start, as auto-balance reads it. */
export function balanceGeography(geo: GeoIndex, borderLengths: UnitBorderLengths | null): BalanceGeography {
  return {
    unitCount: geo.unitCount,
    zipUnitCount: geo.zipUnitCount,
    adjacencyOffsets: geo.adjacencyOffsets,
    adjacency: geo.adjacency,
    lon: geo.lon,
    lat: geo.lat,
    areaKm2: geo.areaKm2,
    island: geo.island,
    resolveZip: (zip) => geo.resolveZip(zip),
    grouping: (level) => geo.grouping(level),
    borderLengths,
  };
}

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
  /** Territories of the proposal (the plan's indices): the balanced ones and the locked ones it keeps. */
  territoryCount: number;
  /** Per-unit columns (count, value) for the before/after comparison. */
  unitColumns: Float64Array[];
  /** Load of protected accounts per territory of the proposal (territory-major, x2), or null. */
  protectedLoad: Float64Array | null;
  /** Turns the balancer's assignment (of units or of counties/states) into unit -> territory of the plan. */
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
 * Which territories of the plan a run balances, in the balancer's order (`realOf[i]` = plan index), and
 * how many territories the proposal has. Locked territories take no part in any mode: a rebalance or a
 * growth plan balances the unlocked ones (and the new ones), and creating K from nothing makes K minus
 * the locked ones on the rest of the map, each at the first index no locked territory holds.
 */
export function balancedTerritories(
  territories: readonly Pick<Territory, 'locked'>[],
  mode: BalanceSettings['mode'],
  k: number,
): { realOf: number[]; territoryCount: number } {
  const lockedAt = territories.flatMap((t, i) => (t.locked ? [i] : []));
  const realOf: number[] = [];
  if (mode === 'create') {
    for (let i = 0; realOf.length < k - lockedAt.length; i++) if (!territories[i]?.locked) realOf.push(i);
  } else {
    for (let i = 0; i < k; i++) if (!territories[i]?.locked) realOf.push(i);
  }
  const territoryCount = Math.max(k, ...realOf.map((i) => i + 1), ...lockedAt.map((i) => i + 1));
  return { realOf, territoryCount };
}

/**
 * Builds the complete auto-balance input of one team: balanced columns (the map's totals, or what the
 * protected accounts leave movable, with their load as each territory's base), locks, engagement move
 * costs, eligible units (ZIP areas), tolerance, k and the starting plan by mode (rebalance, grow,
 * create), home-ZIP seeds, and the collapse to counties or states. Pure: the app and `tessera balance`
 * both call it, so the same plan and settings give the same territories.
 * Locks hold in every mode: locked territories are left out of the problem (they neither lose nor gain
 * units, and their load does not set the mean the others are balanced to) and locked units keep their
 * territory. Returns a sentence for the planner when the settings cannot run.
 */
export function buildBalanceInput(sources: BalanceSources): PreparedBalance | string {
  const { plan, team, geo, settings: s, ownershipLoads: loads } = sources;
  const current = plan.assignments[team];
  const territories = plan.teams[team]?.territories ?? [];
  const k = balanceTerritoryCount(s, territories.length);
  if (typeof k === 'string') return k;
  const planLocks = plan.lockedUnits[team] ?? new Uint8Array(geo.unitCount);
  const balanced = balancedTerritories(territories, s.mode, k);
  const { realOf } = balanced;
  // a locked unit keeps its territory, whatever territories the run makes
  let territoryCount = balanced.territoryCount;
  for (let u = 0; u < planLocks.length; u++)
    if (planLocks[u]) territoryCount = Math.max(territoryCount, current[u] + 1);
  const kb = realOf.length;
  const lockedCount = territories.filter((t) => t.locked).length;
  if (kb < (s.mode === 'create' ? 1 : 2))
    return s.mode === 'create'
      ? `Choose more territories than the ${lockedCount} locked ones.`
      : 'This needs at least two unlocked territories; unlock one or create territories from nothing.';
  const balancedOf = new Int32Array(territoryCount).fill(-1);
  realOf.forEach((real, i) => (balancedOf[real] = i));
  const protect = loads !== null && s.keepProtected;
  const mapColumns = protect ? null : sources.mapColumns;
  if (!protect && !mapColumns) throw new Error('buildBalanceInput needs the map columns of the team');
  const unitCount = mapColumns ? mapColumns.count : (loads as BalanceLoads).movableCount;
  const unitValue = mapColumns ? mapColumns.value : (loads as BalanceLoads).movableValue;
  // units of locked territories take no part: unassigned, locked and weightless for the balancer
  const frozen = new Uint8Array(geo.unitCount);
  const lockedTerritory = new Int32Array(geo.unitCount).fill(-1);
  for (let u = 0; u < geo.unitCount; u++)
    if (current[u] >= 0 && territories[current[u]]?.locked) {
      frozen[u] = 1;
      lockedTerritory[u] = current[u];
    }
  const count = Float64Array.from(unitCount, (c, u) => (frozen[u] ? 0 : c));
  const value = Float64Array.from(unitValue, (v, u) => (frozen[u] ? 0 : v));
  const eligible = new Uint8Array(geo.unitCount);
  for (let u = 0; u < geo.zipUnitCount; u++) eligible[u] = frozen[u] ? 0 : 1;
  // a locked unit keeps its territory; units of locked territories are also out of the problem
  const locked = immovableUnits(territories, current, planLocks);
  // the team's plan in the balancer's territory indices
  const balancedCurrent = Int32Array.from(current, (t, u) => (t >= 0 && !frozen[u] ? balancedOf[t] : -1));
  let seeds: Int32Array | null = null;
  if (s.useHomeZips && s.mode === 'create') {
    const lockedReps = new Set(territories.filter((t) => t.locked && t.repId).map((t) => t.repId));
    const homes = plan.reps
      .filter((r) => !lockedReps.has(r.id))
      .map((r) => (r.homeZip ? geo.resolveZip(r.homeZip).unit : -1))
      .filter((u) => u >= 0 && !frozen[u]);
    seeds = new Int32Array(kb).fill(-1);
    seeds.set(homes.slice(0, kb));
  }
  const { x, y } = projectedCentres(geo.lon, geo.lat);
  const { graph, keptEdges } = graphApart(geo, lockedTerritory);
  const borders = geo.borderLengths ? bordersApart(geo, geo.borderLengths, keptEdges) : null;
  let initial: Int32Array | null = s.mode === 'create' ? null : balancedCurrent;
  if (s.mode === 'grow') {
    // new territories start at the edge of the heaviest ones, then the balancer grows them
    const existing = kb - (k - territories.length);
    const load = new Float64Array(existing);
    const totalCount = count.reduce((a, b) => a + b, 0) || 1;
    const totalValue = value.reduce((a, b) => a + b, 0) || 1;
    const w = s.countWeight / 100;
    for (let u = 0; u < balancedCurrent.length; u++)
      if (balancedCurrent[u] >= 0)
        load[balancedCurrent[u]] += (w * count[u]) / totalCount + ((1 - w) * value[u]) / totalValue;
    initial = seedNewTerritories(
      graph,
      x,
      y,
      balancedCurrent,
      load,
      existing,
      kb - existing,
      locked,
      geo.island,
      count,
    );
  }
  let baseLoad: Float64Array | null = null;
  let protectedLoad: Float64Array | null = null;
  if (loads && protect) {
    const byTerritory = new Float64Array(territoryCount * 2);
    loads.baseCount.forEach((c, t) => t < territoryCount && (byTerritory[t * 2] = c));
    loads.baseValue.forEach((v, t) => t < territoryCount && (byTerritory[t * 2 + 1] = v));
    baseLoad = new Float64Array(kb * 2);
    for (let i = 0; i < kb; i++) baseLoad.set(byTerritory.subarray(realOf[i] * 2, realOf[i] * 2 + 2), i * 2);
    protectedLoad = byTerritory;
  }
  const unitInput: BalanceInput = {
    graph,
    x,
    y,
    area: geo.areaKm2,
    baseLoad,
    moveCost: loads && s.avoidEngaged ? loads.moveCost : null,
    columns: [count, value],
    columnWeights: [s.countWeight / 100, 1 - s.countWeight / 100],
    territoryCount: kb,
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
    borders,
    polsbyPopperFloor: borders ? Math.max(0, s.compactFloor) : 0,
    seed: Math.round(s.seed),
    timeBudgetMs: BALANCE_TIME_BUDGET_MS,
  };
  const protectedAccounts = loads && protect ? loads.protectedAccounts : 0;
  const unitColumns = [unitCount, unitValue];
  // back to the plan's indices; locked units and units of locked territories keep their territory
  const toPlan = (balanced: Int32Array): Int32Array =>
    Int32Array.from(balanced, (t, u) => (locked[u] ? current[u] : t >= 0 ? realOf[t] : -1));
  const prepared = { territoryCount, unitColumns, protectedLoad, protectedAccounts };
  if (s.level === 'zip5') return { ...prepared, input: unitInput, toUnits: toPlan };
  // whole counties or states: balance their groups, then every ZIP area follows its group
  const grouping = geo.grouping(s.level).groupOfUnit;
  const groupOfUnit = lockedUnitsApart(
    Int32Array.from(grouping, (g, u) => (frozen[u] ? -1 : g)),
    locked,
  );
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
    ...prepared,
    input: {
      ...unitInput,
      ...collapsed,
      moveCost,
      seeds: groupSeeds,
      borders: borders ? collapseBorders(graph, borders, groupOfUnit, collapsed.graph) : null,
    },
    toUnits: (a) => toPlan(expandAssignment(a, groupOfUnit, unitsInitial, locked)),
  };
}

/**
 * The unit graph without the borders of locked territories (edges between units whose locked territory
 * differs): their units are locked, and with no border no other unit can join them, so they never change.
 * `keptEdges[i]` is the position in `geo.adjacency` of the graph's edge i (null: the graph is geo's own).
 */
function graphApart(geo: UnitGraph, lockedTerritory: Int32Array): { graph: UnitGraph; keptEdges: Int32Array | null } {
  const { unitCount, adjacencyOffsets: offsets, adjacency } = geo;
  if (lockedTerritory.every((t) => t < 0))
    return { graph: { unitCount, adjacencyOffsets: offsets, adjacency }, keptEdges: null };
  const kept: number[] = [];
  const keptEdges: number[] = [];
  const keptOffsets = new Int32Array(unitCount + 1);
  for (let u = 0; u < unitCount; u++) {
    for (let p = offsets[u]; p < offsets[u + 1]; p++)
      if (lockedTerritory[adjacency[p]] === lockedTerritory[u]) {
        kept.push(adjacency[p]);
        keptEdges.push(p);
      }
    keptOffsets[u + 1] = kept.length;
  }
  return {
    graph: { unitCount, adjacencyOffsets: keptOffsets, adjacency: Int32Array.from(kept) },
    keptEdges: Int32Array.from(keptEdges),
  };
}

/**
 * Border lengths aligned with graphApart's graph: a border it dropped (with a locked territory) can never
 * be crossed, so it counts as outline of its own, as a coast does.
 */
function bordersApart(geo: UnitGraph, lengths: UnitBorderLengths, keptEdges: Int32Array | null): GraphBorders {
  if (!keptEdges) return { sharedKm: lengths.sharedKm, outerKm: lengths.outerKm };
  const outerKm = Float64Array.from(lengths.outerKm);
  const sharedKm = new Float64Array(keptEdges.length);
  let next = 0;
  for (let u = 0; u < geo.unitCount; u++)
    for (let p = geo.adjacencyOffsets[u]; p < geo.adjacencyOffsets[u + 1]; p++) {
      if (next < keptEdges.length && keptEdges[next] === p) sharedKm[next++] = lengths.sharedKm[p];
      else outerKm[u] += lengths.sharedKm[p];
    }
  return { sharedKm, outerKm };
}

/**
 * The balancer input of a growth cut: territory `index`'s own units split into `parts`, under the same lock
 * rule as every other path (a locked territory is not cut; its locked units take no part and stay with the
 * rep). Returns a sentence when the territory cannot be cut.
 */
export function buildGrowthCutInput(sources: {
  plan: Pick<Plan, 'teams' | 'assignments' | 'lockedUnits'>;
  team: number;
  index: number;
  parts: number;
  geo: BalanceGeography;
  columns: TeamUnitColumns;
  tolerance: number;
}): { input: BalanceInput; units: number[] } | string {
  const { plan, team, index, parts, geo } = sources;
  const territories = plan.teams[team]?.territories ?? [];
  const territory = territories[index];
  if (!territory) return 'No such territory.';
  if (territory.locked) return `${territory.name} is locked; unlock it to plan a growth cut.`;
  const assignment = plan.assignments[team];
  const immovable = immovableUnits(territories, assignment, plan.lockedUnits[team]);
  const eligible = new Uint8Array(geo.unitCount);
  const units: number[] = [];
  for (let u = 0; u < assignment.length; u++)
    if (assignment[u] === index) {
      units.push(u);
      if (!immovable[u]) eligible[u] = 1;
    }
  let movable = 0;
  for (const u of units) movable += eligible[u];
  if (movable < parts) {
    const locked = units.length - movable;
    return `${territory.name} has too few ZIP areas to split in ${parts}${locked ? ` (${locked} of them are locked)` : ''}.`;
  }
  const centres = projectedCentres(geo.lon, geo.lat);
  return {
    units,
    input: {
      graph: { unitCount: geo.unitCount, adjacencyOffsets: geo.adjacencyOffsets, adjacency: geo.adjacency },
      x: centres.x,
      y: centres.y,
      area: geo.areaKm2,
      columns: [sources.columns.count, sources.columns.value],
      columnWeights: [0.5, 0.5],
      territoryCount: parts,
      eligible,
      initial: null,
      locked: immovable,
      tolerance: sources.tolerance,
      contiguity: true,
      compactnessWeight: 0.2,
      disruptionBudget: null,
      island: geo.island,
      seeds: null,
      seed: 1,
      timeBudgetMs: 800,
    },
  };
}
