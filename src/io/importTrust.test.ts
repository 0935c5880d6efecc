import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { loadGeoIndexFromDisk } from '../geo/loadGeoNode.ts';
import { categoryLabel, stringAt, type ImportReport } from './accountTable.ts';
import { isPostalHeader, looksLikePostalCodes, proposeColumnMapping } from './columnMapping.ts';
import { importAccountsCsv, importAccountsFromBytes } from './importAccounts.ts';
import { detectDecimalSeparator, parseCrmNumber } from './numbers.ts';
import { recallMapping, rememberMapping } from './mappingMemory.ts';
import { detectEncoding, ImportFileError, sniffCsv } from './sniff.ts';

let geo: GeoIndex;
beforeAll(() => {
  geo = loadGeoIndexFromDisk();
});

/** Every physical data line is a row read, a blank line, junk, or the continuation of a quoted value. */
function reconciles(report: ImportReport): boolean {
  const r = report.reading!;
  return r.lines - 1 === report.rowsRead + r.blankLines + r.notTextLines + r.continuationLines;
}

const ZIPS = ['02134', '10001', '94105', '60601', '73301'];

function unclosedQuoteExport(rows: number, broken: number): string {
  const lines = ['Id,Name,BillingPostalCode,AnnualRevenue'];
  for (let i = 1; i <= rows; i++)
    lines.push(
      i === broken ? `${i},"Acme Best Co, Inc,02134,5000` : `${i},Company ${i},${ZIPS[i % ZIPS.length]},${i * 10}`,
    );
  return `${lines.join('\r\n')}\r\n`;
}

describe('imports never lose rows silently', () => {
  it('an unclosed quote: the strict reading warns with the line, the safe reading keeps all 1,000 rows', () => {
    const text = unclosedQuoteExport(1000, 500);
    const strict = importAccountsCsv(text, geo, 'broken.csv').report;
    expect(strict.rowsRead).toBe(500);
    expect(strict.reading?.runawayQuotes).toEqual([
      { line: 501, lines: 501, text: '500,"Acme Best Co, Inc,02134,5000' },
    ]);
    expect(reconciles(strict)).toBe(true);

    const { table, report } = importAccountsCsv(text, geo, 'broken.csv', undefined, { quotes: 'text-when-runaway' });
    expect(report.rowsRead).toBe(1000);
    expect(report.accountsImported).toBe(1000);
    expect(report.reading?.runawayQuotes).toEqual([]);
    expect(report.reading?.quotesReadAsText).toEqual([501]);
    expect(report.problemCounts['quote-as-text']).toBe(1);
    expect(report.problems.find((p) => p.reason === 'quote-as-text')).toMatchObject({ line: 501, accountId: '500' });
    expect(stringAt(table.name, 499)).toBe('Acme Best Co, Inc');
    expect(table.value[499]).toBe(5000);
    expect(table.value[999]).toBe(10000);
    expect(reconciles(report)).toBe(true);
  });

  it('property: with the safe reading every physical row is read, wherever the broken quote is', () => {
    fc.assert(
      fc.property(fc.integer({ min: 30, max: 120 }), fc.nat(), (rows, at) => {
        const broken = 1 + (at % rows);
        const { report } = importAccountsCsv(unclosedQuoteExport(rows, broken), geo, 'x.csv', undefined, {
          quotes: 'text-when-runaway',
        });
        expect(report.rowsRead).toBe(rows);
        expect(report.accountsImported).toBe(rows);
        expect(reconciles(report)).toBe(true);
      }),
      { numRuns: 25 },
    );
  });

  it('mixed \\r\\n, \\n and \\r endings are read row by row', () => {
    const text = 'Id,Name,Zip,Revenue\r\n1,A,02134,10\n2,B,10001,20\r3,C,94105,30\r\n4,D,60601,40\n';
    const { table, report } = importAccountsCsv(text, geo, 'mixed.csv');
    expect(report.rowsRead).toBe(4);
    expect(Array.from(table.value)).toEqual([10, 20, 30, 40]);
    expect(geo.ids[table.unit[2]]).toBe('94105');
    expect(reconciles(report)).toBe(true);
  });
});

describe('exports in German, French and Spanish', () => {
  const GERMAN = [
    'Kundennummer;Firma;Straße;PLZ;Ort;Land;Umsatz (EUR);Mitarbeiter;Branche;Inhaber',
    'K-1;Müller GmbH;Hauptstr. 1;02134;Boston;USA;1.234,56;12;Handel;Eva',
    'K-2;Schmidt AG;Ring 2;10001;New York;USA;1.500;250;Industrie;Jan',
    'K-3;Weber KG;Weg 3;94105;San Francisco;USA;980,5;7;Handel;Eva',
  ].join('\r\n');

  it('proposes every field of a German export and reads decimal commas', () => {
    const bytes = new TextEncoder().encode(GERMAN);
    const sniffed = sniffCsv('de.csv', bytes.length, bytes);
    expect(sniffed.delimiter).toBe(';');
    expect(sniffed.decimal).toBe(',');
    const mapping = proposeColumnMapping(sniffed.headers, sniffed.sampleRows, sniffed.decimal);
    expect(mapping.fields).toMatchObject({
      id: 0,
      name: 1,
      postalCode: 3,
      city: 4,
      country: 5,
      employees: 7,
      industry: 8,
      ownerName: 9,
    });
    expect(mapping.valueColumn).toBe(6);
    const { table, report } = importAccountsFromBytes(bytes, geo, 'de.csv');
    expect(report.accountsPlaced).toBe(3);
    expect(Array.from(table.value)).toEqual([1234.56, 1500, 980.5]);
    expect(Array.from(table.employees)).toEqual([12, 250, 7]);
    expect(categoryLabel(table.categories.ownerName, 1)).toBe('Jan');
  });

  it('maps French and Spanish headers, accents and case ignored', () => {
    const fr = proposeColumnMapping([
      'Raison sociale',
      'Code postal',
      'VILLE',
      'Pays',
      "Chiffre d'affaires",
      'Effectif',
      'Secteur',
    ]);
    expect(fr.fields).toMatchObject({ name: 0, postalCode: 1, city: 2, country: 3, employees: 5, industry: 6 });
    expect(fr.valueColumn).toBe(4);
    const es = proposeColumnMapping([
      'Razon social',
      'Código Postal',
      'Ciudad',
      'País',
      'Facturación',
      'Empleados',
      'Sector',
    ]);
    expect(es.fields).toMatchObject({ name: 0, postalCode: 1, city: 2, country: 3, employees: 5, industry: 6 });
    expect(es.valueColumn).toBe(4);
    expect(proposeColumnMapping(['Empresa', 'Ingresos', 'CP']).valueColumn).toBe(1);
    expect(proposeColumnMapping(['Unternehmen', 'Postleitzahl', 'Jahresumsatz']).fields.postalCode).toBe(1);
  });

  it('never proposes a postal-code column as the account value', () => {
    expect(isPostalHeader('PLZ Rechnungsadresse')).toBe(true);
    expect(looksLikePostalCodes(['02134', '10001', '94105'])).toBe(true);
    expect(looksLikePostalCodes(['12000', '48000', '950'])).toBe(false);
    // an unrecognised postal column with ZIP-like values, and one whose name says postal code
    const rows = [
      ['A', '02134', '1200', 'x'],
      ['B', '10001', '800', 'y'],
    ];
    expect(proposeColumnMapping(['Company', 'Code', 'Amount', 'Note'], rows).valueColumn).toBe(2);
    expect(proposeColumnMapping(['Company', 'Code', 'Score', 'Note'], rows).valueColumn).toBe(2);
    const header = fc.constantFrom('Code', 'Nr', 'Wert', 'Value', 'Score', 'Misc', 'Total', 'Zahl');
    fc.assert(
      fc.property(
        fc.array(header, { minLength: 1, maxLength: 5 }),
        fc.constantFrom('PLZ', 'Postleitzahl', 'Zip', 'Code postal', 'Código postal', 'Zip5', 'Code', 'Wert'),
        fc.nat(),
        fc.array(fc.integer({ min: 0, max: 99999 }), { minLength: 2, maxLength: 10 }),
        (others, postalName, at, zips) => {
          const headers: string[] = [...others];
          const c = at % (headers.length + 1);
          headers.splice(c, 0, postalName);
          const rows = zips.map((z, i) =>
            headers.map((_, k) => (k === c ? (i === 0 ? '01234' : String(z).padStart(5, '0')) : String(i * 7 + k))),
          );
          expect(proposeColumnMapping(headers, rows).valueColumn).not.toBe(c);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads numbers with a known decimal separator', () => {
    expect(parseCrmNumber('1.234', ',')).toEqual({ kind: 'number', value: 1234 });
    expect(parseCrmNumber('1.234,5 €', ',')).toEqual({ kind: 'number', value: 1234.5 });
    expect(parseCrmNumber('1,234', '.')).toEqual({ kind: 'number', value: 1234 });
    expect(parseCrmNumber('1,234')).toEqual({ kind: 'number', value: 1234 });
    expect(detectDecimalSeparator([['1.234,56', '7,5']], ',')).toBe(',');
    expect(detectDecimalSeparator([['1,234.56', '7.5']], ';')).toBe('.');
    expect(detectDecimalSeparator([['1.500']], ';')).toBe(',');
    expect(detectDecimalSeparator([['1.500']], ',')).toBeUndefined();
  });
});

describe('files that are not what they seem', () => {
  function utf16(text: string, bigEndian: boolean): Uint8Array {
    const out = new Uint8Array(text.length * 2);
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      out[2 * i + (bigEndian ? 1 : 0)] = c & 0xff;
      out[2 * i + (bigEndian ? 0 : 1)] = c >> 8;
    }
    return out;
  }

  it('recognises UTF-16 without a byte-order mark and imports it', () => {
    const text = 'Id,Name,Zip,Revenue\r\n1,Café Müller,02134,10\r\n2,Bob,10001,20\r\n';
    for (const bigEndian of [false, true]) {
      const bytes = utf16(text, bigEndian);
      expect(detectEncoding(bytes)).toEqual({ encoding: bigEndian ? 'utf-16be' : 'utf-16le', bom: false });
      const { table, report } = importAccountsFromBytes(bytes, geo, 'u16.csv');
      expect(report.rowsRead).toBe(2);
      expect(stringAt(table.name, 0)).toBe('Café Müller');
    }
  });

  // refused from the file's first 256 KB alone, so the time does not grow with the file (measured: ~0.1 s)
  it('refuses a 50 MB single-line file from its head with a clear message', () => {
    const bytes = new Uint8Array(50 * 1024 * 1024).fill(0x61);
    for (let i = 1; i < bytes.length; i += 7) bytes[i] = 0x2c;
    expect(() => sniffCsv('one-line.csv', bytes.length, bytes.subarray(0, 256 * 1024))).toThrow(
      /no line break in its first 256 KB/,
    );
    expect(() => importAccountsFromBytes(bytes, geo, 'one-line.csv')).toThrow(/no line break in its first 256 KB/);
  });

  it.each([
    ['short names (the header fits the sniffed head)', (i: number) => String.fromCharCode(97 + (i % 26))],
    ['long names (the header is longer than the head)', (i: number) => `column_${i}`],
  ])('refuses a header of 60,000 columns before reading rows, with a clear message: %s', (_, name) => {
    const header = Array.from({ length: 60_000 }, (_, i) => name(i)).join(',');
    const bytes = new TextEncoder().encode(`${header}\n${header}\n`);
    let error: unknown;
    try {
      importAccountsFromBytes(bytes, geo, 'wide.csv');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportFileError);
    expect((error as Error).message).toMatch(
      /^wide\.csv has (more than )?[\d,]+ columns in its first row.*Tessera reads at most 5,000/,
    );
  });
});

describe('wide exports', () => {
  it('reads a HubSpot-style export with 1,500 property columns', () => {
    const extra = Array.from({ length: 1496 }, (_, i) => `Custom property ${i + 1}`);
    const header = ['Record ID', 'Company name', 'Postal Code', 'Annual Revenue', ...extra].join(',');
    const row = (i: number) => [String(i), `Company ${i}`, '10001', String(i * 10), ...extra.map(() => 'x')].join(',');
    const csv = [header, row(1), row(2), row(3)].join('\n');
    const { table, report } = importAccountsCsv(csv, geo, 'hubspot-wide.csv');
    expect(report.rowsRead).toBe(3);
    expect(table.count).toBe(3);
  });
});

describe('the remembered mapping', () => {
  it('keeps the decimal separator the planner chose', () => {
    const store = new Map<string, string>();
    const storage = {
      getItem: (k: string) => store.get(k) ?? null,
      setItem: (k: string, v: string) => store.set(k, v),
    };
    const headers = ['Firma', 'PLZ', 'Umsatz'];
    const mapping = { fields: { name: 0, postalCode: 1 }, valueColumn: 2, metricColumns: [], decimal: ',' as const };
    rememberMapping(storage, headers, mapping);
    expect(recallMapping(storage, headers)).toEqual(mapping);
    rememberMapping(storage, headers, { ...mapping, decimal: 'x' as unknown as ',' });
    expect(recallMapping(storage, headers)?.decimal).toBeUndefined();
  });
});
