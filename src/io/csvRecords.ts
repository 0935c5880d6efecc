import Papa from 'papaparse';

/**
 * How quotes are read: 'strict' as written (a quote that is never closed swallows the lines after
 * it, and the report warns), 'text-when-runaway' reads such a quote as text on its own line.
 */
export type QuoteReading = 'strict' | 'text-when-runaway';

/** A quoted value that ran over many lines: it opens on `line` and swallowed `lines` physical lines. */
export interface RunawayQuote {
  line: number;
  lines: number;
  /** The start of the line the quote opens on (at most 120 characters). */
  text: string;
}

/** A run of physical lines skipped because they are not text (binary junk). */
export interface LineRange {
  from: number;
  to: number;
}

/** How the physical lines of a file became rows; lines = rows + blank + notText + continuation. */
export interface CsvReading {
  quotes: QuoteReading;
  /** Physical lines, header included (\r\n, \n and \r each end one line). */
  lines: number;
  /** Records emitted, header included. */
  records: number;
  blankLines: number;
  notText: LineRange[];
  notTextLines: number;
  /** Lines that continue a quoted value of the record above (legitimate or runaway). */
  continuationLines: number;
  runawayQuotes: RunawayQuote[];
  /** Lines whose never-closed quote was read as text (quotes = 'text-when-runaway'). */
  quotesReadAsText: number[];
}

/** Receives each non-blank record with the physical line it starts on (1-based). */
export type RecordSink = (cells: string[], line: number) => void;

/** A quoted value spanning more lines than this is a runaway quote whatever else it looks like. */
export const RUNAWAY_LINES = 25;
const MAX_PREVIEW = 120;
/** Text is parsed in pieces of at most this many characters. */
const PIECE_CHARS = 512 * 1024;
/** Lines between two junk lines at most this far apart are junk too. */
const JUNK_GAP = 4;
// binary junk is what these match: control characters no CSV export writes
// eslint-disable-next-line no-control-regex
const CONTROL = /[\x00-\x08\x0e-\x1f\x7f]/;
// eslint-disable-next-line no-control-regex
const MAYBE_NOT_TEXT = /[\x00-\x08\x0e-\x1f\x7f\uFFFD]/;

/** A line is not text when it holds control characters or is mostly undecodable bytes. */
function isNotText(line: string): boolean {
  if (CONTROL.test(line)) return true;
  let bad = 0;
  for (let i = line.indexOf('\uFFFD'); i >= 0; i = line.indexOf('\uFFFD', i + 1)) bad++;
  return bad >= 4 && bad * 4 > line.length;
}

function countNewlines(text: string, from = 0, to = text.length, stopAt = Infinity): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to && n < stopAt; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Offset just after the n-th newline of text (0 for n = 0), or -1. */
function offsetAfterLines(text: string, n: number): number {
  let at = 0;
  for (let k = 0; k < n; k++) {
    const i = text.indexOf('\n', at);
    if (i < 0) return -1;
    at = i + 1;
  }
  return at;
}

function cellNewlines(row: string[]): number {
  let n = 0;
  for (const cell of row) if (cell.indexOf('\n') >= 0) n += countNewlines(cell);
  return n;
}

function isBlank(row: string[]): boolean {
  if (row.length === 1) return row[0].trim() === '';
  if (row[0].trim() !== '') return false;
  for (const cell of row) if (cell.trim() !== '') return false;
  return true;
}

/**
 * Splits decoded CSV text, pushed in chunks of any size, into records with their physical line
 * numbers: normalises mixed \r\n, \n and \r endings, blanks lines of binary junk (reported as
 * ranges), and finds quotes that run over many lines, reading them as text when asked.
 * Papaparse does the cell splitting; rows pass through without extra per-row objects.
 */
export class CsvRecordReader {
  private readonly parser: Papa.Parser;
  private carry = '';
  /** Physical line the carry starts on. */
  private carryLine = 1;
  /** Physical line the next pushed text starts on. */
  private pushedLine = 1;
  private pendingCr = false;
  private started = false;
  private width = -1;
  private lastEndedLine = true;
  readonly reading: CsvReading;

  constructor(
    private readonly delimiter: string,
    quotes: QuoteReading,
    private readonly sink: RecordSink,
  ) {
    this.parser = new Papa.Parser({ delimiter, newline: '\n' });
    this.reading = {
      quotes,
      lines: 0,
      records: 0,
      blankLines: 0,
      notText: [],
      notTextLines: 0,
      continuationLines: 0,
      runawayQuotes: [],
      quotesReadAsText: [],
    };
  }

  /** Adds the next piece of the file's text (of any size). */
  push(chunk: string): void {
    // batches of rows this small die young: a 4 MB batch costs a quarter more CPU in garbage collection
    if (chunk.length <= PIECE_CHARS) this.pushPiece(chunk);
    else for (let at = 0; at < chunk.length; at += PIECE_CHARS) this.pushPiece(chunk.slice(at, at + PIECE_CHARS));
  }

  private pushPiece(chunk: string): void {
    let text = this.pendingCr ? `\r${chunk}` : chunk;
    if (!this.started) {
      text = text.replace(/^\uFEFF/, '');
      this.started = text !== '';
    }
    this.pendingCr = text.endsWith('\r');
    if (this.pendingCr) text = text.slice(0, -1);
    if (text === '') return;
    if (text.indexOf('\r') >= 0) text = text.replace(/\r\n?/g, '\n');
    if (MAYBE_NOT_TEXT.test(text)) text = this.blankNotText(text);
    const newlines = countNewlines(text);
    this.pushedLine += newlines;
    this.reading.lines += newlines;
    this.lastEndedLine = text.endsWith('\n');
    this.parse(this.carry + text, false);
  }

  /** Reads what is left; call once after the last push. */
  end(): void {
    if (this.pendingCr) {
      this.pendingCr = false;
      this.reading.lines++;
      this.parse(`${this.carry}\n`, true);
    } else {
      if (!this.lastEndedLine) this.reading.lines++;
      this.parse(this.carry, true);
    }
    // blanked junk lines were read as blank lines too
    this.reading.blankLines = Math.max(0, this.reading.blankLines - this.reading.notTextLines);
  }

  /** Replaces every line that is not text by an empty line (so line numbers stay true) and records it. */
  private blankNotText(text: string): string {
    const lines = text.split('\n');
    const junk = lines.map(isNotText);
    const previous = this.reading.notText[this.reading.notText.length - 1];
    // the rest of a junk line cut by the chunk boundary is junk; the start of a junk line too
    if (previous && previous.to === this.pushedLine) junk[0] = true;
    else if (junk[0]) this.carry = this.carry.slice(0, this.carry.lastIndexOf('\n') + 1);
    // a short run of lines between junk lines is junk that happens to decode (e.g. a lone byte)
    let lastJunk = previous ? previous.to - this.pushedLine : -Infinity;
    for (let i = 0; i < lines.length; i++) {
      if (!junk[i]) continue;
      if (i - lastJunk > 1 && i - lastJunk <= JUNK_GAP)
        for (let k = Math.max(0, lastJunk + 1); k < i; k++) junk[k] = true;
      lastJunk = i;
    }
    let changed = false;
    for (let i = 0; i < lines.length; i++) {
      if (!junk[i]) continue;
      const line = this.pushedLine + i;
      const ranges = this.reading.notText;
      const last = ranges[ranges.length - 1];
      lines[i] = '';
      changed = true;
      // a junk line cut by the chunk boundary is one line, already counted
      if (last && last.to === line) continue;
      if (last && last.to === line - 1) last.to = line;
      else ranges.push({ from: line, to: line });
      this.reading.notTextLines++;
    }
    return changed ? lines.join('\n') : text;
  }

  private parse(input: string, final: boolean): void {
    // the newline ending the last line ends no record
    let text = final && input.endsWith('\n') ? input.slice(0, -1) : input;
    let line = this.carryLine;
    for (;;) {
      if (final && text === '') {
        this.carry = '';
        this.carryLine = line;
        return;
      }
      const result = this.parser.parse(text, 0, !final) as Papa.ParseResult<string[]>;
      const rows = result.data;
      const consumed = final ? text.length : result.meta.cursor;
      const newlines = countNewlines(text, 0, consumed);
      const expected = final ? newlines + 1 : newlines;
      if (rows.length === expected) {
        // fast path: one row per line
        for (let i = 0; i < rows.length; i++) this.emit(rows[i], line + i);
        line += rows.length;
      } else {
        const restart = this.emitSpanning(rows, result.errors, line, text, final);
        if (restart) {
          text = restart.text;
          line = restart.line;
          continue;
        }
        line += newlines + (final ? 1 : 0);
      }
      text = text.slice(consumed);
      if (!final && this.reading.quotes === 'text-when-runaway' && text.indexOf('\n') >= 0) {
        if (countNewlines(text, 0, text.length, RUNAWAY_LINES + 1) > RUNAWAY_LINES) {
          // the record the carry starts with is still open after many lines
          const after = this.readLineAsText(text, line);
          text = text.slice(after);
          line++;
          continue;
        }
      }
      this.carry = text;
      this.carryLine = line;
      return;
    }
  }

  /** Slow path for a batch with values over several lines; returns where to re-read after a runaway read as text. */
  private emitSpanning(
    rows: string[][],
    errors: Papa.ParseError[],
    firstLine: number,
    text: string,
    final: boolean,
  ): { text: string; line: number } | null {
    const quoteErrors = new Set<number>();
    for (const e of errors) if (e.type === 'Quotes' && e.row !== undefined) quoteErrors.add(e.row);
    let line = firstLine;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i];
      const span = 1 + cellNewlines(row);
      const runaway =
        span > 1 &&
        (span > RUNAWAY_LINES ||
          quoteErrors.has(i) ||
          (this.width > 0 && row.length !== this.width) ||
          (final && i === rows.length - 1 && errors.some((e) => e.code === 'MissingQuotes')));
      if (runaway && this.reading.quotes === 'text-when-runaway') {
        const start = offsetAfterLines(text, line - firstLine);
        const after = this.readLineAsText(text.slice(start), line);
        return { text: text.slice(start + after), line: line + 1 };
      }
      if (runaway) {
        const start = offsetAfterLines(text, line - firstLine);
        const end = text.indexOf('\n', start);
        this.reading.runawayQuotes.push({
          line,
          lines: span,
          text: text.slice(start, Math.min(end < 0 ? text.length : end, start + MAX_PREVIEW)),
        });
      }
      this.reading.continuationLines += span - 1;
      this.emit(row, line);
      line += span;
    }
    return null;
  }

  /**
   * Emits the first line of text as one record with its never-closed quote read as text: the cells
   * the quote would have joined are joined so the row has the header's width. Returns the offset after the line.
   */
  private readLineAsText(text: string, line: number): number {
    const nl = text.indexOf('\n');
    const own = nl < 0 ? text : text.slice(0, nl);
    const parsed = Papa.parse<string[]>(own, { delimiter: this.delimiter, newline: '\n' });
    let cells: string[];
    const quoted = parsed.data[0] ?? [''];
    if (parsed.errors.some((e) => e.code === 'MissingQuotes')) {
      // the last cell is everything after the open quote: split it as plain text
      const head = quoted.slice(0, -1);
      const pieces = quoted[quoted.length - 1].split(this.delimiter);
      const extra = this.width > 0 ? head.length + pieces.length - this.width : 0;
      const joined = extra > 0 ? [pieces.slice(0, extra + 1).join(this.delimiter), ...pieces.slice(extra + 1)] : pieces;
      cells = [...head, ...joined];
    } else {
      cells = own.split(this.delimiter);
    }
    this.reading.quotesReadAsText.push(line);
    this.emit(cells, line);
    return nl < 0 ? text.length : nl + 1;
  }

  private emit(row: string[], line: number): void {
    if (isBlank(row)) {
      this.reading.blankLines++;
      return;
    }
    if (this.width < 0) this.width = row.length;
    this.reading.records++;
    this.sink(row, line);
  }
}

/** Reads a whole text (Node, CLI, tests) through a CsvRecordReader in pieces of chunkSize characters. */
export function readCsvRecords(
  text: string,
  delimiter: string,
  quotes: QuoteReading,
  sink: RecordSink,
  chunkSize = 4 * 1024 * 1024,
): CsvReading {
  const reader = new CsvRecordReader(delimiter, quotes, sink);
  for (let at = 0; at < text.length; at += chunkSize) reader.push(text.slice(at, at + chunkSize));
  reader.end();
  return reader.reading;
}
