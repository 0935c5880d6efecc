import type { AccountIdLookup } from './accountIdLookup.ts';
import type { NamedAccount, OwnershipSettings, Rep, Team } from '../domain/plan.ts';
import { balanceMetrics, type BalanceMetrics } from './metrics.ts';
import { dayNumber, resolveOwnership, type OwnershipAccounts } from './ownership.ts';
import { namedAssignment, ownershipTeams } from './ownershipPlan.ts';
import { assignTeams, type TeamFilterColumns } from './teams.ts';

/** One scenario as the comparison reads it. */
export interface ScenarioSnapshot {
  teams: Team[];
  reps: Rep[];
  assignments: Int32Array[];
  namedAccounts: NamedAccount[];
  ownership: OwnershipSettings;
  tolerance: number;
}

/** Balance of one team in one scenario. */
export interface TeamBalance {
  name: string;
  territories: number;
  count: BalanceMetrics;
  value: BalanceMetrics;
}

/** Accounts and value that change owner for one rep between scenario A and B. */
export interface RepChange {
  repId: string;
  name: string;
  accountsA: number;
  accountsB: number;
  valueA: number;
  valueB: number;
  gainedAccounts: number;
  gainedValue: number;
  lostAccounts: number;
  lostValue: number;
}

/** Two scenarios side by side. */
export interface ScenarioComparison {
  teamsA: TeamBalance[];
  teamsB: TeamBalance[];
  /** Per rep (by id, reps of either scenario), sorted by the largest change first. */
  reps: RepChange[];
  accountsChangingOwner: number;
  valueChangingOwner: number;
}

/** The account columns a comparison needs (what the engine holds). */
export interface ComparedAccounts extends TeamFilterColumns {
  unit: Int32Array;
  ownership: Omit<OwnershipAccounts, 'count' | 'unit' | 'accountType'>;
  idIndex: AccountIdLookup;
}

function teamBalances(accounts: ComparedAccounts, s: ScenarioSnapshot, teamOf: Int32Array): TeamBalance[] {
  const n = accounts.unit.length;
  const sums = s.teams.map((t) => ({
    count: new Float64Array(t.territories.length),
    value: new Float64Array(t.territories.length),
  }));
  for (let a = 0; a < n; a++) {
    const t = teamOf[a];
    const u = accounts.unit[a];
    if (t < 0 || u < 0 || (s.teams[t].routing ?? 'territory') !== 'territory') continue;
    const k = s.assignments[t]?.[u] ?? -1;
    if (k < 0 || k >= sums[t].count.length) continue;
    sums[t].count[k] += 1;
    const v = accounts.value[a];
    if (v === v) sums[t].value[k] += v;
  }
  return s.teams.map((t, i) => ({
    name: t.name,
    territories: t.territories.length,
    count: balanceMetrics(sums[i].count, s.tolerance),
    value: balanceMetrics(sums[i].value, s.tolerance),
  }));
}

function owners(accounts: ComparedAccounts, s: ScenarioSnapshot, teamOf: Int32Array): Int32Array {
  const n = accounts.unit.length;
  return resolveOwnership(
    { ...accounts.ownership, count: n, unit: accounts.unit, accountType: accounts.categories.accountType },
    {
      reps: s.reps,
      teams: ownershipTeams(s.teams, s.reps, s.assignments),
      teamOfAccount: teamOf,
      namedRep: namedAssignment(s.namedAccounts, s.reps, accounts.idIndex, n).namedRep,
      settings: s.ownership,
      asOfDay: dayNumber(s.ownership.asOf),
    },
  ).ownerRep;
}

/**
 * Compares two scenarios of the same accounts: each team's balance in both, and per rep the
 * accounts and value that change owner after the ownership ladder (reps matched by id).
 */
export function compareScenarios(
  accounts: ComparedAccounts,
  a: ScenarioSnapshot,
  b: ScenarioSnapshot,
): ScenarioComparison {
  const n = accounts.unit.length;
  const teamOfA = assignTeams(
    n,
    a.teams.map((t) => t.conditions),
    accounts,
  );
  const teamOfB = assignTeams(
    n,
    b.teams.map((t) => t.conditions),
    accounts,
  );
  const ownerA = owners(accounts, a, teamOfA);
  const ownerB = owners(accounts, b, teamOfB);
  const ids: string[] = [];
  const names = new Map<string, string>();
  for (const r of [...a.reps, ...b.reps]) {
    if (names.has(r.id)) continue;
    names.set(r.id, r.name);
    ids.push(r.id);
  }
  const slot = new Map(ids.map((id, i) => [id, i]));
  const slotA = Int32Array.from(a.reps, (r) => slot.get(r.id) ?? -1);
  const slotB = Int32Array.from(b.reps, (r) => slot.get(r.id) ?? -1);
  const m = ids.length;
  const totals = {
    accountsA: new Float64Array(m),
    accountsB: new Float64Array(m),
    valueA: new Float64Array(m),
    valueB: new Float64Array(m),
    gainedAccounts: new Float64Array(m),
    gainedValue: new Float64Array(m),
    lostAccounts: new Float64Array(m),
    lostValue: new Float64Array(m),
  };
  let accountsChangingOwner = 0;
  let valueChangingOwner = 0;
  for (let i = 0; i < n; i++) {
    const ra = ownerA[i] >= 0 ? slotA[ownerA[i]] : -1;
    const rb = ownerB[i] >= 0 ? slotB[ownerB[i]] : -1;
    const v = accounts.value[i] === accounts.value[i] ? accounts.value[i] : 0;
    if (ra >= 0) {
      totals.accountsA[ra]++;
      totals.valueA[ra] += v;
    }
    if (rb >= 0) {
      totals.accountsB[rb]++;
      totals.valueB[rb] += v;
    }
    if (ra === rb) continue;
    accountsChangingOwner++;
    valueChangingOwner += v;
    if (ra >= 0) {
      totals.lostAccounts[ra]++;
      totals.lostValue[ra] += v;
    }
    if (rb >= 0) {
      totals.gainedAccounts[rb]++;
      totals.gainedValue[rb] += v;
    }
  }
  const reps: RepChange[] = ids.map((repId, i) => ({
    repId,
    name: names.get(repId) ?? repId,
    accountsA: totals.accountsA[i],
    accountsB: totals.accountsB[i],
    valueA: totals.valueA[i],
    valueB: totals.valueB[i],
    gainedAccounts: totals.gainedAccounts[i],
    gainedValue: totals.gainedValue[i],
    lostAccounts: totals.lostAccounts[i],
    lostValue: totals.lostValue[i],
  }));
  reps.sort((x, y) => y.gainedValue + y.lostValue - (x.gainedValue + x.lostValue));
  return {
    teamsA: teamBalances(accounts, a, teamOfA),
    teamsB: teamBalances(accounts, b, teamOfB),
    reps,
    accountsChangingOwner,
    valueChangingOwner,
  };
}
