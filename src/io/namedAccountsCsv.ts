import Papa from 'papaparse';
import type { NamedAccount, Rep } from '../domain/plan.ts';

/** A row of a named-accounts file that was not used, and why. */
export interface NamedAccountProblem {
  /** 1-based line in the file (header = 1). */
  line: number;
  accountId: string;
  reason: string;
}

/** What a named-accounts file gives: overrides to add and the rows left out. */
export interface NamedAccountsImport {
  entries: NamedAccount[];
  problems: NamedAccountProblem[];
}

const ACCOUNT_HEADERS = ['account id', 'accountid', 'account_id', 'id', 'account', 'record id', 'company id'];
const REP_HEADERS = ['rep email', 'rep_email', 'email', 'owner email', 'owner.email', 'rep', 'owner', 'rep name'];

/**
 * Reads a named-accounts CSV (account Id, rep email or name). Rows with an unknown rep, an account
 * not in the data or a blank cell are reported; the last row for an account wins.
 */
export function parseNamedAccountsCsv(
  text: string,
  reps: readonly Rep[],
  hasAccount: (id: string) => boolean,
): NamedAccountsImport | { error: string } {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy' });
  const rows = parsed.data;
  if (rows.length === 0) return { error: 'The file is empty.' };
  const header = rows[0].map((h) => h.trim().toLowerCase());
  const accountColumn = ACCOUNT_HEADERS.map((h) => header.indexOf(h)).find((i) => i >= 0) ?? -1;
  const repColumn = REP_HEADERS.map((h) => header.indexOf(h)).find((i) => i >= 0 && i !== accountColumn) ?? -1;
  if (accountColumn < 0 || repColumn < 0)
    return {
      error: `Expected an account Id column and a rep email column; found ${rows[0].map((h) => `"${h}"`).join(', ')}.`,
    };
  const repByKey = new Map<string, Rep>();
  for (const r of reps) for (const key of [r.email, r.name]) if (key.trim()) repByKey.set(key.trim().toLowerCase(), r);
  const byAccount = new Map<string, NamedAccount>();
  const problems: NamedAccountProblem[] = [];
  rows.slice(1).forEach((row, i) => {
    const line = i + 2;
    const accountId = (row[accountColumn] ?? '').trim();
    const repKey = (row[repColumn] ?? '').trim();
    if (!accountId) problems.push({ line, accountId, reason: 'Missing account Id' });
    else if (!repKey) problems.push({ line, accountId, reason: 'Missing rep' });
    else if (!repByKey.has(repKey.toLowerCase()))
      problems.push({ line, accountId, reason: `No rep "${repKey}" in the plan` });
    else if (!hasAccount(accountId)) problems.push({ line, accountId, reason: 'Account not in the data' });
    else byAccount.set(accountId, { accountId, repId: (repByKey.get(repKey.toLowerCase()) as Rep).id });
  });
  return { entries: [...byAccount.values()], problems };
}
