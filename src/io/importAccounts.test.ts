import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { loadGeoIndexFromDisk } from '../geo/loadGeoNode.ts';
import { categoryLabel, PLACEMENT, stringAt, unpackStrings } from './accountTable.ts';
import { importAccountsCsv, importAccountsFromBytes } from './importAccounts.ts';
import { ImportFileError } from './sniff.ts';

let geo: GeoIndex;
beforeAll(() => {
  geo = loadGeoIndexFromDisk();
});

const SALESFORCE = [
  '\uFEFFId,Name,BillingPostalCode,BillingCountry,AnnualRevenue,NumberOfEmployees,Owner.Name,LastActivityDate',
  '1,"Acme, Inc.",02134,USA,"$1,000",50,Ann,2026-10-01',
  '2,Zero Lost,2134,US,2000,,Ann,10/2/2026',
  '3,Plus Four,94105-1234,United States,N/A,12,Bob,',
  '4,Nowhere,00000,US,5,1,Bob,',
  '5,Blank,,US,5,1,Bob,',
  '1,Dup,10001,US,5,1,Bob,',
  '6,Maple Leaf,M5V 2T6,Canada,7,1,Cy,',
  '7,Bad Money,10001,US,lots,1,Cy,yesterday',
  '8,"Multi\nLine",10001,U.S.,1,1,Cy,',
  '9,Atlantis,12345,Atlantis,1,1,Cy,',
  ',No Id,10001,US,1,1,Cy,',
  '10,=1+1,10001,US,=1+1,1,+cmd,',
  '11,@SUM(A1),10001,US,"1.234,56",1,Cy,',
].join('\r\n');

describe('importAccountsCsv (Salesforce-style)', () => {
  const run = () => importAccountsCsv(SALESFORCE, geo, 'sf.csv');

  it('counts rows read, imported and placed', () => {
    const { table, report } = run();
    expect(report.source).toBe('Salesforce');
    expect(report.rowsRead).toBe(13);
    expect(report.accountsImported).toBe(11);
    expect(unpackStrings(table.id)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11']);
    expect(report.accountsPlaced).toBe(8);
  });

  it('normalises ZIPs, countries, numbers and dates', () => {
    const { table } = run();
    expect(stringAt(table.name, 0)).toBe('Acme, Inc.');
    expect(stringAt(table.name, 7)).toBe('Multi\nLine');
    expect(geo.ids[table.unit[0]]).toBe('02134');
    expect(geo.ids[table.unit[1]]).toBe('02134'); // 4-digit ZIP that lost its zero
    expect(geo.ids[table.unit[2]]).toBe('94105'); // ZIP+4
    expect(geo.ids[table.unit[5]]).toBe('CA');
    expect(table.placement[5]).toBe(PLACEMENT.country);
    expect(table.value[0]).toBe(1000);
    expect(table.value[10]).toBeCloseTo(1234.56);
    expect(Number.isNaN(table.value[2])).toBe(true);
    expect(table.valueName).toBe('AnnualRevenue');
    expect(table.lastActivityDay[0]).toBe(Date.UTC(2026, 9, 1) / 86_400_000);
    expect(table.lastActivityDay[1]).toBe(Date.UTC(2026, 9, 2) / 86_400_000);
    expect(categoryLabel(table.categories.ownerName, 0)).toBe('Ann');
    expect(categoryLabel(table.categories.country, 5)).toBe('CA');
  });

  it('keeps formula-looking text as plain text and rejects it as a number', () => {
    const { table, report } = run();
    expect(stringAt(table.name, 9)).toBe('=1+1');
    expect(stringAt(table.name, 10)).toBe('@SUM(A1)');
    expect(categoryLabel(table.categories.ownerName, 9)).toBe('+cmd');
    expect(report.problems.some((p) => p.accountId === '10' && p.reason === 'bad-number')).toBe(true);
  });

  it('reports every problem row with its row number, id, reason and cells', () => {
    const { report } = run();
    const find = (reason: string) => report.problems.filter((p) => p.reason === reason);
    expect(find('unknown-zip')).toMatchObject([{ line: 5, accountId: '4' }]);
    expect(find('missing-zip')).toMatchObject([{ line: 6, accountId: '5' }]);
    expect(find('duplicate-id')[0]).toMatchObject({ line: 7, accountId: '1' });
    expect(find('duplicate-id')[0].detail).toContain('kept the first copy (row 2)');
    expect(find('unknown-country')).toMatchObject([{ accountId: '9' }]);
    expect(find('missing-id')).toMatchObject([{ line: 13 }]); // physical line: row 8's name spans two
    expect(find('bad-date')).toMatchObject([{ accountId: '7' }]);
    expect(find('bad-number').map((p) => p.accountId)).toEqual(['7', '10']);
    expect(report.problemCounts).toEqual({
      'unknown-zip': 1,
      'missing-zip': 1,
      'duplicate-id': 1,
      'unknown-country': 1,
      'missing-id': 1,
      'bad-number': 2,
      'bad-date': 1,
    });
    expect(find('unknown-zip')[0].cells[1]).toBe('Nowhere');
  });
});

describe('importAccountsCsv (other shapes)', () => {
  it('reads a HubSpot export with semicolons and decimal commas', () => {
    const csv = [
      'Record ID;Company name;Postal Code;Country/Region;Annual Revenue;Number of Employees;Company owner',
      '101;Nordwind GmbH;10115;Germany;1.500.000,50;20;Eva',
      '102;Fenway Labs;02215;United States;"12,5";3;Eva',
    ].join('\n');
    const { table, report } = importAccountsCsv(csv, geo, 'hs.csv');
    expect(report.source).toBe('HubSpot');
    expect(table.count).toBe(2);
    expect(geo.ids[table.unit[0]]).toBe('DE');
    expect(table.value[0]).toBe(1_500_000.5);
    expect(table.value[1]).toBe(12.5);
    expect(geo.ids[table.unit[1]]).toBe('02215');
  });

  it('prefers latitude/longitude over ZIP and falls back to the ZIP when coordinates are bad', () => {
    const csv = ['id\tname\tzip\tlat\tlon', 'a\tA\t10001\t42.3591\t-71.1162', 'b\tB\t10001\t95\t-71'].join('\n');
    const { table, report } = importAccountsCsv(csv, geo, 'tab.tsv');
    expect(geo.ids[table.unit[0]]).toBe('02134');
    expect(table.placement[0]).toBe(PLACEMENT.coordinates);
    expect(table.lat[0]).toBeCloseTo(42.3591, 4);
    expect(geo.ids[table.unit[1]]).toBe('10001');
    expect(report.problemCounts['bad-coordinates']).toBe(1);
  });

  it('reads Windows-1252 files (Excel on Windows) and infers Canada from a postal code', () => {
    const header = new TextEncoder().encode('id,name,postal_code\n');
    const row = Uint8Array.of(
      ...new TextEncoder().encode('1,Caf'),
      0xe9,
      ...new TextEncoder().encode(' Ltd,H2X 1Y4\n'),
    );
    const bytes = new Uint8Array([...header, ...row]);
    const { table } = importAccountsFromBytes(bytes, geo, 'latin1.csv');
    expect(stringAt(table.name, 0)).toBe('Café Ltd');
    expect(geo.ids[table.unit[0]]).toBe('CA');
  });

  it('keeps extra numeric columns as metrics and honours a chosen value column', () => {
    const csv = ['Id,Zip,Revenue,Seats,Score', '1,10001,100,5,0.5', '2,10001,200,7,n/a'].join('\n');
    const { table } = importAccountsCsv(csv, geo, 'm.csv', {
      fields: { id: 0, postalCode: 1 },
      valueColumn: 3,
      metricColumns: [2, 4],
    });
    expect(table.valueName).toBe('Seats');
    expect(Array.from(table.value)).toEqual([5, 7]);
    expect(table.metrics.map((m) => m.name)).toEqual(['Revenue', 'Score']);
    expect(Array.from(table.metrics[1].values)).toEqual([0.5, NaN]);
  });

  it.each([
    ['empty.csv', new Uint8Array(0), /is empty/],
    ['pic.png', Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), /PNG image, not a CSV/],
    ['header.csv', new TextEncoder().encode('Id,Name,BillingPostalCode\n'), /header row but no accounts/],
    ['one.csv', new TextEncoder().encode('just one column\nvalue\n'), /only one column/],
    ['nozip.csv', new TextEncoder().encode('a,b\n1,2\n'), /ZIP \/ postal code, country/],
  ])('rejects %s with a clear message', (name, bytes, message) => {
    expect(() => importAccountsFromBytes(bytes, geo, name)).toThrow(ImportFileError);
    expect(() => importAccountsFromBytes(bytes, geo, name)).toThrow(message);
  });

  it('imports the bundled 20,000-account sample with its deliberate bad rows reported', () => {
    const { table, report } = importAccountsFromBytes(readFileSync('data/sample-accounts.csv'), geo, 'sample.csv');
    expect(report.rowsRead).toBe(20_000);
    expect(table.count).toBeGreaterThan(19_900);
    expect(report.accountsPlaced / table.count).toBeGreaterThan(0.99);
    for (const r of ['missing-zip', 'unknown-zip', 'bad-number', 'duplicate-id'] as const)
      expect(report.problemCounts[r]).toBeGreaterThan(0);
    expect(table.unit.some((u) => u >= geo.zipUnitCount)).toBe(true); // international rows sit on country units
  });
});
