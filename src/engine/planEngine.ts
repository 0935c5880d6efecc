import {
  OWNERSHIP_REASONS,
  type NamedAccount,
  type OwnershipReason,
  type OwnershipSettings,
  type Rep,
  type Team,
  type TeamCondition,
} from '../domain/plan.ts';
import { PackedIdIndex } from './accountIdLookup.ts';
import { EngineError } from './engineErrors.ts';
import { balanceMetrics, type BalanceMetrics } from './metrics.ts';
import {
  accountHierarchy,
  REASON_CODE,
  dayNumber,
  resolveOwnership,
  territoryBookTotals,
  UNROUTABLE_WHY,
  type AccountHierarchy,
  type CodedColumn,
  type OwnershipResult,
} from './ownership.ts';
import { namedAssignment, ownershipTeams, type NamedAssignment } from './ownershipPlan.ts';
import { compareScenarios, type ScenarioComparison, type ScenarioSnapshot } from './scenarioCompare.ts';
import { territoryPieces, type UnitGraph } from './shape.ts';
import { planShapeSummary, territoryShapes, type PlanShapeSummary, type TerritoryShapes } from './shapeMeasures.ts';
import { assignTeams, type TeamFilterColumns } from './teams.ts';
import { buildUnitSums, TerritoryTally, type UnitSums } from './territoryTally.ts';

/** Geography the engine needs: the unit graph plus centroids and areas. */
export interface EngineGeography extends UnitGraph {
  lon: Float64Array;
  lat: Float64Array;
  areaKm2: Float64Array;
  /** Units reached only by a virtual edge (never a corridor); null = none. */
  island?: Uint8Array | null;
  /** Border lengths per unit (src/geo/unitBorderLengths.ts); without them reports carry no shape measures. */
  borders?: { sharedKm: Float64Array; outerKm: Float64Array } | null;
}

/** Shape measures of a plan's territories and their summary (src/engine/shapeMeasures.ts). */
export interface PlanShapes {
  territories: TerritoryShapes;
  summary: PlanShapeSummary;
}

/** Accounts as the engine sees them. */
export interface EngineAccounts extends TeamFilterColumns {
  unit: Int32Array;
  /** Extra numeric columns after count and value. */
  metrics: Float64Array[];
  columnNames: string[];
}

/** Totals and balance of one team, small enough to post every pointer move. */
export interface TeamTotals {
  team: number;
  territoryCount: number;
  columnNames: string[];
  /** (territoryCount + 1) x columns, territory-major; the last row is unassigned. */
  totals: Float64Array;
  count: BalanceMetrics;
  value: BalanceMetrics;
}

/** TeamTotals plus the shape measures and the stroke-end check. */
export interface TeamReport extends TeamTotals {
  pieces: Int32Array;
  /** Polsby-Popper, cut edges, reach and corridors per territory; null when the geography has no border lengths. */
  shapes: PlanShapes | null;
  /** The incremental totals equalled the full recompute (relative 1e-9). */
  verified: boolean;
  /** What each territory's rep owns after the ownership ladder, when the book view is on (same layout as totals). */
  book?: { totals: Float64Array; count: BalanceMetrics; value: BalanceMetrics };
}

/** A proposal's territory totals and the basis they are on (see PlanEngine.proposalTotals). */
export interface ProposalTotals {
  basis: 'map' | 'book';
  /** (territoryCount + 1) rows x columnCount: count, value, metrics; the last row is the remainder. */
  totals: Float64Array;
  columnCount: number;
}

/** Text packed into one string plus offsets (the import's StringColumn). */
export interface PackedText {
  text: string;
  offsets: Uint32Array;
}

/** The account columns the ownership ladder reads, sent once per data set. */
export interface EngineOwnershipColumns {
  ids: PackedText;
  parentIds: PackedText;
  ownerName: CodedColumn;
  ownerEmail: CodedColumn;
  ownerId: CodedColumn;
  openOpportunityOwner: CodedColumn;
  lastActivityBy: CodedColumn;
  lastActivityDay: Float64Array;
}

/** The parts of a plan that decide ownership beyond the map. */
export interface EngineOwnershipPlan {
  teams: Team[];
  reps: Rep[];
  namedAccounts: NamedAccount[];
  settings: OwnershipSettings;
}

/** What one resolution of the ladder found, for the settings panel. */
export interface OwnershipSummary {
  /** Accounts per reason, indexed like OWNERSHIP_REASONS. */
  reasonCounts: number[];
  /** Unroutable accounts per cause, indexed like UNROUTABLE_WHY. */
  unroutableCounts: number[];
  missingParents: number;
  parentCycles: number;
  /** Up to 5 Ids of accounts in parent cycles and with missing parents. */
  cycleExamples: string[];
  missingParentExamples: string[];
  /** Named-account overrides whose account is not in the data. */
  unknownNamedAccounts: string[];
  resolveMs: number;
}

/** Loads for auto-balance after the ownership rules (see PlanEngine.balanceLoads). */
export interface BalanceLoads {
  movableCount: Float64Array;
  movableValue: Float64Array;
  /** Per territory of the team: accounts and value its rep keeps by a protecting rule. */
  baseCount: Float64Array;
  baseValue: Float64Array;
  /** Per unit, 0..1: share of the team's accounts there engaged within the window. */
  moveCost: Float32Array;
  protectedAccounts: number;
}

/** One account's owner as the ladder decided it. */
export interface AccountOwnership {
  account: number;
  reason: OwnershipReason;
  ownerRep: number;
  team: number;
  territory: number;
  unroutableWhy: (typeof UNROUTABLE_WHY)[number];
}

/**
 * The balance engine for a plan: per-team unit sums, incremental territory totals while painting,
 * a full recompute at stroke end, metrics, contiguity and shape measures. Pure; the engine worker and
 * the CLI run it, and the worker's message contract is derived from its public methods.
 */
export class PlanEngine {
  private geography: EngineGeography | null = null;
  private accounts: EngineAccounts | null = null;
  private teamOfAccount: Int32Array | null = null;
  private unitSums: UnitSums[] = [];
  private tallies: (TerritoryTally | null)[] = [];
  private tolerance = 0.1;
  private ownershipColumnsLoaded: EngineOwnershipColumns | null = null;
  private idIndex: PackedIdIndex | null = null;
  private hierarchy: AccountHierarchy | null = null;
  private ownershipPlan: EngineOwnershipPlan | null = null;
  private resolved: OwnershipResult | null = null;
  private named: NamedAssignment | null = null;
  private bookView = false;

  setGeography(geography: EngineGeography): void {
    this.geography = geography;
  }

  /** Loads accounts; call setTeams afterwards. */
  loadAccounts(accounts: EngineAccounts): void {
    this.accounts = accounts;
    this.unitSums = [];
    this.tallies = [];
    this.ownershipColumnsLoaded = null;
    this.named = null;
    this.idIndex = null;
    this.hierarchy = null;
    this.resolved = null;
  }

  /** Loads the columns the ownership ladder reads (after loadAccounts). */
  loadOwnershipColumns(columns: EngineOwnershipColumns): void {
    this.ownershipColumnsLoaded = columns;
    this.named = null;
    this.idIndex = null;
    this.hierarchy = null;
    this.resolved = null;
  }

  /** Sets reps, named accounts and the ladder's settings, resolves every account and summarises. */
  setOwnershipPlan(plan: EngineOwnershipPlan): OwnershipSummary {
    this.ownershipPlan = plan;
    this.resolved = null;
    this.named = null;
    const started = performance.now();
    const result = this.ownership();
    const hierarchy = this.requireHierarchy();
    const columns = this.requireOwnershipColumns();
    const named =
      this.named ?? namedAssignment(plan.namedAccounts, plan.reps, this.requireIdIndex(), result.ownerRep.length);
    const unroutableCounts = UNROUTABLE_WHY.map(() => 0);
    for (let a = 0; a < result.unroutableWhy.length; a++)
      if (result.unroutableWhy[a]) unroutableCounts[result.unroutableWhy[a]]++;
    const idOf = (a: number) => columns.ids.text.slice(columns.ids.offsets[a], columns.ids.offsets[a + 1]);
    return {
      reasonCounts: result.reasonCounts,
      unroutableCounts,
      missingParents: hierarchy.missingParents.length,
      parentCycles: hierarchy.cycles.length,
      cycleExamples: hierarchy.cycles.slice(0, 5).map((c) => c.map(idOf).join(' > ')),
      missingParentExamples: hierarchy.missingParents.slice(0, 5).map(idOf),
      unknownNamedAccounts: named.unknownAccounts,
      resolveMs: performance.now() - started,
    };
  }

  /** Shows, in every report, what each territory's rep owns after the ladder. */
  setBookView(on: boolean): void {
    this.bookView = on;
  }

  /** Owner, reason and territory of some accounts (popups, search, tables). */
  ownershipOf(accounts: Int32Array): AccountOwnership[] {
    const result = this.ownership();
    return Array.from(accounts, (a) => ({
      account: a,
      reason: OWNERSHIP_REASONS[result.reason[a]],
      ownerRep: result.ownerRep[a],
      team: result.team[a],
      territory: result.territory[a],
      unroutableWhy: UNROUTABLE_WHY[result.unroutableWhy[a]],
    }));
  }

  /**
   * What auto-balance moves and what it must leave alone, per team: per-unit count and value of the
   * accounts the map decides, the load each territory keeps whatever the map does (accounts its rep
   * holds by a protecting rule: named, open opportunity, customer, recent engagement, parent), and
   * per unit the share of accounts engaged within the window (moving those is avoided).
   */
  balanceLoads(team: number): BalanceLoads {
    const accounts = this.requireAccounts();
    const geo = this.requireGeography();
    const plan = this.ownershipPlan;
    const teamPlan = plan?.teams[team];
    if (!plan || !teamPlan || !this.ownershipColumnsLoaded)
      throw new EngineError('NO_OWNERSHIP_PLAN', 'No ownership plan set');
    const result = this.ownership();
    const activityDay = this.ownershipColumnsLoaded.lastActivityDay;
    const recentFrom = dayNumber(plan.settings.asOf) - plan.settings.engagementWindowDays;
    const n = geo.unitCount;
    const k = teamPlan.territories.length;
    const repIndex = new Map(plan.reps.map((r, i) => [r.id, i]));
    const territoryOfRep = new Map<number, number>();
    teamPlan.territories.forEach((t, i) => {
      const r = t.repId === null ? -1 : (repIndex.get(t.repId) ?? -1);
      if (r >= 0 && !territoryOfRep.has(r)) territoryOfRep.set(r, i);
    });
    const movableCount = new Float64Array(n);
    const movableValue = new Float64Array(n);
    const baseCount = new Float64Array(k);
    const baseValue = new Float64Array(k);
    const engaged = new Float64Array(n);
    const teamAccounts = new Float64Array(n);
    const byMap = new Set([REASON_CODE.TERRITORY, REASON_CODE.UNROUTABLE, REASON_CODE.ROUND_ROBIN]);
    let protectedAccounts = 0;
    for (let a = 0; a < accounts.unit.length; a++) {
      if (result.team[a] !== team) continue;
      const u = accounts.unit[a];
      const v = accounts.value[a] === accounts.value[a] ? accounts.value[a] : 0;
      const keeper = byMap.has(result.reason[a]) ? undefined : territoryOfRep.get(result.ownerRep[a]);
      if (keeper !== undefined) {
        baseCount[keeper] += 1;
        baseValue[keeper] += v;
        protectedAccounts++;
      } else if (u >= 0) {
        movableCount[u] += 1;
        movableValue[u] += v;
      }
      if (u >= 0) {
        teamAccounts[u] += 1;
        if (activityDay[a] >= recentFrom) engaged[u] += 1;
      }
    }
    const moveCost = Float32Array.from(engaged, (e, u) => (teamAccounts[u] > 0 ? e / teamAccounts[u] : 0));
    return { movableCount, movableValue, baseCount, baseValue, moveCost, protectedAccounts };
  }

  /** Two scenarios of the loaded accounts side by side: balance per team and owner changes per rep. */
  compareScenarios(a: ScenarioSnapshot, b: ScenarioSnapshot): ScenarioComparison {
    const accounts = this.requireAccounts();
    const c = this.requireOwnershipColumns();
    return compareScenarios(
      {
        unit: accounts.unit,
        employees: accounts.employees,
        value: accounts.value,
        categories: accounts.categories,
        idIndex: this.requireIdIndex(),
        ownership: {
          parent: this.requireHierarchy().parent,
          ownerName: c.ownerName,
          ownerEmail: c.ownerEmail,
          ownerId: c.ownerId,
          openOpportunityOwner: c.openOpportunityOwner,
          lastActivityBy: c.lastActivityBy,
          lastActivityDay: c.lastActivityDay,
        },
      },
      a,
      b,
    );
  }

  /** The whole resolution (exports, audits). */
  ownershipColumns(): OwnershipResult {
    return this.ownership();
  }

  /** Account index of each account Id, -1 when absent. */
  accountIndexesOf(ids: string[]): Int32Array {
    const index = this.requireIdIndex();
    return Int32Array.from(ids, (id) => index.get(id) ?? -1);
  }

  private ownership(): OwnershipResult {
    if (this.resolved) return this.resolved;
    const accounts = this.requireAccounts();
    const columns = this.requireOwnershipColumns();
    const plan = this.ownershipPlan;
    if (!plan) throw new EngineError('NO_OWNERSHIP_PLAN', 'No ownership plan set');
    if (!this.teamOfAccount) throw new EngineError('NO_TEAMS', 'No teams set');
    const assignments = plan.teams.map((_, t) => this.tallies[t]?.assignment ?? new Int32Array(0));
    const idIndex = this.requireIdIndex();
    this.resolved = resolveOwnership(
      {
        count: accounts.unit.length,
        unit: accounts.unit,
        parent: this.requireHierarchy().parent,
        ownerName: columns.ownerName,
        ownerEmail: columns.ownerEmail,
        ownerId: columns.ownerId,
        openOpportunityOwner: columns.openOpportunityOwner,
        lastActivityBy: columns.lastActivityBy,
        accountType: accounts.categories.accountType,
        lastActivityDay: columns.lastActivityDay,
      },
      {
        reps: plan.reps,
        teams: ownershipTeams(plan.teams, plan.reps, assignments),
        teamOfAccount: this.teamOfAccount,
        namedRep: (this.named ??= namedAssignment(plan.namedAccounts, plan.reps, idIndex, accounts.unit.length))
          .namedRep,
        settings: plan.settings,
        asOfDay: dayNumber(plan.settings.asOf),
      },
    );
    return this.resolved;
  }

  private requireOwnershipColumns(): EngineOwnershipColumns {
    if (!this.ownershipColumnsLoaded) throw new EngineError('NO_OWNERSHIP_COLUMNS', 'No ownership columns loaded');
    return this.ownershipColumnsLoaded;
  }
  private requireIdIndex(): PackedIdIndex {
    const { text, offsets } = this.requireOwnershipColumns().ids;
    this.idIndex ??= new PackedIdIndex(text, offsets);
    return this.idIndex;
  }
  private requireHierarchy(): AccountHierarchy {
    if (this.hierarchy) return this.hierarchy;
    const { ids, parentIds } = this.requireOwnershipColumns();
    const count = ids.offsets.length - 1;
    this.hierarchy = accountHierarchy(
      count,
      (a) => ids.text.slice(ids.offsets[a], ids.offsets[a + 1]),
      (a) => parentIds.text.slice(parentIds.offsets[a], parentIds.offsets[a + 1]),
      this.requireIdIndex(),
    );
    return this.hierarchy;
  }

  /** Splits accounts into teams by their conditions and sums each team per unit. */
  setTeams(teams: TeamCondition[][], tolerance: number): number[] {
    const accounts = this.requireAccounts();
    const geo = this.requireGeography();
    this.tolerance = tolerance;
    this.teamOfAccount = assignTeams(accounts.unit.length, teams, accounts);
    this.resolved = null;
    const columns = [accounts.value, ...accounts.metrics];
    this.unitSums = teams.map((_, t) => {
      const include = Uint8Array.from(this.teamOfAccount as Int32Array, (x) => (x === t ? 1 : 0));
      return buildUnitSums(accounts.unit, columns, geo.unitCount, include);
    });
    this.tallies = teams.map(() => null);
    const sizes = teams.map(() => 0);
    for (const t of this.teamOfAccount) if (t >= 0) sizes[t]++;
    return sizes;
  }

  setTolerance(tolerance: number): void {
    this.tolerance = tolerance;
  }

  /** Per-unit account count and value of a team (what the auto-balancer balances). */
  teamUnitColumns(team: number): { count: Float64Array; value: Float64Array } {
    const sums = this.unitSums[team];
    if (!sums) throw new EngineError('NO_TEAM', `No team ${team}`);
    const count = new Float64Array(sums.unitCount);
    const value = new Float64Array(sums.unitCount);
    for (let u = 0; u < sums.unitCount; u++) {
      count[u] = sums.sums[u * sums.columnCount];
      value[u] = sums.sums[u * sums.columnCount + 1];
    }
    return { count, value };
  }

  /** Replaces a team's assignment (unit -> territory, -1 = unassigned) and returns its report. */
  setAssignment(team: number, assignment: Int32Array, territoryCount: number): TeamReport {
    const sums = this.unitSums[team];
    if (!sums) throw new EngineError('NO_TEAM', `No team ${team}`);
    this.tallies[team] = new TerritoryTally(sums, Int32Array.from(assignment), territoryCount);
    this.resolved = null;
    return this.report(team);
  }

  /** Moves units to a territory incrementally (one pointer move of a stroke). */
  applyMoves(team: number, units: Int32Array, territory: number): TeamTotals {
    const tally = this.requireTally(team);
    for (const u of units) tally.move(u, territory);
    this.resolved = null;
    return this.totals(team);
  }

  /** Moves each unit to its own territory (undo/redo of a stroke). */
  applyDiff(team: number, units: Int32Array, territories: Int32Array): TeamTotals {
    const tally = this.requireTally(team);
    for (let i = 0; i < units.length; i++) tally.move(units[i], territories[i]);
    this.resolved = null;
    return this.totals(team);
  }

  /** Ends a stroke: recomputes the totals from scratch, checks them against the incremental ones. */
  endStroke(team: number): TeamReport {
    return this.report(team);
  }

  /** Full report of a team: recomputed totals, metrics, pieces and shapes. */
  report(team: number): TeamReport {
    const tally = this.requireTally(team);
    const geo = this.requireGeography();
    const incremental = Float64Array.from(tally.totals);
    tally.recompute();
    let verified = true;
    for (let i = 0; i < incremental.length; i++) {
      const a = incremental[i];
      const b = tally.totals[i];
      if (Math.abs(a - b) > 1e-9 * Math.max(1, Math.abs(b))) verified = false;
    }
    return {
      ...this.totals(team),
      pieces: territoryPieces(geo, tally.assignment, tally.territoryCount),
      shapes: this.planShapes(tally.assignment, tally.territoryCount),
      verified,
      book: this.book(team),
    };
  }

  /** Shapes of any assignment (a team's map, a proposal); ~10 ms on all ZIP areas, so never per pointer move. */
  planShapes(assignment: Int32Array, territoryCount: number): PlanShapes | null {
    const geo = this.requireGeography();
    if (!geo.borders) return null;
    const territories = territoryShapes(
      { ...geo, sharedKm: geo.borders.sharedKm, outerKm: geo.borders.outerKm, island: geo.island ?? null },
      assignment,
      territoryCount,
    );
    return { territories, summary: planShapeSummary(territories) };
  }

  /**
   * Territory totals a proposed assignment of one team would give, on the basis the charts show: by the
   * map, or after the ownership rules when the book view is on. The same tally and ladder the charts use
   * after Apply, so a proposal's figures are the ones the charts will show (territories beyond the
   * team's are new and vacant). Layout as TeamTotals.totals.
   */
  proposalTotals(team: number, assignment: Int32Array, territoryCount: number): ProposalTotals {
    const sums = this.unitSums[team];
    if (!sums) throw new EngineError('NO_TEAMS', 'No teams set');
    const tally = new TerritoryTally(sums, Int32Array.from(assignment), territoryCount);
    const plan = this.ownershipPlan;
    if (!this.bookView || !plan?.teams[team] || !this.ownershipColumnsLoaded)
      return { basis: 'map', totals: Float64Array.from(tally.totals), columnCount: sums.columnCount };
    // the ladder on the proposed map: the team's tally and territories swapped in, then put back
    const saved = { tally: this.tallies[team], plan, resolved: this.resolved };
    try {
      this.tallies[team] = tally;
      const territories = plan.teams[team].territories;
      const vacant = Array.from({ length: Math.max(0, territoryCount - territories.length) }, (_, i) => ({
        id: `proposal-${i}`,
        name: '',
        colour: '',
        repId: null,
        vacantFrom: '',
        locked: false,
      }));
      this.ownershipPlan = {
        ...plan,
        teams: plan.teams.map((t, i) => (i === team ? { ...t, territories: [...territories, ...vacant] } : t)),
      };
      this.resolved = null;
      const book = this.book(team) as NonNullable<TeamReport['book']>;
      return { basis: 'book', totals: book.totals, columnCount: sums.columnCount };
    } finally {
      this.tallies[team] = saved.tally;
      this.ownershipPlan = saved.plan;
      this.resolved = saved.resolved;
    }
  }

  private book(team: number): TeamReport['book'] {
    if (!this.bookView || !this.ownershipPlan || !this.ownershipColumnsLoaded) return undefined;
    const accounts = this.requireAccounts();
    const plan = this.ownershipPlan;
    const teamPlan = plan.teams[team];
    if (!teamPlan) return undefined;
    const repIndex = new Map(plan.reps.map((r, i) => [r.id, i]));
    const territoryRep = Int32Array.from(teamPlan.territories, (t) =>
      t.repId === null ? -1 : (repIndex.get(t.repId) ?? -1),
    );
    const totals = territoryBookTotals(this.ownership(), team, territoryRep, [accounts.value, ...accounts.metrics]);
    const width = accounts.metrics.length + 2;
    const k = territoryRep.length;
    const column = (c: number) => Float64Array.from({ length: k }, (_, t) => totals[t * width + c]);
    return {
      totals,
      count: balanceMetrics(column(0), this.tolerance),
      value: balanceMetrics(column(1), this.tolerance),
    };
  }

  private totals(team: number): TeamTotals {
    const tally = this.requireTally(team);
    return {
      team,
      territoryCount: tally.territoryCount,
      columnNames: ['Accounts', ...(this.accounts?.columnNames ?? [])],
      totals: Float64Array.from(tally.totals),
      count: balanceMetrics(tally.column(0), this.tolerance),
      value: balanceMetrics(tally.column(1), this.tolerance),
    };
  }

  private requireAccounts(): EngineAccounts {
    if (!this.accounts) throw new EngineError('NO_ACCOUNTS', 'No accounts loaded');
    return this.accounts;
  }
  private requireGeography(): EngineGeography {
    if (!this.geography) throw new EngineError('NO_GEOGRAPHY', 'No geography loaded');
    return this.geography;
  }
  private requireTally(team: number): TerritoryTally {
    const tally = this.tallies[team];
    if (!tally) throw new EngineError('NO_ASSIGNMENT', `Team ${team} has no assignment yet`);
    return tally;
  }
}

/** The engine methods the worker exposes; its messages are derived from these signatures. */
export type EngineApi = Pick<
  PlanEngine,
  | 'setGeography'
  | 'loadAccounts'
  | 'setTeams'
  | 'setTolerance'
  | 'setAssignment'
  | 'applyMoves'
  | 'applyDiff'
  | 'endStroke'
  | 'report'
  | 'teamUnitColumns'
  | 'loadOwnershipColumns'
  | 'setOwnershipPlan'
  | 'proposalTotals'
  | 'setBookView'
  | 'ownershipOf'
  | 'ownershipColumns'
  | 'accountIndexesOf'
  | 'compareScenarios'
  | 'balanceLoads'
  | 'planShapes'
>;
