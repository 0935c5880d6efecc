import * as z from 'zod';
import { DEFAULT_OWNERSHIP, OWNERSHIP_RULES } from '../domain/plan.ts';

/**
 * The plan file (version 2), defined once: the parser validates with it, the plan-file types are inferred from it
 * and src/io/plan.schema.json is generated from it (npm run build:schema). Every schema carries the wording the
 * parser reports after the field's path, e.g. "reps[0].capacityAccounts" + "must be 0 or more.".
 */

export const PLAN_FILE_FORMAT = 'tessera-plan';
export const PLAN_FILE_VERSION = 2;
/** The app's balance tolerance, for files that do not set one. */
export const DEFAULT_TOLERANCE = 0.1;

const quote = (s: string): string => JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
/** A value as the messages show it. */
export const show = (v: unknown): string =>
  typeof v === 'string'
    ? quote(v)
    : Array.isArray(v)
      ? 'a list'
      : typeof v === 'object' && v !== null
        ? 'an object'
        : String(v);

const text = z.string({ error: 'must be a string.' });
const nonEmpty = (message: string) => z.string({ error: message }).regex(/\S/, message);
const id = nonEmpty('must be a non-empty string.');
const unitId = nonEmpty('must be a unit id such as "94105" (a string).');
const flag = z.boolean({ error: 'must be true or false.' });
const finite = z.number({ error: 'must be a number.' });
const amount = finite.min(0, 'must be 0 or more.');
const COUNT = 'must be a whole number, 0 or more.';
const count = z.number({ error: COUNT }).int(COUNT).min(0, COUNT);
const list = <T extends z.ZodType>(item: T) => z.array(item, { error: 'must be a list.' });
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.map((x) => `"${x}"`).join(', ')}.` });
const object = <T extends z.core.$ZodLooseShape>(shape: T) => z.object(shape, { error: 'must be an object.' });

const realDay = (v: string): boolean => new Date(`${v}T00:00:00Z`).toISOString().startsWith(v);
const DATE = 'must be a date like 2025-07-01';
const date = z
  .string({ error: `${DATE}.` })
  .regex(/^\d{4}-\d{2}-\d{2}$/, `${DATE}.`)
  .refine(realDay, `${DATE}.`);
const DATE_OR_EMPTY = `${DATE} (or "" for none).`;
const dateOrEmpty = z
  .string({ error: DATE_OR_EMPTY })
  .regex(/^(\d{4}-\d{2}-\d{2})?$/, DATE_OR_EMPTY)
  .refine((v) => v === '' || realDay(v), DATE_OR_EMPTY);
const TIMESTAMP = 'must be a time like 2025-07-01T09:30:00Z.';
const timestamp = z
  .string({ error: TIMESTAMP })
  .refine((v) => !Number.isNaN(Date.parse(v)), TIMESTAMP)
  .meta({ format: 'date-time' });
const TOLERANCE = 'must be a fraction above 0 and at most 1, like 0.1 for ±10%.';

const rule = z.enum(OWNERSHIP_RULES, {
  error: (iss) => `${show(iss.input)} is not an ownership rule (${OWNERSHIP_RULES.join(', ')}).`,
});

const conditionSchema = z
  .discriminatedUnion(
    'field',
    [
      object({ field: z.enum(['employees', 'value']), op: oneOf(['>=', '<']), value: finite }),
      object({
        field: z.enum(['segment', 'tier', 'industry', 'accountType']),
        op: oneOf(['in']),
        values: list(text),
      }),
    ],
    {
      error: (iss) =>
        iss.code === 'invalid_union'
          ? `must be one of ${['employees', 'value', 'segment', 'tier', 'industry', 'accountType'].map((x) => `"${x}"`).join(', ')}.`
          : 'must be an object.',
    },
  )
  .meta({ id: 'condition' });

const repSchema = object({
  id,
  name: text,
  email: text.default(''),
  capacityAccounts: amount.default(0),
  capacityValue: amount.default(0),
  homeZip: text.default(''),
  crmUserId: text.optional(),
  unavailable: flag.optional(),
}).meta({ id: 'rep' });

const namedAccountSchema = object({ accountId: id, repId: id }).meta({ id: 'namedAccount' });

const ownershipSchema = object({
  order: list(rule)
    .superRefine((order, ctx) => {
      const i = order.findIndex((r, k) => order.indexOf(r) < k);
      if (i >= 0) ctx.addIssue({ code: 'custom', path: [i], message: `"${order[i]}" is listed twice.` });
    })
    .optional()
    .meta({ uniqueItems: true }),
  enabled: z
    .partialRecord(rule, flag, {
      // zod reports keys outside the enum as unrecognized_keys, an issue code its types leave out here
      error: (iss) => {
        const keys = (iss as { keys?: unknown }).keys;
        return Array.isArray(keys)
          ? `key ${show(keys[0])} is not an ownership rule (${OWNERSHIP_RULES.join(', ')}).`
          : 'must be an object.';
      },
    })
    .optional(),
  engagementWindowDays: count.default(DEFAULT_OWNERSHIP.engagementWindowDays),
  asOf: dateOrEmpty.default(DEFAULT_OWNERSHIP.asOf),
}).meta({ id: 'ownership' });

const growthCutSchema = object({
  hireDate: date,
  parts: count.min(2, 'must be 2 or more.'),
  units: list(unitId),
  part: list(count).meta({ description: 'Part of each unit in units (0 stays with the rep).' }),
  accounts: list(amount),
  value: list(amount),
})
  .superRefine((cut, ctx) => {
    const problem = (path: (string | number)[], message: string): void => {
      ctx.addIssue({ code: 'custom', path, message });
    };
    if (cut.part.length !== cut.units.length)
      return problem(['part'], `must have one entry per unit (${cut.units.length}), not ${cut.part.length}.`);
    const beyond = cut.part.findIndex((p) => p >= cut.parts);
    if (beyond >= 0) return problem(['part', beyond], `must be below parts (${cut.parts}).`);
    for (const key of ['accounts', 'value'] as const)
      if (cut[key].length !== cut.parts)
        return problem([key], `must have one entry per part (${cut.parts}), not ${cut[key].length}.`);
  })
  .meta({ id: 'growthCut' });

const territorySchema = object({
  id,
  name: text,
  colour: z
    .string({ error: 'must be a colour like #4e79a7.' })
    .regex(/^#[0-9a-fA-F]{6}$/, 'must be a colour like #4e79a7.'),
  repId: z.union([id, z.null()], { error: 'must be a rep id, or null for a vacant territory.' }),
  vacantFrom: dateOrEmpty.default(''),
  locked: flag.default(false),
  units: list(unitId),
  growthCut: growthCutSchema.optional(),
}).meta({ id: 'territory' });

const teamSchema = object({
  id,
  name: text,
  conditions: list(conditionSchema).default([]),
  routing: oneOf(['territory', 'roundRobin']).default('territory'),
  territories: list(territorySchema),
  lockedUnits: list(unitId).default([]),
  poolRepIds: list(id).optional(),
}).meta({ id: 'team' });

/** A plan file of the current version, as the parser reads it (the field checks; references are checked after). */
export const planDocumentSchema = object({
  format: z.literal(PLAN_FILE_FORMAT),
  version: z.literal(PLAN_FILE_VERSION),
  name: text,
  savedAt: timestamp.default(''),
  tolerance: z
    .number({ error: TOLERANCE })
    .gt(0, TOLERANCE)
    .max(1, TOLERANCE)
    .default(DEFAULT_TOLERANCE)
    .meta({ description: 'Balance band around the mean as a fraction (0.1 = +/-10%).' }),
  ownership: ownershipSchema.optional(),
  rulesOfEngagement: text.default(''),
  reps: list(repSchema),
  namedAccounts: list(namedAccountSchema).default([]),
  teams: list(teamSchema),
  app: text.default('tessera').meta({ description: 'The program that wrote the file, "tessera".' }),
}).meta({
  title: 'Tessera plan file, version 2',
  description:
    'A territory plan: teams, territories with the ids of their units, reps and ownership settings. Units are stable ids (5-digit ZIP, "C" + county FIPS, ISO country code), never indexes. Older versions are upgraded on import.',
});

/** Version 1 pieces the migration reads before the document has the current shape. */
export const version1Schemas = { zips: list(unitId), capacity: amount };

/** The plan file's JSON Schema (draft 2020-12), as committed in src/io/plan.schema.json. */
export function planJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(planDocumentSchema, { io: 'input', target: 'draft-2020-12' });
  const { $schema, ...rest } = generated;
  return { $schema, $id: 'https://tessera.local/schema/plan-v2.json', ...rest };
}
