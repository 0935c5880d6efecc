import type { TeamCondition } from '../domain/plan.ts';
import { balanceMetrics, type BalanceMetrics } from './metrics.ts';
import { territoryCompactness, territoryPieces, type UnitGraph } from './shape.ts';
import { assignTeams, type TeamFilterColumns } from './teams.ts';
import { buildUnitSums, TerritoryTally, type UnitSums } from './territoryTally.ts';

/** Geography the engine needs: the unit graph plus centroids and areas. */
export interface EngineGeography extends UnitGraph {
  lon: Float64Array;
  lat: Float64Array;
  areaKm2: Float64Array;
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
  compactness: Float64Array;
  /** The incremental totals equalled the full recompute (relative 1e-9). */
  verified: boolean;
}

/**
 * The balance engine for a plan: per-team unit sums, incremental territory totals while painting,
 * a full recompute at stroke end, metrics, contiguity and compactness. Pure; the engine worker and
 * the CLI run it, and the worker's message contract is derived from its public methods.
 */
export class PlanEngine {
  private geography: EngineGeography | null = null;
  private accounts: EngineAccounts | null = null;
  private teamOfAccount: Int32Array | null = null;
  private unitSums: UnitSums[] = [];
  private tallies: (TerritoryTally | null)[] = [];
  private tolerance = 0.1;

  setGeography(geography: EngineGeography): void {
    this.geography = geography;
  }

  /** Loads accounts; call setTeams afterwards. */
  loadAccounts(accounts: EngineAccounts): void {
    this.accounts = accounts;
    this.unitSums = [];
    this.tallies = [];
  }

  /** Splits accounts into teams by their conditions and sums each team per unit. */
  setTeams(teams: TeamCondition[][], tolerance: number): number[] {
    const accounts = this.requireAccounts();
    const geo = this.requireGeography();
    this.tolerance = tolerance;
    this.teamOfAccount = assignTeams(accounts.unit.length, teams, accounts);
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
    if (!sums) throw new Error(`No team ${team}`);
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
    if (!sums) throw new Error(`No team ${team}`);
    this.tallies[team] = new TerritoryTally(sums, Int32Array.from(assignment), territoryCount);
    return this.report(team);
  }

  /** Moves units to a territory incrementally (one pointer move of a stroke). */
  applyMoves(team: number, units: Int32Array, territory: number): TeamTotals {
    const tally = this.requireTally(team);
    for (const u of units) tally.move(u, territory);
    return this.totals(team);
  }

  /** Moves each unit to its own territory (undo/redo of a stroke). */
  applyDiff(team: number, units: Int32Array, territories: Int32Array): TeamTotals {
    const tally = this.requireTally(team);
    for (let i = 0; i < units.length; i++) tally.move(units[i], territories[i]);
    return this.totals(team);
  }

  /** Ends a stroke: recomputes the totals from scratch, checks them against the incremental ones. */
  endStroke(team: number): TeamReport {
    return this.report(team);
  }

  /** Full report of a team: recomputed totals, metrics, pieces and compactness. */
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
      compactness: territoryCompactness(geo.lon, geo.lat, geo.areaKm2, tally.assignment, tally.territoryCount, geo.unitCount), // prettier-ignore
      verified,
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
    if (!this.accounts) throw new Error('No accounts loaded');
    return this.accounts;
  }
  private requireGeography(): EngineGeography {
    if (!this.geography) throw new Error('No geography loaded');
    return this.geography;
  }
  private requireTally(team: number): TerritoryTally {
    const tally = this.tallies[team];
    if (!tally) throw new Error(`Team ${team} has no assignment yet`);
    return tally;
  }
}

/** The engine methods the worker exposes; its messages are derived from these signatures. */
export type EngineApi = Pick<
  PlanEngine,
  'setGeography' | 'loadAccounts' | 'setTeams' | 'setTolerance' | 'setAssignment' | 'applyMoves' | 'applyDiff' | 'endStroke' | 'report' | 'teamUnitColumns' // prettier-ignore
>;
