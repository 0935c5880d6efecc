import { OWNERSHIP_REASONS, type OwnershipReason, type Rep } from '../domain/plan.ts';
import {
  ownershipExplanation,
  REASON_CODE,
  repOfLabels,
  UNROUTABLE_WHY,
  type CodedColumn,
  type OwnershipResult,
} from './ownership.ts';

/** How an account's planned owner compares with its owner in the CRM today. */
export const AUDIT_STATUSES = ['unchanged', 'new-owner', 'to-vacant', 'unroutable'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

export const AUDIT_STATUS_LABELS: Record<AuditStatus, string> = {
  unchanged: 'Keeps owner',
  'new-owner': 'New owner',
  'to-vacant': 'To vacant territory',
  unroutable: 'Unroutable',
};

/** The audit file's own accounts: who owns each one in the CRM today, and its value. */
export interface AuditAccounts {
  count: number;
  idOf: (a: number) => string;
  nameOf: (a: number) => string;
  ownerName: CodedColumn;
  ownerEmail: CodedColumn;
  ownerId: CodedColumn;
  /** Account value, NaN = missing (counts as 0). */
  value: Float64Array;
}

/** What the audit needs of the plan: reps to match current owners against, and names for the words. */
export interface AuditPlan {
  reps: readonly Pick<Rep, 'name' | 'email' | 'crmUserId'>[];
  teams: readonly { name: string; territories: readonly { name: string }[] }[];
}

/** Accounts and value per status, indexed like AUDIT_STATUSES. */
export interface AuditTally {
  accounts: number[];
  value: number[];
}

/** One line of the territory summary: a territory of a team, a team's accounts outside its territories, or no team. */
export interface AuditGroup {
  /** Team index, -1 for accounts no team filter takes. */
  team: number;
  /** Territory index in the team, -1 for the team's accounts that sit in none of its territories. */
  territory: number;
  teamName: string;
  territoryName: string;
  tally: AuditTally;
}

/** The result of comparing today's owners with the plan's. */
export interface AssignmentAudit {
  /** Index into AUDIT_STATUSES per account. */
  status: Uint8Array;
  /** Rep index of the current owner, -1 when blank or not a rep of the plan. */
  currentRep: Int32Array;
  total: AuditTally;
  /** Territories in team order, each team's "no territory" line after its territories, "no team" last; empty lines left out. */
  byTerritory: AuditGroup[];
  /** Indexed like OWNERSHIP_REASONS. */
  byReason: AuditTally[];
  /** Indexes of the accounts no rule could route. */
  unroutable: Int32Array;
}

/** One account's planned ownership in words, as audits and assignment exports write it. */
export interface OwnershipWords {
  reason: OwnershipReason;
  /** Planned owner's rep index, -1 for none. */
  owner: number;
  /** Rep name, "Vacant" for a vacant territory, '' when unroutable. */
  ownerName: string;
  teamName: string;
  territoryName: string;
  explanation: string;
}

export const NO_TERRITORY = '(no territory)';
export const NO_TEAM = '(no team)';
export const VACANT_OWNER = 'Vacant';

const STATUS = {
  unchanged: AUDIT_STATUSES.indexOf('unchanged'),
  newOwner: AUDIT_STATUSES.indexOf('new-owner'),
  toVacant: AUDIT_STATUSES.indexOf('to-vacant'),
  unroutable: AUDIT_STATUSES.indexOf('unroutable'),
};

const emptyTally = (): AuditTally => ({ accounts: AUDIT_STATUSES.map(() => 0), value: AUDIT_STATUSES.map(() => 0) });

/** Accounts and value of a tally over every status, or over the given ones. */
export function tallyTotal(
  tally: AuditTally,
  statuses: readonly AuditStatus[] = AUDIT_STATUSES,
): { accounts: number; value: number } {
  let accounts = 0;
  let value = 0;
  for (const s of statuses) {
    const i = AUDIT_STATUSES.indexOf(s);
    accounts += tally.accounts[i];
    value += tally.value[i];
  }
  return { accounts, value };
}

/** Team, territory, owner and the plain-words reason of one account's planned ownership. */
export function ownershipWords(result: OwnershipResult, plan: AuditPlan, a: number): OwnershipWords {
  const reason = OWNERSHIP_REASONS[result.reason[a]];
  const owner = result.ownerRep[a];
  const team = plan.teams[result.team[a]];
  const territory = team?.territories[result.territory[a]];
  const vacant = owner < 0 && reason === 'TERRITORY';
  const ownerName = owner >= 0 ? (plan.reps[owner]?.name ?? '') : vacant ? VACANT_OWNER : '';
  const territoryName = territory?.name ?? '';
  return {
    reason,
    owner,
    ownerName,
    teamName: team?.name ?? '',
    territoryName,
    explanation: ownershipExplanation(
      reason,
      owner >= 0 ? ownerName : '',
      territoryName,
      UNROUTABLE_WHY[result.unroutableWhy[a]],
    ),
  };
}

/**
 * Compares every account's current owner (matched to a plan rep by CRM user Id, email or name,
 * case-insensitive, as the ownership ladder matches them) with the owner the plan gives it, and
 * sums the differences by territory and by reason. A planned owner that is a vacant territory is
 * a change to vacant; an unroutable account is reported on its own whoever owns it today.
 */
export function auditAssignments(accounts: AuditAccounts, result: OwnershipResult, plan: AuditPlan): AssignmentAudit {
  const n = accounts.count;
  const byId = repOfLabels(accounts.ownerId.labels, plan.reps);
  const byEmail = repOfLabels(accounts.ownerEmail.labels, plan.reps);
  const byName = repOfLabels(accounts.ownerName.labels, plan.reps);
  const lookup = (column: CodedColumn, table: Int32Array, a: number): number => {
    const code = column.codes[a];
    return code >= 0 ? table[code] : -1;
  };

  const status = new Uint8Array(n);
  const currentRep = new Int32Array(n).fill(-1);
  const statusCount = AUDIT_STATUSES.length;
  // one line per territory plus a "no territory" line per team, then one for "no team"
  const teamBase = new Int32Array(plan.teams.length + 1);
  for (let t = 0; t < plan.teams.length; t++) teamBase[t + 1] = teamBase[t] + plan.teams[t].territories.length + 1;
  const noTeam = teamBase[plan.teams.length];
  const groupAccounts = new Float64Array((noTeam + 1) * statusCount);
  const groupValue = new Float64Array((noTeam + 1) * statusCount);
  const reasonAccounts = new Float64Array(OWNERSHIP_REASONS.length * statusCount);
  const reasonValue = new Float64Array(OWNERSHIP_REASONS.length * statusCount);
  const unroutable: number[] = [];

  for (let a = 0; a < n; a++) {
    let current = lookup(accounts.ownerId, byId, a);
    if (current < 0) current = lookup(accounts.ownerEmail, byEmail, a);
    if (current < 0) current = lookup(accounts.ownerName, byName, a);
    currentRep[a] = current;
    const reason = result.reason[a];
    const planned = result.ownerRep[a];
    let s: number;
    if (reason === REASON_CODE.UNROUTABLE) {
      s = STATUS.unroutable;
      unroutable.push(a);
    } else if (planned < 0) s = STATUS.toVacant;
    else s = planned === current ? STATUS.unchanged : STATUS.newOwner;
    status[a] = s;

    const v = accounts.value[a];
    const value = v === v ? v : 0;
    const team = result.team[a];
    const territory = result.territory[a];
    const group =
      team < 0 || team >= plan.teams.length
        ? noTeam
        : teamBase[team] + (territory >= 0 ? territory : plan.teams[team].territories.length);
    groupAccounts[group * statusCount + s]++;
    groupValue[group * statusCount + s] += value;
    reasonAccounts[reason * statusCount + s]++;
    reasonValue[reason * statusCount + s] += value;
  }

  const tallyAt = (accountsBy: Float64Array, valueBy: Float64Array, row: number): AuditTally => ({
    accounts: Array.from(accountsBy.subarray(row * statusCount, (row + 1) * statusCount)),
    value: Array.from(valueBy.subarray(row * statusCount, (row + 1) * statusCount)),
  });
  const byReason = OWNERSHIP_REASONS.map((_, r) => tallyAt(reasonAccounts, reasonValue, r));
  const total = emptyTally();
  for (const tally of byReason)
    for (let s = 0; s < statusCount; s++) {
      total.accounts[s] += tally.accounts[s];
      total.value[s] += tally.value[s];
    }

  const byTerritory: AuditGroup[] = [];
  const push = (team: number, territory: number, tally: AuditTally): void => {
    if (tallyTotal(tally).accounts === 0) return;
    const teamName = team >= 0 ? plan.teams[team].name : NO_TEAM;
    const territoryName = team >= 0 && territory >= 0 ? plan.teams[team].territories[territory].name : NO_TERRITORY;
    byTerritory.push({ team, territory, teamName, territoryName, tally });
  };
  plan.teams.forEach((team, t) => {
    for (let k = 0; k <= team.territories.length; k++)
      push(t, k < team.territories.length ? k : -1, tallyAt(groupAccounts, groupValue, teamBase[t] + k));
  });
  push(-1, -1, tallyAt(groupAccounts, groupValue, noTeam));

  return { status, currentRep, total, byTerritory, byReason, unroutable: Int32Array.from(unroutable) };
}

/** Columns of the audit CSV. */
export const AUDIT_CSV_HEADER = [
  'Account Id',
  'Account name',
  'Current owner',
  'Planned owner',
  'Territory',
  'Team',
  'Reason',
  'Explanation',
  'Change',
] as const;

/**
 * Rows of the audit CSV in account order (all accounts, or only those whose owner changes or that
 * cannot be routed); the current owner is written as the file has it (name, else email, else Id).
 */
export function auditRows(
  audit: AssignmentAudit,
  accounts: AuditAccounts,
  result: OwnershipResult,
  plan: AuditPlan,
  options: { changesOnly?: boolean } = {},
): string[][] {
  const label = (column: CodedColumn, a: number): string =>
    column.codes[a] >= 0 ? column.labels[column.codes[a]] : '';
  const rows: string[][] = [];
  for (let a = 0; a < accounts.count; a++) {
    if (options.changesOnly && audit.status[a] === STATUS.unchanged) continue;
    const words = ownershipWords(result, plan, a);
    const current = label(accounts.ownerName, a) || label(accounts.ownerEmail, a) || label(accounts.ownerId, a);
    rows.push([
      accounts.idOf(a),
      accounts.nameOf(a),
      current,
      words.ownerName,
      words.territoryName,
      words.teamName,
      words.reason,
      words.explanation,
      AUDIT_STATUS_LABELS[AUDIT_STATUSES[audit.status[a]]],
    ]);
  }
  return rows;
}
