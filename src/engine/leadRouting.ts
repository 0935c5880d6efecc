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
    ? accountHierarchy(n, idOf, (a) => parentIds.text.slice(parentIds.offsets[a], parentIds.offsets[a + 1]), index).parent // prettier-ignore
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
