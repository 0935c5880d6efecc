import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_OWNERSHIP, UNASSIGNED, type Plan, type Rep } from '../src/domain/plan.ts';
import { autoBalance } from '../src/engine/balance.ts';
import {
  balanceGeography,
  buildBalanceInput,
  DEFAULT_BALANCE_SETTINGS,
  wantsMapColumns,
  wantsOwnershipLoads,
  type BalanceSettings,
} from '../src/engine/balanceInput.ts';
import { REASON_CODE } from '../src/engine/ownership.ts';
import { PlanEngine } from '../src/engine/planEngine.ts';
import type { GeoIndex } from '../src/geo/geoIndex.ts';
import { loadBorderLengthsFromDisk, loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import { engineAccountsOf, engineGeographyOf, ownershipColumnsOf } from '../src/io/engineInput.ts';
import { importAccountsFromBytes } from '../src/io/importAccounts.ts';
import { parsePlanFile, planToDocument } from '../src/io/planFile.ts';
import { parseCommandLine } from './args.ts';
import { COMMAND_RUNNERS } from './commands.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const AS_OF = '2026-09-01';

/** Territories by states (a ZIP in each); Rockies is locked. */
const TERRITORIES = [
  { name: 'Pacific', zips: ['94105', '97201', '98101'], rep: 'Rowan Larsen', locked: false }, // CA, OR, WA
  { name: 'Mountain', zips: ['89501', '85001', '84101', '83702'], rep: 'Taylor Johnson', locked: false }, // NV, AZ, UT, ID
  { name: 'Southwest', zips: ['87501', '75201'], rep: 'Casey Moreno', locked: false }, // NM, TX
  { name: 'Rockies', zips: ['80202', '82001', '59601'], rep: 'Jordan Lee', locked: true }, // CO, WY, MT
];
const LOCKED = 3;

let dir = '';
let geo: GeoIndex;
let planPath = '';
let accountsPath = '';

/** A small deterministic random stream. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Reads a plan file as the app and the CLI do. */
function readPlan(file: string): Plan {
  const parsed = parsePlanFile(readFileSync(file, 'utf8'), {
    unitCount: geo.unitCount,
    indexOf: (id) => geo.unitOf(id),
  });
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.plan;
}

/** The engine worker's state for a plan and accounts file: data, teams, maps and the ownership plan. */
function engineFor(plan: Plan): PlanEngine {
  const { table } = importAccountsFromBytes(readFileSync(accountsPath), geo, accountsPath);
  const engine = new PlanEngine();
  engine.setGeography(engineGeographyOf(geo));
  engine.loadAccounts(engineAccountsOf(table));
  engine.setTeams(
    plan.teams.map((t) => t.conditions),
    plan.tolerance,
  );
  plan.teams.forEach((team, t) => engine.setAssignment(t, plan.assignments[t], team.territories.length));
  engine.loadOwnershipColumns(ownershipColumnsOf(table));
  engine.setOwnershipPlan({
    teams: plan.teams,
    reps: plan.reps,
    namedAccounts: plan.namedAccounts,
    settings: plan.ownership,
  });
  return engine;
}

/**
 * The balancer's clock: it stops searching after a time budget, so the same seed gives the same territories
 * only on the same clock. This one ticks once per reading, whatever the machine's speed.
 */
function tickingClock(): void {
  let ticks = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => (ticks += 2));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-parity-'));
  geo = loadGeoIndexFromDisk(ROOT);
  const assignment = new Int32Array(geo.unitCount).fill(UNASSIGNED);
  const unitsOf: number[][] = TERRITORIES.map(() => []);
  TERRITORIES.forEach((t, k) => {
    for (const zip of t.zips)
      for (const u of geo.unitsInSameGroup('state', geo.resolveZip(zip).unit)) {
        assignment[u] = k;
        if (u < geo.zipUnitCount) unitsOf[k].push(u);
      }
  });
  const reps: Rep[] = TERRITORIES.map((t) => ({
    id: t.rep.split(' ')[0].toLowerCase(),
    name: t.rep,
    email: '',
    capacityAccounts: 0,
    capacityValue: 0,
    homeZip: '',
  }));
  const plan: Plan = {
    name: 'Parity plan',
    teams: [
      {
        id: 'field',
        name: 'Field',
        conditions: [],
        territories: TERRITORIES.map((t, k) => ({
          id: `t${k}`,
          name: t.name,
          colour: ['#4e79a7', '#f28e2b', '#59a14f', '#e15759'][k],
          repId: reps[k].id,
          vacantFrom: '',
          locked: t.locked,
        })),
      },
    ],
    reps,
    assignments: [assignment],
    lockedUnits: [new Uint8Array(geo.unitCount)],
    tolerance: 0.1,
    ownership: { ...structuredClone(DEFAULT_OWNERSHIP), asOf: AS_OF },
    namedAccounts: [],
    rulesOfEngagement: '',
  };
  planPath = join(dir, 'plan.json');
  writeFileSync(planPath, JSON.stringify(planToDocument(plan, geo.ids, '2026-01-01T00:00:00Z'), null, 2));

  // Pacific is crowded; a third of its accounts and some elsewhere are kept by their rep by an ownership rule
  const next = random(7);
  const rows: Record<string, string>[] = [];
  const weights = [0.55, 0.2, 0.2, 0.05];
  for (let i = 0; i < 900; i++) {
    const r = next();
    const k = r < weights[0] ? 0 : r < weights[0] + weights[1] ? 1 : r < 1 - weights[3] ? 2 : 3;
    const unit = unitsOf[k][Math.floor(next() * unitsOf[k].length)];
    const rep = TERRITORIES[k].rep;
    const rule = next();
    rows.push({
      Id: `ACC${String(i).padStart(5, '0')}`,
      Name: `Account ${i}`,
      BillingPostalCode: geo.ids[unit],
      BillingCountry: 'US',
      AnnualRevenue: String(Math.round(100_000 + next() * 2_000_000)),
      Type: rule < 0.12 ? 'Customer' : 'Prospect',
      'Owner.Name': rule < 0.12 ? rep : '',
      Open_Opportunity_Owner__c: rule >= 0.12 && rule < 0.25 ? rep : '',
      LastActivityDate: rule >= 0.25 && rule < 0.35 ? '2026-08-20' : '',
      Last_Activity_By__c: rule >= 0.25 && rule < 0.35 ? rep : '',
    });
  }
  accountsPath = join(dir, 'accounts.csv');
  writeFileSync(accountsPath, Papa.unparse(rows));
});

afterAll(() => {
  vi.restoreAllMocks();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('tessera balance and the app build the same auto-balance', () => {
  it('gives identical territories for the same plan, accounts and seed, keeping protected accounts', () => {
    const plan = readPlan(planPath);
    const engine = engineFor(plan);

    // the app: the dialog opens on rebalance of the current territories, then balanceActions builds the input
    const settings: BalanceSettings = { ...DEFAULT_BALANCE_SETTINGS, mode: 'rebalance', territories: 4 };
    const loads = wantsOwnershipLoads(settings) ? engine.balanceLoads(0) : null;
    const mapColumns = wantsMapColumns(settings, loads) ? engine.teamUnitColumns(0) : null;
    // with the border lengths the app measures at start, as the CLI reads them
    const shapeGeo = balanceGeography(geo, loadBorderLengthsFromDisk(geo, ROOT));
    const prepared = buildBalanceInput({ plan, team: 0, geo: shapeGeo, settings, mapColumns, ownershipLoads: loads });
    if (typeof prepared === 'string') throw new Error(prepared);
    expect(prepared.input.borders?.sharedKm.length).toBe(prepared.input.graph.adjacency.length);
    expect(prepared.input.polsbyPopperFloor).toBe(DEFAULT_BALANCE_SETTINGS.compactFloor);
    expect(prepared.protectedAccounts).toBeGreaterThan(100);
    tickingClock();
    const app = prepared.toUnits(autoBalance(prepared.input).assignment);
    vi.restoreAllMocks();

    // the CLI, in-process, with its defaults
    const out = join(dir, 'balanced.json');
    const invocation = parseCommandLine(['balance', '--plan', planPath, '--accounts', accountsPath, '--out', out]);
    if (invocation.kind !== 'run') throw new Error('not a run');
    tickingClock();
    const result = COMMAND_RUNNERS.balance(invocation.options);
    vi.restoreAllMocks();
    expect(result.stdout).toMatch(/rebalanced 4 territories/);
    expect(result.stdout).toContain(`Kept ${prepared.protectedAccounts} protected accounts with their reps`);
    const cli = readPlan(out).assignments[0];

    const before = plan.assignments[0];
    let moved = 0;
    for (let u = 0; u < before.length; u++) if (app[u] !== before[u]) moved++;
    expect(moved).toBeGreaterThan(0);
    let differing = 0;
    for (let u = 0; u < app.length; u++) if (cli[u] !== app[u]) differing++;
    expect(cli.length).toBe(app.length);
    expect(differing).toBe(0);

    // the locked territory keeps exactly its units
    for (let u = 0; u < before.length; u++) expect(before[u] === LOCKED).toBe(cli[u] === LOCKED);

    // protected accounts stay with their rep under the new map, counted in that rep's territory's base load
    const owners = engine.ownershipColumns();
    const after = engineFor(readPlan(out)).ownershipColumns();
    const byMap = new Set<number>([REASON_CODE.TERRITORY, REASON_CODE.UNROUTABLE, REASON_CODE.ROUND_ROBIN]);
    const keptByRep = new Float64Array(TERRITORIES.length);
    let kept = 0;
    for (let a = 0; a < owners.reason.length; a++) {
      if (byMap.has(owners.reason[a])) continue;
      kept++;
      keptByRep[owners.ownerRep[a]]++;
      expect([after.reason[a], after.ownerRep[a]]).toEqual([owners.reason[a], owners.ownerRep[a]]);
    }
    expect(Array.from(keptByRep)).toEqual(Array.from(loads?.baseCount ?? []));
    expect(kept).toBe(loads?.protectedAccounts);
  });
});
