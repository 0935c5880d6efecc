import { beforeAll, describe, expect, it } from 'vitest';
import { accountPositions } from './accountPositions.ts';
import { groupAccountsByUnit } from './accountsByUnit.ts';
import { accountsInView } from './accountsInView.ts';
import type { GeoIndex } from './geoIndex.ts';
import { loadGeoIndexFromDisk } from './loadGeoNode.ts';

let geo: GeoIndex;
beforeAll(() => {
  geo = loadGeoIndexFromDisk();
});

/** 300 accounts in Chicago's 60601 and 300 in 60649 (south side), 50 in Boston's 02108 (out of view). */
function chicagoAccounts() {
  const zips = [
    ...Array<string>(300).fill('60601'),
    ...Array<string>(300).fill('60649'),
    ...Array<string>(50).fill('02108'),
  ];
  const unit = Int32Array.from(zips, (z) => geo.unitOf(z));
  const none = new Float32Array(unit.length).fill(NaN);
  return { unit, positions: accountPositions(geo, unit, none, none) };
}
const chicago = { west: -88.0, south: 41.6, east: -87.4, north: 42.1 };

describe('accountsInView', () => {
  it('lists every account in the view when they fit', () => {
    const { unit, positions } = chicagoAccounts();
    const { account, total } = accountsInView(
      geo,
      positions,
      groupAccountsByUnit(unit, geo.unitCount),
      chicago,
      10_000,
    );
    expect(total).toBe(600);
    expect([...account].sort((a, b) => a - b)).toEqual(Array.from({ length: 600 }, (_, a) => a));
  });

  it('thins out evenly over the view when there are more than the limit', () => {
    const { unit, positions } = chicagoAccounts();
    const { account, total } = accountsInView(geo, positions, groupAccountsByUnit(unit, geo.unitCount), chicago, 100);
    expect(total).toBe(600);
    expect(account.length).toBe(100);
    expect(new Set(account).size).toBe(100);
    const north = [...account].filter((a) => a < 300).length;
    expect(north).toBe(50);
    for (const a of account) expect(a).toBeLessThan(600);
  });

  it('keeps nothing for a limit of 0 and finds nothing in an empty view', () => {
    const { unit, positions } = chicagoAccounts();
    const byUnit = groupAccountsByUnit(unit, geo.unitCount);
    expect(accountsInView(geo, positions, byUnit, chicago, 0)).toEqual({ account: new Int32Array(0), total: 600 });
    expect(accountsInView(geo, positions, byUnit, { west: -120, south: 30, east: -119, north: 31 }, 10).total).toBe(0);
  });
});
