import type * as z from 'zod';
import {
  DEFAULT_OWNERSHIP,
  OWNERSHIP_RULES,
  UNASSIGNED,
  type GrowthCut,
  type OwnershipSettings,
  type Plan,
  type Team,
  type Territory,
} from '../domain/plan.ts';
import { PLAN_FILE_FORMAT, PLAN_FILE_VERSION, planDocumentSchema, show, version1Schemas } from './planSchema.ts';

export { PLAN_FILE_FORMAT, PLAN_FILE_VERSION } from './planSchema.ts';

const UNTITLED = 'Untitled plan';

/** The plan file as its schema reads it (defaults filled in), before ownership gets the rules it leaves out. */
type ReadDocument = z.output<typeof planDocumentSchema>;

/** A team in the file: its territories with their units, and its locked units. */
export type TeamDocument = ReadDocument['teams'][number];

/** A territory in the file, carrying the ids of the units assigned to it. */
export type TerritoryDocument = TeamDocument['territories'][number];

/** A growth cut in the file: the units it splits as stable unit ids. */
export type GrowthCutDocument = NonNullable<TerritoryDocument['growthCut']>;

/**
 * The plan file (version 2), read by the app, the CLI and published maps; its shape is planDocumentSchema in
 * planSchema.ts. Units are referenced by stable ids, never by index, so a file survives a rebuilt geography.
 */
export type PlanDocument = Omit<ReadDocument, 'ownership'> & { ownership: OwnershipSettings };

/** What parsing needs of the geography: how many units there are and the index of a unit id (-1 if unknown). */
export interface UnitIdIndex {
  unitCount: number;
  indexOf(id: string): number;
}

export type PlanFileResult = { ok: true; plan: Plan; warnings: string[] } | { ok: false; error: string };

export type MigrationResult =
  { ok: true; document: Record<string, unknown>; fromVersion: number } | { ok: false; error: string };

/** The plan as a version-2 document; unitIds maps the plan's unit indexes to stable ids. */
export function planToDocument(plan: Plan, unitIds: readonly string[], savedAt: string): PlanDocument {
  const idsWhere = (flags: ArrayLike<number> = [], keep: (v: number) => boolean): string[] => {
    const ids: string[] = [];
    for (let u = 0; u < Math.min(flags.length, unitIds.length); u++) if (keep(flags[u])) ids.push(unitIds[u]);
    return ids;
  };
  return {
    format: PLAN_FILE_FORMAT,
    version: PLAN_FILE_VERSION,
    name: plan.name,
    savedAt,
    app: 'tessera',
    tolerance: plan.tolerance,
    ownership: { ...plan.ownership, order: [...plan.ownership.order], enabled: { ...plan.ownership.enabled } },
    rulesOfEngagement: plan.rulesOfEngagement,
    reps: plan.reps.map((r) => ({ ...r })),
    namedAccounts: plan.namedAccounts.map(({ accountId, repId }) => ({ accountId, repId })),
    teams: plan.teams.map((team, t) => ({
      id: team.id,
      name: team.name,
      conditions: team.conditions.map((c) => ({ ...c })),
      routing: team.routing ?? 'territory',
      ...(team.poolRepIds ? { poolRepIds: [...team.poolRepIds] } : {}),
      territories: team.territories.map(({ growthCut, ...territory }, k) => ({
        ...territory,
        ...(growthCut ? { growthCut: cutToDocument(growthCut, unitIds) } : {}),
        units: idsWhere(plan.assignments[t], (v) => v === k),
      })),
      lockedUnits: idsWhere(plan.lockedUnits[t], (v) => v !== 0),
    })),
  };
}

function cutToDocument(cut: GrowthCut, unitIds: readonly string[]): GrowthCutDocument {
  const kept = cut.units.flatMap((u, i) => (unitIds[u] === undefined ? [] : [i]));
  return { ...cut, units: kept.map((i) => unitIds[cut.units[i]]), part: kept.map((i) => cut.part[i]) };
}

/** The plan file's text: pretty JSON, so files diff well in version control. */
export function serialisePlan(plan: Plan, unitIds: readonly string[], savedAt = new Date().toISOString()): string {
  return `${JSON.stringify(planToDocument(plan, unitIds, savedAt), null, 2)}\n`;
}

/** Reads a plan file's text; never throws, and an invalid file yields one message naming the problem. */
export function parsePlanFile(text: string, units: UnitIdIndex): PlanFileResult {
  if (typeof text !== 'string' || text.trim() === '') return { ok: false, error: 'The plan file is empty.' };
  const body = text.replace(/^\uFEFF/, ''); // editors on Windows prepend a byte-order mark
  let raw: unknown;
  try {
    raw = JSON.parse(body);
  } catch (e) {
    return { ok: false, error: `This file is not valid JSON: ${jsonErrorAt(body, e)}` };
  }
  return planFromDocument(raw, units);
}

/** Reads an already-parsed plan document (e.g. embedded in a published map); never throws. */
export function planFromDocument(raw: unknown, units: UnitIdIndex): PlanFileResult {
  try {
    const { document, fromVersion } = migrate(raw);
    const warnings: string[] = [];
    if (fromVersion < PLAN_FILE_VERSION)
      warnings.push(`This plan file was written by an older Tessera (version ${fromVersion}) and has been upgraded.`);
    const plan = documentToPlan(readDocument(document, warnings), units, warnings);
    return { ok: true, plan, warnings };
  } catch (e) {
    if (e instanceof PlanFileProblem) return { ok: false, error: e.message };
    return { ok: false, error: `The plan file could not be read: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Upgrades a parsed plan file to the current version one step at a time; the input is not modified. */
export function migratePlanDocument(raw: unknown): MigrationResult {
  try {
    return { ok: true, ...migrate(raw) };
  } catch (e) {
    return { ok: false, error: e instanceof Error ? e.message : String(e) };
  }
}

function jsonErrorAt(text: string, e: unknown): string {
  const message = (e instanceof Error ? e.message : String(e)).replace(/\.$/, '');
  const at = /at position (\d+)/.exec(message);
  if (!at || /line \d+/.test(message)) return `${message}.`;
  const before = text.slice(0, Number(at[1])).split('\n');
  return `${message} (line ${before.length}, column ${before[before.length - 1].length + 1}).`;
}

// --- migrations -----------------------------------------------------------------------------------

type Obj = Record<string, unknown>;

/** Upgrade steps keyed by the version they read; each returns the document one version later. */
const MIGRATIONS: Record<number, (doc: Obj) => Obj> = { 1: fromVersion1 };

function migrate(raw: unknown): { document: Obj; fromVersion: number } {
  if (!isObj(raw)) fail('Not a Tessera plan file: it must hold a JSON object.');
  if (raw.format === undefined) fail('Not a Tessera plan file: "format" is missing.');
  if (raw.format !== PLAN_FILE_FORMAT)
    fail(`Not a Tessera plan file: "format" is ${show(raw.format)}, expected "${PLAN_FILE_FORMAT}".`);
  const version = raw.version;
  if (version === undefined) fail('Not a Tessera plan file: "version" is missing.');
  if (typeof version !== 'number' || !Number.isInteger(version))
    fail(`Plan file "version" must be a whole number, not ${show(version)}.`);
  if (version > PLAN_FILE_VERSION)
    fail(`Plan file version ${version} is newer than this Tessera (${PLAN_FILE_VERSION}).`);
  if (version < 1) fail(`Plan file version ${version} is not one Tessera writes (1 to ${PLAN_FILE_VERSION}).`);
  let document = raw;
  for (let v = version; v < PLAN_FILE_VERSION; v++) document = MIGRATIONS[v](document);
  return { document, fromVersion: version };
}

/**
 * Version 1 (before ownership, named accounts, growth cuts and locks were saved): territories list
 * their units as `zips` and reps have one `capacity` in accounts.
 */
function fromVersion1(doc: Obj): Obj {
  const teams = !Array.isArray(doc.teams)
    ? doc.teams
    : doc.teams.map((team: unknown, t) => {
        if (!isObj(team) || !Array.isArray(team.territories)) return team;
        const territories = team.territories.map((territory: unknown, k) => {
          if (!isObj(territory)) return territory;
          const zips = check(version1Schemas.zips, territory.zips, ['teams', t, 'territories', k, 'zips']);
          return { ...without(territory, 'zips'), units: zips };
        });
        return { ...team, routing: 'territory', territories, lockedUnits: [] };
      });
  const reps = !Array.isArray(doc.reps)
    ? doc.reps
    : doc.reps.map((rep: unknown, i) => {
        if (!isObj(rep)) return rep;
        const capacity =
          rep.capacity === undefined ? 0 : check(version1Schemas.capacity, rep.capacity, ['reps', i, 'capacity']);
        return { ...without(rep, 'capacity'), capacityAccounts: capacity, capacityValue: 0 };
      });
  return { ...doc, version: 2, name: doc.name ?? UNTITLED, app: 'tessera', teams, reps };
}

function without(o: Obj, key: string): Obj {
  const copy = { ...o };
  delete copy[key];
  return copy;
}

// --- validation -------------------------------------------------------------------------------------

/** The first problem found in a plan file; caught at the entry points so parsing never throws. */
class PlanFileProblem extends Error {}

function fail(message: string): never {
  throw new PlanFileProblem(message);
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const at = (path: string, key: PropertyKey): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key);
const quote = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let here = value;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

/**
 * Validates a value with one of the plan-file schemas; the first problem becomes the file's error, worded as
 * "<path> is missing." or "<path> <the schema's message>", e.g. "teams[0].territories[1].colour must be a colour
 * like #4e79a7.".
 */
function check<T extends z.ZodType>(schema: T, value: unknown, base: readonly (string | number)[] = []): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = [...base, ...issue.path].reduce<string>(at, '');
  if (issue.code !== 'custom' && valueAt(value, issue.path) === undefined) fail(`${where} is missing.`);
  fail(`${where} ${issue.message}`);
}

/** The ownership settings of a file: defaults for what it leaves out, rules it does not list added at the end. */
function ownershipOf(given: ReadDocument['ownership'], warnings: string[]): OwnershipSettings {
  if (given === undefined) return structuredClone(DEFAULT_OWNERSHIP);
  const order = given.order ?? [...DEFAULT_OWNERSHIP.order];
  // the engine walks every rule, so a file from before a rule existed gets it at the end, as the last resort
  const missing = OWNERSHIP_RULES.filter((r) => !order.includes(r));
  if (missing.length) warnings.push(`ownership.order did not list ${missing.join(', ')}; added at the end.`);
  const enabled = { ...DEFAULT_OWNERSHIP.enabled };
  for (const r of OWNERSHIP_RULES) enabled[r] = given.enabled?.[r] ?? enabled[r];
  return {
    order: [...order, ...missing],
    enabled,
    engagementWindowDays: given.engagementWindowDays,
    asOf: given.asOf,
  };
}

/** Checks a current-version document field by field, then the references between its parts. */
function readDocument(o: Obj, warnings: string[]): PlanDocument {
  const read = check(planDocumentSchema, o);
  const doc: PlanDocument = { ...read, app: 'tessera', ownership: ownershipOf(read.ownership, warnings) };
  const repIds = new Set<string>();
  doc.reps.forEach((r, i) => {
    if (repIds.has(r.id)) fail(`reps[${i}].id ${quote(r.id)} is listed twice.`);
    repIds.add(r.id);
  });
  const knownRep = (repId: string, user: string): void => {
    if (!repIds.has(repId)) fail(`Rep ${quote(repId)} is used by ${user} but not listed in reps.`);
  };
  const accounts = new Set<string>();
  doc.namedAccounts.forEach((a, i) => {
    if (accounts.has(a.accountId)) fail(`namedAccounts[${i}].accountId ${quote(a.accountId)} is named twice.`);
    accounts.add(a.accountId);
    knownRep(a.repId, `named account ${quote(a.accountId)}`);
  });
  const teamIds = new Set<string>();
  doc.teams.forEach((t, i) => {
    if (teamIds.has(t.id)) fail(`teams[${i}].id ${quote(t.id)} is used by two teams.`);
    teamIds.add(t.id);
    t.poolRepIds?.forEach((r) => knownRep(r, `the round-robin pool of team ${quote(t.name)}`));
    const territoryIds = new Set<string>();
    const owner = new Map<string, string>();
    t.territories.forEach((x, k) => {
      if (territoryIds.has(x.id))
        fail(`teams[${i}].territories[${k}].id ${quote(x.id)} is used by two territories of team ${quote(t.name)}.`);
      territoryIds.add(x.id);
      if (x.repId !== null) knownRep(x.repId, `territory ${quote(x.name)}`);
      for (const u of x.units) {
        const first = owner.get(u);
        if (first !== undefined && first !== x.id)
          fail(
            `Unit ${quote(u)} is in two territories of team ${quote(t.name)}: ${quote(t.territories.find((y) => y.id === first)!.name)} and ${quote(x.name)}.`,
          );
        owner.set(u, x.id);
      }
    });
  });
  return doc;
}

// --- document to plan ---------------------------------------------------------------------------------

/** Resolves unit ids against the geography; ids it does not know are dropped with a warning. */
function documentToPlan(doc: PlanDocument, units: UnitIdIndex, warnings: string[]): Plan {
  const n = units.unitCount;
  const indexOf = (unit: string): number => {
    const u = units.indexOf(unit);
    return Number.isInteger(u) && u >= 0 && u < n ? u : -1;
  };
  const dropped = (where: string, ids: string[]): void => {
    if (ids.length === 0) return;
    const examples = ids.slice(0, 5).map(quote).join(', ') + (ids.length > 5 ? ', …' : '');
    warnings.push(
      `${where}: ${ids.length} unit id${ids.length === 1 ? ' is' : 's are'} not in this geography and ${ids.length === 1 ? 'was' : 'were'} dropped (${examples}).`,
    );
  };
  const assignments: Int32Array[] = [];
  const lockedUnits: Uint8Array[] = [];
  const teams = doc.teams.map((teamDoc): Team => {
    const assignment = new Int32Array(n).fill(UNASSIGNED);
    const territories = teamDoc.territories.map(({ units: ids, growthCut: cutDoc, ...rest }, k): Territory => {
      const unknown: string[] = [];
      for (const unit of ids) {
        const u = indexOf(unit);
        if (u < 0) unknown.push(unit);
        else if (assignment[u] === UNASSIGNED) assignment[u] = k;
        // two ids the geography treats as one area (e.g. a PO-box ZIP): the first territory keeps it,
        // unless only the later one is locked (opening a file never takes an area from a locked territory)
        else if (assignment[u] !== k) {
          const holder = teamDoc.territories[assignment[u]];
          const same = `Unit ${quote(unit)} of territory ${quote(rest.name)} is the same area as a unit of territory ${quote(holder.name)}`;
          if (rest.locked && !holder.locked) {
            assignment[u] = k;
            warnings.push(`${same}; the locked territory ${quote(rest.name)} keeps it.`);
          } else warnings.push(`${same}, which keeps it.`);
        }
      }
      const territory: Territory = { ...rest };
      if (cutDoc) {
        const kept = cutDoc.units.flatMap((unit, i) => (indexOf(unit) < 0 ? [] : [i]));
        unknown.push(...cutDoc.units.filter((unit) => indexOf(unit) < 0));
        territory.growthCut = {
          ...cutDoc,
          units: kept.map((i) => indexOf(cutDoc.units[i])),
          part: kept.map((i) => cutDoc.part[i]),
        };
      }
      dropped(`Territory ${quote(rest.name)}`, [...new Set(unknown)]);
      return territory;
    });
    const locks = new Uint8Array(n);
    const unknownLocks: string[] = [];
    for (const unit of teamDoc.lockedUnits) {
      const u = indexOf(unit);
      if (u < 0) unknownLocks.push(unit);
      else locks[u] = 1;
    }
    dropped(`Locked units of team ${quote(teamDoc.name)}`, unknownLocks);
    assignments.push(assignment);
    lockedUnits.push(locks);
    const team: Team = {
      id: teamDoc.id,
      name: teamDoc.name,
      conditions: teamDoc.conditions,
      territories,
      routing: teamDoc.routing,
    };
    if (teamDoc.poolRepIds) team.poolRepIds = teamDoc.poolRepIds;
    return team;
  });
  return {
    name: doc.name,
    teams,
    reps: doc.reps,
    assignments,
    lockedUnits,
    tolerance: doc.tolerance,
    ownership: doc.ownership,
    namedAccounts: doc.namedAccounts,
    rulesOfEngagement: doc.rulesOfEngagement,
  };
}
