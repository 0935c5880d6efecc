import { engineAccountsOf, engineGeographyOf, ownershipColumnsOf } from '../src/io/engineInput.ts';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plan } from '../src/domain/plan.ts';
import { dayNumber, type OwnershipResult } from '../src/engine/ownership.ts';
import { PlanEngine } from '../src/engine/planEngine.ts';
import type { GeoIndex } from '../src/geo/geoIndex.ts';
import { loadBorderLengthsFromDisk, loadGeoIndexFromDisk } from '../src/geo/loadGeoNode.ts';
import type { UnitBorderLengths } from '../src/geo/unitBorderLengths.ts';
import {
  ROW_PROBLEM_LABELS,
  SKIPPING_REASONS,
  type AccountTable,
  type ImportReport,
  type RowProblemReason,
} from '../src/io/accountTable.ts';
import {
  ACCOUNT_FIELDS,
  mappingProblem,
  proposeColumnMapping,
  type AccountField,
  type ColumnMapping,
} from '../src/io/columnMapping.ts';
import { importAccountsFromBytes } from '../src/io/importAccounts.ts';
import type { DecimalSeparator } from '../src/io/numbers.ts';
import { migratePlanDocument, parsePlanFile } from '../src/io/planFile.ts';
import { ImportFileError, SNIFF_BYTES, sniffCsv, type Delimiter } from '../src/io/sniff.ts';
import { CliError, UsageError } from './args.ts';
import { formatCount, plural } from './format.ts';

/** The repository root: the geography is read from its public/geo whatever the working directory. */
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Notes about the inputs (import problems, plan upgrades), shown once the command has succeeded. */
export type Notes = string[];

/** Everything a command works on: geography, plan, accounts and the engine loaded with them. */
export interface Workspace {
  geo: GeoIndex;
  plan: Plan;
  planPath: string;
  table: AccountTable;
  importReport: ImportReport;
  engine: PlanEngine;
  notes: Notes;
  /**
   * Measures the ZIP areas' border lengths (reads the ZIP outlines, ~0.5 s, so only commands that need shapes
   * call it) and gives them to the engine, whose reports then carry each territory's shape measures.
   */
  measureShapes: () => UnitBorderLengths;
}

/** How the accounts file is read when the planner does not want the guesses: the CLI's --map, --delimiter, --decimal. */
export interface AccountReading {
  valueColumn?: string;
  /** "field=Column" pairs, e.g. "zip=PLZ", "value=Umsatz". */
  map?: readonly string[];
  delimiter?: Delimiter;
  decimal?: DecimalSeparator;
  quotesAsText?: boolean;
}

/** Loads the geography, the plan and the accounts, and sets the engine up with the plan's teams and maps. */
export function openWorkspace(planPath: string, accountsPath: string, reading: AccountReading = {}): Workspace {
  const notes: Notes = [];
  const geo = loadGeography();
  const plan = loadPlan(planPath, geo, notes);
  const { table, report } = loadAccounts(accountsPath, geo, reading, notes);
  const engine = new PlanEngine();
  engine.setGeography(engineGeographyOf(geo));
  engine.loadAccounts(engineAccountsOf(table));
  engine.setTeams(
    plan.teams.map((t) => t.conditions),
    plan.tolerance,
  );
  plan.teams.forEach((team, t) => engine.setAssignment(t, plan.assignments[t], team.territories.length));
  let lengths: UnitBorderLengths | null = null;
  const measureShapes = (): UnitBorderLengths => {
    if (lengths) return lengths;
    lengths = loadBorderLengthsFromDisk(geo, ROOT);
    engine.setGeography(engineGeographyOf(geo, lengths));
    return lengths;
  };
  return { geo, plan, planPath, table, importReport: report, engine, notes, measureShapes };
}

/** Runs the plan's ownership ladder over the accounts, evaluated on asOf (else the plan's day, else today). */
export function resolvePlanOwnership(ws: Workspace, asOf: string | undefined): OwnershipResult {
  const { engine, plan, table, notes } = ws;
  engine.loadOwnershipColumns(ownershipColumnsOf(table));
  const day = asOf ?? plan.ownership.asOf;
  const summary = engine.setOwnershipPlan({
    teams: plan.teams,
    reps: plan.reps,
    namedAccounts: plan.namedAccounts,
    settings: { ...plan.ownership, asOf: day },
  });
  if (!day) {
    const today = new Date(dayNumber('') * 86_400_000).toISOString().slice(0, 10);
    notes.push(`ownership rules evaluated as of today (${today}); pass --as-of to fix the day`);
  }
  if (summary.missingParents)
    notes.push(`${plural(summary.missingParents, 'account names a parent', 'accounts name a parent')} not in the file`);
  if (summary.parentCycles)
    notes.push(`${plural(summary.parentCycles, 'parent cycle')} ignored (e.g. ${summary.cycleExamples[0]})`);
  if (summary.unknownNamedAccounts.length)
    notes.push(`${plural(summary.unknownNamedAccounts.length, 'named account')} of the plan not in the file`);
  return engine.ownershipColumns();
}

function loadGeography(): GeoIndex {
  if (!existsSync(join(ROOT, 'public', 'geo', 'units.json')))
    throw new CliError(`the geography is not built (${join(ROOT, 'public', 'geo')} is missing); run npm install`);
  return loadGeoIndexFromDisk(ROOT);
}

/** Reads an input file, turning file-system errors into one line naming the file. */
function readInput(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    throw new CliError(`cannot read the ${what} ${path}: ${fileProblem(e)}`);
  }
}

/** Writes an output file, turning file-system errors into one line naming the file. */
export function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new CliError(`cannot write ${path}: ${fileProblem(e)}`);
  }
}

function fileProblem(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

function loadPlan(path: string, geo: GeoIndex, notes: Notes): Plan {
  const text = readInput(path, 'plan file').toString('utf8');
  const parsed = parsePlanFile(text, { unitCount: geo.unitCount, indexOf: (id) => geo.unitOf(id) });
  if (!parsed.ok) throw new CliError(`${path}: ${parsed.error}`);
  const { known, unknown, examples } = unitIdsOfPlan(text, geo);
  // a rebuilt geography may drop a few ids; most of them unknown means the plan was made for another one
  if (unknown > 0 && unknown * 2 > known + unknown)
    throw new CliError(
      `${path} was built for another geography: ${formatCount(unknown)} of its ${formatCount(known + unknown)} unit ids are not in this one (e.g. ${examples.join(', ')})`,
    );
  for (const w of parsed.warnings) notes.push(`${path}: ${w}`);
  return parsed.plan;
}

/** How many of the territory unit ids of a (valid) plan file the geography knows. */
function unitIdsOfPlan(text: string, geo: GeoIndex): { known: number; unknown: number; examples: string[] } {
  const migrated = migratePlanDocument(JSON.parse(text.replace(/^\uFEFF/, '')));
  let known = 0;
  let unknown = 0;
  const examples: string[] = [];
  if (!migrated.ok) return { known, unknown, examples };
  const teams = migrated.document.teams as { territories: { units: string[] }[] }[];
  for (const team of teams)
    for (const territory of team.territories)
      for (const id of territory.units) {
        if (geo.unitOf(id) >= 0) known++;
        else {
          unknown++;
          if (examples.length < 3) examples.push(JSON.stringify(id));
        }
      }
  return { known, unknown, examples };
}

/** Field names --map accepts besides the fields themselves (compared without case, '-', '_' or spaces). */
const FIELD_ALIASES: Record<string, AccountField | 'value'> = {
  zip: 'postalCode',
  zipcode: 'postalCode',
  postal: 'postalCode',
  postcode: 'postalCode',
  plz: 'postalCode',
  owner: 'ownerName',
  parent: 'parentId',
  lat: 'latitude',
  lon: 'longitude',
  lng: 'longitude',
  type: 'accountType',
  domain: 'website',
  lastactivity: 'lastActivityDate',
  revenue: 'value',
};
const fieldKey = (s: string): string => s.toLowerCase().replace(/[-_\s]/g, '');

/** The field a --map names, or null. */
export function mapField(name: string): AccountField | 'value' | null {
  const key = fieldKey(name);
  if (key === 'value') return 'value';
  return ACCOUNT_FIELDS.find((f) => fieldKey(f) === key) ?? FIELD_ALIASES[key] ?? null;
}

/** The app's proposed mapping with the planner's --map and --value-column choices on top. */
function chooseMapping(
  path: string,
  headers: string[],
  proposed: ColumnMapping,
  reading: AccountReading,
): ColumnMapping {
  const mapping: ColumnMapping = { ...proposed, fields: { ...proposed.fields } };
  const column = (name: string): number => {
    const wanted = name.trim().toLowerCase();
    const c = headers.findIndex((h) => h.trim().toLowerCase() === wanted);
    if (c < 0) throw new CliError(`${path} has no column "${name}"; its columns are: ${headers.join(', ')}`);
    return c;
  };
  const pairs = [...(reading.map ?? [])];
  if (reading.valueColumn !== undefined) pairs.push(`value=${reading.valueColumn}`);
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const field = eq > 0 ? mapField(pair.slice(0, eq)) : null;
    if (field === null)
      throw new UsageError(
        `--map must be field=column with a field among value, zip, ${ACCOUNT_FIELDS.join(', ')}; not "${pair}"`,
      );
    const c = column(pair.slice(eq + 1));
    if (field === 'value') mapping.valueColumn = c;
    else {
      // a column read for this field is no longer read for another
      for (const [other, at] of Object.entries(mapping.fields))
        if (at === c) delete mapping.fields[other as AccountField];
      mapping.fields[field] = c;
      if (mapping.valueColumn === c) mapping.valueColumn = null;
    }
  }
  if (reading.decimal) mapping.decimal = reading.decimal;
  return mapping;
}

function loadAccounts(path: string, geo: GeoIndex, reading: AccountReading, notes: Notes) {
  const bytes = readInput(path, 'accounts file');
  try {
    const sniffed = sniffCsv(path, bytes.length, bytes.subarray(0, SNIFF_BYTES), reading.delimiter);
    const decimal = reading.decimal ?? sniffed.decimal;
    const proposed = proposeColumnMapping(sniffed.headers, sniffed.sampleRows, decimal);
    const mapping = chooseMapping(path, sniffed.headers, proposed, reading);
    const problem = mappingProblem(mapping, sniffed.headers.length);
    if (problem) throw new CliError(`${path}: ${problem} (choose columns with --map, e.g. --map zip=PLZ)`);
    const imported = importAccountsFromBytes(bytes, geo, path, mapping, {
      quotes: reading.quotesAsText ? 'text-when-runaway' : 'strict',
      delimiter: sniffed.delimiter,
    });
    notes.push(importSummary(path, imported.report));
    for (const q of imported.report.reading?.runawayQuotes ?? [])
      notes.push(
        `${path}: line ${formatCount(q.line)} opens a quote that is never closed, so lines ${formatCount(q.line)}-${formatCount(q.line + q.lines - 1)} were read as one row; pass --quotes-as-text to keep them as rows`,
      );
    const junk = imported.report.reading?.notText ?? [];
    if (junk.length > 0)
      notes.push(
        `${path}: skipped ${plural(imported.report.reading?.notTextLines ?? 0, 'line')} that are not text (${junk
          .slice(0, 3)
          .map((r) => (r.from === r.to ? `line ${r.from}` : `lines ${r.from}-${r.to}`))
          .join(', ')}${junk.length > 3 ? ', ...' : ''})`,
      );
    if (!imported.table.valueName)
      notes.push(`${path}: no value column recognised, so every value is 0 (choose one with --map value=<column>)`);
    return imported;
  } catch (e) {
    if (e instanceof CliError) throw e;
    if (e instanceof ImportFileError) throw new CliError(e.message);
    throw new CliError(`${path} could not be read as accounts: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function shortProblem(reason: RowProblemReason): string {
  const label = ROW_PROBLEM_LABELS[reason].replace(/ \(.*\)$/, '');
  return label[0].toLowerCase() + label.slice(1);
}

const NOT_PLACED: RowProblemReason[] = [
  'missing-zip',
  'malformed-zip',
  'unknown-zip',
  'military-zip',
  'unknown-country',
];
const KEPT_AS_MISSING: RowProblemReason[] = ['bad-number', 'bad-date', 'bad-coordinates'];

/** One line about an import: accounts read and placed, rows skipped and cells kept as missing, by reason. */
function importSummary(path: string, report: ImportReport): string {
  const counts = report.problemCounts;
  const group = (reasons: readonly RowProblemReason[], what: (n: number) => string): string => {
    const present = reasons.filter((r) => (counts[r] ?? 0) > 0);
    if (present.length === 0) return '';
    const total = present.reduce((s, r) => s + (counts[r] ?? 0), 0);
    return `${what(total)}: ${present.map((r) => `${formatCount(counts[r] ?? 0)} ${shortProblem(r)}`).join(', ')}`;
  };
  const parts = [
    `${path}: ${plural(report.accountsImported, 'account')} imported, ${formatCount(report.accountsPlaced)} placed on the map`,
    group([...SKIPPING_REASONS], (n) => `${plural(n, 'row')} skipped`),
    group(NOT_PLACED, (n) => `${formatCount(n)} not placed`),
    group(KEPT_AS_MISSING, (n) => `${plural(n, 'value')} kept as missing`),
    group(['quote-as-text'], (n) => `${plural(n, 'row')} kept`),
  ];
  return parts.filter(Boolean).join('; ');
}
