import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** The 1,000,000-row export the import and paint suites upload (not committed: bench/.tmp is ignored). */
export const MILLION_ROW_FILE = 'bench/.tmp/accounts-1m.csv';

/** Writes the 1,000,000-row Salesforce-style export once, creating bench/.tmp on a fresh clone. */
export function ensureMillionRowFile(): string {
  if (existsSync(MILLION_ROW_FILE)) return MILLION_ROW_FILE;
  mkdirSync(dirname(MILLION_ROW_FILE), { recursive: true });
  console.log('Generating a 1,000,000-account export (about 175 MB)...');
  const args = ['scripts/sample.ts', '--accounts', '1000000', '--seed', '7', '--out', MILLION_ROW_FILE];
  execFileSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', ...args], { stdio: 'inherit' });
  return MILLION_ROW_FILE;
}
