/**
 * A published map of the bundled sample, made in Node without the planner: the geography from
 * public/geo, data/sample-accounts.csv, and a plan of whole-state territories in two teams. Used by
 * e2e/publish.spec.ts, the publish bench and `npx tsx scripts/publish-sample.ts`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from 'topojson-specification';
import { paletteColour } from '../src/domain/palette.ts';
import { DEFAULT_OWNERSHIP, type Plan, type Rep, type Team } from '../src/domain/plan.ts';
import type { GeoIndex } from '../src/geo/geoIndex.ts';
import { loadGeoIndexFromDisk, readGeoFile } from '../src/geo/loadGeoNode.ts';
import { categoryLabel, stringAt, type AccountTable } from '../src/io/accountTable.ts';
import { importAccountsFromBytes } from '../src/io/importAccounts.ts';
import type { PublishGeography } from '../src/io/publishData.ts';

/** The geography a published map is drawn from, read from public/geo. */
export function loadPublishGeography(root = process.cwd()): PublishGeography {
  return {
    geo: loadGeoIndexFromDisk(root),
    zipAreas: readGeoFile<Topology>('zip-areas.topo.json', root),
    countries: readGeoFile<Topology>('countries.topo.json', root),
    lines: readGeoFile<Topology>('lines.topo.json', root),
  };
}

/** data/sample-accounts.csv imported as the app imports it. */
export function importSample(geo: GeoIndex, root = process.cwd()): AccountTable {
  return importAccountsFromBytes(readFileSync(join(root, 'data', 'sample-accounts.csv')), geo, 'sample-accounts.csv')
    .table;
}

/** A territory of the fixture: whole states, a rep (an owner in the sample) or vacant. */
export interface FixtureTerritory {
  id: string;
  name: string;
  states: string[];
  rep: string | null;
}

/** The Commercial team's territories: the whole US in six regions, the Southeast vacant. */
export const COMMERCIAL: FixtureTerritory[] = [
  {
    id: 'northeast',
    name: 'Northeast',
    states: ['ME', 'NH', 'VT', 'MA', 'RI', 'CT', 'NY', 'NJ', 'PA'],
    rep: 'Rowan Larsen',
  },
  {
    id: 'mid-atlantic',
    name: 'Mid-Atlantic',
    states: ['DE', 'MD', 'DC', 'VA', 'WV', 'NC', 'SC', 'KY', 'TN'],
    rep: 'Taylor Johnson',
  },
  { id: 'southeast', name: 'Southeast', states: ['GA', 'FL', 'AL', 'MS', 'LA', 'AR'], rep: null },
  { id: 'central', name: 'Central', states: ['OH', 'MI', 'IN', 'IL', 'WI', 'MN', 'IA', 'MO'], rep: 'Reese Okafor' },
  { id: 'south-central', name: 'South Central', states: ['TX', 'OK', 'KS', 'NE', 'SD', 'ND', 'NM'], rep: 'Hayden Kim' },
  {
    id: 'west',
    name: 'West',
    states: ['CA', 'OR', 'WA', 'NV', 'AZ', 'UT', 'CO', 'ID', 'MT', 'WY', 'AK', 'HI'],
    rep: 'Drew Walker',
  },
];

/** The Enterprise team's territories (Enterprise segment only). */
export const ENTERPRISE: FixtureTerritory[] = [
  {
    id: 'ent-east',
    name: 'Enterprise East',
    states: [...COMMERCIAL[0].states, ...COMMERCIAL[1].states, ...COMMERCIAL[2].states, ...COMMERCIAL[3].states],
    rep: 'Kendall Okafor',
  },
  {
    id: 'ent-west',
    name: 'Enterprise West',
    states: [...COMMERCIAL[4].states, ...COMMERCIAL[5].states],
    rep: 'Emerson Silva',
  },
];

export const RULES_OF_ENGAGEMENT = `Disputes: the two reps talk first; if they cannot agree within 5 business days, the regional VP decides and that decision is final.
Lead follow-up SLA: inbound leads are contacted within 1 business day; unworked leads return to the pool after 10 business days.
Reassignment: accounts move only at the start of a quarter. Open opportunities stay with their owner until they close.
Named accounts follow the rep, wherever they are.`;

function assignmentOf(geo: GeoIndex, territories: readonly FixtureTerritory[]): Int32Array {
  const byState = new Map<string, number>();
  territories.forEach((t, i) => t.states.forEach((s) => byState.set(s, i)));
  const assignment = new Int32Array(geo.unitCount).fill(-1);
  for (let u = 0; u < geo.zipUnitCount; u++) {
    const s = geo.stateOfUnit[u];
    if (s >= 0) assignment[u] = byState.get(geo.data.states[s].code) ?? -1;
  }
  return assignment;
}

/**
 * The fixture plan: an Enterprise team (Segment: Enterprise) in two territories and a Commercial team
 * for every other account in six; reps named like owners in the sample so the ownership ladder has
 * customers and open opportunities to keep; `named` accounts in Texas named to the West rep.
 */
export function fixturePlan(geo: GeoIndex, accounts: AccountTable | null, named = 12): Plan {
  const repNames = [...new Set([...COMMERCIAL, ...ENTERPRISE].flatMap((t) => (t.rep ? [t.rep] : [])))];
  const reps: Rep[] = repNames.map((name) => ({
    id: `rep-${name.toLowerCase().replace(/\W+/g, '-')}`,
    name,
    email: `${name.toLowerCase().replace(/\W+/g, '.')}@tessera-demo.com`,
    capacityAccounts: 0,
    capacityValue: 0,
    homeZip: '',
  }));
  const repId = (name: string | null): string | null =>
    name ? `rep-${name.toLowerCase().replace(/\W+/g, '-')}` : null;
  const territoriesOf = (list: FixtureTerritory[], offset: number) =>
    list.map((t, i) => ({
      id: t.id,
      name: t.name,
      colour: paletteColour(offset + i),
      repId: repId(t.rep),
      vacantFrom: t.rep ? '' : '2026-09-01',
      locked: false,
    }));
  const teams: Team[] = [
    {
      id: 'enterprise',
      name: 'Enterprise',
      conditions: [{ field: 'segment', op: 'in', values: ['Enterprise'] }],
      territories: territoriesOf(ENTERPRISE, 10),
    },
    { id: 'commercial', name: 'Commercial', conditions: [], territories: territoriesOf(COMMERCIAL, 0) },
  ];
  const namedAccounts: Plan['namedAccounts'] = [];
  if (accounts) {
    const west = repId('Drew Walker')!;
    for (let a = 0; a < accounts.count && namedAccounts.length < named; a++) {
      if (
        categoryLabel(accounts.categories.state, a) === 'TX' &&
        categoryLabel(accounts.categories.segment, a) !== 'Enterprise'
      )
        namedAccounts.push({ accountId: stringAt(accounts.id, a), repId: west });
    }
  }
  return {
    name: 'FY27 North America territories',
    teams,
    reps,
    assignments: [assignmentOf(geo, ENTERPRISE), assignmentOf(geo, COMMERCIAL)],
    lockedUnits: [new Uint8Array(geo.unitCount), new Uint8Array(geo.unitCount)],
    tolerance: 0.1,
    ownership: { ...DEFAULT_OWNERSHIP, asOf: '2026-06-30' },
    namedAccounts,
    rulesOfEngagement: RULES_OF_ENGAGEMENT,
  };
}
