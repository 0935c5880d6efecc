import { describe, expect, it } from 'vitest';
import { crmUserIdProblem, isSalesforceUserId } from '../domain/crmUserId.ts';
import type { Rep } from '../domain/plan.ts';
import type { CodedColumn } from './ownership.ts';
import { ownersAsReps } from './ownersAsReps.ts';

/** Dictionary-encodes a column like the importer does ('' = missing). */
function coded(values: string[]): CodedColumn {
  const labels: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (!v) return -1;
    const i = labels.indexOf(v);
    return i >= 0 ? i : labels.push(v) - 1;
  });
  return { codes, labels };
}
const columns = (rows: { name?: string; email?: string; id?: string }[]) => ({
  count: rows.length,
  ownerName: coded(rows.map((r) => r.name ?? '')),
  ownerEmail: coded(rows.map((r) => r.email ?? '')),
  ownerId: coded(rows.map((r) => r.id ?? '')),
});
const rep = (id: string, name: string, extra: Partial<Rep> = {}): Rep => ({
  id,
  name,
  email: '',
  capacityAccounts: 0,
  capacityValue: 0,
  homeZip: '',
  ...extra,
});

describe('ownersAsReps', () => {
  it('adds one rep per owner Id of an export that has only OwnerId', () => {
    const ids = ['005000000000001AAA', '005000000000002AAA', '005000000000001AAA', ''];
    const out = ownersAsReps(columns(ids.map((id) => ({ id }))), []);
    expect(out.add).toEqual([
      { name: 'Owner 005000000000001AAA', email: '', crmUserId: '005000000000001AAA' },
      { name: 'Owner 005000000000002AAA', email: '', crmUserId: '005000000000002AAA' },
    ]);
    expect(out.fillIds).toEqual([]);
  });

  it('takes name, email and Id of one owner from the rows that carry them, once', () => {
    const out = ownersAsReps(
      columns([
        { name: 'Ana Diaz' },
        { name: 'Ana Diaz', id: '005000000000001' },
        { name: 'Ben Ode', email: 'ben@x.com', id: '005000000000002' },
        { email: 'ben@x.com' },
      ]),
      [],
    );
    expect(out.add).toEqual([
      { name: 'Ana Diaz', email: '', crmUserId: '005000000000001' },
      { name: 'Ben Ode', email: 'ben@x.com', crmUserId: '005000000000002' },
    ]);
  });

  it('fills in the CRM user Id of existing reps that lack one and skips owners that are reps', () => {
    const reps = [
      rep('r1', 'Ana Diaz'),
      rep('r2', 'Ben Ode', { email: 'ben@x.com', crmUserId: '005000000000009' }),
      rep('r3', 'Cy', { crmUserId: '005000000000003' }),
    ];
    const out = ownersAsReps(
      columns([
        { name: 'ana diaz', id: '005000000000001' },
        { email: 'BEN@x.com', id: '005000000000002' },
        { id: '005000000000003' },
      ]),
      reps,
    );
    expect(out.add).toEqual([]);
    expect(out.fillIds).toEqual([{ repId: 'r1', crmUserId: '005000000000001' }]);
  });
});

describe('Salesforce user Id check', () => {
  it('takes 15- and 18-character Ids starting with 005 and says why others are refused', () => {
    expect(isSalesforceUserId('005000000000001')).toBe(true);
    expect(isSalesforceUserId('0055g00000AbCdEFGH')).toBe(true);
    for (const bad of ['', '005', '001000000000001', '00500000000001', '0050000000000011', '005000000000001-AB'])
      expect(isSalesforceUserId(bad)).toBe(false);
    expect(crmUserIdProblem('')).toBeNull();
    expect(crmUserIdProblem(' 005000000000001 ')).toBeNull();
    expect(crmUserIdProblem('001000000000001')).toMatch(/not a Salesforce user Id/);
  });
});
