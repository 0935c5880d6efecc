import fc from 'fast-check';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { readCsvRecords, RUNAWAY_LINES, type CsvReading, type QuoteReading } from './csvRecords.ts';

function read(text: string, quotes: QuoteReading = 'strict', chunkSize?: number) {
  const rows: { cells: string[]; line: number }[] = [];
  const reading = readCsvRecords(text, ',', quotes, (cells, line) => rows.push({ cells, line }), chunkSize);
  return { rows, reading };
}

const reconciles = (r: CsvReading): boolean =>
  r.lines === r.records + r.blankLines + r.notTextLines + r.continuationLines;

/** A 1,000-row export whose row 500 names "Acme Best Co, Inc with no closing quote. */
function unclosedQuoteFile(): string {
  const lines = ['Id,Name,Zip,Revenue'];
  for (let i = 1; i <= 1000; i++)
    lines.push(i === 500 ? `${i},"Acme Best Co, Inc,02134,5000` : `${i},Company ${i},10001,${i * 10}`);
  return `${lines.join('\n')}\n`;
}

describe('CsvRecordReader', () => {
  it('reads mixed \\r\\n, \\n and \\r endings row by row, also across chunk boundaries', () => {
    const text = 'Id,Name,Zip\r\n1,A,02134\n2,B,10001\r3,"C\r\nD",94105\r\n4,E,60601\r';
    for (const chunk of [1, 2, 3, 7, 1000]) {
      const { rows, reading } = read(text, 'strict', chunk);
      expect(rows.map((r) => r.cells)).toEqual([
        ['Id', 'Name', 'Zip'],
        ['1', 'A', '02134'],
        ['2', 'B', '10001'],
        ['3', 'C\nD', '94105'],
        ['4', 'E', '60601'],
      ]);
      expect(rows.map((r) => r.line)).toEqual([1, 2, 3, 4, 6]);
      expect(reading.lines).toBe(6);
      expect(reconciles(reading)).toBe(true);
    }
  });

  it('warns about an unclosed quote with its line; the safe reading keeps every row', () => {
    const text = unclosedQuoteFile();
    const strict = read(text);
    expect(strict.rows.length).toBe(501); // header + 499 rows + the runaway row: what papaparse alone reads
    expect(strict.reading.runawayQuotes).toEqual([
      { line: 501, lines: 501, text: '500,"Acme Best Co, Inc,02134,5000' },
    ]);
    expect(reconciles(strict.reading)).toBe(true);

    const safe = read(text, 'text-when-runaway');
    expect(safe.rows.length).toBe(1001);
    expect(safe.reading.runawayQuotes).toEqual([]);
    expect(safe.reading.quotesReadAsText).toEqual([501]);
    expect(safe.rows[500]).toEqual({ cells: ['500', 'Acme Best Co, Inc', '02134', '5000'], line: 501 });
    expect(safe.rows[1000]).toEqual({ cells: ['1000', 'Company 1000', '10001', '10000'], line: 1001 });
    expect(safe.reading.lines).toBe(1001);
    expect(reconciles(safe.reading)).toBe(true);
  });

  it('finds a quote closed by a later row and reads it as text in the safe reading', () => {
    const lines = ['Id,Name,Zip'];
    for (let i = 1; i <= 100; i++)
      lines.push(i === 10 ? '10,"Broken, Inc,02134' : i === 60 ? '60,"Quoted",10001' : `${i},N${i},10001`);
    const text = lines.join('\r\n');
    const strict = read(text);
    expect(strict.reading.runawayQuotes.map((q) => q.line)).toEqual([11]);
    expect(strict.rows.length).toBeLessThan(60);
    const safe = read(text, 'text-when-runaway', 64);
    expect(safe.rows.length).toBe(101);
    expect(safe.rows[10].cells).toEqual(['10', 'Broken, Inc', '02134']);
    expect(safe.rows[60].cells).toEqual(['60', 'Quoted', '10001']);
  });

  it('keeps legitimate values over a few lines', () => {
    const text = 'Id,Notes,Zip\n1,"line one\nline two\nline three",02134\n2,plain,10001\n';
    const { rows, reading } = read(text, 'text-when-runaway');
    expect(rows[1].cells[1]).toBe('line one\nline two\nline three');
    expect(rows[2]).toEqual({ cells: ['2', 'plain', '10001'], line: 5 });
    expect(reading.runawayQuotes).toEqual([]);
    expect(reading.quotesReadAsText).toEqual([]);
    expect(reading.continuationLines).toBe(2);
  });

  it('skips binary junk in the middle of a file with its line range and keeps every row after it', () => {
    const rows = ['Id,Name,Zip', ...Array.from({ length: 2000 }, (_, i) => `${i + 1},Company ${i + 1},10001`)];
    let seed = 7;
    const junk = new Uint8Array(2 * 1024 * 1024);
    for (let i = 0; i < junk.length; i++) junk[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
    const before = new TextEncoder().encode(`${rows.slice(0, 1001).join('\n')}\n`);
    const after = new TextEncoder().encode(`\n${rows.slice(1001).join('\n')}\n`);
    const bytes = new Uint8Array(before.length + junk.length + after.length);
    bytes.set(before);
    bytes.set(junk, before.length);
    bytes.set(after, before.length + junk.length);
    const text = new TextDecoder('utf-8').decode(bytes);
    const { rows: read1, reading } = read(text, 'strict', 256 * 1024);
    const ids = new Set(read1.map((r) => r.cells[0]));
    for (let i = 1; i <= 2000; i++) expect(ids.has(String(i))).toBe(true);
    expect(reading.notText.length).toBe(1);
    expect(reading.notText[0].from).toBe(1002);
    expect(reading.notTextLines).toBe(reading.notText[0].to - reading.notText[0].from + 1);
    expect(read1[read1.length - 1].cells).toEqual(['2000', 'Company 2000', '10001']);
    expect(reconciles(reading)).toBe(true);
  });

  it('property: any chunking gives the same records, lines reconcile, and agrees with papaparse on clean files', () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-z0-9 ]{0,6}$/),
      fc.stringMatching(/^[a-z,\n ]{0,8}$/).map((s) => `"${s}"`),
    );
    const row = fc.array(cell, { minLength: 3, maxLength: 3 }).map((c) => c.join(','));
    const ending = fc.constantFrom('\n', '\r\n', '\r');
    fc.assert(
      fc.property(
        fc.array(fc.tuple(row, ending), { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 1, max: 50 }),
        (lines, chunk) => {
          const text = `a,b,c\n${lines.map(([r, e]) => r + e).join('')}`;
          const whole = read(text);
          const chunked = read(text, 'strict', chunk);
          expect(chunked.rows).toEqual(whole.rows);
          expect(reconciles(whole.reading)).toBe(true);
          const papa = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { skipEmptyLines: 'greedy' }).data;
          expect(whole.rows.map((r) => r.cells)).toEqual(papa);
        },
      ),
      { numRuns: 300 },
    );
  });

  it(`calls a value over more than ${RUNAWAY_LINES} lines a runaway quote`, () => {
    const notes = Array.from({ length: RUNAWAY_LINES + 5 }, (_, i) => `l${i}`).join('\n');
    const text = `Id,Notes,Zip\n1,"${notes}",02134\n`;
    expect(read(text).reading.runawayQuotes.map((q) => q.line)).toEqual([2]);
  });
});
