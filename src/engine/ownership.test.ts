import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_OWNERSHIP,
  OWNERSHIP_REASONS,
  OWNERSHIP_RULES,
  type OwnershipRule,
  type OwnershipSettings,
} from '../domain/plan.ts';
import {
  accountHierarchy,
  dayNumber,
  isCustomerType,
  resolveOwnership,
  roundRobinOwners,
  territoryBookTotals,
  type CodedColumn,
  type OwnershipAccounts,
  type OwnershipContext,
  type OwnershipTeam,
} from './ownership.ts';

const AS_OF = dayNumber('2026-11-01');
const reps = [
  { name: 'Ana Diaz', email: 'ana@x.com', capacityAccounts: 0 },
  { name: 'Ben Ode', email: 'ben@x.com', capacityAccounts: 0 },
  { name: 'Cy Park', email: 'cy@x.com', crmUserId: '005CY', capacityAccounts: 0 },
  { name: 'Dee Roy', email: 'dee@x.com', capacityAccounts: 0 },
  { name: 'Eve Sun', email: 'eve@x.com', capacityAccounts: 0 },
  { name: 'Fay Tan', email: 'fay@x.com', capacityAccounts: 0 },
];

interface AccountSpec {
  id: string;
  unit?: number;
  parent?: string;
  owner?: string;
  opportunity?: string;
  type?: string;
  activityDaysAgo?: number;
  activityBy?: string;
}

function coded(values: (string | undefined)[]): CodedColumn {
  const labels: string[] = [];
  const codes = Int32Array.from(values, (v) => {
    if (!v) return -1;
    let i = labels.indexOf(v);
    if (i < 0) i = labels.push(v) - 1;
    return i;
  });
  return { codes, labels };
}

function accountsOf(specs: AccountSpec[]): OwnershipAccounts {
  const hierarchy = accountHierarchy(
    specs.length,
    (a) => specs[a].id,
    (a) => specs[a].parent ?? '',
  );
  return {
    count: specs.length,
    unit: Int32Array.from(specs, (s) => s.unit ?? -1),
    parent: hierarchy.parent,
    ownerName: coded(specs.map((s) => s.owner)),
    ownerEmail: coded(specs.map(() => undefined)),
    ownerId: coded(specs.map(() => undefined)),
    openOpportunityOwner: coded(specs.map((s) => s.opportunity)),
    lastActivityBy: coded(specs.map((s) => s.activityBy)),
    accountType: coded(specs.map((s) => s.type)),
    lastActivityDay: Float64Array.from(specs, (s) =>
      s.activityDaysAgo === undefined ? NaN : AS_OF - s.activityDaysAgo,
    ),
  };
}

/** Two units; team 0 paints unit 0 to territory 0 (Dee) and unit 1 to territory 1 (vacant). */
const territoryTeam: OwnershipTeam = {
  routing: 'territory',
  assignment: Int32Array.from([0, 1, -1]),
  territoryRep: Int32Array.from([3, -1]),
  poolReps: [],
};

function context(accounts: OwnershipAccounts, patch: Partial<OwnershipContext> = {}): OwnershipContext {
  return {
    reps,
    teams: [territoryTeam],
    teamOfAccount: new Int32Array(accounts.count),
    namedRep: new Int32Array(accounts.count).fill(-1),
    settings: DEFAULT_OWNERSHIP,
    asOfDay: AS_OF,
    ...patch,
  };
}

function settings(order: readonly OwnershipRule[], off: OwnershipRule[] = []): OwnershipSettings {
  const enabled = { ...DEFAULT_OWNERSHIP.enabled };
  for (const r of off) enabled[r] = false;
  return { ...DEFAULT_OWNERSHIP, order: [...order], enabled };
}

const reasonOf = (code: number) => OWNERSHIP_REASONS[code];

// One account for which every rule fires, each naming a different rep: the first enabled rule wins.
const everyRuleFires: AccountSpec[] = [
  { id: 'P', unit: 0, owner: 'Eve Sun', type: 'Customer - Direct' },
  {
    id: 'A',
    unit: 0,
    parent: 'P',
    opportunity: 'Ben Ode',
    owner: 'Cy Park',
    type: 'Customer - Channel',
    activityDaysAgo: 10,
    activityBy: 'Fay Tan',
  },
];
const ruleRep: Record<OwnershipRule, number> = {
  NAMED: 0,
  OPEN_OPPORTUNITY: 1,
  CUSTOMER: 2,
  RECENT_ENGAGEMENT: 5,
  PARENT: 4,
  TERRITORY: 3,
  ROUND_ROBIN: -1,
};

describe('ownership ladder', () => {
  it('picks the first enabled rule in any order (precedence matrix)', () => {
    const accounts = accountsOf(everyRuleFires);
    const namedRep = Int32Array.from([-1, 0]);
    const geographic: OwnershipRule[] = OWNERSHIP_RULES.filter((r) => r !== 'ROUND_ROBIN');
    fc.assert(
      fc.property(
        fc.shuffledSubarray([...OWNERSHIP_RULES], { minLength: OWNERSHIP_RULES.length }),
        fc.subarray(geographic),
        (order, off) => {
          const result = resolveOwnership(accounts, context(accounts, { namedRep, settings: settings(order, off) }));
          // the parent P only matches CUSTOMER (Eve) and TERRITORY (Dee); PARENT fires when P has a rep
          const parentRep = result.ownerRep[0];
          const fires = (r: OwnershipRule) =>
            !off.includes(r) && r !== 'ROUND_ROBIN' && (r !== 'PARENT' || parentRep >= 0);
          const expected = order.find(fires);
          if (!expected) {
            expect(reasonOf(result.reason[1])).toBe('UNROUTABLE');
            return;
          }
          expect(reasonOf(result.reason[1])).toBe(expected);
          expect(result.ownerRep[1]).toBe(expected === 'PARENT' ? parentRep : ruleRep[expected]);
          expect([-1, 2, 3, 4]).toContain(parentRep);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('checks each rule alone, on and off', () => {
    const accounts = accountsOf(everyRuleFires);
    const namedRep = Int32Array.from([-1, 0]);
    for (const rule of OWNERSHIP_RULES) {
      if (rule === 'ROUND_ROBIN') continue;
      const only = settings(
        OWNERSHIP_RULES,
        OWNERSHIP_RULES.filter((r) => r !== rule),
      );
      // PARENT alone: the parent resolves to nothing, so the child is unroutable too
      const result = resolveOwnership(accounts, context(accounts, { namedRep, settings: only }));
      if (rule === 'PARENT') expect(reasonOf(result.reason[1])).toBe('UNROUTABLE');
      else expect([reasonOf(result.reason[1]), result.ownerRep[1]]).toEqual([rule, ruleRep[rule]]);
      const none = resolveOwnership(
        accounts,
        context(accounts, { namedRep, settings: settings(OWNERSHIP_RULES, [rule]) }),
      );
      expect(reasonOf(none.reason[1])).not.toBe(rule);
    }
  });

  it('routes by territory: a painted rep, a vacant territory, an unpainted area, no location, no team', () => {
    const accounts = accountsOf([
      { id: '1', unit: 0 },
      { id: '2', unit: 1 },
      { id: '3', unit: 2 },
      { id: '4' },
      { id: '5', unit: 0 },
    ]);
    const result = resolveOwnership(accounts, context(accounts, { teamOfAccount: Int32Array.from([0, 0, 0, 0, -1]) }));
    expect(Array.from(result.reason, reasonOf)).toEqual([
      'TERRITORY',
      'TERRITORY',
      'UNROUTABLE',
      'UNROUTABLE',
      'UNROUTABLE',
    ]);
    expect(Array.from(result.ownerRep)).toEqual([3, -1, -1, -1, -1]);
    expect(Array.from(result.territory)).toEqual([0, 1, -1, -1, -1]);
    expect(Array.from(result.unroutableWhy)).toEqual([0, 0, 3, 2, 1]);
    expect(result.reasonCounts[OWNERSHIP_REASONS.indexOf('UNROUTABLE')]).toBe(3);
  });

  it('holds recent engagement through day 90 of a 90-day window and not on day 91', () => {
    const accounts = accountsOf(
      [89, 90, 91].map((d) => ({ id: `d${d}`, unit: 0, activityDaysAgo: d, activityBy: 'Ben Ode' })),
    );
    const result = resolveOwnership(accounts, context(accounts));
    expect(Array.from(result.reason, reasonOf)).toEqual(['RECENT_ENGAGEMENT', 'RECENT_ENGAGEMENT', 'TERRITORY']);
    expect(Array.from(result.ownerRep)).toEqual([1, 1, 3]);
    const window30 = resolveOwnership(
      accounts,
      context(accounts, { settings: { ...DEFAULT_OWNERSHIP, engagementWindowDays: 30 } }),
    );
    expect(Array.from(window30.reason, reasonOf)).toEqual(['TERRITORY', 'TERRITORY', 'TERRITORY']);
  });

  it('falls back to the owner when activity has no "by", and ignores people who are not reps', () => {
    const accounts = accountsOf([
      { id: '1', unit: 0, activityDaysAgo: 5, owner: 'Cy Park' },
      { id: '2', unit: 0, opportunity: 'Someone Who Left' },
      { id: '3', unit: 0, type: 'Former Customer', owner: 'Ana Diaz' },
    ]);
    const result = resolveOwnership(accounts, context(accounts));
    expect(Array.from(result.reason, reasonOf)).toEqual(['RECENT_ENGAGEMENT', 'TERRITORY', 'TERRITORY']);
    expect(result.ownerRep[0]).toBe(2);
  });

  it('children follow their parent chain; cycles and missing parents fall through', () => {
    const specs: AccountSpec[] = [
      { id: 'root', unit: 1, opportunity: 'Ana Diaz' },
      { id: 'mid', unit: 0, parent: 'root' },
      { id: 'leaf', unit: 0, parent: 'mid' },
      { id: 'c1', unit: 0, parent: 'c2' },
      { id: 'c2', unit: 0, parent: 'c1' },
      { id: 'orphan', unit: 0, parent: 'gone' },
      { id: 'self', unit: 0, parent: 'self' },
      { id: 'underCycle', unit: 1, parent: 'c1' },
    ];
    const hierarchy = accountHierarchy(
      specs.length,
      (a) => specs[a].id,
      (a) => specs[a].parent ?? '',
    );
    expect(hierarchy.missingParents).toEqual([5]);
    expect(hierarchy.cycles.map((c) => c.slice().sort())).toEqual([[3, 4], [6]]);
    const accounts = accountsOf(specs);
    const result = resolveOwnership(accounts, context(accounts));
    expect(Array.from(result.reason, reasonOf)).toEqual([
      'OPEN_OPPORTUNITY',
      'PARENT',
      'PARENT',
      'TERRITORY',
      'TERRITORY',
      'TERRITORY',
      'TERRITORY',
      'PARENT',
    ]);
    expect(Array.from(result.ownerRep)).toEqual([0, 0, 0, 3, 3, 3, 3, 3]);
  });

  it('deals round-robin pools evenly by capacity, skipping unavailable reps, the same way every time', () => {
    const poolReps = [
      { name: 'A', email: 'a@x', capacityAccounts: 300 },
      { name: 'B', email: 'b@x', capacityAccounts: 100 },
      { name: 'C', email: 'c@x', capacityAccounts: 0 },
      { name: 'D', email: 'd@x', capacityAccounts: 500, unavailable: true },
    ];
    const pool: OwnershipTeam = {
      routing: 'roundRobin',
      assignment: new Int32Array(0),
      territoryRep: new Int32Array(0),
      poolReps: [0, 1, 2, 3],
    };
    const n = 1200;
    const teamOf = new Int32Array(n);
    const owners = roundRobinOwners(new Uint8Array(n).fill(1), teamOf, [pool], poolReps);
    const counts = [0, 0, 0, 0];
    for (const o of owners) counts[o]++;
    // C has no target, so it weighs the mean of the set ones (200): 300:100:200
    expect(counts).toEqual([600, 200, 400, 0]);
    expect(Array.from(owners.slice(0, 6))).toEqual(
      Array.from(roundRobinOwners(new Uint8Array(n).fill(1), teamOf, [pool], poolReps).slice(0, 6)),
    );
    // smooth rotation: never more than 3 in a row for the heaviest rep
    let run = 0;
    let longest = 0;
    for (let i = 0; i < n; i++) {
      run = i > 0 && owners[i] === owners[i - 1] ? run + 1 : 1;
      longest = Math.max(longest, run);
    }
    expect(longest).toBeLessThanOrEqual(2);
  });

  it('only rotates accounts that reach the pool, and a pool child follows its parent', () => {
    const specs: AccountSpec[] = [
      { id: 'n', opportunity: 'Ana Diaz' },
      { id: 'p' },
      { id: 'k', parent: 'p' },
      { id: 'q' },
    ];
    const accounts = accountsOf(specs);
    const pool: OwnershipTeam = {
      routing: 'roundRobin',
      assignment: new Int32Array(0),
      territoryRep: new Int32Array(0),
      poolReps: [4, 5],
    };
    const result = resolveOwnership(accounts, context(accounts, { teams: [pool] }));
    expect(Array.from(result.reason, reasonOf)).toEqual(['OPEN_OPPORTUNITY', 'ROUND_ROBIN', 'PARENT', 'ROUND_ROBIN']);
    expect(Array.from(result.ownerRep)).toEqual([0, 4, 4, 5]);
    const empty = resolveOwnership(accounts, context(accounts, { teams: [{ ...pool, poolReps: [] }] }));
    expect(Array.from(empty.unroutableWhy)).toEqual([0, 4, 4, 4]);
  });

  it('matches people by email, name or CRM user Id, case-insensitively', () => {
    const accounts = accountsOf([
      { id: '1', unit: 1, opportunity: 'CY@X.COM' },
      { id: '2', unit: 1, opportunity: '005cy' },
    ]);
    const result = resolveOwnership(accounts, context(accounts));
    expect(Array.from(result.ownerRep)).toEqual([2, 2]);
  });

  it("sums each territory's real book of business", () => {
    const accounts = accountsOf([
      { id: '1', unit: 0 },
      { id: '2', unit: 1, opportunity: 'Dee Roy' },
      { id: '3', unit: 1 },
      { id: '4', unit: 0, opportunity: 'Ana Diaz' },
    ]);
    const result = resolveOwnership(accounts, context(accounts));
    const value = Float64Array.from([10, 20, 30, 40]);
    const book = territoryBookTotals(result, 0, territoryTeam.territoryRep, [value]);
    // Dee (territory 0): account 1 by map + account 2 by opportunity; vacant territory 1: account 3; Ana: outside
    expect(Array.from(book)).toEqual([2, 30, 1, 30, 1, 40]);
  });

  it('knows customer types', () => {
    expect(['Customer - Direct', 'Customer', 'Current customer'].every(isCustomerType)).toBe(true);
    expect(['Former Customer', 'Prospect', 'Partner', 'Customer (churned)'].some(isCustomerType)).toBe(false);
  });

  it('resolves a large random hierarchy without recursion and with every parent rule consistent', () => {
    const n = 50_000;
    const specs: AccountSpec[] = Array.from({ length: n }, (_, i) => ({
      id: `a${i}`,
      unit: i % 3,
      parent: i > 0 && i % 4 !== 0 ? `a${i - 1}` : undefined,
      opportunity: i % 4 === 0 && i % 8 === 0 ? 'Ben Ode' : undefined,
    }));
    const accounts = accountsOf(specs);
    const result = resolveOwnership(accounts, context(accounts));
    for (let a = 0; a < n; a++) {
      if (reasonOf(result.reason[a]) === 'PARENT') expect(result.ownerRep[a]).toBe(result.ownerRep[accounts.parent[a]]);
    }
  });
});
