import { AUDIT_CSV_HEADER, auditAssignments, auditRows, type AssignmentAudit } from '../engine/audit.ts';
import { auditAccountsOf } from '../io/engineInput.ts';
import { routeAccounts } from '../engine/leadRouting.ts';
import { UNROUTABLE_WHY, UNROUTABLE_WHY_LABELS, type OwnershipResult } from '../engine/ownership.ts';
import { stringAt, type ImportReport } from '../io/accountTable.ts';
import { toSafeCsv } from '../io/csvExport.ts';
import { usePlan } from '../store/planStore.ts';
import { ImportClient, type RunningImport } from '../worker/importClient.ts';
import type { ImportProgress } from '../worker/importProtocol.ts';

/** A finished audit: the comparison, what the import skipped, and the CSV rows on demand. */
export interface AuditOutcome {
  fileName: string;
  audit: AssignmentAudit;
  report: ImportReport;
  /** The file had no owner column, so every account counts as a change. */
  ownerColumnMissing: boolean;
  /** The first unroutable accounts with why. */
  unroutableExamples: { id: string; name: string; why: string }[];
  csv: (changesOnly: boolean) => string;
}

let client: ImportClient | null = null;
let running: RunningImport | null = null;

/**
 * Audits a fresh CRM export against the plan: the file is read in the import worker (nothing in the
 * workspace changes), every account is routed through the plan and its current owner compared.
 */
export async function auditFile(file: File, onProgress: (p: ImportProgress) => void): Promise<AuditOutcome> {
  client ??= new ImportClient(new URL(`${import.meta.env.BASE_URL}geo/units.json`, window.location.href).href);
  const sniffed = await client.sniff(file);
  const mapping = sniffed.proposed;
  running = client.run(file, sniffed, mapping, sniffed.source, onProgress, false);
  const { table, report } = await running.result.finally(() => (running = null));
  const plan = usePlan.getState();
  const result: OwnershipResult = routeAccounts(table, plan);
  const accounts = auditAccountsOf(table);
  const audit = auditAssignments(accounts, result, plan);
  const f = mapping.fields;
  return {
    fileName: file.name,
    audit,
    report,
    ownerColumnMissing: f.ownerName === undefined && f.ownerEmail === undefined && f.ownerId === undefined,
    unroutableExamples: Array.from(audit.unroutable.slice(0, 25), (a) => ({
      id: stringAt(table.id, a),
      name: stringAt(table.name, a),
      why: UNROUTABLE_WHY_LABELS[UNROUTABLE_WHY[result.unroutableWhy[a]]],
    })),
    csv: (changesOnly) => toSafeCsv(AUDIT_CSV_HEADER, auditRows(audit, accounts, result, plan, { changesOnly })),
  };
}

/** Stops a running audit import. */
export function cancelAudit(): void {
  running?.cancel();
  running = null;
}
