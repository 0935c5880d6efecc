import { describe, expect, it } from 'vitest';
import { loadGeoIndexFromDisk } from './loadGeoNode.ts';
import { widenToLevel } from './levelSelection.ts';

const geo = loadGeoIndexFromDisk();
const sorted = (a: ArrayLike<number>): number[] => Array.from(a).sort((x, y) => x - y);

describe('lasso and polygon selections widen to the level like the brush', () => {
  const boston = geo.unitOf('02134');
  const denver = geo.unitOf('80202');
  const canada = geo.unitOf('CA');

  it('takes every ZIP area of each touched state, county or ZIP3, and nothing else', () => {
    for (const level of ['state', 'county', 'zip3'] as const) {
      const widened = widenToLevel(geo, level, [boston, denver]);
      const grouping = geo.grouping(level);
      const groups = new Set([grouping.groupOfUnit[boston], grouping.groupOfUnit[denver]]);
      const expected: number[] = [];
      for (let u = 0; u < geo.zipUnitCount; u++) if (groups.has(grouping.groupOfUnit[u])) expected.push(u);
      expect(sorted(widened), level).toEqual(expected);
      expect(widened.length).toBeGreaterThan(2);
    }
    // a state is the whole of Massachusetts: the test's own reading of the unit table
    const massachusetts = sorted(widenToLevel(geo, 'state', [boston]));
    const fromInfo = [];
    for (let u = 0; u < geo.zipUnitCount; u++) if (geo.info(u).stateCode === 'MA') fromInfo.push(u);
    expect(massachusetts).toEqual(fromInfo);
  });

  it('keeps ZIP and Country selections, and country units at any level, as they are', () => {
    expect(sorted(widenToLevel(geo, 'zip5', [denver, boston]))).toEqual(sorted([denver, boston]));
    expect(Array.from(widenToLevel(geo, 'country', [canada]))).toEqual([canada]);
    expect(sorted(widenToLevel(geo, 'county', [canada, boston]))).toContain(canada);
    expect(Array.from(widenToLevel(geo, 'state', []))).toEqual([]);
  });
});
