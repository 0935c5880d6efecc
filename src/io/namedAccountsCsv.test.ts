import { describe, expect, it } from 'vitest';
import type { Rep } from '../domain/plan.ts';
import { parseNamedAccountsCsv } from './namedAccountsCsv.ts';

const reps: Rep[] = [
  { id: 'r1', name: 'Ana Diaz', email: 'ana@x.com', capacityAccounts: 0, capacityValue: 0, homeZip: '' },
  { id: 'r2', name: 'Ben Ode', email: 'ben@x.com', capacityAccounts: 0, capacityValue: 0, homeZip: '' },
];
const known = new Set(['A1', 'A2', 'A3']);

describe('named-accounts CSV', () => {
  it('reads Id + rep email, matching reps by email or name, last row wins', () => {
    const csv = '\uFEFFAccount Id,Rep Email\nA1,ana@x.com\nA2,BEN ODE\nA1,ben@x.com\n';
    const result = parseNamedAccountsCsv(csv, reps, (id) => known.has(id));
    expect(result).toEqual({
      entries: [
        { accountId: 'A1', repId: 'r2' },
        { accountId: 'A2', repId: 'r2' },
      ],
      problems: [],
    });
  });

  it('reports every row it leaves out, with its line', () => {
    const csv = 'Id,Email\n,ana@x.com\nA2,\nA3,zed@x.com\nZZ,ana@x.com\nA3,ana@x.com';
    const result = parseNamedAccountsCsv(csv, reps, (id) => known.has(id));
    if ('error' in result) throw new Error(result.error);
    expect(result.entries).toEqual([{ accountId: 'A3', repId: 'r1' }]);
    expect(result.problems).toEqual([
      { line: 2, accountId: '', reason: 'Missing account Id' },
      { line: 3, accountId: 'A2', reason: 'Missing rep' },
      { line: 4, accountId: 'A3', reason: 'No rep "zed@x.com" in the plan' },
      { line: 5, accountId: 'ZZ', reason: 'Account not in the data' },
    ]);
  });

  it('names the columns it expected when the header does not fit', () => {
    expect(parseNamedAccountsCsv('Foo,Bar\n1,2', reps, () => true)).toEqual({
      error: 'Expected an account Id column and a rep email column; found "Foo", "Bar".',
    });
    expect(parseNamedAccountsCsv('', reps, () => true)).toEqual({ error: 'The file is empty.' });
  });
});
