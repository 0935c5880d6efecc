import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { detectDelimiter, detectEncoding, describeBinary, sniffCsv } from './sniff.ts';
import { detectCrmSource, headerSignature, mappingProblem, proposeColumnMapping } from './columnMapping.ts';
import { parseCrmDate, formatDay } from './dates.ts';
import { countryFromPostalCode } from './postalCode.ts';
import { problemRowsCsv, safeCell, toSafeCsv } from './csvExport.ts';

describe('detectDelimiter', () => {
  it.each([
    ['a,b,c\n1,2,3\n4,5,6', ','],
    ['a;b;c\n1;2,5;3\n4;5;6', ';'],
    ['a\tb\tc\n1\t2\t3', '\t'],
    ['a|b|c\n1|2|3', '|'],
    ['"x;y",b,c\n"1;2",2,3', ','],
  ])('%j -> %j', (sample, delimiter) => expect(detectDelimiter(sample)).toBe(delimiter));
});

describe('detectEncoding', () => {
  it('reads BOMs, valid UTF-8 and falls back to Windows-1252', () => {
    expect(detectEncoding(Uint8Array.of(0xef, 0xbb, 0xbf, 0x41))).toEqual({ encoding: 'utf-8', bom: true });
    expect(detectEncoding(Uint8Array.of(0xff, 0xfe, 0x41, 0))).toEqual({ encoding: 'utf-16le', bom: true });
    expect(detectEncoding(new TextEncoder().encode('Café')).encoding).toBe('utf-8');
    expect(detectEncoding(Uint8Array.of(0x43, 0x61, 0x66, 0xe9, 0x20, 0x41)).encoding).toBe('windows-1252');
    // a UTF-8 character cut at the end of the sample is still UTF-8
    expect(detectEncoding(new TextEncoder().encode('Caf€').subarray(0, 5)).encoding).toBe('utf-8');
  });
  it('names binary files', () => {
    expect(describeBinary(Uint8Array.of(0x50, 0x4b, 0x03, 0x04), 'utf-8')).toMatch(/xlsx/);
    expect(describeBinary(Uint8Array.of(0x41, 0, 0x42), 'utf-8')).toBe('a binary file');
    expect(describeBinary(new TextEncoder().encode('a,b'), 'utf-8')).toBeNull();
  });
});

describe('sniffCsv', () => {
  it('handles CRLF, BOM and quoted newlines in the sample', () => {
    const text = '\uFEFFId,Name,Zip\r\n1,"Two\r\nLines",02134\r\n2,B,10001\r\n';
    const bytes = new TextEncoder().encode(text);
    const s = sniffCsv('x.csv', bytes.length, bytes);
    expect(s.headers).toEqual(['Id', 'Name', 'Zip']);
    expect(s.sampleRows).toEqual([
      ['1', 'Two\r\nLines', '02134'],
      ['2', 'B', '10001'],
    ]);
  });
});

describe('column mapping', () => {
  it('detects the CRM from its headers', () => {
    expect(detectCrmSource(['Id', 'Name', 'BillingPostalCode'])).toBe('salesforce');
    expect(detectCrmSource(['Record ID', 'Company name', 'Postal Code'])).toBe('hubspot');
    expect(detectCrmSource(['accountid', 'name', 'address1_postalcode'])).toBe('dynamics');
    expect(detectCrmSource(['account', 'zip'])).toBe('generic');
  });
  it('proposes fields and the value column for each CRM', () => {
    const sf = proposeColumnMapping(['Id', 'Name', 'BillingPostalCode', 'AnnualRevenue', 'Owner.Name', 'ParentId']);
    expect(sf.fields).toMatchObject({ id: 0, name: 1, postalCode: 2, ownerName: 4, parentId: 5 });
    expect(sf.valueColumn).toBe(3);
    const hs = proposeColumnMapping([
      'Record ID',
      'Company name',
      'Postal Code',
      'Country/Region',
      'Annual Revenue',
      'Company owner',
    ]);
    expect(hs.fields).toMatchObject({ id: 0, name: 1, postalCode: 2, country: 3, ownerName: 5 });
    expect(hs.valueColumn).toBe(4);
    const dyn = proposeColumnMapping(['accountid', 'name', 'address1_postalcode', 'revenue', 'numberofemployees']);
    expect(dyn.fields).toMatchObject({ id: 0, name: 1, postalCode: 2, employees: 4 });
    expect(dyn.valueColumn).toBe(3);
    const generic = proposeColumnMapping(['company', 'zip', 'lat', 'lon', 'seats'], [['A', '1', '40', '-70', '12']]);
    expect(generic.fields).toMatchObject({ name: 0, postalCode: 1, latitude: 2, longitude: 3 });
    expect(generic.valueColumn).toBe(4);
  });
  it('explains a mapping that cannot place accounts', () => {
    expect(mappingProblem({ fields: { id: 0 }, valueColumn: null, metricColumns: [] }, 2)).toMatch(/ZIP/);
    expect(mappingProblem({ fields: { latitude: 0, postalCode: 1 }, valueColumn: null, metricColumns: [] }, 2)).toMatch(
      /together/,
    );
    expect(mappingProblem({ fields: { postalCode: 1 }, valueColumn: null, metricColumns: [] }, 2)).toBeNull();
    expect(headerSignature([' Id', 'ZIP'])).toBe(headerSignature(['id', 'zip ']));
  });
});

describe('dates and postal codes', () => {
  it.each([
    ['2026-03-01', '2026-03-01'],
    ['2026-03-01T10:00:00Z', '2026-03-01'],
    ['3/1/2026', '2026-03-01'],
    ['01.03.2026', '2026-03-01'],
  ])('%j -> %j', (raw, iso) => expect(formatDay(parseCrmDate(raw) as number)).toBe(iso));
  it('rejects impossible dates and treats blank as missing', () => {
    expect(parseCrmDate('2026-02-30')).toBeNull();
    expect(parseCrmDate('soon')).toBeNull();
    expect(parseCrmDate('')).toBeNaN();
  });
  it.each([
    ['M5V 2T6', 'CA'],
    ['h2x1y4', 'CA'],
    ['SW1A 1AA', 'GB'],
    ['EC1A 1BB', 'GB'],
    ['02134', null],
  ])('%j -> %j', (raw, country) => expect(countryFromPostalCode(raw)).toBe(country));
});

describe('safe CSV export', () => {
  it.each([
    ['=1+1', "'=1+1"],
    ['+cmd', "'+cmd"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\t=x', "'\t=x"],
    ['Acme', 'Acme'],
  ])('%j -> %j', (raw, safe) => expect(safeCell(raw)).toBe(safe));
  it('quotes commas, quotes and newlines and round-trips through a CSV parser', () => {
    const csv = toSafeCsv(
      ['a', 'b'],
      [
        ['x, "y"', 'line\nbreak'],
        ['=HYPERLINK("http://x")', ''],
      ],
    );
    const parsed = Papa.parse<string[]>(csv.trim()).data;
    expect(parsed).toEqual([
      ['a', 'b'],
      ['x, "y"', 'line\nbreak'],
      ['\'=HYPERLINK("http://x")', ''],
    ]);
  });
  it('writes the same bytes as before: CRLF after every row, quotes only where needed, escaped cells unquoted', () => {
    const csv = toSafeCsv(
      ['Id', 'Name', 'Note'],
      [['1', 'Acme, Inc.', 'say "hi"'], ['2', '=SUM(A1)', ''], ['3', '-5', 'two\r\nlines'], []],
    );
    expect(csv).toBe('Id,Name,Note\r\n1,"Acme, Inc.","say ""hi"""\r\n2,\'=SUM(A1),\r\n3,\'-5,"two\r\nlines"\r\n\r\n');
  });
  it('lists problem rows with reason and original cells', () => {
    const csv = problemRowsCsv({
      fileName: 'f.csv',
      source: 'Generic CSV',
      rowsRead: 1,
      accountsImported: 1,
      accountsPlaced: 0,
      problems: [
        { line: 2, accountId: '7', reason: 'unknown-zip', detail: 'ZIP 00000 does not exist', cells: ['7', '00000'] },
      ],
      problemCounts: { 'unknown-zip': 1 },
      headers: ['Id', 'Zip'],
      importedAt: '2026-01-01T00:00:00Z',
    });
    expect(Papa.parse<string[]>(csv.trim()).data).toEqual([
      ['Row', 'Account Id', 'Reason', 'Detail', 'Id', 'Zip'],
      ['2', '7', 'Unknown ZIP (not placed)', 'ZIP 00000 does not exist', '7', '00000'],
    ]);
  });
});
