import Papa from 'papaparse';
import type { AccountOwnership } from '../engine/planEngine.ts';
import { accountLookups, matchLeads, routeAccounts } from '../engine/leadRouting.ts';
import { OWNERSHIP_REASONS } from '../domain/plan.ts';
import { UNROUTABLE_WHY } from '../engine/ownership.ts';
import { whyNoTeam } from '../engine/routingWhy.ts';
import { stringAt, ROW_PROBLEM_LABELS, type AccountTable } from '../io/accountTable.ts';
import { proposeColumnMapping } from '../io/columnMapping.ts';
import { importAccountsFromBytes } from '../io/importAccounts.ts';
import { ImportFileError, sniffCsv } from '../io/sniff.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { ownershipOfAccounts } from './ownership.ts';
import { engineCall } from './engineLink.ts';

/** One routed lead: what was pasted, the existing account it matched, and the plan's answer. */
export interface RoutedLead {
  line: number;
  company: string;
  /** Existing account it matched (by Id, else by exact name), -1 for a new lead. */
  matchedAccount: number;
  matchedBy: 'Id' | 'domain' | 'name' | '';
  ownership: AccountOwnership;
  /** Import notes for the row (e.g. unknown ZIP). */
  notes: string[];
  /** For an unroutable lead, the real reason in words (the filter it fails, the area no territory covers). */
  why: string;
}

/** Leads without an account Id are new leads, not broken rows: give them a line-based Id. */
function withLeadIds(text: string, idColumn: number | undefined, delimiter: string): Uint8Array {
  if (idColumn === undefined) return new TextEncoder().encode(text.trim());
  const rows = Papa.parse<string[]>(text.trim(), { delimiter, skipEmptyLines: 'greedy' }).data;
  rows.forEach((row, i) => {
    if (i > 0 && !(row[idColumn] ?? '').trim()) row[idColumn] = `${NEW_LEAD_ID}${i + 1}`;
  });
  return new TextEncoder().encode(Papa.unparse(rows, { delimiter }));
}
const NEW_LEAD_ID = 'new-lead-line-';

let lookupCache: { table: AccountTable; lookups: ReturnType<typeof accountLookups> } | null = null;

function lookupsOf(table: AccountTable): ReturnType<typeof accountLookups> {
  if (lookupCache?.table !== table) lookupCache = { table, lookups: accountLookups(table) };
  return lookupCache.lookups;
}

/**
 * Routes pasted or uploaded leads through the current plan. Leads that are existing accounts (same
 * Id, or else the same company name) get that account's owner from the full resolution; new leads
 * are placed by ZIP or country, put in a team by its filter and routed by the ladder.
 */
export async function routeLeadsText(text: string, fileName = 'pasted leads'): Promise<RoutedLead[]> {
  const { assets, dataset } = useWorkspace.getState();
  if (!assets || !dataset) throw new ImportFileError('The map is still loading.');
  const bytes = new TextEncoder().encode(text.trim());
  const sniffed = sniffCsv(fileName, bytes.length, bytes);
  const mapping = proposeColumnMapping(sniffed.headers, sniffed.sampleRows);
  if (
    mapping.fields.postalCode === undefined &&
    mapping.fields.country === undefined &&
    mapping.fields.id === undefined
  )
    throw new ImportFileError(
      `${fileName} needs a ZIP / postal code or country column (or an account Id); found ${sniffed.headers.join(', ')}.`,
    );
  const { table: leads, report } = importAccountsFromBytes(
    withLeadIds(text, mapping.fields.id, sniffed.delimiter),
    assets.geo,
    fileName,
    mapping,
  );
  const hasIds = mapping.fields.id !== undefined;
  const ids = Array.from({ length: leads.count }, (_, i) => stringAt(leads.id, i));
  const lineOf = (id: string, i: number): number =>
    id.startsWith(NEW_LEAD_ID) || (!hasIds && id.startsWith('row-'))
      ? Number(id.replace(NEW_LEAD_ID, '').replace('row-', ''))
      : (lineOfLead.get(id) ?? i + 2);

  const matchedById = hasIds ? await engineCall('accountIndexesOf', ids) : null;
  const matched = matchLeads(
    leads,
    matchedById ? Int32Array.from(matchedById, (a, i) => (ids[i].startsWith(NEW_LEAD_ID) ? -1 : a)) : null,
    lookupsOf(dataset.table),
  );
  const existing = await ownershipOfAccounts(matched.filter((m) => m.account >= 0).map((m) => m.account));
  const plan = usePlan.getState();
  const fresh = routeAccounts(leads, plan);
  const lineOfLead = new Map<string, number>();
  const notes = new Map<string, string[]>();
  for (const p of report.problems) {
    lineOfLead.set(p.accountId, p.line);
    notes.set(p.accountId, [...(notes.get(p.accountId) ?? []), `${ROW_PROBLEM_LABELS[p.reason]}: ${p.detail}`]);
  }
  let next = 0;
  /** The real reason an unroutable lead (i) or existing account is not routed. */
  const whyUnroutable = (ownership: AccountOwnership, i: number): string => {
    if (ownership.reason !== 'UNROUTABLE') return '';
    const account = matched[i].account;
    const [columns, row, who] = account >= 0 ? [dataset.table, account, 'the account'] : [leads, i, 'the lead'];
    if (ownership.unroutableWhy === 'no-team') return whyNoTeam(plan.teams, columns, row, who);
    if (ownership.unroutableWhy === 'no-territory') {
      const u = columns.unit[row];
      const team = plan.teams[ownership.team]?.name ?? '';
      const area = u >= assets.geo.zipUnitCount ? assets.geo.names[u] : `ZIP area ${assets.geo.ids[u]}`;
      return u >= 0 ? `Team ${team} has no territory covering ${area}.` : '';
    }
    return '';
  };
  return ids.map((id, i) => {
    const m = matched[i];
    const ownership: AccountOwnership =
      m.account >= 0
        ? existing[next++]
        : {
            account: -1,
            reason: OWNERSHIP_REASONS[fresh.reason[i]],
            ownerRep: fresh.ownerRep[i],
            team: fresh.team[i],
            territory: fresh.territory[i],
            unroutableWhy: UNROUTABLE_WHY[fresh.unroutableWhy[i]],
          };
    return {
      line: lineOf(id, i),
      company: stringAt(leads.name, i) || id,
      matchedAccount: m.account,
      matchedBy: m.by,
      ownership,
      notes: notes.get(id) ?? [],
      why: whyUnroutable(ownership, i),
    };
  });
}
