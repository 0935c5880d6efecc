import { describe, expect, it } from 'vitest';
import { OWNERSHIP_REASONS, type OwnershipReason } from '../domain/plan.ts';
import {
  AUDIT_CSV_HEADER,
  AUDIT_STATUSES,
  auditAssignments,
  auditRows,
  tallyTotal,
  type AuditAccounts,
  type AuditPlan,
  type AuditStatus,
} from './audit.ts';
import {
  REASON_CODE,
  UNROUTABLE_WHY,
  type CodedColumn,
  type OwnershipResult,
  type UnroutableWhy,
} from './ownership.ts';

function coded(values: string[]): CodedColumn {
  const labels: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (!v) return -1;
    if (!labels.includes(v)) labels.push(v);
    return labels.indexOf(v);
  });
  return { codes, labels };
}

const plan: AuditPlan = {
  reps: [
    { name: 'Ada Park', email: 'ada@example.com', crmUserId: '005A' },
    { name: 'Ben Ortiz', email: 'ben@example.com' },
    { name: 'Cy Lee', email: 'cy@example.com' },
  ],
  teams: [
    { name: 'Field', territories: [{ name: 'West' }, { name: 'East' }] },
    { name: 'Pool', territories: [] },
  ],
};

/** One account of the fixture: who owns it today and what the plan decided. */
interface Case {
  ownerName?: string;
  ownerEmail?: string;
  ownerId?: string;
  value: number;
  reason: OwnershipReason;
  owner: number;
  team: number;
  territory: number;
  why?: UnroutableWhy;
}

const cases: Case[] = [
  // 0: same rep, matched by name whatever the case
  { ownerName: 'ada park', value: 100, reason: 'TERRITORY', owner: 0, team: 0, territory: 0 },
  // 1: owned by Ben (matched by email), planned for Ada
  { ownerEmail: 'BEN@EXAMPLE.COM', value: 200, reason: 'TERRITORY', owner: 0, team: 0, territory: 0 },
  // 2: owned by Ada (matched by CRM user Id), planned for the vacant East territory
  { ownerId: '005a', value: 400, reason: 'TERRITORY', owner: -1, team: 0, territory: 1 },
  // 3: owned by someone who is not in the plan, named for Ben
  { ownerName: 'Someone Gone', value: 800, reason: 'NAMED', owner: 1, team: 0, territory: 1 },
  // 4: no team takes it
  { ownerName: 'Ben Ortiz', value: 1600, reason: 'UNROUTABLE', owner: -1, team: -1, territory: -1, why: 'no-team' },
  // 5: no owner today, outside every territory, value missing
  { value: NaN, reason: 'UNROUTABLE', owner: -1, team: 0, territory: -1, why: 'no-territory' },
  // 6: round-robin pool gives it to its current owner
  { ownerName: 'Cy Lee', value: 50, reason: 'ROUND_ROBIN', owner: 2, team: 1, territory: -1 },
  // 7: the CRM user Id wins over a name naming another rep, as in the ownership ladder
  { ownerName: 'Ben Ortiz', ownerId: '005A', value: 1, reason: 'CUSTOMER', owner: 0, team: 0, territory: 0 },
];

const accounts: AuditAccounts = {
  count: cases.length,
  idOf: (a) => `A${a}`,
  nameOf: (a) => `Account ${a}`,
  ownerName: coded(cases.map((c) => c.ownerName ?? '')),
  ownerEmail: coded(cases.map((c) => c.ownerEmail ?? '')),
  ownerId: coded(cases.map((c) => c.ownerId ?? '')),
  value: Float64Array.from(cases, (c) => c.value),
};

const result: OwnershipResult = {
  ownerRep: Int32Array.from(cases, (c) => c.owner),
  reason: Uint8Array.from(cases, (c) => REASON_CODE[c.reason]),
  team: Int32Array.from(cases, (c) => c.team),
  territory: Int32Array.from(cases, (c) => c.territory),
  unroutableWhy: Uint8Array.from(cases, (c) => UNROUTABLE_WHY.indexOf(c.why ?? '')),
  reasonCounts: OWNERSHIP_REASONS.map((r) => cases.filter((c) => c.reason === r).length),
};

const statusOf = (s: AuditStatus) => AUDIT_STATUSES.indexOf(s);

describe('auditAssignments', () => {
  const audit = auditAssignments(accounts, result, plan);

  it('matches current owners to reps by CRM user Id, email or name, case-insensitive', () => {
    expect(Array.from(audit.currentRep)).toEqual([0, 1, 0, -1, 1, -1, 2, 0]);
  });

  it('says per account whether the owner changes, goes to a vacant territory or cannot be routed', () => {
    expect(Array.from(audit.status, (s) => AUDIT_STATUSES[s])).toEqual([
      'unchanged',
      'new-owner',
      'to-vacant',
      'new-owner',
      'unroutable',
      'unroutable',
      'unchanged',
      'unchanged',
    ]);
    expect(Array.from(audit.unroutable)).toEqual([4, 5]);
  });

  it('sums accounts and value per status, missing values as 0', () => {
    expect(audit.total.accounts).toEqual([3, 2, 1, 2]);
    expect(audit.total.value).toEqual([151, 1000, 400, 1600]);
    expect(tallyTotal(audit.total)).toEqual({ accounts: 8, value: 3151 });
    expect(tallyTotal(audit.total, ['new-owner', 'to-vacant'])).toEqual({ accounts: 3, value: 1400 });
  });

  it('groups by territory, with each team’s accounts outside its territories and the no-team accounts', () => {
    const lines = audit.byTerritory.map((g) => [g.teamName, g.territoryName, tallyTotal(g.tally).accounts]);
    expect(lines).toEqual([
      ['Field', 'West', 3],
      ['Field', 'East', 2],
      ['Field', '(no territory)', 1],
      ['Pool', '(no territory)', 1],
      ['(no team)', '(no territory)', 1],
    ]);
    const west = audit.byTerritory[0];
    expect(west.team).toBe(0);
    expect(west.territory).toBe(0);
    expect(west.tally.accounts[statusOf('new-owner')]).toBe(1);
    expect(west.tally.value[statusOf('new-owner')]).toBe(200);
    const east = audit.byTerritory[1].tally;
    expect(east.accounts[statusOf('to-vacant')]).toBe(1);
    expect(east.value[statusOf('to-vacant')]).toBe(400);
    expect(audit.byTerritory[4].team).toBe(-1);
    expect(audit.byTerritory[4].tally.value[statusOf('unroutable')]).toBe(1600);
  });

  it('groups by reason', () => {
    const count = (r: OwnershipReason) => tallyTotal(audit.byReason[REASON_CODE[r]]);
    expect(count('TERRITORY')).toEqual({ accounts: 3, value: 700 });
    expect(count('NAMED')).toEqual({ accounts: 1, value: 800 });
    expect(count('UNROUTABLE')).toEqual({ accounts: 2, value: 1600 });
    expect(count('ROUND_ROBIN')).toEqual({ accounts: 1, value: 50 });
    expect(count('CUSTOMER')).toEqual({ accounts: 1, value: 1 });
    expect(count('PARENT')).toEqual({ accounts: 0, value: 0 });
  });

  it('writes one CSV row per account with current and planned owner in words', () => {
    const rows = auditRows(audit, accounts, result, plan);
    expect(AUDIT_CSV_HEADER).toEqual([
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
    expect(rows).toHaveLength(8);
    expect(rows[0]).toEqual([
      'A0',
      'Account 0',
      'ada park',
      'Ada Park',
      'West',
      'Field',
      'TERRITORY',
      'In territory West, owned by Ada Park',
      'Keeps owner',
    ]);
    expect(rows[2]).toEqual([
      'A2',
      'Account 2',
      '005a',
      'Vacant',
      'East',
      'Field',
      'TERRITORY',
      'In territory East (vacant, to be hired)',
      'To vacant territory',
    ]);
    expect(rows[3]).toEqual([
      'A3',
      'Account 3',
      'Someone Gone',
      'Ben Ortiz',
      'East',
      'Field',
      'NAMED',
      'Named account of Ben Ortiz',
      'New owner',
    ]);
    expect(rows[4]).toEqual([
      'A4',
      'Account 4',
      'Ben Ortiz',
      '',
      '',
      '',
      'UNROUTABLE',
      'Unroutable: no team filter matches it',
      'Unroutable',
    ]);
    expect(rows[5][2]).toBe('');
    expect(rows[5][7]).toBe('Unroutable: no territory covers its area yet');
    expect(rows[6]).toEqual([
      'A6',
      'Account 6',
      'Cy Lee',
      'Cy Lee',
      '',
      'Pool',
      'ROUND_ROBIN',
      'Round-robin pool: given to Cy Lee',
      'Keeps owner',
    ]);
  });

  it('can leave out the accounts that keep their owner', () => {
    const rows = auditRows(audit, accounts, result, plan, { changesOnly: true });
    expect(rows.map((r) => r[0])).toEqual(['A1', 'A2', 'A3', 'A4', 'A5']);
  });

  it('handles an empty data set', () => {
    const none: AuditAccounts = {
      ...accounts,
      count: 0,
      value: new Float64Array(0),
      ownerName: coded([]),
      ownerEmail: coded([]),
      ownerId: coded([]),
    };
    const empty: OwnershipResult = {
      ownerRep: new Int32Array(0),
      reason: new Uint8Array(0),
      team: new Int32Array(0),
      territory: new Int32Array(0),
      unroutableWhy: new Uint8Array(0),
      reasonCounts: OWNERSHIP_REASONS.map(() => 0),
    };
    const audit = auditAssignments(none, empty, plan);
    expect(audit.byTerritory).toEqual([]);
    expect(tallyTotal(audit.total).accounts).toBe(0);
  });
});
