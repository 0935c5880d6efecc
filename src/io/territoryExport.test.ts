import { createRequire } from 'node:module';
import Papa from 'papaparse';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_OWNERSHIP, type Plan, type Rep, type Team, type Territory } from '../domain/plan.ts';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { loadGeoIndexFromDisk } from '../geo/loadGeoNode.ts';
import { importAccountsCsv } from './importAccounts.ts';
import {
  TERRITORY_DEFINITION_HEADERS,
  territoryDefinitions,
  territoryDefinitionsCsv,
  territoryDefinitionsJson,
  type TerritoryDefinitionRecord,
  type TerritoryExportDocument,
} from './territoryExport.ts';

let geo: GeoIndex;
beforeAll(() => {
  geo = loadGeoIndexFromDisk();
});

const rep = (id: string, name: string, extra: Partial<Rep> = {}): Rep => ({
  id,
  name,
  email: `${id}@example.com`,
  capacityAccounts: 0,
  capacityValue: 0,
  homeZip: '',
  ...extra,
});
const territory = (id: string, repId: string | null, vacantFrom = ''): Territory => ({
  id,
  name: `Territory ${id}`,
  colour: '#4e79a7',
  repId,
  vacantFrom,
  locked: false,
});

const stateUnits = (code: string): number[] => {
  const s = geo.data.states.findIndex((x) => x.code === code);
  const out: number[] = [];
  for (let u = 0; u < geo.zipUnitCount; u++) if (geo.stateOfUnit[u] === s) out.push(u);
  return out;
};
const units = (...ids: string[]): number[] =>
  ids.map((id) => {
    const u = geo.unitOf(id);
    if (u < 0) throw new Error(`unknown unit ${id}`);
    return u;
  });

/** A plan whose teams' assignments come from lists of units per territory. */
function makePlan(
  teams: { team: Omit<Team, 'territories'>; territories: [Territory, number[]][] }[],
  reps: Rep[],
): Plan {
  return {
    name: 'Test plan',
    teams: teams.map(({ team, territories }) => ({ ...team, territories: territories.map(([t]) => t) })),
    reps,
    assignments: teams.map(({ territories }) => {
      const a = new Int32Array(geo.unitCount).fill(-1);
      territories.forEach(([, list], k) => list.forEach((u) => (a[u] = k)));
      return a;
    }),
    lockedUnits: teams.map(() => new Uint8Array(geo.unitCount)),
    tolerance: 0.1,
    ownership: DEFAULT_OWNERSHIP,
    namedAccounts: [
      { accountId: '001A', repId: 'ada' },
      { accountId: '001B', repId: 'ada' },
      { accountId: '001C', repId: 'eve' },
    ],
    rulesOfEngagement: '',
  };
}

const reps = [
  rep('ada', 'Ada Park', { crmUserId: '005A' }),
  rep('eve', '=HYPERLINK("http://evil","x")'),
  rep('ben', '+Ben Ortiz', { crmUserId: '005B' }),
];

function samplePlan(): Plan {
  return makePlan(
    [
      {
        team: {
          id: 'ent',
          name: 'Enterprise',
          conditions: [
            { field: 'employees', op: '>=', value: 1000 },
            { field: 'segment', op: 'in', values: ['Enterprise', 'Strategic'] },
          ],
        },
        territories: [
          [territory('tx', 'ada'), stateUnits('TX')],
          [territory('hire', null, '2026-09-01'), units('10001', '10003', '02134')],
          [territory('empty', 'ada'), []],
        ],
      },
      {
        team: { id: 'smb', name: 'SMB', conditions: [] },
        territories: [
          [territory('evil', 'eve'), units('90210')],
          [territory('plus', 'ben'), units('C51580', '22201', 'MX', 'C51570', 'CA')],
        ],
      },
    ],
    reps,
  );
}

const parse = (csv: string): string[][] => Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
const byId = (records: TerritoryDefinitionRecord[], id: string): TerritoryDefinitionRecord => {
  const r = records.find((x) => x.id === id);
  if (!r) throw new Error(`no record ${id}`);
  return r;
};
/** Every ZIP the router places in the units: their own ZIP areas plus USPS ZIPs without an area (PO boxes). */
const routedZipsOf = (list: number[]): string[] => {
  const inside = new Set(list);
  const own = list.filter((u) => geo.isZipUnit(u) && !geo.ids[u].startsWith('C')).map((u) => geo.ids[u]);
  const usps = geo.data.zipLookup.zip.filter((z) => inside.has(geo.resolveZip(z).unit));
  return [...new Set([...own, ...usps])].sort();
};
const texasZips = (): string[] => routedZipsOf(stateUnits('TX'));

describe('territoryDefinitions', () => {
  it('gives one record per territory of every team with team, filter, owner and definition', () => {
    const records = territoryDefinitions(samplePlan(), geo);
    expect(records.map((r) => r.id)).toEqual(['tx', 'hire', 'empty', 'evil', 'plus']);
    const tx = byId(records, 'tx');
    expect(tx.name).toBe('Territory tx');
    expect(tx.team).toEqual({
      id: 'ent',
      name: 'Enterprise',
      routing: 'territory',
      filter: {
        conditions: [
          { field: 'employees', op: '>=', value: 1000 },
          { field: 'segment', op: 'in', values: ['Enterprise', 'Strategic'] },
        ],
        description: '1,000+ employees; Segment: Enterprise or Strategic',
      },
    });
    expect(tx.owner).toEqual({
      vacant: false,
      repId: 'ada',
      name: 'Ada Park',
      email: 'ada@example.com',
      crmUserId: '005A',
      vacantFrom: '',
      namedAccounts: 2,
    });
    expect(tx.definition).toBe('Texas');
    expect(byId(records, 'evil').team.filter.description).toBe('all accounts not taken by an earlier team');
    expect(byId(records, 'evil').owner.namedAccounts).toBe(1);
  });

  it('cuts all Texas ZIP codes into ceil(n/500) sorted rules with none lost or duplicated', () => {
    const zips = texasZips();
    // ~1,990 ZIP areas and ~670 PO-box / single-organisation ZIPs
    expect(zips.length).toBeGreaterThan(2600);
    const tx = byId(territoryDefinitions(samplePlan(), geo), 'tx');
    expect(tx.ruleSize).toBe(500);
    expect(tx.zipCount).toBe(zips.length);
    expect(tx.zipRules).toHaveLength(Math.ceil(zips.length / 500));
    for (const rule of tx.zipRules) expect(rule.length).toBeLessThanOrEqual(500);
    expect(tx.zipRules.slice(0, -1).every((rule) => rule.length === 500)).toBe(true);
    const flat = tx.zipRules.flat();
    expect(flat).toHaveLength(zips.length);
    expect(new Set(flat).size).toBe(zips.length);
    expect(flat).toEqual([...zips].sort());
    expect(flat.every((z) => /^\d{5}$/.test(z))).toBe(true);
    expect(tx.counties).toEqual([]);
    expect(tx.countries).toEqual([]);
  });

  it('respects the ruleSize option and rejects nonsense sizes', () => {
    const zips = texasZips();
    const tx = byId(territoryDefinitions(samplePlan(), geo, { ruleSize: 100 }), 'tx');
    expect(tx.ruleSize).toBe(100);
    expect(tx.zipRules).toHaveLength(Math.ceil(zips.length / 100));
    expect(tx.zipRules.every((rule) => rule.length > 0 && rule.length <= 100)).toBe(true);
    expect(new Set(tx.zipRules.flat())).toEqual(new Set(zips));
    const one = byId(territoryDefinitions(samplePlan(), geo, { ruleSize: 1 }), 'hire');
    expect(one.zipRules).toEqual(routedZipsOf(units('10001', '10003', '02134')).map((z) => [z]));
    for (const ruleSize of [0, -5, 2.5, Number.NaN]) {
      expect(() => territoryDefinitions(samplePlan(), geo, { ruleSize })).toThrow(RangeError);
    }
  });

  it('says Vacant with the planned start date for a territory without a rep', () => {
    const hire = byId(territoryDefinitions(samplePlan(), geo), 'hire');
    expect(hire.owner).toMatchObject({ vacant: true, repId: null, name: 'Vacant', vacantFrom: '2026-09-01' });
    expect(hire.owner.namedAccounts).toBe(0);
    // ZIP codes keep their leading zero and sort as text
    expect(hire.zipRules).toEqual([routedZipsOf(units('10001', '10003', '02134'))]);
    expect(hire.zipRules[0].slice(0, 1)).toEqual(['02134']);
  });

  it('lists counties without ZIP areas and countries in their own fields, not as ZIP codes', () => {
    const plus = byId(territoryDefinitions(samplePlan(), geo), 'plus');
    const routed = routedZipsOf(units('C51580', '22201', 'MX', 'C51570', 'CA'));
    // Arlington's PO-box ZIPs (22210, ...) go with 22201; the counties' USPS ZIPs are listed as ZIP codes too
    expect(routed.length).toBeGreaterThan(1);
    expect(plus.zipRules).toEqual([routed]);
    expect(plus.zipCount).toBe(routed.length);
    expect(plus.counties).toEqual([
      { fips: '51570', name: 'Colonial Heights, VA' },
      { fips: '51580', name: expect.stringMatching(/, VA$/) },
    ]);
    expect(plus.countries).toEqual(['CA', 'MX']);
  });

  it('gives an empty territory no rules and says so in words', () => {
    const empty = byId(territoryDefinitions(samplePlan(), geo), 'empty');
    expect(empty.zipRules).toEqual([]);
    expect(empty.zipCount).toBe(0);
    expect(empty.definition).toBe('No areas yet');
  });
});

describe('territory definitions and the router agree on every USPS ZIP', () => {
  it('finds, for every ZIP of the zipcodes package, the territory the import router gives it', () => {
    const require = createRequire(import.meta.url);
    const codes = (require('zipcodes') as { codes: Record<string, { zip: string }> }).codes;
    const allZips = [...new Set(Object.values(codes).map((z) => z.zip))].filter((z) => /^\d{5}$/.test(z));
    expect(allZips.length).toBeGreaterThan(41_000);
    // a realistic two-team plan: one territory per state, and a team that covers only part of the map
    const states = geo.data.states.map((s) => s.code);
    const plan = makePlan(
      [
        {
          team: { id: 'all', name: 'All', conditions: [] },
          territories: states.map((code) => [territory(code, 'ada'), stateUnits(code)]),
        },
        {
          team: { id: 'east', name: 'East', conditions: [] },
          territories: [
            [territory('ny', 'ben'), stateUnits('NY')],
            [territory('va-dc', null), [...stateUnits('VA'), ...stateUnits('DC')]],
          ],
        },
      ],
      reps,
    );
    const records = territoryDefinitions(plan, geo);
    // the router: the same import path accounts and the routing tester's leads take
    const { table } = importAccountsCsv(`Id,ZIP\n${allZips.map((z, i) => `A${i},${z}`).join('\n')}\n`, geo);
    expect(table.count).toBe(allZips.length);
    let withoutArea = 0;
    plan.teams.forEach((team, t) => {
      const territoryOfZip = new Map<string, number>();
      for (const r of records.filter((x) => x.team.id === team.id))
        for (const zip of r.zipRules.flat()) {
          expect(territoryOfZip.has(zip), `${zip} listed twice`).toBe(false);
          territoryOfZip.set(
            zip,
            team.territories.findIndex((x) => x.id === r.id),
          );
        }
      const mismatches: string[] = [];
      allZips.forEach((zip, a) => {
        const unit = table.unit[a];
        const routed = unit >= 0 ? plan.assignments[t][unit] : -1;
        const defined = territoryOfZip.get(zip) ?? -1;
        if (routed !== defined) mismatches.push(`${zip}: router ${routed}, definitions ${defined}`);
        if (t === 0 && unit >= 0 && geo.ids[unit] !== zip) withoutArea++;
      });
      expect(mismatches.slice(0, 10)).toEqual([]);
    });
    // PO-box and single-organisation ZIPs that the definitions used to leave out
    expect(withoutArea).toBeGreaterThan(7_000);
  });
});

describe('territoryDefinitionsCsv', () => {
  it('writes one row per rule with "i of n", and the ZIP lists parse back to the same sets', () => {
    const records = territoryDefinitions(samplePlan(), geo);
    const rows = parse(territoryDefinitionsCsv(records));
    expect(rows[0]).toEqual([...TERRITORY_DEFINITION_HEADERS]);
    const col = (name: (typeof TERRITORY_DEFINITION_HEADERS)[number]): number =>
      TERRITORY_DEFINITION_HEADERS.indexOf(name);
    const body = rows.slice(1);
    const txRows = body.filter((r) => r[col('Territory Id')] === 'tx');
    const n = Math.ceil(texasZips().length / 500);
    expect(txRows).toHaveLength(n);
    expect(txRows.map((r) => r[col('Rule')])).toEqual(Array.from({ length: n }, (_, i) => `${i + 1} of ${n}`));
    expect(txRows[0].slice(0, 8)).toEqual([
      'tx',
      'Territory tx',
      'Enterprise',
      '1,000+ employees; Segment: Enterprise or Strategic',
      'Ada Park',
      'ada@example.com',
      '005A',
      '2',
    ]);
    expect(txRows[0][col('Definition')]).toBe('Texas');
    // every record's ZIP codes come back from the CSV exactly once
    for (const r of records) {
      const parsed = body
        .filter((row) => row[col('Territory Id')] === r.id)
        .flatMap((row) => (row[col('ZIP codes')] ? row[col('ZIP codes')].split(',') : []));
      expect(parsed).toEqual(r.zipRules.flat());
    }
    expect(body.every((row) => row[col('ZIP codes')].split(',').length <= 500)).toBe(true);
    const hireRules = Math.ceil(routedZipsOf(units('10001', '10003', '02134')).length / 500);
    expect(body).toHaveLength(n + hireRules + 1 + 1 + 1);
  });

  it('respects the rule size in the rows', () => {
    const rows = parse(territoryDefinitionsCsv(territoryDefinitions(samplePlan(), geo, { ruleSize: 100 }))).slice(1);
    const txRows = rows.filter((r) => r[0] === 'tx');
    expect(txRows).toHaveLength(Math.ceil(texasZips().length / 100));
    expect(new Set(txRows.flatMap((r) => r[9].split(',')))).toEqual(new Set(texasZips()));
  });

  it('joins codes with a comma inside a quoted cell', () => {
    const csv = territoryDefinitionsCsv(territoryDefinitions(samplePlan(), geo));
    expect(csv).toContain(`"${routedZipsOf(units('10001', '10003', '02134')).join(',')}"`);
    expect(csv).toContain('"CA,MX"');
    expect(csv).toContain('"51570,51580"');
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('says Vacant with the start date, and writes an empty territory as one row without rule or ZIP codes', () => {
    const rows = parse(territoryDefinitionsCsv(territoryDefinitions(samplePlan(), geo))).slice(1);
    const hire = rows.filter((r) => r[0] === 'hire');
    expect(hire).toHaveLength(1);
    expect(hire[0].slice(4, 10)).toEqual([
      'Vacant (from 2026-09-01)',
      '',
      '',
      '0',
      '1 of 1',
      routedZipsOf(units('10001', '10003', '02134')).join(','),
    ]);
    const empty = rows.filter((r) => r[0] === 'empty');
    expect(empty).toHaveLength(1);
    expect(empty[0].slice(8)).toEqual(['', '', '', '', 'No areas yet']);
  });

  it('puts counties without ZIPs and countries in their own columns', () => {
    const rows = parse(territoryDefinitionsCsv(territoryDefinitions(samplePlan(), geo))).slice(1);
    const plus = rows.filter((r) => r[0] === 'plus');
    expect(plus).toHaveLength(1);
    const routed = routedZipsOf(units('C51580', '22201', 'MX', 'C51570', 'CA'));
    expect(plus[0].slice(8, 12)).toEqual(['1 of 1', routed.join(','), '51570,51580', 'CA,MX']);
  });

  it('lists counties and countries on the first rule only, and a countries-only territory gets one rule', () => {
    const plan = makePlan(
      [
        {
          team: { id: 't', name: 'T', conditions: [] },
          territories: [
            [territory('mix', 'ada'), [...units('GB', 'C51570'), ...stateUnits('RI')]],
            [territory('abroad', 'ada'), units('DE', 'FR')],
          ],
        },
      ],
      reps,
    );
    const rows = parse(territoryDefinitionsCsv(territoryDefinitions(plan, geo, { ruleSize: 10 }))).slice(1);
    const mix = rows.filter((r) => r[0] === 'mix');
    expect(mix.length).toBe(Math.ceil(routedZipsOf([...units('C51570'), ...stateUnits('RI')]).length / 10));
    expect(mix[0].slice(10, 12)).toEqual(['51570', 'GB']);
    expect(mix.slice(1).every((r) => r[10] === '' && r[11] === '')).toBe(true);
    const abroad = rows.filter((r) => r[0] === 'abroad');
    expect(abroad.map((r) => r.slice(8, 12))).toEqual([['1 of 1', '', '', 'DE,FR']]);
  });

  it('neutralises owner names and other cells starting with = or + against formula injection', () => {
    const plan = samplePlan();
    plan.teams[1].name = '@Inside';
    const rows = parse(territoryDefinitionsCsv(territoryDefinitions(plan, geo))).slice(1);
    const evil = rows.find((r) => r[0] === 'evil');
    const plus = rows.find((r) => r[0] === 'plus');
    expect(evil?.[4]).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(plus?.[4]).toBe(`'+Ben Ortiz`);
    expect(plus?.[2]).toBe(`'@Inside`);
    expect(rows.every((r) => r.every((cell) => !/^[=+\-@\t\r]/.test(cell)))).toBe(true);
  });
});

describe('territoryDefinitionsJson', () => {
  it('round-trips through JSON.parse as a versioned document', () => {
    const records = territoryDefinitions(samplePlan(), geo, { ruleSize: 250 });
    const text = territoryDefinitionsJson(records, { planName: 'FY27 plan', savedAt: '2026-05-01T10:00:00.000Z' });
    expect(text).toContain('\n  "format": "tessera-territories"');
    const doc = JSON.parse(text) as TerritoryExportDocument;
    expect(doc.format).toBe('tessera-territories');
    expect(doc.version).toBe(1);
    expect(doc.plan).toBe('FY27 plan');
    expect(doc.exportedAt).toBe('2026-05-01T10:00:00.000Z');
    expect(doc.ruleSize).toBe(250);
    expect(doc.territories).toEqual(records);
    // names are data here, not spreadsheet cells: kept as they are
    expect(byId(doc.territories, 'evil').owner.name).toBe('=HYPERLINK("http://evil","x")');
    expect(new Set(byId(doc.territories, 'tx').zipRules.flat())).toEqual(new Set(texasZips()));
  });

  it('writes the default rule size for an empty export', () => {
    const doc = JSON.parse(territoryDefinitionsJson([], { planName: 'Empty', savedAt: '' })) as TerritoryExportDocument;
    expect(doc).toEqual({
      format: 'tessera-territories',
      version: 1,
      plan: 'Empty',
      exportedAt: '',
      ruleSize: 500,
      territories: [],
    });
  });
});
