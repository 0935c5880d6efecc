import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { OWNERSHIP_REASONS, type OwnershipReason, type Plan, type Team } from '../domain/plan.ts';
import { REASON_CODE, UNROUTABLE_WHY, type OwnershipResult, type UnroutableWhy } from '../engine/ownership.ts';
import { packStrings } from './accountTable.ts';
import { ASSIGNMENT_HEADERS, assignmentsCsv } from './assignmentExport.ts';

const territory = (name: string, repId: string | null) => ({
  id: name,
  name,
  colour: '#4e79a7',
  repId,
  vacantFrom: '',
  locked: false,
});
const teams: Team[] = [
  { id: 'field', name: 'Field', conditions: [], territories: [territory('West', 'ada'), territory('East', null)] },
  { id: 'pool', name: '@Pool', conditions: [], territories: [], routing: 'roundRobin', poolRepIds: ['cy'] },
];
const plan: Pick<Plan, 'reps' | 'teams'> = {
  reps: [
    {
      id: 'ada',
      name: 'Ada Park',
      email: 'ada@example.com',
      crmUserId: '005A',
      capacityAccounts: 0,
      capacityValue: 0,
      homeZip: '',
    },
    { id: 'ben', name: '+Ben Ortiz', email: 'ben@example.com', capacityAccounts: 0, capacityValue: 0, homeZip: '' },
    { id: 'cy', name: 'Cy Lee', email: '', crmUserId: '005C', capacityAccounts: 0, capacityValue: 0, homeZip: '' },
  ],
  teams,
};

interface Case {
  id: string;
  name: string;
  reason: OwnershipReason;
  owner: number;
  team: number;
  territory: number;
  why?: UnroutableWhy;
}

const cases: Case[] = [
  { id: '001A', name: '=HYPERLINK("http://evil","x")', reason: 'TERRITORY', owner: 0, team: 0, territory: 0 },
  { id: '001B', name: '-5 Widgets, Inc.', reason: 'CUSTOMER', owner: 0, team: 0, territory: 1 },
  { id: '001C', name: 'Vacant Co', reason: 'TERRITORY', owner: -1, team: 0, territory: 1 },
  { id: '001D', name: '@SUM(A1)', reason: 'NAMED', owner: 1, team: 0, territory: 1 },
  { id: '001E', name: 'Nowhere Ltd', reason: 'UNROUTABLE', owner: -1, team: -1, territory: -1, why: 'no-team' },
  { id: '+001F', name: 'Pooled', reason: 'ROUND_ROBIN', owner: 2, team: 1, territory: -1 },
];

const table = {
  count: cases.length,
  id: packStrings(cases.map((c) => c.id)),
  name: packStrings(cases.map((c) => c.name)),
};

const result: OwnershipResult = {
  ownerRep: Int32Array.from(cases, (c) => c.owner),
  reason: Uint8Array.from(cases, (c) => REASON_CODE[c.reason]),
  team: Int32Array.from(cases, (c) => c.team),
  territory: Int32Array.from(cases, (c) => c.territory),
  unroutableWhy: Uint8Array.from(cases, (c) => UNROUTABLE_WHY.indexOf(c.why ?? '')),
  reasonCounts: OWNERSHIP_REASONS.map((r) => cases.filter((c) => c.reason === r).length),
};

const parse = (csv: string): string[][] => Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;

describe('assignmentsCsv', () => {
  it('writes every account with territory, team, owner, reason and explanation in the tessera layout', () => {
    const out = assignmentsCsv(result, table, plan, 'tessera');
    const rows = parse(out.csv);
    expect(rows[0]).toEqual([...ASSIGNMENT_HEADERS.tessera]);
    expect(out.rows).toBe(6);
    expect(rows).toHaveLength(7);
    expect(out.withoutOwner).toBe(0);
    expect(rows[1].slice(2)).toEqual([
      'West',
      'Field',
      'Ada Park',
      'ada@example.com',
      'TERRITORY',
      'In territory West, owned by Ada Park',
    ]);
    // the territory is the one the account sits in, whatever the reason
    expect(rows[2].slice(2)).toEqual([
      'East',
      'Field',
      'Ada Park',
      'ada@example.com',
      'CUSTOMER',
      'Current customer: stays with account manager Ada Park',
    ]);
    expect(rows[3].slice(2)).toEqual([
      'East',
      'Field',
      'Vacant',
      '',
      'TERRITORY',
      'In territory East (vacant, to be hired)',
    ]);
    expect(rows[5].slice(2)).toEqual(['', '', '', '', 'UNROUTABLE', 'Unroutable: no team filter matches it']);
  });

  it('neutralises cells starting with =, +, - or @ so spreadsheets show them as text', () => {
    const rows = parse(assignmentsCsv(result, table, plan, 'tessera').csv);
    expect(rows[1][1]).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(rows[2][1]).toBe(`'-5 Widgets, Inc.`);
    expect(rows[4][1]).toBe(`'@SUM(A1)`);
    expect(rows[4][4]).toBe(`'+Ben Ortiz`);
    expect(rows[4][7]).toBe('Named account of +Ben Ortiz'); // not at the start of the cell: left alone
    expect(rows[6][0]).toBe(`'+001F`);
    expect(rows[6][3]).toBe(`'@Pool`);
    for (const layout of ['tessera', 'salesforce', 'hubspot'] as const)
      for (const row of parse(assignmentsCsv(result, table, plan, layout).csv))
        for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it('writes Id and OwnerId for Salesforce Data Loader, leaving out accounts without a rep or a CRM user Id', () => {
    const out = assignmentsCsv(result, table, plan, 'salesforce');
    expect(parse(out.csv)).toEqual([
      ['Id', 'OwnerId'],
      ['001A', '005A'],
      ['001B', '005A'],
      [`'+001F`, '005C'],
    ]);
    expect(out.rows).toBe(3);
    expect(out.withoutOwner).toBe(2); // vacant and unroutable
    expect(out.withoutOwnerKey).toBe(1);
    expect(out.repsWithoutKey).toEqual(['+Ben Ortiz']);
    expect(out.repsWithoutKeyAccounts).toEqual([{ repId: 'ben', name: '+Ben Ortiz', accounts: 1 }]);
  });

  it('accounts for every account in every layout: written, without a rep, or without the rep key', () => {
    for (const layout of ['tessera', 'salesforce', 'hubspot'] as const) {
      const out = assignmentsCsv(result, table, plan, layout);
      expect(out.rows + out.withoutOwner + out.withoutOwnerKey).toBe(table.count);
      expect(parse(out.csv)).toHaveLength(out.rows + 1);
      expect(out.repsWithoutKeyAccounts.reduce((sum, r) => sum + r.accounts, 0)).toBe(out.withoutOwnerKey);
      // the check before download counts the same without writing
      expect({ ...assignmentsCsv(result, table, plan, layout, false), csv: out.csv }).toEqual(out);
    }
  });

  it('reports every account as left out when no rep has a CRM user Id, instead of a silent header-only file', () => {
    const noIds = { ...plan, reps: plan.reps.map((r) => ({ ...r, crmUserId: undefined })) };
    const out = assignmentsCsv(result, table, noIds, 'salesforce');
    expect(out.rows).toBe(0);
    expect(out.withoutOwnerKey).toBe(4);
    expect(out.repsWithoutKeyAccounts).toEqual([
      { repId: 'ada', name: 'Ada Park', accounts: 2 },
      { repId: 'ben', name: '+Ben Ortiz', accounts: 1 },
      { repId: 'cy', name: 'Cy Lee', accounts: 1 },
    ]);
  });

  it('writes Record ID and the owner email for HubSpot, leaving out reps without an email', () => {
    const out = assignmentsCsv(result, table, plan, 'hubspot');
    expect(parse(out.csv)).toEqual([
      ['Record ID', 'Company owner'],
      ['001A', 'ada@example.com'],
      ['001B', 'ada@example.com'],
      ['001D', 'ben@example.com'],
    ]);
    expect(out.withoutOwner).toBe(2);
    expect(out.withoutOwnerKey).toBe(1);
    expect(out.repsWithoutKey).toEqual(['Cy Lee']);
  });

  it('ends lines with CRLF and quotes cells with commas or quotes', () => {
    const { csv } = assignmentsCsv(result, table, plan, 'tessera');
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csv).toContain(`"'-5 Widgets, Inc."`);
  });
});
