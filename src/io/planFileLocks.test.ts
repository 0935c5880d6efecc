import { describe, expect, it } from 'vitest';
import { DEFAULT_OWNERSHIP, type Plan, type Territory } from '../domain/plan.ts';
import { parsePlanFile, serialisePlan, type UnitIdIndex } from './planFile.ts';

// '94105' and the PO-box ZIP '94120' are one area of this geography, as USPS ZIPs without an area are
const UNIT_IDS = ['94103', '94105', '94107'];
const units: UnitIdIndex = {
  unitCount: UNIT_IDS.length,
  indexOf: (id) => (id === '94120' ? 1 : UNIT_IDS.indexOf(id)),
};

function territory(id: string, locked: boolean): Territory {
  return { id, name: id, colour: '#123456', repId: null, vacantFrom: '', locked };
}

function plan(lockedFirst: boolean, lockedSecond: boolean): Plan {
  return {
    name: 'Locks',
    reps: [],
    teams: [
      {
        id: 'team',
        name: 'All',
        conditions: [],
        territories: [territory('North', lockedFirst), territory('South', lockedSecond)],
      },
    ],
    assignments: [Int32Array.from([0, 0, 1])],
    lockedUnits: [Uint8Array.from([0, 0, 1])],
    tolerance: 0.1,
    ownership: DEFAULT_OWNERSHIP,
    namedAccounts: [],
    rulesOfEngagement: '',
  };
}

/** A saved plan whose South territory also lists the PO-box ZIP of North's area 94105. */
function fileWithSharedArea(lockedFirst: boolean, lockedSecond: boolean): string {
  const doc = JSON.parse(serialisePlan(plan(lockedFirst, lockedSecond), UNIT_IDS));
  doc.teams[0].territories[1].units.push('94120');
  return JSON.stringify(doc);
}

describe('opening a plan file keeps its locks', () => {
  it('keeps locked territories and locked units exactly as saved', () => {
    const parsed = parsePlanFile(serialisePlan(plan(true, false), UNIT_IDS), units);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.plan.teams[0].territories.map((t) => t.locked)).toEqual([true, false]);
    expect(Array.from(parsed.plan.assignments[0])).toEqual([0, 0, 1]);
    expect(Array.from(parsed.plan.lockedUnits[0])).toEqual([0, 0, 1]);
  });

  it('never gives a locked territory’s area to another territory that lists the same area', () => {
    const lockedFirst = parsePlanFile(fileWithSharedArea(true, false), units);
    if (!lockedFirst.ok) throw new Error(lockedFirst.error);
    expect(Array.from(lockedFirst.plan.assignments[0])).toEqual([0, 0, 1]);
    // only the later territory is locked: it keeps the area it lists, and the warning says so
    const lockedSecond = parsePlanFile(fileWithSharedArea(false, true), units);
    if (!lockedSecond.ok) throw new Error(lockedSecond.error);
    expect(Array.from(lockedSecond.plan.assignments[0])).toEqual([0, 1, 1]);
    expect(lockedSecond.warnings).toContain(
      'Unit "94120" of territory "South" is the same area as a unit of territory "North"; the locked territory "South" keeps it.',
    );
    const neither = parsePlanFile(fileWithSharedArea(false, false), units);
    if (!neither.ok) throw new Error(neither.error);
    expect(Array.from(neither.plan.assignments[0])).toEqual([0, 0, 1]);
  });
});
