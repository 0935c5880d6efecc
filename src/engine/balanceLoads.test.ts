import { describe, expect, it } from 'vitest';
import { DEFAULT_OWNERSHIP, type Rep, type Team } from '../domain/plan.ts';
import { packStrings } from '../io/accountTable.ts';
import { dayNumber } from './ownership.ts';
import { PlanEngine } from './planEngine.ts';

const coded = (values: string[]) => {
  const labels = [...new Set(values.filter(Boolean))];
  return { codes: Int32Array.from(values, (v) => (v ? labels.indexOf(v) : -1)), labels };
};

describe('loads for auto-balance after the ownership rules', () => {
  it('keeps protected accounts with their rep and says where recent engagement makes moves costly', () => {
    const engine = new PlanEngine();
    // three units in a row
    engine.setGeography({
      unitCount: 3,
      adjacencyOffsets: Int32Array.from([0, 1, 3, 4]),
      adjacency: Int32Array.from([1, 0, 2, 1]),
      lon: Float64Array.from([0, 1, 2]),
      lat: Float64Array.from([0, 0, 0]),
      areaKm2: Float64Array.from([1, 1, 1]),
    });
    const today = dayNumber('2026-11-01');
    const none = { codes: new Int32Array(4).fill(-1), labels: [] as string[] };
    engine.loadAccounts({
      unit: Int32Array.from([0, 0, 1, 2]),
      employees: new Float64Array(4),
      value: Float64Array.from([10, 20, 30, 40]),
      metrics: [],
      columnNames: ['Value'],
      categories: { segment: none, tier: none, industry: none, accountType: none },
    });
    engine.loadOwnershipColumns({
      ids: packStrings(['a', 'b', 'c', 'd']),
      parentIds: packStrings(['', '', '', '']),
      ownerName: none,
      ownerEmail: none,
      ownerId: none,
      openOpportunityOwner: coded(['', 'Bo', '', '']),
      lastActivityBy: coded(['', '', 'Al', '']),
      lastActivityDay: Float64Array.from([NaN, NaN, today - 10, today - 400]),
    });
    const reps: Rep[] = ['Al', 'Bo'].map((name) => ({
      id: name,
      name,
      email: '',
      capacityAccounts: 0,
      capacityValue: 0,
      homeZip: '',
    }));
    const teams: Team[] = [
      {
        id: 't',
        name: 'All',
        conditions: [],
        territories: [
          { id: 'x', name: 'X', colour: '#000000', repId: 'Al', vacantFrom: '', locked: false },
          { id: 'y', name: 'Y', colour: '#ffffff', repId: 'Bo', vacantFrom: '', locked: false },
        ],
      },
    ];
    engine.setTeams([[]], 0.1);
    engine.setAssignment(0, Int32Array.from([0, 0, 1]), 2);
    engine.setOwnershipPlan({ teams, reps, namedAccounts: [], settings: { ...DEFAULT_OWNERSHIP, asOf: '2026-11-01' } });
    const loads = engine.balanceLoads(0);
    // b: open opportunity of Bo -> Bo's territory Y keeps it; c: engaged by Al 10 days ago -> X keeps it
    expect(Array.from(loads.baseCount)).toEqual([1, 1]);
    expect(Array.from(loads.baseValue)).toEqual([30, 20]);
    expect(Array.from(loads.movableCount)).toEqual([1, 0, 1]);
    expect(Array.from(loads.movableValue)).toEqual([10, 0, 40]);
    expect(Array.from(loads.moveCost)).toEqual([0, 1, 0]);
    expect(loads.protectedAccounts).toBe(2);

    // whatever a balance does to the map, protected accounts keep their owner; map-decided ones follow it
    const owners = () => Array.from(engine.ownershipOf(Int32Array.from([0, 1, 2, 3])), (o) => o.ownerRep);
    expect(owners()).toEqual([0, 1, 0, 1]);
    engine.setAssignment(0, Int32Array.from([1, 1, 0]), 2);
    expect(owners()).toEqual([1, 1, 0, 0]);
  });
});
