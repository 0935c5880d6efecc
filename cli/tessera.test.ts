import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OWNERSHIP, OWNERSHIP_REASONS, UNASSIGNED, type Plan } from '../src/domain/plan.ts';
import type { GeoIndex } from '../src/geo/geoIndex.ts';
import { loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import { parsePlanFile, planToDocument } from '../src/io/planFile.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const BIN = join(ROOT, 'cli', 'tessera.mjs');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real launcher in a child process, as a user would. */
function run(file: string, args: readonly string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, args, { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
const tessera = (...args: string[]) => run(process.execPath, [BIN, ...args]);

const parseCsv = (text: string): string[][] => Papa.parse<string[]>(text, { skipEmptyLines: true }).data;

/** Sample headers this test relies on. */
type SampleRow = Record<
  'Id' | 'Name' | 'BillingPostalCode' | 'BillingCountry' | 'AnnualRevenue' | 'Owner.Name',
  string
>;

const TERRITORIES = [
  { name: 'Pacific', states: ['94105', '97201', '98101'], repId: 'rowan' }, // CA, OR, WA
  { name: 'Mountain', states: ['89501', '85001', '84101', '83702'], repId: 'taylor' }, // NV, AZ, UT, ID
  { name: 'Southwest', states: ['87501', '75201'], repId: null }, // NM, TX: vacant
];
const ROWAN_CRM_ID = '005000000000001AAA';

let dir = '';
let geo: GeoIndex;
let plan: Plan;
let planPath = '';
let accountsPath = '';
/** What the test expects the import to keep, worked out from the CSV text without the importer. */
let expected: { ids: string[]; territory: Map<string, number>; accounts: number[]; value: number[] };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-cli-'));
  geo = loadGeoIndexFromDisk(ROOT);

  const assignment = new Int32Array(geo.unitCount).fill(UNASSIGNED);
  TERRITORIES.forEach((t, k) => {
    for (const zip of t.states) {
      const unit = geo.resolveZip(zip).unit;
      expect(unit).toBeGreaterThanOrEqual(0);
      for (const u of geo.unitsInSameGroup('state', unit)) assignment[u] = k;
    }
  });
  plan = {
    name: 'CLI test plan',
    teams: [
      {
        id: 'all',
        name: 'All accounts',
        conditions: [],
        territories: TERRITORIES.map((t, k) => ({
          id: `t${k}`,
          name: t.name,
          colour: ['#4e79a7', '#f28e2b', '#59a14f'][k],
          repId: t.repId,
          vacantFrom: '',
          locked: false,
        })),
      },
    ],
    reps: [
      {
        id: 'rowan',
        name: 'Rowan Larsen',
        email: 'rowan.larsen@tessera-demo.com',
        crmUserId: ROWAN_CRM_ID,
        capacityAccounts: 0,
        capacityValue: 0,
        homeZip: '',
      },
      {
        id: 'taylor',
        name: 'Taylor Johnson',
        email: 'taylor.johnson@tessera-demo.com',
        capacityAccounts: 0,
        capacityValue: 0,
        homeZip: '',
      },
    ],
    assignments: [assignment],
    lockedUnits: [new Uint8Array(geo.unitCount)],
    tolerance: 0.1,
    ownership: structuredClone(DEFAULT_OWNERSHIP),
    namedAccounts: [],
    rulesOfEngagement: '',
  };
  planPath = join(dir, 'plan.json');
  writeFileSync(planPath, JSON.stringify(planToDocument(plan, geo.ids, '2026-01-01T00:00:00Z'), null, 2));

  // ~2,000 clean rows of the sample (US 5-digit ZIPs, numeric values, unique Ids), then rows the import must skip
  const sample = Papa.parse<SampleRow>(readFileSync(join(ROOT, 'data', 'sample-accounts.csv'), 'utf8'), {
    header: true,
    skipEmptyLines: true,
  });
  const headers = sample.meta.fields as string[];
  const seen = new Set<string>();
  const clean = sample.data.filter((r) => {
    const ok =
      r.Id &&
      !seen.has(r.Id) &&
      /^\d{5}$/.test(r.BillingPostalCode) &&
      /^\d+$/.test(r.AnnualRevenue) &&
      /^(US|USA|U\.S\.|United States)$/.test(r.BillingCountry);
    if (r.Id) seen.add(r.Id);
    return ok;
  });
  const rows: SampleRow[] = clean.slice(0, 2000);
  rows[5] = { ...rows[5], Name: '=HYPERLINK("http://evil.example","click")', BillingPostalCode: '94105' };
  rows.push({ ...rows[0], Id: '' }, { ...rows[1] }); // a row without Id, a duplicate Id
  accountsPath = join(dir, 'accounts.csv');
  writeFileSync(accountsPath, Papa.unparse(rows, { columns: headers }));

  const accounts = [0, 0, 0];
  const value = [0, 0, 0];
  const territory = new Map<string, number>();
  const ids: string[] = [];
  for (const r of rows) {
    if (!r.Id || territory.has(r.Id)) continue;
    const unit = geo.resolveZip(r.BillingPostalCode).unit;
    const k = unit >= 0 ? assignment[unit] : -1;
    territory.set(r.Id, k);
    ids.push(r.Id);
    if (k < 0) continue;
    accounts[k]++;
    value[k] += Number(r.AnnualRevenue);
  }
  expected = { ids, territory, accounts, value };
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An error run: its exit code, nothing on stdout, one "tessera: " line on stderr and no stack trace. */
function expectOneLineError(r: Run, code: number): string {
  expect(r.code).toBe(code);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter(Boolean);
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^tessera: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return lines[0];
}

describe('tessera CLI', () => {
  it('prints usage and per-command help', async () => {
    const help = await tessera('--help');
    expect(help.code).toBe(0);
    for (const command of ['stats', 'route', 'balance', 'audit']) expect(help.stdout).toContain(command);
    const route = await tessera('route', '--help');
    expect(route.code).toBe(0);
    expect(route.stdout).toContain('--layout <tessera|salesforce|hubspot>');
    expect(route.stdout).toContain('--value-column <header>');
  });

  it('runs as `npx tessera` from the repository', async () => {
    // --yes=false: if the local bin ever stopped resolving, npx must fail rather than fetch a registry package
    const r = await run('npx', ['--yes=false', 'tessera', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: tessera <command>');
  });

  it('stats --json gives territory totals equal to sums worked out from the CSV', async () => {
    const r = await tessera('stats', '--plan', planPath, '--accounts', accountsPath, '--json');
    expect(r.code).toBe(0);
    const stats = JSON.parse(r.stdout);
    expect(stats.accounts).toBe(expected.ids.length);
    expect(stats.valueColumn).toBe('AnnualRevenue');
    const team = stats.teams[0];
    expect(team.accounts).toBe(expected.ids.length);
    expect(team.territories.map((t: { name: string }) => t.name)).toEqual(TERRITORIES.map((t) => t.name));
    expect(team.territories.map((t: { accounts: number }) => t.accounts)).toEqual(expected.accounts);
    expect(team.territories.map((t: { value: number }) => t.value)).toEqual(expected.value);
    expect(team.territories.map((t: { rep: string | null }) => t.rep)).toEqual([
      'Rowan Larsen',
      'Taylor Johnson',
      null,
    ]);
    const inTerritories = expected.accounts.reduce((s, n) => s + n, 0);
    expect(team.unassigned.accounts + team.notPlaced.accounts).toBe(expected.ids.length - inTerritories);
    const mean = inTerritories / 3;
    expect(team.metrics.accounts.mean).toBeCloseTo(mean, 9);
    const deviations = expected.accounts.map((n) => Math.abs(n - mean) / mean);
    expect(team.metrics.accounts.maxDeviation).toBeCloseTo(Math.max(...deviations), 9);
    expect(team.territories[0].deviation.accounts).toBeCloseTo((expected.accounts[0] - mean) / mean, 9);
    for (const key of ['maxMinRatio', 'coefficientOfVariation', 'gini', 'score', 'insideBand'])
      expect(team.metrics.value).toHaveProperty(key);
    // the import problems come as one note on stderr
    expect(r.stderr).toMatch(/2 rows skipped: 1 missing Id, 1 duplicate Id/);
  });

  it('stats of a plan with nothing assigned claims no score and no band', async () => {
    const empty = { ...plan, assignments: [new Int32Array(geo.unitCount).fill(UNASSIGNED)] };
    const emptyPath = join(dir, 'empty-plan.json');
    writeFileSync(emptyPath, JSON.stringify(planToDocument(empty, geo.ids, '2026-01-01T00:00:00Z')));
    const text = await tessera('stats', '--plan', emptyPath, '--accounts', accountsPath);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/Score \(0-100\)\s+—\s+—/);
    expect(text.stdout).not.toMatch(/\d+ of 3/);
    const json = await tessera('stats', '--plan', emptyPath, '--accounts', accountsPath, '--json');
    const team = (JSON.parse(json.stdout) as { teams: { metrics: { accounts: { score: number | null } } }[] }).teams[0];
    expect(team.metrics.accounts.score).toBeNull();
  });

  it('stats prints readable tables', async () => {
    const r = await tessera('stats', '--plan', planPath, '--accounts', accountsPath);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Team 1 "All accounts"');
    expect(r.stdout).toMatch(/Pacific\s+Rowan Larsen\s+[\d,]+\s+[+-]?\d+\.\d%/);
    expect(r.stdout).toMatch(/Southwest\s+\(vacant\)/);
    for (const metric of ['Max/min', 'Coefficient of variation', 'Gini', 'Score', 'Inside ±10%'])
      expect(r.stdout).toContain(metric);
  });

  it('route writes owner, territory, team and reason per account and prints a reason summary', async () => {
    const out = join(dir, 'assignments.csv');
    const r = await tessera(
      'route',
      '--plan',
      planPath,
      '--accounts',
      accountsPath,
      '--out',
      out,
      '--as-of',
      '2026-09-01',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/TERRITORY\s+[\d,]+/);
    expect(r.stdout).toContain(`Wrote ${expected.ids.length.toLocaleString('en-US')} rows`);
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual([
      'Account Id',
      'Account name',
      'Territory',
      'Team',
      'Owner',
      'Owner email',
      'Reason',
      'Explanation',
    ]);
    expect(rows.map((row) => row[0])).toEqual(expected.ids);
    const ownerOf = ['Rowan Larsen', 'Taylor Johnson', 'Vacant'];
    const reasons = new Set<string>();
    for (const [id, , territory, team, owner, , reason, explanation] of rows) {
      reasons.add(reason);
      expect(OWNERSHIP_REASONS).toContain(reason);
      expect(team).toBe('All accounts');
      const k = expected.territory.get(id) as number;
      expect(territory).toBe(k >= 0 ? TERRITORIES[k].name : '');
      if (reason === 'TERRITORY') expect(owner).toBe(ownerOf[k]);
      if (reason === 'UNROUTABLE') expect(explanation).toBe('Unroutable: no territory covers its area yet');
      expect(explanation).not.toBe('');
    }
    expect(reasons).toContain('TERRITORY');
    expect(reasons).toContain('UNROUTABLE');
    // the account renamed to a formula is written as text
    expect(rows[5][1]).toBe(`'=HYPERLINK("http://evil.example","click")`);
  });

  it('route --layout salesforce writes Id and OwnerId and says what it left out', async () => {
    const out = join(dir, 'salesforce.csv');
    const r = await tessera(
      'route',
      '--plan',
      planPath,
      '--accounts',
      accountsPath,
      '--out',
      out,
      '--layout',
      'salesforce',
    );
    expect(r.code).toBe(0);
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual(['Id', 'OwnerId']);
    expect(rows.length).toBeGreaterThan(0);
    for (const [id, owner] of rows) {
      expect(expected.territory.has(id)).toBe(true);
      expect(owner).toBe(ROWAN_CRM_ID);
    }
    expect(r.stdout).toMatch(/Left out [\d,]+ accounts? without a rep/);
    expect(r.stdout).toMatch(/Left out [\d,]+ accounts? whose rep has no CRM user Id: Taylor Johnson/);
  });

  it('route writes no header-only file when every account would be left out', async () => {
    const noIds = { ...plan, reps: plan.reps.map((r) => ({ ...r, crmUserId: undefined })) };
    const noIdsPath = join(dir, 'plan-without-crm-ids.json');
    writeFileSync(noIdsPath, JSON.stringify(planToDocument(noIds, geo.ids, '2026-01-01T00:00:00Z')));
    const out = join(dir, 'nothing.csv');
    const r = await tessera(
      'route',
      '--plan',
      noIdsPath,
      '--accounts',
      accountsPath,
      '--out',
      out,
      '--layout',
      'salesforce',
    );
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no account can be written in the salesforce layout/);
    expect(r.stderr).toMatch(/whose rep has no CRM user Id: Rowan Larsen, Taylor Johnson/);
    expect(existsSync(out)).toBe(false);
  });

  /** The worst deviation from the mean (accounts or value) of a plan, from `tessera stats --json`. */
  async function worstDeviation(file: string): Promise<number> {
    const s = await tessera('stats', '--plan', file, '--accounts', accountsPath, '--json');
    const m = JSON.parse(s.stdout).teams[0].metrics;
    return Math.max(m.accounts.maxDeviation, m.value.maxDeviation);
  }

  function readPlan(file: string): Plan {
    const parsed = parsePlanFile(readFileSync(file, 'utf8'), {
      unitCount: geo.unitCount,
      indexOf: (id) => geo.unitOf(id),
    });
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.warnings).toEqual([]);
    return parsed.plan;
  }

  it('balance rebalances the current territories and writes a valid plan, better balanced than before', async () => {
    const out = join(dir, 'rebalanced.json');
    // with ~2,000 accounts most ZIP areas are empty, and the default compactness pull keeps the borders on them
    const r = await tessera(
      'balance',
      '--plan',
      planPath,
      '--accounts',
      accountsPath,
      '--out',
      out,
      '--tolerance',
      '10',
      '--compactness',
      '0',
      '--compact-floor',
      '0.2',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rebalanced 3 territories/);
    expect(r.stdout).toMatch(
      /Compactness \(Polsby-Popper, 1 = a circle\): median 0\.\d\d -> 0\.\d\d, lowest 0\.\d\d -> 0\.\d\d \(floor 0\.2\); one-ZIP corridors/,
    );
    expect(r.stdout).toMatch(/Accounts\s+\d+\.\d%\s+\d+\.\d%/);
    const balanced = readPlan(out);
    expect(balanced.teams[0].territories.map((t) => [t.name, t.repId])).toEqual(
      TERRITORIES.map((t) => [t.name, t.repId]),
    );
    const [before, after] = await Promise.all([worstDeviation(planPath), worstDeviation(out)]);
    expect(after <= 0.1 || after < before).toBe(true);
    expect(after).toBeLessThan(before);
  });

  it('balance creates K territories when K differs from the current count', async () => {
    const out = join(dir, 'created.json');
    const r = await tessera(
      'balance',
      '--plan',
      planPath,
      '--accounts',
      accountsPath,
      '--out',
      out,
      '--territories',
      '4',
      '--team',
      'all accounts',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/created 4 territories/);
    const balanced = readPlan(out);
    // existing territories keep their names and reps; the new one is vacant
    expect(balanced.teams[0].territories.map((t) => [t.name, t.repId])).toEqual([
      ...TERRITORIES.map((t) => [t.name, t.repId]),
      ['Territory 4', null],
    ]);
    const [before, after] = await Promise.all([worstDeviation(planPath), worstDeviation(out)]);
    expect(after <= 0.05 || after < before).toBe(true);
  });

  it('audit writes current against planned owner per account and prints the grouped summary', async () => {
    const out = join(dir, 'audit.csv');
    const r = await tessera(
      'audit',
      '--plan',
      planPath,
      '--accounts',
      accountsPath,
      '--out',
      out,
      '--as-of',
      '2026-09-01',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('By territory');
    expect(r.stdout).toContain('By reason');
    expect(r.stdout).toMatch(/Unroutable: [\d,]+ accounts?: [\d,]+ because no territory covers its area yet/);
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual([
      'Account Id',
      'Account name',
      'Current owner',
      'Planned owner',
      'Territory',
      'Team',
      'Reason',
      'Explanation',
      'Change',
    ]);
    expect(rows.map((row) => row[0])).toEqual(expected.ids);
    const changes: Record<string, number> = {};
    for (const [, , current, planned, territory, , reason, , change] of rows) {
      changes[change] = (changes[change] ?? 0) + 1;
      if (reason === 'UNROUTABLE') expect(change).toBe('Unroutable');
      else if (planned === 'Vacant') {
        expect(territory).toBe('Southwest');
        expect(change).toBe('To vacant territory');
      } else expect(change).toBe(current.toLowerCase() === planned.toLowerCase() ? 'Keeps owner' : 'New owner');
    }
    expect(changes['To vacant territory']).toBeGreaterThan(0);
    expect(changes['New owner']).toBeGreaterThan(0);
    const summary =
      /owner kept (\d[\d,]*), new owner (\d[\d,]*), to a vacant territory (\d[\d,]*), unroutable (\d[\d,]*)/.exec(
        r.stdout,
      );
    expect(summary?.slice(1).map((n) => Number(n.replace(/,/g, '')))).toEqual([
      changes['Keeps owner'] ?? 0,
      changes['New owner'] ?? 0,
      changes['To vacant territory'] ?? 0,
      changes['Unroutable'] ?? 0,
    ]);
  });

  it('reports bad files and arguments in one line with the right exit code', async () => {
    const malformed = join(dir, 'malformed.json');
    writeFileSync(malformed, '{ "format": "tessera-plan", ');
    const otherGeography = join(dir, 'other-geography.json');
    const document = planToDocument(plan, geo.ids, '2026-01-01T00:00:00Z');
    for (const t of document.teams[0].territories) t.units = t.units.map((u) => `X${u}`);
    writeFileSync(otherGeography, JSON.stringify(document));
    const common = ['--plan', planPath, '--accounts', accountsPath];
    const [missing, bad, other, column, command, option, usage, layout, floor] = await Promise.all([
      tessera('stats', '--plan', join(dir, 'nope.json'), '--accounts', accountsPath),
      tessera('stats', '--plan', malformed, '--accounts', accountsPath),
      tessera('stats', '--plan', otherGeography, '--accounts', accountsPath),
      tessera('stats', ...common, '--value-column', 'Bookings'),
      tessera('forecast', ...common),
      tessera('stats', ...common, '--colour'),
      tessera('route', ...common),
      tessera('route', ...common, '--out', join(dir, 'x.csv'), '--layout', 'excel'),
      tessera('balance', ...common, '--out', join(dir, 'x.json'), '--compact-floor', '15%'),
    ]);
    expect(expectOneLineError(missing, 1)).toMatch(/nope\.json: no such file/);
    expect(expectOneLineError(bad, 1)).toMatch(/malformed\.json: This file is not valid JSON/);
    expect(expectOneLineError(other, 1)).toMatch(/built for another geography/);
    const unknownColumn = expectOneLineError(column, 1);
    expect(unknownColumn).toContain('no column "Bookings"');
    expect(unknownColumn).toContain('AnnualRevenue');
    expect(expectOneLineError(command, 2)).toMatch(/unknown command "forecast".*tessera --help/);
    expect(expectOneLineError(option, 2)).toMatch(/unknown option --colour/);
    expect(expectOneLineError(usage, 2)).toMatch(/--out is required/);
    expect(expectOneLineError(layout, 2)).toMatch(/--layout must be one of tessera, salesforce, hubspot/);
    expect(expectOneLineError(floor, 2)).toMatch(/--compact-floor must be a number from 0 to 1, not "15%"/);
    expect(readFileSync(accountsPath, 'utf8').length).toBeGreaterThan(0);
  });
});
