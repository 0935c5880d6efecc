import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_OWNERSHIP, type Plan } from '../domain/plan.ts';
import {
  PLAN_FILE_VERSION,
  migratePlanDocument,
  parsePlanFile,
  planFromDocument,
  planToDocument,
  serialisePlan,
  type UnitIdIndex,
} from './planFile.ts';
import schema from './plan.schema.json';
import { planJsonSchema } from './planSchema.ts';

// a tiny geography: ZIPs, a county without ZCTAs and a country, like public/geo/units.json
const UNIT_IDS = [
  '02134',
  '10001',
  '10002',
  '10003',
  '60601',
  '78701',
  '94103',
  '94105',
  '94107',
  '98101',
  'C51570',
  'GB',
];
const units: UnitIdIndex = { unitCount: UNIT_IDS.length, indexOf: (id) => UNIT_IDS.indexOf(id) };
const SAVED_AT = '2025-07-01T09:30:00.000Z';

function samplePlan(): Plan {
  const n = UNIT_IDS.length;
  return {
    name: 'FY26 North America',
    reps: [
      {
        id: 'rep-ada',
        name: 'Ada Park',
        email: 'ada@example.com',
        capacityAccounts: 120,
        capacityValue: 2.5e6,
        homeZip: '94105',
        crmUserId: '005A1',
      },
      {
        id: 'rep-ben',
        name: 'Ben Ortiz',
        email: '',
        capacityAccounts: 0,
        capacityValue: 0,
        homeZip: '',
        unavailable: true,
      },
      {
        id: 'rep-cy',
        name: 'Cy Lund',
        email: 'cy@example.com',
        capacityAccounts: 80,
        capacityValue: 0,
        homeZip: '10001',
      },
    ],
    teams: [
      {
        id: 'team-ent',
        name: 'Enterprise',
        conditions: [
          { field: 'employees', op: '>=', value: 1000 },
          { field: 'segment', op: 'in', values: ['Enterprise', 'Strategic'] },
        ],
        routing: 'territory',
        territories: [
          {
            id: 't-west',
            name: 'West',
            colour: '#4e79a7',
            repId: 'rep-ada',
            vacantFrom: '',
            locked: false,
            growthCut: {
              hireDate: '2025-10-01',
              parts: 2,
              units: [6, 7, 9],
              part: [0, 1, 1],
              accounts: [10, 12],
              value: [1000, 1500.5],
            },
          },
          { id: 't-east', name: 'East', colour: '#F28E2B', repId: null, vacantFrom: '2025-09-01', locked: true },
          { id: 't-mid', name: 'Middle', colour: '#59a14f', repId: 'rep-cy', vacantFrom: '', locked: false },
        ],
      },
      {
        id: 'team-in',
        name: 'Inbound',
        conditions: [],
        routing: 'roundRobin',
        poolRepIds: ['rep-ben', 'rep-cy'],
        territories: [
          { id: 't-intl', name: 'International', colour: '#e15759', repId: 'rep-ben', vacantFrom: '', locked: false },
        ],
      },
    ],
    assignments: [
      Int32Array.from([1, 1, 1, -1, 2, 2, 0, 0, -1, 0, 2, -1]),
      Int32Array.from([-1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0]),
    ],
    lockedUnits: [Uint8Array.from([0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0]), new Uint8Array(n)],
    tolerance: 0.12,
    ownership: {
      order: ['NAMED', 'CUSTOMER', 'OPEN_OPPORTUNITY', 'RECENT_ENGAGEMENT', 'PARENT', 'TERRITORY', 'ROUND_ROBIN'],
      enabled: { ...DEFAULT_OWNERSHIP.enabled, PARENT: false },
      engagementWindowDays: 30,
      asOf: '2025-06-30',
    },
    namedAccounts: [
      { accountId: '001A', repId: 'rep-ada' },
      { accountId: '001B', repId: 'rep-cy' },
    ],
    rulesOfEngagement: 'Disputes go to the RVP within 2 days.\nNamed accounts win — always.',
  };
}

type Json = Record<string, unknown>;
const sampleDocument = (): Json => JSON.parse(serialisePlan(samplePlan(), UNIT_IDS, SAVED_AT)) as Json;
const get = (doc: Json, path: (string | number)[]): Json =>
  path.reduce<Json>((o, k) => (o as Record<string | number, unknown>)[k] as Json, doc);

function expectSamePlan(actual: Plan, expected: Plan): void {
  const typed = ({ assignments, lockedUnits, ...rest }: Plan) => ({ rest, assignments, lockedUnits });
  const a = typed(actual);
  const e = typed(expected);
  expect(a.rest).toEqual(e.rest);
  expect(a.assignments.length).toBe(e.assignments.length);
  a.assignments.forEach((x, t) => {
    expect(x).toBeInstanceOf(Int32Array);
    expect(Array.from(x)).toEqual(Array.from(e.assignments[t]));
  });
  a.lockedUnits.forEach((x, t) => {
    expect(x).toBeInstanceOf(Uint8Array);
    expect(Array.from(x)).toEqual(Array.from(e.lockedUnits[t]));
  });
}

function parseDocument(doc: unknown) {
  return parsePlanFile(JSON.stringify(doc), units);
}

describe('plan file', () => {
  it('round-trips a plan through the file text', () => {
    const plan = samplePlan();
    const text = serialisePlan(plan, UNIT_IDS, SAVED_AT);
    const result = parsePlanFile(text, units);
    if (!result.ok) throw new Error(result.error);
    expect(result.warnings).toEqual([]);
    expectSamePlan(result.plan, plan);
    // a second pass writes the same text
    expect(serialisePlan(result.plan, UNIT_IDS, SAVED_AT)).toBe(text);
  });

  it('stores unit ids, never indexes, and survives a reordered geography', () => {
    const doc = planToDocument(samplePlan(), UNIT_IDS, SAVED_AT);
    expect(doc.teams[0].territories[0].units).toEqual(['94103', '94105', '98101']);
    expect(doc.teams[0].territories[0].growthCut?.units).toEqual(['94103', '94105', '98101']);
    expect(doc.teams[0].lockedUnits).toEqual(['10001', '94105']);
    const reversed = [...UNIT_IDS].reverse();
    const result = planFromDocument(doc, { unitCount: reversed.length, indexOf: (id) => reversed.indexOf(id) });
    if (!result.ok) throw new Error(result.error);
    expect(result.plan.assignments[0][reversed.indexOf('94105')]).toBe(0);
    expect(result.plan.assignments[1][reversed.indexOf('GB')]).toBe(0);
    expect(result.plan.teams[0].territories[0].growthCut?.units).toEqual(
      ['94103', '94105', '98101'].map((id) => reversed.indexOf(id)),
    );
  });

  it('upgrades a version 1 file', () => {
    const text = readFileSync(new URL('./fixtures/plan-v1.json', import.meta.url), 'utf8');
    const raw: unknown = JSON.parse(text);
    const before = structuredClone(raw);
    const migrated = migratePlanDocument(raw);
    expect(migrated.ok && migrated.fromVersion).toBe(1);
    expect(migrated.ok && migrated.document.version).toBe(PLAN_FILE_VERSION);
    expect(raw).toEqual(before); // the input is never changed

    const result = parsePlanFile(text, units);
    if (!result.ok) throw new Error(result.error);
    expect(result.warnings).toEqual([
      'This plan file was written by an older Tessera (version 1) and has been upgraded.',
    ]);
    const { plan } = result;
    expect(plan.name).toBe('Untitled plan');
    expect(plan.tolerance).toBe(0.15);
    expect(plan.reps[0]).toEqual({
      id: 'rep-ada',
      name: 'Ada Park',
      email: 'ada@example.com',
      capacityAccounts: 120,
      capacityValue: 0,
      homeZip: '94105',
    });
    expect(plan.reps[1]).toMatchObject({ capacityAccounts: 0, homeZip: '' });
    expect(plan.teams.map((t) => t.routing)).toEqual(['territory', 'territory']);
    expect(plan.teams[0].territories[1]).toEqual({
      id: 't-east',
      name: 'East',
      colour: '#f28e2b',
      repId: null,
      vacantFrom: '2025-09-01',
      locked: true,
    });
    expect(plan.teams[0].territories[0]).toMatchObject({ vacantFrom: '', locked: false });
    const west = ['94105', '94103', '98101'].map((id) => UNIT_IDS.indexOf(id));
    expect(west.map((u) => plan.assignments[0][u])).toEqual([0, 0, 0]);
    expect(plan.assignments[1][UNIT_IDS.indexOf('GB')]).toBe(0);
    expect(plan.assignments[0][UNIT_IDS.indexOf('GB')]).toBe(-1);
    expect(plan.lockedUnits.every((l) => l.every((x) => x === 0))).toBe(true);
    expect(plan.ownership).toEqual(DEFAULT_OWNERSHIP);
    expect(plan.namedAccounts).toEqual([]);
    expect(plan.rulesOfEngagement).toBe('');
  });

  it('drops unit ids this geography does not know, with a warning', () => {
    const doc = sampleDocument();
    (get(doc, ['teams', 0, 'territories', 2, 'units']) as unknown as string[]).push('99999', 'C00000');
    (get(doc, ['teams', 0, 'lockedUnits']) as unknown as string[]).push('99999');
    const result = parseDocument(doc);
    if (!result.ok) throw new Error(result.error);
    expect(result.warnings).toEqual([
      'Territory "Middle": 2 unit ids are not in this geography and were dropped ("99999", "C00000").',
      'Locked units of team "Enterprise": 1 unit id is not in this geography and was dropped ("99999").',
    ]);
    expectSamePlan(result.plan, samplePlan());
  });

  it('fills defaults for optional fields', () => {
    const doc = sampleDocument();
    for (const key of ['ownership', 'rulesOfEngagement', 'namedAccounts', 'tolerance', 'savedAt', 'app'])
      delete doc[key];
    delete get(doc, ['teams', 0]).routing;
    const result = parseDocument(doc);
    if (!result.ok) throw new Error(result.error);
    expect(result.plan.teams[0].routing).toBe('territory');
    expect(result.plan.ownership).toEqual(DEFAULT_OWNERSHIP);
    expect(result.plan.ownership).not.toBe(DEFAULT_OWNERSHIP);
    expect(result.plan.rulesOfEngagement).toBe('');
    expect(result.plan.tolerance).toBe(0.1);
  });

  it('merges a partial ownership block with the defaults', () => {
    const doc = sampleDocument();
    doc.ownership = { order: ['TERRITORY', 'NAMED'], enabled: { CUSTOMER: false } };
    const result = parseDocument(doc);
    if (!result.ok) throw new Error(result.error);
    expect(result.plan.ownership.order).toEqual([
      'TERRITORY',
      'NAMED',
      'OPEN_OPPORTUNITY',
      'CUSTOMER',
      'RECENT_ENGAGEMENT',
      'PARENT',
      'ROUND_ROBIN',
    ]);
    expect(result.plan.ownership.enabled).toEqual({ ...DEFAULT_OWNERSHIP.enabled, CUSTOMER: false });
    expect(result.plan.ownership.engagementWindowDays).toBe(90);
    expect(result.warnings).toEqual([
      'ownership.order did not list OPEN_OPPORTUNITY, CUSTOMER, RECENT_ENGAGEMENT, PARENT, ROUND_ROBIN; added at the end.',
    ]);
  });

  const invalid: [string, (doc: Json) => void, string | RegExp][] = [
    ['no format', (d) => delete d.format, 'Not a Tessera plan file: "format" is missing.'],
    [
      'another format',
      (d) => (d.format = 'tessera-geo'),
      'Not a Tessera plan file: "format" is "tessera-geo", expected "tessera-plan".',
    ],
    ['no version', (d) => delete d.version, 'Not a Tessera plan file: "version" is missing.'],
    ['a text version', (d) => (d.version = '2'), 'Plan file "version" must be a whole number, not "2".'],
    ['a newer version', (d) => (d.version = 9), 'Plan file version 9 is newer than this Tessera (2).'],
    ['version 0', (d) => (d.version = 0), 'Plan file version 0 is not one Tessera writes (1 to 2).'],
    ['no teams', (d) => delete d.teams, 'teams is missing.'],
    ['teams not a list', (d) => (d.teams = {}), 'teams must be a list.'],
    ['no name', (d) => delete d.name, 'name is missing.'],
    [
      'a bad colour',
      (d) => (get(d, ['teams', 1, 'territories', 0]).colour = 'red'),
      'teams[1].territories[0].colour must be a colour like #4e79a7.',
    ],
    [
      'an unknown rep',
      (d) => (get(d, ['teams', 0, 'territories', 0]).repId = 'rep-7'),
      'Rep "rep-7" is used by territory "West" but not listed in reps.',
    ],
    [
      'an unknown pool rep',
      (d) => (get(d, ['teams', 1]).poolRepIds = ['rep-7']),
      'Rep "rep-7" is used by the round-robin pool of team "Inbound" but not listed in reps.',
    ],
    [
      'an unknown named-account rep',
      (d) => (get(d, ['namedAccounts', 1]).repId = 'rep-7'),
      'Rep "rep-7" is used by named account "001B" but not listed in reps.',
    ],
    [
      'a missing repId',
      (d) => delete get(d, ['teams', 0, 'territories', 1]).repId,
      'teams[0].territories[1].repId is missing.',
    ],
    [
      'duplicate territory ids',
      (d) => (get(d, ['teams', 0, 'territories', 2]).id = 't-west'),
      'teams[0].territories[2].id "t-west" is used by two territories of team "Enterprise".',
    ],
    [
      'duplicate team ids',
      (d) => (get(d, ['teams', 1]).id = 'team-ent'),
      'teams[1].id "team-ent" is used by two teams.',
    ],
    ['duplicate rep ids', (d) => (get(d, ['reps', 2]).id = 'rep-ada'), 'reps[2].id "rep-ada" is listed twice.'],
    [
      'a duplicate named account',
      (d) => (get(d, ['namedAccounts', 1]).accountId = '001A'),
      'namedAccounts[1].accountId "001A" is named twice.',
    ],
    [
      'a unit in two territories',
      (d) => (get(d, ['teams', 0, 'territories', 2]).units = ['94105']),
      'Unit "94105" is in two territories of team "Enterprise": "West" and "Middle".',
    ],
    [
      'a numeric unit id',
      (d) => (get(d, ['teams', 0]).lockedUnits = [2134]),
      'teams[0].lockedUnits[0] must be a unit id such as "94105" (a string).',
    ],
    [
      'a negative tolerance',
      (d) => (d.tolerance = -0.1),
      'tolerance must be a fraction above 0 and at most 1, like 0.1 for ±10%.',
    ],
    ['a percentage tolerance', (d) => (d.tolerance = 10), /^tolerance must be a fraction/],
    [
      'an unknown ownership rule',
      (d) => (get(d, ['ownership']).order = ['NAMED', 'GUT_FEELING']),
      'ownership.order[1] "GUT_FEELING" is not an ownership rule (NAMED, OPEN_OPPORTUNITY, CUSTOMER, RECENT_ENGAGEMENT, PARENT, TERRITORY, ROUND_ROBIN).',
    ],
    [
      'a repeated ownership rule',
      (d) => (get(d, ['ownership']).order = ['NAMED', 'TERRITORY', 'NAMED']),
      'ownership.order[2] "NAMED" is listed twice.',
    ],
    [
      'an unknown enabled rule',
      (d) => (get(d, ['ownership', 'enabled']).FOO = true),
      'ownership.enabled key "FOO" is not an ownership rule (NAMED, OPEN_OPPORTUNITY, CUSTOMER, RECENT_ENGAGEMENT, PARENT, TERRITORY, ROUND_ROBIN).',
    ],
    [
      'a text enabled flag',
      (d) => (get(d, ['ownership', 'enabled']).NAMED = 'yes'),
      'ownership.enabled.NAMED must be true or false.',
    ],
    [
      'a fractional engagement window',
      (d) => (get(d, ['ownership']).engagementWindowDays = 1.5),
      'ownership.engagementWindowDays must be a whole number, 0 or more.',
    ],
    [
      'an impossible date',
      (d) => (get(d, ['teams', 0, 'territories', 1]).vacantFrom = '2025-02-30'),
      'teams[0].territories[1].vacantFrom must be a date like 2025-07-01 (or "" for none).',
    ],
    [
      'an unknown routing',
      (d) => (get(d, ['teams', 1]).routing = 'random'),
      'teams[1].routing must be one of "territory", "roundRobin".',
    ],
    [
      'a bad condition',
      (d) => (get(d, ['teams', 0, 'conditions', 0]).op = 'in'),
      'teams[0].conditions[0].op must be one of ">=", "<".',
    ],
    [
      'a negative capacity',
      (d) => (get(d, ['reps', 0]).capacityAccounts = -1),
      'reps[0].capacityAccounts must be 0 or more.',
    ],
    [
      'a growth cut part out of range',
      (d) => (get(d, ['teams', 0, 'territories', 0, 'growthCut']).part = [0, 1, 2]),
      'teams[0].territories[0].growthCut.part[2] must be below parts (2).',
    ],
    [
      'a growth cut with too few parts',
      (d) => (get(d, ['teams', 0, 'territories', 0, 'growthCut']).accounts = [1]),
      'teams[0].territories[0].growthCut.accounts must have one entry per part (2), not 1.',
    ],
  ];

  it.each(invalid)('rejects %s with a message naming the problem', (_, spoil, message) => {
    const doc = sampleDocument();
    spoil(doc);
    const before = JSON.stringify(doc);
    const result = parseDocument(doc);
    expect(result.ok).toBe(false);
    if (!result.ok)
      expect(result.error).toMatch(typeof message === 'string' ? new RegExp(`^${escapeRegExp(message)}$`) : message);
    expect(JSON.stringify(doc)).toBe(before);
  });

  it('rejects text that is not a plan document', () => {
    const error = (text: string) => {
      const r = parsePlanFile(text, units);
      return r.ok ? '' : r.error;
    };
    expect(error('')).toBe('The plan file is empty.');
    expect(error('{"format": "tessera-plan",}')).toMatch(
      /^This file is not valid JSON: .*position 26 \(line 1,? column 27\)\.$/,
    );
    expect(error('{\n  "format": "tessera-plan"\n  "version": 2\n}')).toMatch(
      /^This file is not valid JSON: .*line 3,? column 3/,
    );
    expect(error('name,zip\nAda,94105')).toMatch(/^This file is not valid JSON: /);
    expect(error('[1, 2]')).toBe('Not a Tessera plan file: it must hold a JSON object.');
    expect(error('"tessera-plan"')).toBe('Not a Tessera plan file: it must hold a JSON object.');
  });

  it('checks a version 1 file in its own terms', () => {
    const raw = JSON.parse(readFileSync(new URL('./fixtures/plan-v1.json', import.meta.url), 'utf8')) as Json;
    delete get(raw, ['teams', 1, 'territories', 0]).zips;
    expect(planFromDocument(raw, units)).toEqual({ ok: false, error: 'teams[1].territories[0].zips is missing.' });
    get(raw, ['teams', 1, 'territories', 0]).zips = ['94105', 94107];
    expect(planFromDocument(raw, units)).toEqual({
      ok: false,
      error: 'teams[1].territories[0].zips[1] must be a unit id such as "94105" (a string).',
    });
  });

  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.string(), (text) => typeof parsePlanFile(text, units).ok === 'boolean'),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const text = JSON.stringify(value) ?? 'undefined';
        return (
          typeof planFromDocument(value, units).ok === 'boolean' && typeof parsePlanFile(text, units).ok === 'boolean'
        );
      }),
      { numRuns: 300 },
    );
    // a valid file with one value anywhere in it replaced by garbage
    const paths = leafPaths(sampleDocument()).filter((p) => p.length > 0);
    fc.assert(
      fc.property(fc.constantFrom(...paths), fc.anything(), (path, value) => {
        const doc = sampleDocument();
        const parent = get(doc, path.slice(0, -1)) as Record<string | number, unknown>;
        parent[path[path.length - 1]] = value;
        return typeof planFromDocument(doc, units).ok === 'boolean';
      }),
      { numRuns: 500 },
    );
  });
});

describe('plan schema', () => {
  type SchemaObject = { required?: string[]; properties: Record<string, unknown> };
  const defs = schema.$defs as unknown as Record<string, SchemaObject>;
  const doc = sampleDocument();
  // each object in the file next to its schema and how to reach it
  const objects: [string, SchemaObject, (string | number)[]][] = [
    ['plan', schema as unknown as SchemaObject, []],
    ['rep', defs.rep, ['reps', 0]],
    ['named account', defs.namedAccount, ['namedAccounts', 0]],
    ['ownership', defs.ownership, ['ownership']],
    ['team', defs.team, ['teams', 1]],
    ['territory', defs.territory, ['teams', 0, 'territories', 0]],
    ['growth cut', defs.growthCut, ['teams', 0, 'territories', 0, 'growthCut']],
  ];

  it('is the file npm run build:schema generates from planSchema.ts', () => {
    const committed = JSON.parse(readFileSync(new URL('./plan.schema.json', import.meta.url), 'utf8')) as unknown;
    expect(JSON.stringify(committed)).toBe(JSON.stringify(planJsonSchema()));
  });

  it('describes version 2', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.properties.version.const).toBe(PLAN_FILE_VERSION);
  });

  it.each(objects)('lists every property a serialised %s has', (_, def, path) => {
    const written = Object.keys(get(doc, path));
    expect(written.filter((k) => !(k in def.properties))).toEqual([]);
    expect((def.required ?? []).filter((k) => !written.includes(k))).toEqual([]);
  });

  it.each(objects)('requires exactly the %s keys the parser requires', (_, def, path) => {
    for (const key of Object.keys(def.properties)) {
      const spoilt = sampleDocument();
      delete get(spoilt, path)[key];
      const result = parseDocument(spoilt);
      const required = def.required?.includes(key) ?? false;
      // removing a required format or version is a different file, not a missing field
      if (required && !['format', 'version'].includes(key))
        expect(result.ok ? '' : result.error, key).toBe(`${[...path, key].map(String).reduce(join)} is missing.`);
      else expect(result.ok, key).toBe(!required);
    }
  });
});

function join(path: string, key: string): string {
  return /^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function leafPaths(value: unknown, path: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [path, ...value.flatMap((x, i) => leafPaths(x, [...path, i]))];
  if (typeof value === 'object' && value !== null)
    return [path, ...Object.entries(value).flatMap(([k, x]) => leafPaths(x, [...path, k]))];
  return [path];
}
