import { beforeAll, describe, expect, it } from 'vitest';
import type { GeoIndex } from '../src/geo/geoIndex.ts';
import { loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import { generateSampleAccounts, type SampleRow } from './sampleAccounts.ts';

let geo: GeoIndex;
let rows: SampleRow[];
beforeAll(() => {
  geo = loadGeoIndexFromDisk();
  rows = generateSampleAccounts(geo, { accounts: 5000, seed: 42 });
});

describe('generateSampleAccounts', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSampleAccounts(geo, { accounts: 5000, seed: 42 })).toEqual(rows);
    expect(generateSampleAccounts(geo, { accounts: 50, seed: 43 })[0]).not.toEqual(rows[0]);
  });

  it('is dense in metros: the top 5% of ZIP areas by account count hold a large share of accounts', () => {
    const perZip = new Map<string, number>();
    for (const r of rows) perZip.set(r.BillingPostalCode, (perZip.get(r.BillingPostalCode) ?? 0) + 1);
    const sorted = [...perZip.values()].sort((a, b) => b - a);
    const top = sorted.slice(0, Math.ceil(geo.zipUnitCount * 0.05)).reduce((s, v) => s + v, 0);
    expect(top / rows.length).toBeGreaterThan(0.4);
  });

  it('segments by employee count and has log-normal, positive revenue', () => {
    for (const r of rows) {
      const employees = Number(r.NumberOfEmployees);
      const expected = employees >= 1000 ? 'Enterprise' : employees >= 100 ? 'Mid-Market' : 'SMB';
      expect(r.Segment__c).toBe(expected);
    }
    const revenues = rows.map((r) => Number(r.AnnualRevenue)).filter((v) => Number.isFinite(v));
    const sorted = [...revenues].sort((a, b) => a - b);
    const mean = revenues.reduce((s, v) => s + v, 0) / revenues.length;
    expect(mean).toBeGreaterThan(2 * sorted[Math.floor(sorted.length / 2)]); // long right tail
  });

  it('includes customers, open opportunities, parent links, international rows and bad rows', () => {
    expect(rows.filter((r) => r.Type.startsWith('Customer')).length).toBeGreaterThan(rows.length * 0.15);
    expect(rows.filter((r) => r.Open_Opportunity_Owner__c).length).toBeGreaterThan(rows.length * 0.05);
    const ids = new Set(rows.map((r) => r.Id));
    const children = rows.filter((r) => r.ParentId);
    expect(children.length).toBeGreaterThan(50);
    // a parent whose Id a bad row overwrote dangles on purpose: the importer must report missing parents
    expect(children.filter((c) => ids.has(c.ParentId)).length).toBeGreaterThan(children.length * 0.97);
    expect(
      rows.filter((r) => !['United States', 'USA', 'US', 'U.S.'].includes(r.BillingCountry)).length,
    ).toBeGreaterThan(20);
    expect(rows.some((r) => r.BillingPostalCode === '')).toBe(true);
    expect(rows.some((r) => r.AnnualRevenue === 'twelve million')).toBe(true);
    expect(ids.size).toBeLessThan(rows.length); // duplicate Ids
    expect(rows.some((r) => r.Name.startsWith('='))).toBe(true);
  });
});
