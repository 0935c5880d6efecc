import type { Plan, Rep } from '../domain/plan.ts';
import { ownershipWords } from '../engine/audit.ts';
import type { OwnershipResult } from '../engine/ownership.ts';
import { stringAt, type AccountTable } from './accountTable.ts';
import { toSafeCsv } from './csvExport.ts';

/** File layouts of the assignments export: Tessera's own, Salesforce Data Loader, HubSpot import. */
export const ASSIGNMENT_LAYOUTS = ['tessera', 'salesforce', 'hubspot'] as const;
export type AssignmentLayout = (typeof ASSIGNMENT_LAYOUTS)[number];

export const ASSIGNMENT_HEADERS: Record<AssignmentLayout, readonly string[]> = {
  tessera: ['Account Id', 'Account name', 'Territory', 'Team', 'Owner', 'Owner email', 'Reason', 'Explanation'],
  // Data Loader updates Account.OwnerId by record Id
  salesforce: ['Id', 'OwnerId'],
  // HubSpot's company import matches owners by their user email
  hubspot: ['Record ID', 'Company owner'],
};

/** The CSV and what it had to leave out (CRM layouts need an owner with a CRM key). */
export interface AssignmentsCsv {
  csv: string;
  /** Account rows written. */
  rows: number;
  /** Accounts left out because the plan gives them no rep (vacant territory or unroutable). */
  withoutOwner: number;
  /** Accounts left out because their rep has no CRM user Id (salesforce) or no email (hubspot). */
  withoutOwnerKey: number;
  /** Names of the reps whose missing CRM user Id or email left accounts out. */
  repsWithoutKey: string[];
  /** The same reps with how many of their accounts were left out, in plan order. */
  repsWithoutKeyAccounts: RepWithoutKey[];
}

/** A rep whose accounts a CRM layout has to leave out because the rep has no CRM user Id (or email). */
export interface RepWithoutKey {
  repId: string;
  name: string;
  accounts: number;
}

/** What a CRM layout needs of a rep: the CRM user Id for Salesforce, the email for HubSpot. */
export function ownerKeyOf(rep: Pick<Rep, 'email' | 'crmUserId'>, layout: AssignmentLayout): string {
  return (layout === 'salesforce' ? (rep.crmUserId ?? '') : rep.email).trim();
}

/**
 * Every account's planned owner as CSV in the given layout. The CRM layouts hold only accounts
 * whose planned owner is a rep with a CRM user Id (Salesforce) or an email (HubSpot); the rest are
 * counted so the caller can say why they are missing. Every cell is safe against formula injection.
 */
export function assignmentsCsv(
  result: OwnershipResult,
  table: Pick<AccountTable, 'count' | 'id' | 'name'>,
  plan: Pick<Plan, 'reps' | 'teams'>,
  layout: AssignmentLayout,
  /** false: only count what would be written and left out (a check before download); csv is then ''. */
  writeCsv = true,
): AssignmentsCsv {
  const rows: string[][] = [];
  let withoutOwner = 0;
  let withoutOwnerKey = 0;
  const leftOutOfRep = new Map<number, number>();
  let written = 0;
  for (let a = 0; a < table.count; a++) {
    const id = stringAt(table.id, a);
    if (layout === 'tessera') {
      const words = ownershipWords(result, plan, a);
      const email = words.owner >= 0 ? plan.reps[words.owner].email : '';
      rows.push([
        id,
        stringAt(table.name, a),
        words.territoryName,
        words.teamName,
        words.ownerName,
        email,
        words.reason,
        words.explanation,
      ]);
      continue;
    }
    const owner = result.ownerRep[a];
    const rep = owner >= 0 ? plan.reps[owner] : undefined;
    if (!rep) {
      withoutOwner++;
      continue;
    }
    const key = ownerKeyOf(rep, layout);
    if (!key) {
      withoutOwnerKey++;
      leftOutOfRep.set(owner, (leftOutOfRep.get(owner) ?? 0) + 1);
      continue;
    }
    if (writeCsv) rows.push([id, key]);
    else written++;
  }
  const repsWithoutKeyAccounts = [...leftOutOfRep]
    .sort(([x], [y]) => x - y)
    .map(([r, accounts]) => ({ repId: plan.reps[r].id, name: plan.reps[r].name, accounts }));
  return {
    csv: writeCsv ? toSafeCsv(ASSIGNMENT_HEADERS[layout], rows) : '',
    rows: rows.length + written,
    withoutOwner,
    withoutOwnerKey,
    repsWithoutKey: repsWithoutKeyAccounts.map((r) => r.name),
    repsWithoutKeyAccounts,
  };
}
