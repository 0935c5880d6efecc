import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OWNERSHIP, UNASSIGNED, type Plan } from '../src/domain/plan.ts';
import type { GeoIndex } from '../src/geo/geoIndex.ts';
import { loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import { planToDocument } from '../src/io/planFile.ts';
import { parseCommandLine } from './args.ts';
import { mapField } from './workspace.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'cli', 'tessera.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real launcher in a child process, as a user would. */
function tessera(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** One territory per state of these ZIPs; the rest of the map is unassigned. */
const STATES = ['02134', '10001', '94105', '60601'];
const ZIPS = ['02134', '02215', '10001', '10115', '94105', '60601', '73301', '98101'];

let dir = '';
let geo: GeoIndex;
let planPath = '';
let assignment: Int32Array;

interface Account {
  id: string;
  name: string;
  zip: string;
  value: number;
}

/** 200 accounts with values that need the decimal comma read right (1.234,56 and 12.500). */
const ACCOUNTS: Account[] = Array.from({ length: 200 }, (_, i) => ({
  id: `K-${1000 + i}`,
  name: `Firma ${i}, GmbH`,
  zip: ZIPS[i % ZIPS.length],
  value: i % 3 === 0 ? (i + 1) * 1000 : (i + 1) * 1234.56,
}));

/** A number as German Excel writes it: 1.234,56 and 12.500. */
const german = (v: number): string =>
  v.toLocaleString('de-DE', { minimumFractionDigits: 0, maximumFractionDigits: 2, useGrouping: true });

/** Territory totals [accounts, value] per territory worked out from the accounts, without the importer. */
function expectedTotals(accounts: readonly Account[]): { accounts: number[]; value: number[] } {
  const result = { accounts: STATES.map(() => 0), value: STATES.map(() => 0) };
  for (const a of accounts) {
    const k = assignment[geo.resolveZip(a.zip).unit];
    if (k < 0) continue;
    result.accounts[k]++;
    result.value[k] += a.value;
  }
  return result;
}

function write(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function stats(...args: string[]) {
  const r = await tessera('stats', '--plan', planPath, ...args, '--json');
  expect(r.code).toBe(0);
  const json = JSON.parse(r.stdout);
  const territories = json.teams[0].territories as { accounts: number; value: number }[];
  return {
    json,
    stderr: r.stderr,
    accounts: territories.map((t) => t.accounts),
    value: territories.map((t) => t.value),
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-cli-import-'));
  geo = loadGeoIndexFromDisk(ROOT);
  assignment = new Int32Array(geo.unitCount).fill(UNASSIGNED);
  STATES.forEach((zip, k) => {
    for (const u of geo.unitsInSameGroup('state', geo.resolveZip(zip).unit)) assignment[u] = k;
  });
  const plan: Plan = {
    name: 'CLI import test',
    teams: [
      {
        id: 'all',
        name: 'All accounts',
        conditions: [],
        territories: STATES.map((_, k) => ({
          id: `t${k}`,
          name: `T${k}`,
          colour: ['#4e79a7', '#f28e2b', '#59a14f', '#e15759'][k],
          repId: null,
          vacantFrom: '',
          locked: false,
        })),
      },
    ],
    reps: [],
    assignments: [assignment],
    lockedUnits: [new Uint8Array(geo.unitCount)],
    tolerance: 0.1,
    ownership: structuredClone(DEFAULT_OWNERSHIP),
    namedAccounts: [],
    rulesOfEngagement: '',
  };
  planPath = join(dir, 'plan.json');
  writeFileSync(planPath, JSON.stringify(planToDocument(plan, geo.ids, '2026-01-01T00:00:00Z')));
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('tessera reads any accounts file the app can', () => {
  it('parses --map (repeatable), --delimiter, --decimal and --quotes-as-text', () => {
    const run = parseCommandLine([
      'stats',
      '--plan',
      'p.json',
      '--accounts',
      'a.csv',
      '--map',
      'zip=PLZ',
      '--map=value=Umsatz',
      '--delimiter',
      'semicolon',
      '--decimal=comma',
      '--quotes-as-text',
    ]);
    if (run.kind !== 'run') throw new Error(run.kind);
    expect(run.options.all('map')).toEqual(['zip=PLZ', 'value=Umsatz']);
    expect(run.options.choice('delimiter', ['comma', 'semicolon'])).toBe('semicolon');
    expect(run.options.has('quotes-as-text')).toBe(true);
    expect(mapField('zip')).toBe('postalCode');
    expect(mapField('Owner-Email')).toBe('ownerEmail');
    expect(mapField('value')).toBe('value');
    expect(mapField('colour')).toBeNull();
  });

  it('a German export: the same totals detected by itself as with every choice spelled out', async () => {
    const lines = ['Kundennummer;Firma;PLZ;Land;Umsatz;Mitarbeiter'];
    for (const a of ACCOUNTS) lines.push(`${a.id};"${a.name}";${a.zip};USA;${german(a.value)};1.200`);
    const path = write('deutsch.csv', `${lines.join('\r\n')}\r\n`);
    const expected = expectedTotals(ACCOUNTS);
    const detected = await stats('--accounts', path);
    expect(detected.json.valueColumn).toBe('Umsatz');
    expect(detected.accounts).toEqual(expected.accounts);
    detected.value.forEach((v, k) => expect(v).toBeCloseTo(expected.value[k], 6));
    const explicit = await stats(
      '--accounts',
      path,
      '--map',
      'id=Kundennummer',
      '--map',
      'zip=PLZ',
      '--map',
      'value=Umsatz',
      '--delimiter',
      'semicolon',
      '--decimal',
      'comma',
    );
    expect(explicit.accounts).toEqual(detected.accounts);
    expect(explicit.value).toEqual(detected.value);
  });

  it('--map reads columns no guess recognises; without it the error says how', async () => {
    const lines = ['Kennung|Bezeichnung|Zustellcode|Betrag'];
    for (const a of ACCOUNTS) lines.push(`${a.id}|${a.name}|${a.zip}|${german(a.value)}`);
    const path = write('odd.csv', `${lines.join('\n')}\n`);
    const unguessed = await tessera('stats', '--plan', planPath, '--accounts', path);
    expect(unguessed.code).toBe(1);
    expect(unguessed.stderr).toMatch(/Choose a ZIP.*--map zip=/);
    const expected = expectedTotals(ACCOUNTS);
    const mapped = await stats(
      '--accounts',
      path,
      '--map',
      'id=Kennung',
      '--map',
      'name=Bezeichnung',
      '--map',
      'zip=Zustellcode',
      '--map',
      'value=Betrag',
      '--delimiter',
      'pipe',
      '--decimal',
      'comma',
    );
    expect(mapped.json.valueColumn).toBe('Betrag');
    expect(mapped.accounts).toEqual(expected.accounts);
    mapped.value.forEach((v, k) => expect(v).toBeCloseTo(expected.value[k], 6));
  });

  it('an unclosed quote is named on stderr; --quotes-as-text keeps every row', async () => {
    const lines = ['Id,Name,BillingPostalCode,AnnualRevenue'];
    ACCOUNTS.forEach((a, i) =>
      lines.push(
        i === 99 ? `${a.id},"${a.name},${a.zip},${a.value}` : `${a.id},${a.name.replace(',', '')},${a.zip},${a.value}`,
      ),
    );
    const path = write('unclosed.csv', `${lines.join('\n')}\n`);
    const strict = await stats('--accounts', path);
    expect(strict.json.accounts).toBe(100);
    expect(strict.stderr).toContain(
      'line 101 opens a quote that is never closed, so lines 101-201 were read as one row',
    );
    expect(strict.stderr).toContain('--quotes-as-text');
    const safe = await stats('--accounts', path, '--quotes-as-text');
    expect(safe.json.accounts).toBe(200);
    expect(safe.stderr).toContain('1 row kept: 1 unclosed quote read as text');
    const expected = expectedTotals(ACCOUNTS);
    expect(safe.accounts).toEqual(expected.accounts);
    safe.value.forEach((v, k) => expect(v).toBeCloseTo(expected.value[k], 6));
  });

  it('bad choices are one-line errors', async () => {
    const path = write('plain.csv', 'Id,Zip,Revenue\n1,02134,5\n');
    const [field, column, delimiter] = await Promise.all([
      tessera('stats', '--plan', planPath, '--accounts', path, '--map', 'colour=Zip'),
      tessera('stats', '--plan', planPath, '--accounts', path, '--map', 'zip=PLZ'),
      tessera('stats', '--plan', planPath, '--accounts', path, '--delimiter', 'space'),
    ]);
    expect(field.code).toBe(2);
    expect(field.stderr).toMatch(/^tessera: --map must be field=column .* not "colour=Zip"\n$/);
    expect(column.code).toBe(1);
    expect(column.stderr).toMatch(/^tessera: .*plain\.csv has no column "PLZ"; its columns are: Id, Zip, Revenue\n$/);
    expect(delimiter.code).toBe(2);
    expect(delimiter.stderr).toMatch(/--delimiter must be one of comma, semicolon, tab, pipe/);
  });
});
