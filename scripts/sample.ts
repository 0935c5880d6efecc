/**
 * Writes a synthetic Salesforce-style account export.
 * Usage: npm run sample -- --accounts 20000 --seed 7 --out data/sample-accounts.csv
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import Papa from 'papaparse';
import { loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import { generateSampleAccounts, SAMPLE_COLUMNS } from './sampleAccounts.ts';

function fail(message: string): never {
  console.error(`sample: ${message}`);
  process.exit(2);
}

const args = process.argv.slice(2);
const opts = new Map<string, string>();
for (let i = 0; i < args.length; i += 2) {
  const key = args[i];
  if (!key.startsWith('--') || args[i + 1] === undefined) fail(`expected --name value pairs, got "${key}"`);
  opts.set(key.slice(2), args[i + 1]);
}
const accounts = Number(opts.get('accounts') ?? '20000');
const seed = Number(opts.get('seed') ?? '1');
const out = opts.get('out') ?? fail('--out file.csv is required');
if (!Number.isInteger(accounts) || accounts < 1 || accounts > 5_000_000) fail('--accounts must be 1..5000000');
if (!Number.isInteger(seed)) fail('--seed must be an integer');

// large files are written in batches of 100,000 accounts so memory stays flat
const BATCH = 100_000;
const geo = loadGeoIndexFromDisk();
const fd = openSync(out, 'w');
let written = 0;
for (let batch = 0; written < accounts; batch++) {
  const size = Math.min(BATCH, accounts - written);
  const batchSeed = batch === 0 ? seed : seed * 1000 + batch;
  const rows = generateSampleAccounts(geo, { accounts: size, seed: batchSeed, idOffset: written });
  const csv = Papa.unparse(
    { fields: [...SAMPLE_COLUMNS], data: rows.map((r) => SAMPLE_COLUMNS.map((c) => r[c])) },
    { header: batch === 0 },
  );
  writeSync(fd, batch === 0 ? csv : `\r\n${csv}`);
  written += size;
}
closeSync(fd);
console.log(`wrote ${written} accounts to ${out}`);
