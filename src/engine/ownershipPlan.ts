import type { AccountIdLookup } from './accountIdLookup.ts';
import type { NamedAccount, Rep, Team } from '../domain/plan.ts';
import type { OwnershipTeam } from './ownership.ts';

/** The ladder's view of a plan's teams: routing, each territory's rep index, each pool's rep indexes. */
export function ownershipTeams(
  teams: readonly Team[],
  reps: readonly Rep[],
  assignments: readonly Int32Array[],
): OwnershipTeam[] {
  const repIndex = new Map(reps.map((r, i) => [r.id, i]));
  return teams.map((team, t) => ({
    routing: team.routing ?? 'territory',
    assignment: assignments[t] ?? new Int32Array(0),
    territoryRep: Int32Array.from(team.territories, (territory) =>
      territory.repId === null ? -1 : (repIndex.get(territory.repId) ?? -1),
    ),
    poolReps: (team.poolRepIds ?? []).map((id) => repIndex.get(id) ?? -1).filter((r) => r >= 0),
  }));
}

/** Named-account overrides as account -> rep index, with the overrides that match no account or no rep. */
export interface NamedAssignment {
  namedRep: Int32Array;
  unknownAccounts: string[];
  unknownReps: string[];
}

/** Resolves named-account overrides against a data set; later entries for the same account win. */
export function namedAssignment(
  named: readonly NamedAccount[],
  reps: readonly Rep[],
  accountIndex: AccountIdLookup,
  accountCount: number,
): NamedAssignment {
  const repIndex = new Map(reps.map((r, i) => [r.id, i]));
  const namedRep = new Int32Array(accountCount).fill(-1);
  const unknownAccounts: string[] = [];
  const unknownReps: string[] = [];
  for (const entry of named) {
    const a = accountIndex.get(entry.accountId);
    const r = repIndex.get(entry.repId);
    if (a === undefined) unknownAccounts.push(entry.accountId);
    else if (r === undefined) unknownReps.push(entry.repId);
    else namedRep[a] = r;
  }
  return { namedRep, unknownAccounts, unknownReps };
}
