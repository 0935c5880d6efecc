import { describe, expect, it } from 'vitest';
import { DEFAULT_OWNERSHIP, OWNERSHIP_REASONS, type Rep, type Team } from '../domain/plan.ts';
import { loadGeoIndexFromDisk } from '../geo/loadGeoNode.ts';
import { importAccountsCsv } from '../io/importAccounts.ts';
import { UNROUTABLE_WHY } from './ownership.ts';
import { accountLookups, matchLeads, routeAccounts } from './leadRouting.ts';
import { webDomain } from '../io/accountTable.ts';

const geo = loadGeoIndexFromDisk();
const rep = (id: string, name: string): Rep => ({
  id,
  name,
  email: `${id}@x.com`,
  capacityAccounts: 0,
  capacityValue: 0,
  homeZip: '',
});
const reps = [rep('tx', 'Tex Ranger'), rep('p1', 'Pool One'), rep('p2', 'Pool Two')];
const texas = geo.data.states.findIndex((s) => s.code === 'TX');
const byMap = new Int32Array(geo.unitCount).fill(-1);
for (let u = 0; u < geo.unitCount; u++) if (geo.stateOfUnit[u] === texas) byMap[u] = 0;
const teams: Team[] = [
  {
    id: 'ent',
    name: 'Enterprise',
    conditions: [{ field: 'employees', op: '>=', value: 1000 }],
    territories: [],
    routing: 'roundRobin',
    poolRepIds: ['p1', 'p2'],
  },
  {
    id: 'all',
    name: 'All',
    conditions: [],
    territories: [{ id: 't', name: 'Texas', colour: '#4e79a7', repId: 'tx', vacantFrom: '', locked: false }],
  },
];

describe('routing leads through a plan', () => {
  it('places leads by ZIP, team filter and pool, and says why the rest are unroutable', () => {
    const csv = [
      'Company,Zip,Country,Employees',
      'Austin Widgets,78701,US,50',
      'Big Dallas Co,75201,US,5000',
      'Big Houston Co,77002,US,8000',
      'Boston Small,02134,US,20',
      'Nowhere LLC,99999,US,10',
    ].join('\n');
    const { table } = importAccountsCsv(csv, geo, 'leads.csv');
    const result = routeAccounts(table, {
      teams,
      reps,
      assignments: [new Int32Array(geo.unitCount).fill(-1), byMap],
      namedAccounts: [],
      ownership: DEFAULT_OWNERSHIP,
    });
    const reasons = Array.from(result.reason, (r) => OWNERSHIP_REASONS[r]);
    expect(reasons).toEqual(['TERRITORY', 'ROUND_ROBIN', 'ROUND_ROBIN', 'UNROUTABLE', 'UNROUTABLE']);
    expect(Array.from(result.ownerRep)).toEqual([0, 1, 2, -1, -1]);
    expect(Array.from(result.team)).toEqual([1, 0, 0, 1, 1]);
    expect([UNROUTABLE_WHY[result.unroutableWhy[3]], UNROUTABLE_WHY[result.unroutableWhy[4]]]).toEqual([
      'no-territory',
      'no-location',
    ]);
  });

  it('applies named accounts when a lead carries the Id of one', () => {
    const { table } = importAccountsCsv('Id,Company,Zip\nA-1,Austin Widgets,78701\n', geo, 'leads.csv');
    const result = routeAccounts(table, {
      teams: [teams[1]],
      reps,
      assignments: [byMap],
      namedAccounts: [{ accountId: 'A-1', repId: 'p2' }],
      ownership: DEFAULT_OWNERSHIP,
    });
    expect([OWNERSHIP_REASONS[result.reason[0]], result.ownerRep[0]]).toEqual(['NAMED', 2]);
  });

  it('follows parent accounts when the table has parent Ids', () => {
    const csv = [
      'Id,Name,BillingPostalCode,ParentId,Open_Opportunity_Owner__c',
      'P,Parent Co,02134,,Pool One',
      'K,Kid Co,78701,P,',
    ].join('\n');
    const { table } = importAccountsCsv(csv, geo, 'accounts.csv');
    const plan = { teams: [teams[1]], reps, assignments: [byMap], namedAccounts: [], ownership: DEFAULT_OWNERSHIP };
    const result = routeAccounts(table, plan);
    expect(Array.from(result.reason, (r) => OWNERSHIP_REASONS[r])).toEqual(['OPEN_OPPORTUNITY', 'PARENT']);
    expect(Array.from(result.ownerRep)).toEqual([1, 1]);
  });

  it('recognises leads as existing accounts by Id, then web domain, then name', () => {
    const accounts = importAccountsCsv(
      [
        'Id,Name,Website,Zip',
        'A1,Acme Corp,https://www.acme.com/about,78701',
        'A2,Globex,globex.io,10001',
        'A3,Initech,,60601',
      ].join('\n'),
      geo,
      'accounts.csv',
    ).table;
    expect(webDomain('HTTPS://WWW.Acme.com:443/x?y')).toBe('acme.com');
    const leads = importAccountsCsv(
      [
        'Id,Company,Domain,Zip',
        'A2,Someone Else,,1',
        'L2,Acme Holdings,acme.com,2',
        'L3,INITECH,,3',
        'L4,Nobody,nobody.org,4',
      ].join('\n'),
      geo,
      'leads.csv',
    ).table;
    const idMatch = Int32Array.from([1, -1, -1, -1]);
    const matches = matchLeads(leads, idMatch, accountLookups(accounts));
    expect(matches).toEqual([
      { account: 1, by: 'Id' },
      { account: 0, by: 'domain' },
      { account: 2, by: 'name' },
      { account: -1, by: '' },
    ]);
  });
});
