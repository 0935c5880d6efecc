import type { Plan } from '../domain/plan.ts';
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
): AssignmentsCsv {
  const rows: string[][] = [];
  let withoutOwner = 0;
  let withoutOwnerKey = 0;
  const repsWithoutKey = new Set<number>();
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
    const key = (layout === 'salesforce' ? (rep.crmUserId ?? '') : rep.email).trim();
    if (!key) {
      withoutOwnerKey++;
      repsWithoutKey.add(owner);
      continue;
    }
    rows.push([id, key]);
  }
  return {
    csv: toSafeCsv(ASSIGNMENT_HEADERS[layout], rows),
    rows: rows.length,
    withoutOwner,
    withoutOwnerKey,
    repsWithoutKey: [...repsWithoutKey].sort((x, y) => x - y).map((r) => plan.reps[r].name),
  };
}
