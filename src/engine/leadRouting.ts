import type { NamedAccount, OwnershipSettings, Rep, Team } from '../domain/plan.ts';
import {
  accountHierarchy,
  accountIdIndex,
  dayNumber,
  resolveOwnership,
  type CodedColumn,
  type OwnershipResult,
} from './ownership.ts';
import { namedAssignment, ownershipTeams } from './ownershipPlan.ts';
import { assignTeams, type TeamFilterColumns } from './teams.ts';

/** The columns of a table of accounts or leads the router reads (an AccountTable fits). */
export interface RoutableAccounts {
  count: number;
  id: { text: string; offsets: Uint32Array };
  /** Parent account Ids ('' = none); leads usually have none. */
  parentId?: { text: string; offsets: Uint32Array };
  unit: Int32Array;
  employees: Float64Array;
  value: Float64Array;
  lastActivityDay: Float64Array;
  categories: TeamFilterColumns['categories'] &
    Record<'ownerName' | 'ownerEmail' | 'ownerId' | 'openOpportunityOwner' | 'lastActivityBy', CodedColumn>;
}

/** The plan parts routing needs. */
export interface RoutingPlan {
  teams: Team[];
  reps: Rep[];
  assignments: Int32Array[];
  namedAccounts: NamedAccount[];
  ownership: OwnershipSettings;
}

/**
 * Routes a table of accounts or new leads through the plan: team by filter, the ownership ladder
 * with the plan's settings, children following their parents when the table has parent Ids. The
 * routing tester and the assignment audit use it; the engine worker does the same for the
 * working data set.
 */
export function routeAccounts(accounts: RoutableAccounts, plan: RoutingPlan): OwnershipResult {
  const n = accounts.count;
  const teamOfAccount = assignTeams(
    n,
    plan.teams.map((t) => t.conditions),
    accounts,
  );
  const idOf = (a: number) => accounts.id.text.slice(accounts.id.offsets[a], accounts.id.offsets[a + 1]);
  const index = accountIdIndex(n, idOf);
  const named = namedAssignment(plan.namedAccounts, plan.reps, index, n);
  const parentIds = accounts.parentId;
  const parent = parentIds
    ? accountHierarchy(n, idOf, (a) => parentIds.text.slice(parentIds.offsets[a], parentIds.offsets[a + 1]), index)
        .parent
    : new Int32Array(n).fill(-1);
  const c = accounts.categories;
  return resolveOwnership(
    {
      count: n,
      unit: accounts.unit,
      parent,
      ownerName: c.ownerName,
      ownerEmail: c.ownerEmail,
      ownerId: c.ownerId,
      openOpportunityOwner: c.openOpportunityOwner,
      lastActivityBy: c.lastActivityBy,
      accountType: c.accountType,
      lastActivityDay: accounts.lastActivityDay,
    },
    {
      reps: plan.reps,
      teams: ownershipTeams(plan.teams, plan.reps, plan.assignments),
      teamOfAccount,
      namedRep: named.namedRep,
      settings: plan.ownership,
      asOfDay: dayNumber(plan.ownership.asOf),
    },
  );
}

/** Text columns used to recognise a lead as an existing account. */
export interface MatchableAccounts {
  count: number;
  id: { text: string; offsets: Uint32Array };
  name: { text: string; offsets: Uint32Array };
  website?: { text: string; offsets: Uint32Array };
}

/** How a lead was recognised as an existing account. */
export type LeadMatch = { account: number; by: 'Id' | 'domain' | 'name' } | { account: -1; by: '' };

const textAt = (c: { text: string; offsets: Uint32Array }, i: number): string =>
  c.text.slice(c.offsets[i], c.offsets[i + 1]);

/** Lookup tables over the existing accounts by web domain and by lower-case name (first account wins). */
export function accountLookups(accounts: MatchableAccounts): {
  byDomain: Map<string, number>;
  byName: Map<string, number>;
} {
  const byDomain = new Map<string, number>();
  const byName = new Map<string, number>();
  for (let a = accounts.count - 1; a >= 0; a--) {
    const domain = accounts.website ? textAt(accounts.website, a) : '';
    if (domain) byDomain.set(domain, a);
    const name = textAt(accounts.name, a).trim().toLowerCase();
    if (name) byName.set(name, a);
  }
  return { byDomain, byName };
}

/**
 * Recognises leads as existing accounts: by account Id (idMatch[i] >= 0, found by the engine), else
 * by web domain, else by exact company name (case-insensitive).
 */
export function matchLeads(
  leads: MatchableAccounts,
  idMatch: Int32Array | null,
  lookups: ReturnType<typeof accountLookups>,
): LeadMatch[] {
  return Array.from({ length: leads.count }, (_, i): LeadMatch => {
    if (idMatch && idMatch[i] >= 0) return { account: idMatch[i], by: 'Id' };
    const domain = leads.website ? textAt(leads.website, i) : '';
    const byDomain = domain ? lookups.byDomain.get(domain) : undefined;
    if (byDomain !== undefined) return { account: byDomain, by: 'domain' };
    const byName = lookups.byName.get(textAt(leads.name, i).trim().toLowerCase());
    return byName === undefined ? { account: -1, by: '' } : { account: byName, by: 'name' };
  });
}
