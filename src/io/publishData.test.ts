import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { routeAccounts } from '../engine/leadRouting.ts';
import type { OwnershipResult } from '../engine/ownership.ts';
import type { Plan } from '../domain/plan.ts';
import { fixturePlan, importSample, loadPublishGeography } from '../../scripts/publishFixture.ts';
import { stringAt, type AccountTable } from './accountTable.ts';
import {
  buildCandidateData,
  buildPublishedData,
  teamFilterText,
  valueBand,
  type PublishGeography,
} from './publishData.ts';
import { decodeZipPositions, lookupZip, searchAccounts, searchKey, type PublishedMapData } from './publishFormat.ts';
import { labelPoint, poleOfInaccessibility, simplifyLine, withoutSlivers } from './publishGeometry.ts';
import { validateGeoJsonPolygons } from '../geo/territoryBoundaries.ts';

let geography: PublishGeography;
let table: AccountTable;
let plan: Plan;
let ownership: OwnershipResult;
let full: PublishedMapData;
let rows: Record<string, string>[];

beforeAll(() => {
  geography = loadPublishGeography();
  table = importSample(geography.geo);
  plan = fixturePlan(geography.geo, table);
  ownership = routeAccounts(table, plan);
  full = buildPublishedData(
    { plan, geography, accounts: table, ownership, publishedAt: '2026-07-01T09:00:00Z', version: '3' },
    { includeAccounts: true, includeAccountIds: true, includeValues: true, includePlanFile: true },
  );
  rows = Papa.parse<Record<string, string>>(readFileSync('data/sample-accounts.csv', 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
});

describe('buildPublishedData', () => {
  it('carries the plan name, version, date and the rules of engagement', () => {
    expect(full.meta).toMatchObject({
      planName: 'FY27 North America territories',
      version: '3',
      planFileVersion: 2,
      publishedAt: '2026-07-01T09:00:00.000Z',
      publishedDate: '2026-07-01',
    });
    expect(full.meta.fingerprint).toMatch(/^[0-9a-f]{8}$/);
    expect(full.rulesOfEngagement).toContain('the regional VP decides');
    // the fingerprint follows the plan, not the date or the name
    const again = buildPublishedData({ plan: { ...plan, name: 'Other' }, geography, publishedAt: '2027-01-01' });
    expect(again.meta.fingerprint).toBe(full.meta.fingerprint);
    const moved = buildPublishedData({ plan: { ...plan, rulesOfEngagement: 'changed' }, geography });
    expect(moved.meta.fingerprint).not.toBe(full.meta.fingerprint);
  });

  it('keeps the plan territory ids as deep-link ids, in plan order, with colours and reps', () => {
    expect(full.teams.map((t) => t.id)).toEqual(['enterprise', 'commercial']);
    expect(full.teams[1].territories.map((k) => k.id)).toEqual(plan.teams[1].territories.map((k) => k.id));
    const rebuilt = buildPublishedData({ plan, geography, accounts: table });
    expect(rebuilt.teams.flatMap((t) => t.territories.map((k) => k.id))).toEqual(
      full.teams.flatMap((t) => t.territories.map((k) => k.id)),
    );
    const northeast = full.teams[1].territories[0];
    expect(northeast).toMatchObject({
      name: 'Northeast',
      colour: plan.teams[1].territories[0].colour,
      repName: 'Rowan Larsen',
    });
    expect(northeast.repEmail).toBe('rowan.larsen@tessera-demo.com');
    const southeast = full.teams[1].territories[2];
    expect(southeast).toMatchObject({ repName: null, rep: -1, vacantFrom: '2026-09-01' });
  });

  it('defines every territory in plain words, with its team filter and named-account exceptions', () => {
    const [northeast, , southeast, , southCentral] = full.teams[1].territories;
    expect(southeast.definition).toBe('Florida, Georgia, Alabama, Arkansas, Louisiana and Mississippi');
    expect(southeast.filter).toBe('every account not in the Enterprise team');
    expect(southeast.summary).toBe(
      'Florida, Georgia, Alabama, Arkansas, Louisiana and Mississippi; Commercial team: every account not in the Enterprise team',
    );
    expect(northeast.definition).toContain('New York');
    // 12 Texas accounts are named to the West rep
    expect(southCentral.namedExcept).toBe(12);
    expect(southCentral.summary).toMatch(/; except 12 named accounts$/);
    expect(full.teams[1].territories[5].summary).toMatch(/; plus 12 named accounts elsewhere$/);
    expect(full.teams[0].territories[0].summary).toContain('Enterprise team: Segment: Enterprise');
    expect(teamFilterText(plan, 0)).toBe('Segment: Enterprise');
    for (const k of full.teams.flatMap((t) => t.territories)) expect(k.definition).not.toBe('No areas yet');
  });

  it('outlines every territory with valid rounded polygons, a label inside and bounds', () => {
    for (const k of full.teams.flatMap((t) => t.territories)) {
      expect(k.geometry, k.name).not.toBeNull();
      const fc = {
        type: 'FeatureCollection' as const,
        features: [{ type: 'Feature' as const, properties: {}, geometry: k.geometry! }],
      };
      const serious = validateGeoJsonPolygons(fc, 5).filter(
        (p) => p.kind !== 'self-intersection' && p.kind !== 'rings-cross',
      );
      expect(serious, k.name).toEqual([]);
      const text = JSON.stringify(k.geometry);
      expect(text).not.toMatch(/\.\d{6,}/); // at most 5 decimals
      expect(k.bounds).not.toBeNull();
      const [w, s, e, n] = k.bounds!;
      expect(k.label![0]).toBeGreaterThanOrEqual(w);
      expect(k.label![0]).toBeLessThanOrEqual(e);
      expect(k.label![1]).toBeGreaterThanOrEqual(s);
      expect(k.label![1]).toBeLessThanOrEqual(n);
    }
    // the West (with Alaska and Hawaii) still frames the mainland
    const west = full.teams[1].territories[5];
    expect(west.bounds![0]).toBeGreaterThan(-126);
    expect(west.label![0]).toBeGreaterThan(-125);
    expect(full.context.bounds[0]).toBeGreaterThan(-126);
    expect(full.context.land.length).toBeGreaterThan(10);
    expect(full.context.stateLines.length).toBeGreaterThan(10);
    expect(full.context.world.length).toBeGreaterThan(100);
  });

  it('counts accounts per territory the way the routing does, values only when allowed', () => {
    const northeast = full.teams[1].territories[0];
    let expected = 0;
    let value = 0;
    for (let a = 0; a < table.count; a++) {
      if (ownership.team[a] === 1 && ownership.territory[a] === 0) {
        expected++;
        value += Number.isFinite(table.value[a]) ? table.value[a] : 0;
      }
    }
    expect(northeast.accounts).toBe(expected);
    expect(northeast.value).toBe(Math.round(value));
    const total = full.teams.reduce(
      (s, t) => s + t.territories.reduce((n, k) => n + (k.accounts ?? 0), 0) + (t.unassignedAccounts ?? 0),
      0,
    );
    expect(total).toBe(ownership.team.filter((t) => t >= 0).length);
  });

  it('indexes every ZIP inside a territory, with its place, position and territory per team', () => {
    const positions = decodeZipPositions(full.zips);
    const dallas = lookupZip(full.zips, positions, '75201')!;
    expect(dallas.place).toBe('Dallas, TX');
    expect(dallas.lon).toBeCloseTo(-96.8, 0);
    expect(dallas.lat).toBeCloseTo(32.8, 0);
    expect(full.teams[1].territories[dallas.territory[1]].name).toBe('South Central');
    expect(full.teams[0].territories[dallas.territory[0]].name).toBe('Enterprise West');
    expect(lookupZip(full.zips, positions, '00000')).toBeNull();
    expect(lookupZip(full.zips, positions, 'abcde')).toBeNull();
    // a PO-box ZIP resolves to the area it lies in
    const { zip, unit } = geography.geo.data.zipLookup;
    const i = zip.findIndex((_, j) => unit[j] >= 0 && plan.assignments[1][unit[j]] >= 0);
    const box = lookupZip(full.zips, positions, zip[i])!;
    expect(box.area).toBe(geography.geo.ids[unit[i]]);
    // Puerto Rico is in no territory, so not in the index
    expect(lookupZip(full.zips, positions, '00601')).toBeNull();
    expect(full.zips.codes.length / 5).toBe(full.zips.place.length);
  });

  it('finds accounts by name and Id for the search box', () => {
    const accounts = full.accounts!;
    const keys = accounts.name.map(searchKey);
    const a = 1234;
    const name = stringAt(table.name, a);
    const hits = searchAccounts(accounts, keys, name.toUpperCase());
    expect(hits[0]).toBe(a);
    expect(searchAccounts(accounts, keys, stringAt(table.id, a))[0]).toBe(a);
    expect(accounts.owner[a]).toBe(
      ownership.ownerRep[a] < 0 ? -1 : full.reps.findIndex((r) => r.name === plan.reps[ownership.ownerRep[a]].name),
    );
    expect(full.reasons[accounts.reason[a]].label.length).toBeGreaterThan(5);
    expect(accounts.places[accounts.place[a]]).toContain(',');
  });

  it('respects the options: no values, no Ids, no accounts, no emails, no plan file', () => {
    const hidden = buildPublishedData({ plan, geography, accounts: table, ownership }, {});
    expect(hidden.options).toEqual({
      includeAccounts: true,
      includeAccountIds: false,
      includeValues: false,
      includeRepEmails: true,
      includePlanFile: false,
    });
    expect(hidden.accounts!.value).toBeNull();
    expect(hidden.accounts!.id).toBeNull();
    expect(hidden.valueName).toBeNull();
    expect(hidden.planFile).toBeNull();
    for (const k of hidden.teams.flatMap((t) => t.territories)) expect(k.value).toBeNull();
    // no account Id anywhere: named accounts are listed by Id, so they go with them
    const text = JSON.stringify(hidden);
    for (const row of rows.slice(0, 2000)) expect(text.includes(row.Id), row.Id).toBe(false);
    const values = new Set(rows.map((r) => r.AnnualRevenue).filter((v) => v.length >= 7));
    expect(hidden.accounts!.name).toHaveLength(table.count);

    const none = buildPublishedData(
      { plan, geography, accounts: table, ownership },
      { includeAccounts: false, includeAccountIds: true, includeRepEmails: false },
    );
    expect(none.accounts).toBeNull();
    expect(none.options.includeAccountIds).toBe(false);
    expect(none.reps.every((r) => r.email === '')).toBe(true);
    const noneText = JSON.stringify(none);
    for (const row of rows.slice(0, 3000)) expect(noneText.includes(`"${row.Name}"`), row.Name).toBe(false);
    for (const v of [...values].slice(0, 500))
      expect(noneText.includes(`:${v},`) || noneText.includes(`,${v},`), v).toBe(false);
    // totals stay: they are per territory
    expect(none.teams[1].territories[0].accounts).toBe(full.teams[1].territories[0].accounts);

    // the plan file, when asked for, is the plan document (without named accounts unless Ids are in)
    const withPlan = buildPublishedData({ plan, geography }, { includePlanFile: true });
    expect(withPlan.planFile).toMatchObject({ format: 'tessera-plan', version: 2, namedAccounts: [] });
    expect((full.planFile as { namedAccounts: unknown[] }).namedAccounts).toHaveLength(12);
  });

  it('works without accounts: no counts, no search, named accounts from the plan', () => {
    const bare = buildPublishedData({ plan, geography });
    expect(bare.accounts).toBeNull();
    expect(bare.teams[1].territories[0].accounts).toBeNull();
    expect(bare.teams[1].territories[5].namedPlus).toBe(12);
    expect(bare.teams[1].territories[2].definition).toBe(
      'Florida, Georgia, Alabama, Arkansas, Louisiana and Mississippi',
    );
  });
});

describe('buildCandidateData', () => {
  it('holds no account name, Id or owner of the sample and no other territory', () => {
    const candidate = buildCandidateData({ plan, geography, accounts: table, ownership }, 'southeast');
    const text = JSON.stringify(candidate);
    for (const row of rows) {
      expect(text.includes(row.Id), row.Id).toBe(false);
      if (row.Name.length >= 6) expect(text.includes(row.Name), row.Name).toBe(false);
      if (row['Owner.Name']) expect(text.includes(row['Owner.Name']), row['Owner.Name']).toBe(false);
    }
    for (const rep of plan.reps) {
      expect(text.includes(rep.name)).toBe(false);
      expect(text.includes(rep.email)).toBe(false);
    }
    for (const other of plan.teams.flatMap((t) => t.territories).filter((k) => k.id !== 'southeast')) {
      expect(text.includes(`"${other.name}"`), other.name).toBe(false);
      expect(text.includes(`"${other.id}"`), other.id).toBe(false);
    }
    expect(text).not.toContain('rulesOfEngagement');
  });

  it('gives the territory, its definition and aggregate figures only', () => {
    const candidate = buildCandidateData({ plan, geography, accounts: table, ownership }, 'southeast');
    expect(candidate.kind).toBe('candidate');
    expect(candidate.territory).toMatchObject({
      id: 'southeast',
      name: 'Southeast',
      team: 'Commercial',
      vacantFrom: '2026-09-01',
    });
    expect(candidate.territory.definition).toBe('Florida, Georgia, Alabama, Arkansas, Louisiana and Mississippi');
    expect(candidate.territory.geometry).not.toBeNull();
    const f = candidate.figures!;
    expect(f.accounts).toBe(full.teams[1].territories[2].accounts);
    expect(f.states).toEqual(['Alabama', 'Arkansas', 'Florida', 'Georgia', 'Louisiana', 'Mississippi']);
    expect(f.medianValueBand).toMatch(/^\$[\d.]+[KMB]?–\$[\d.]+[KMB]?$/);
    expect(f.totalValueBand).toMatch(/^\$[\d.]+[KMB]?–\$[\d.]+[KMB]?$/);
    for (const mix of [f.valueMix, f.segmentMix, f.industryMix, f.typeMix]) {
      expect(mix.length).toBeGreaterThan(0);
      expect(mix.reduce((s, m) => s + m.percent, 0)).toBe(100);
    }
    expect(f.segmentMix.map((m) => m.label)).toContain('SMB');
    expect(f.tierMix).toEqual([]); // the sample has no tier column
    expect(() => buildCandidateData({ plan, geography }, 'nope')).toThrow(/No territory/);
  });
});

describe('publish helpers', () => {
  it('bands values on a 1-2.5-5 scale', () => {
    expect(valueBand(3_100_000, true)).toBe('$2.5M–$5M');
    expect(valueBand(999, false)).toBe('500–1K');
    expect(valueBand(12_000_000_000, true)).toBe('$10B–$25B');
    expect(valueBand(1_000_000, true)).toBe('$1M–$2.5M');
    expect(valueBand(0, true)).toBe('$0');
  });

  it('simplifies lines, finds label points inside concave shapes and drops slivers', () => {
    const line = [
      [0, 0],
      [1, 0.001],
      [2, 0],
      [3, 1],
    ];
    expect(simplifyLine(line, 0.01)).toEqual([
      [0, 0],
      [2, 0],
      [3, 1],
    ]);
    // a U shape: its centroid lies in the gap, the label must not
    const u = [
      [
        [0, 0],
        [3, 0],
        [3, 3],
        [2, 3],
        [2, 1],
        [1, 1],
        [1, 3],
        [0, 3],
        [0, 0],
      ],
    ];
    const [x, y] = poleOfInaccessibility(u, 0.001);
    expect(x < 1 || x > 2 || y < 1).toBe(true);
    expect(labelPoint([u])).not.toBeNull();
    const sliver = [
      [
        [0, 0],
        [0.01, 0],
        [0.01, 0.00001],
        [0, 0],
      ],
    ];
    const square = [
      [
        [0, 0],
        [0.1, 0],
        [0.1, 0.1],
        [0, 0.1],
        [0, 0],
      ],
    ];
    expect(withoutSlivers([sliver, square])).toEqual([square]);
  });
});
