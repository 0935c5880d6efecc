import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { loadGeoIndexFromDisk } from '../geo/loadGeoNode.ts';
import { importAccountsCsv, ImportError } from './importAccounts.ts';

let geo: GeoIndex;
beforeAll(() => {
  geo = loadGeoIndexFromDisk();
});

describe('importAccountsCsv', () => {
  it('places accounts by ZIP and country and reports every problem row with its line', () => {
    const csv = [
      '\uFEFFId,Name,BillingPostalCode,BillingCountry,AnnualRevenue',
      '1,"Acme, Inc.",02134,USA,"$1,000"',
      '2,Zero Lost,2134,US,2000',
      '3,Plus Four,94105-1234,United States,N/A',
      '4,Nowhere,00000,US,5',
      '5,Blank,,US,5',
      '1,Dup,10001,US,5',
      '6,Maple Leaf,M5V 2T6,Canada,7',
      '7,Bad Money,10001,US,lots',
      '8,"Multi\nLine",10001,U.S.,1',
      '9,Atlantis,12345,Atlantis,1',
    ].join('\r\n');
    const { table, report } = importAccountsCsv(csv, geo, 'test.csv');
    expect(report.rowsRead).toBe(10);
    expect(report.accountsImported).toBe(9);
    expect(table.id).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    expect(table.name[0]).toBe('Acme, Inc.');
    expect(table.name[7]).toBe('Multi\nLine');
    expect(geo.ids[table.unit[0]]).toBe('02134');
    expect(geo.ids[table.unit[1]]).toBe('02134');
    expect(geo.ids[table.unit[2]]).toBe('94105');
    expect(table.unit[3]).toBe(-1);
    expect(geo.ids[table.unit[5]]).toBe('CA');
    expect(table.value[0]).toBe(1000);
    expect(Number.isNaN(table.value[2])).toBe(true);
    expect(report.accountsPlaced).toBe(6);
    const byReason = Object.fromEntries(report.problems.map((p) => [p.reason, p]));
    expect(byReason['unknown-zip']).toMatchObject({ line: 5, accountId: '4' });
    expect(byReason['missing-zip']).toMatchObject({ line: 6, accountId: '5' });
    expect(byReason['duplicate-id'].detail).toContain('line 2');
    expect(byReason['bad-number']).toMatchObject({ accountId: '7' });
    expect(byReason['unknown-country']).toMatchObject({ accountId: '9' });
  });

  it('rejects a file it cannot use as a whole', () => {
    expect(() => importAccountsCsv('', geo)).toThrow(ImportError);
    expect(() => importAccountsCsv('a,b\n1,2', geo)).toThrow(/no postal code or country column/);
  });

  it('imports the bundled 20,000-account sample with its deliberate bad rows reported', () => {
    const { table, report } = importAccountsCsv(readFileSync('data/sample-accounts.csv', 'utf8'), geo);
    expect(report.rowsRead).toBe(20_000);
    expect(table.count).toBeGreaterThan(19_900);
    expect(report.accountsPlaced / table.count).toBeGreaterThan(0.99);
    const reasons = new Set(report.problems.map((p) => p.reason));
    for (const r of ['missing-zip', 'unknown-zip', 'bad-number', 'duplicate-id']) expect(reasons).toContain(r);
    expect(table.unit.some((u) => u >= geo.zipUnitCount)).toBe(true); // international rows sit on country units
  });
});
