/**
 * One file (over 600 lines) because the published map and the candidate view share every builder here.
 *
 * Builds the data of a published territory map and of a candidate view (issue 7, items 4 and 5): a
 * plain JSON-able object that composeHtml embeds next to the viewer. Pure: runs in the app, in Node
 * tests and in the bench alike.
 */
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { Feature, FeatureCollection, Geometry, MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import { OWNERSHIP_REASONS, type Plan } from '../domain/plan.ts';
import { fnv1aHex } from '../domain/hash.ts';
import { routeAccounts } from '../engine/leadRouting.ts';
import {
  isCustomerType,
  OWNERSHIP_REASON_LABELS,
  REASON_CODE,
  UNROUTABLE_WHY,
  UNROUTABLE_WHY_LABELS,
  type OwnershipResult,
} from '../engine/ownership.ts';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { territoryBoundariesGeoJson } from '../geo/territoryBoundaries.ts';
import { teamFilterDescription, territoryDefinition } from '../geo/territoryDefinition.ts';
import { categoryLabel, stringAt, type AccountTable, type CategoryColumn } from './accountTable.ts';
import { PLAN_FILE_VERSION, planToDocument } from './planFile.ts';
import {
  PUBLISHED_FORMAT,
  PUBLISHED_FORMAT_VERSION,
  type CandidateData,
  type CandidateFigures,
  type MixEntry,
  type PublishedAccounts,
  type PublishedContext,
  type PublishedMapData,
  type PublishedMeta,
  type PublishedTeam,
  type PublishedZipIndex,
  type PublishOptions,
} from './publishFormat.ts';
import {
  boundsOf,
  labelPoint,
  polygonsOf,
  roundLine,
  simplifyLine,
  simplifyPolygons,
  unionBounds,
  viewBounds,
  withoutSlivers,
  type Bounds,
} from './publishGeometry.ts';

/** The geography files a published map is drawn from (the app fetches them from its own origin). */
export interface PublishGeography {
  geo: GeoIndex;
  /** public/geo/zip-areas.topo.json */
  zipAreas: Topology;
  /** public/geo/countries.topo.json: country units of territories and the world drawn around the US. */
  countries?: Topology;
  /** public/geo/lines.topo.json: state lines. */
  lines?: Topology;
}

/** Everything a published map is made of. */
export interface PublishInput {
  plan: Plan;
  geography: PublishGeography;
  /** The working accounts; without them the map has no search by account and no counts. */
  accounts?: AccountTable | null;
  /** The accounts routed through the plan; routeAccounts(accounts, plan) when not given. */
  ownership?: OwnershipResult | null;
  /** Overrides plan.name (the app keeps the name in its store). */
  planName?: string;
  /** The plan's version label; the plan file format version when not given. */
  version?: string;
  /** When it is published; now when not given. */
  publishedAt?: string | Date;
}

const DEFAULT_OPTIONS: Required<PublishOptions> = {
  includeAccounts: true,
  includeAccountIds: false,
  includeValues: false,
  includeRepEmails: true,
  includePlanFile: false,
};

/** Decimals kept in territory outlines (about 1 m) and in context layers (about 11 m). */
const TERRITORY_DECIMALS = 5;
const CONTEXT_DECIMALS = 4;
const CONTIGUOUS_US: Bounds = [-125, 24.3, -66.9, 49.4];
const SQ_KM_PER_SQ_MI = 2.589988;

// ---------------------------------------------------------------------------------------------------
// Shared pieces

/** The options with their defaults filled in; Ids only ever go with accounts. */
export function resolvePublishOptions(options: PublishOptions = {}): Required<PublishOptions> {
  const o = { ...DEFAULT_OPTIONS, ...options };
  return { ...o, includeAccountIds: o.includeAccounts && o.includeAccountIds };
}

function isoOf(at: string | Date | undefined): string {
  const d = at === undefined ? new Date() : typeof at === 'string' ? new Date(at) : at;
  return Number.isNaN(d.getTime()) ? new Date().toISOString() : d.toISOString();
}

function metaOf(input: PublishInput): PublishedMeta {
  const publishedAt = isoOf(input.publishedAt);
  const document = planToDocument(input.plan, input.geography.geo.ids, '');
  return {
    planName: (input.planName ?? input.plan.name).trim() || 'Territory plan',
    version: input.version?.trim() || String(PLAN_FILE_VERSION),
    planFileVersion: PLAN_FILE_VERSION,
    fingerprint: fnv1aHex(JSON.stringify({ ...document, name: '' })),
    publishedAt,
    publishedDate: publishedAt.slice(0, 10),
  };
}

const contextCache = new WeakMap<Topology, Map<string, Omit<PublishedContext, 'bounds'>>>();

/** Land, world and state lines: the same for every plan, so cached per topology. */
function contextLayers(geography: PublishGeography): Omit<PublishedContext, 'bounds'> {
  const { geo, zipAreas, countries, lines } = geography;
  const key = `${countries ? 'c' : ''}${lines ? 'l' : ''}`;
  let byKey = contextCache.get(zipAreas);
  const cached = byKey?.get(key);
  if (cached) return cached;
  const all = new Int32Array(geo.unitCount).fill(-1);
  all.fill(0, 0, geo.zipUnitCount);
  const land = territoryBoundariesGeoJson(zipAreas, all, [{ id: 'land', name: 'land' }], {
    precision: CONTEXT_DECIMALS,
  });
  const world: Position[][][] = [];
  if (countries) {
    const object = Object.values(countries.objects)[0];
    const fc = feature(countries, object) as FeatureCollection | Feature;
    const features = fc.type === 'FeatureCollection' ? fc.features : [fc];
    for (const f of features) {
      const g = f.geometry as Geometry | null;
      if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) continue;
      // context only: near the US about a pixel at the zoom a few states fit in, coarser further away
      const polygons = polygonsOf(g);
      const box = boundsOf(polygons);
      const near = box !== null && box[0] <= -45 && box[2] >= -170 && box[3] >= 5;
      world.push(...(near ? simplifyPolygons(polygons, 0.04, 2) : simplifyPolygons(polygons, 0.2, 1)));
    }
  }
  const stateLines: MultiLineString['coordinates'] = [];
  if (lines) {
    const object = Object.values(lines.objects)[0] as GeometryCollection<{ level: string }>;
    const fc = feature(lines, object) as FeatureCollection<MultiLineString | Geometry, { level: string }>;
    for (const f of fc.features) {
      if (f.properties?.level !== 'state') continue;
      const g = f.geometry;
      const parts = g.type === 'MultiLineString' ? g.coordinates : g.type === 'LineString' ? [g.coordinates] : [];
      for (const line of parts) {
        const simple = roundLine(simplifyLine(line, 0.002), CONTEXT_DECIMALS);
        if (simple.length >= 2) stateLines.push(simple);
      }
    }
  }
  const layers = {
    land: land.features.flatMap((f) => polygonsOf(f.geometry)),
    world,
    stateLines,
    states: geo.data.states.map((s) => ({ code: s.code, name: s.name, lon: s.lon, lat: s.lat })),
  };
  if (!byKey) contextCache.set(zipAreas, (byKey = new Map()));
  byKey.set(key, layers);
  return layers;
}

/** Units of each territory of a team, in unit order. */
function unitsByTerritory(plan: Plan, team: number, unitCount: number): number[][] {
  const units: number[][] = plan.teams[team].territories.map(() => []);
  const assignment = plan.assignments[team] ?? new Int32Array(0);
  for (let u = 0; u < Math.min(assignment.length, unitCount); u++) {
    const k = assignment[u];
    if (k >= 0 && k < units.length) units[k].push(u);
  }
  return units;
}

/** Whether a value column reads as money. */
function isMoney(valueName: string): boolean {
  return /revenue|value|amount|arr\b|acv|tcv|spend|pipeline|budget|sales|usd|\$/i.test(valueName);
}

/** The ownership of the accounts: given, or routed through the plan. */
function ownershipOf(input: PublishInput): OwnershipResult | null {
  const accounts = input.accounts;
  if (!accounts || accounts.count === 0) return null;
  if (input.ownership && input.ownership.team.length === accounts.count) return input.ownership;
  return routeAccounts(accounts, input.plan);
}

/** Named-account counts per territory: on its map but named to someone else, and named to its rep elsewhere. */
function namedCounts(plan: Plan, ownership: OwnershipResult | null): { except: number[][]; plus: number[][] } {
  const except = plan.teams.map((t) => t.territories.map(() => 0));
  const plus = plan.teams.map((t) => t.territories.map(() => 0));
  const repIndex = new Map(plan.reps.map((r, i) => [r.id, i]));
  const territoryRep = plan.teams.map((t) =>
    t.territories.map((k) => (k.repId === null ? -1 : (repIndex.get(k.repId) ?? -1))),
  );
  if (!ownership) {
    // without accounts all that is known is how many accounts the plan names to each rep
    const perRep = new Map<string, number>();
    for (const n of plan.namedAccounts) perRep.set(n.repId, (perRep.get(n.repId) ?? 0) + 1);
    plan.teams.forEach((team, t) =>
      team.territories.forEach((k, i) => (plus[t][i] = k.repId === null ? 0 : (perRep.get(k.repId) ?? 0))),
    );
    return { except, plus };
  }
  const named = REASON_CODE.NAMED;
  const byRep = new Map<number, [number, number][]>();
  territoryRep.forEach((list, t) =>
    list.forEach((r, k) => {
      if (r >= 0) byRep.set(r, [...(byRep.get(r) ?? []), [t, k]]);
    }),
  );
  for (let a = 0; a < ownership.reason.length; a++) {
    if (ownership.reason[a] !== named) continue;
    const t = ownership.team[a];
    const k = ownership.territory[a];
    const owner = ownership.ownerRep[a];
    if (t >= 0 && k >= 0 && territoryRep[t]?.[k] !== owner) except[t][k]++;
    for (const [tt, kk] of byRep.get(owner) ?? []) if (tt !== t || kk !== k) plus[tt][kk]++;
  }
  return { except, plus };
}

const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "A", "A and B", "A, B and C". */
function joinNames(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/**
 * A team's filter in plain words; a team without conditions takes what earlier teams leave, which reads
 * "every account not in the Enterprise team" (and "every account" for the first or only team).
 */
export function teamFilterText(plan: Plan, team: number): string {
  const t = plan.teams[team];
  if (t.conditions.length > 0) return teamFilterDescription(t.conditions);
  const earlier = plan.teams.slice(0, team).map((e) => e.name);
  if (earlier.length === 0) return 'every account';
  return `every account not in the ${joinNames(earlier)} ${earlier.length === 1 ? 'team' : 'teams'}`;
}

/** "Texas and Oklahoma; Enterprise team: 1,000+ employees; except 12 named accounts". */
function summaryOf(definition: string, plan: Plan, team: number, except: number, plus: number): string {
  const parts = [definition];
  const t = plan.teams[team];
  // the team clause says nothing when one team takes every account
  if (plan.teams.length > 1 || t.conditions.length > 0) parts.push(`${t.name} team: ${teamFilterText(plan, team)}`);
  if (except > 0) parts.push(`except ${plural(except, 'named account')}`);
  if (plus > 0) parts.push(`plus ${plural(plus, 'named account')} elsewhere`);
  return parts.join('; ');
}

/** A territory's shape, rounded, with its bounds and label point. */
function shapesOf(
  geography: PublishGeography,
  plan: Plan,
  team: number,
): { geometry: Polygon | MultiPolygon | null; bounds: Bounds | null; label: Position | null }[] {
  const territories = plan.teams[team].territories;
  const assignment = plan.assignments[team] ?? new Int32Array(geography.geo.unitCount).fill(-1);
  const fc = territoryBoundariesGeoJson(
    geography.zipAreas,
    assignment,
    territories.map((k) => ({ id: k.id, name: k.name })),
    { countries: geography.countries, precision: TERRITORY_DECIMALS },
  );
  const out = territories.map(() => ({
    geometry: null as Polygon | MultiPolygon | null,
    bounds: null as Bounds | null,
    label: null as Position | null,
  }));
  for (const f of fc.features) {
    const polygons = withoutSlivers(polygonsOf(f.geometry));
    if (polygons.length === 0) continue;
    const label = labelPoint(polygons);
    out[f.properties.territory] = {
      geometry:
        polygons.length === 1
          ? { type: 'Polygon', coordinates: polygons[0] }
          : { type: 'MultiPolygon', coordinates: polygons },
      bounds: viewBounds(polygons),
      label: label ? roundLine([label], 3)[0] : null,
    };
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------
// The full published map

/** A place label per account ("Dallas, TX"), dictionary-coded. */
function accountPlaces(accounts: AccountTable): { place: number[]; places: string[] } {
  const city = accounts.categories.city;
  const state = accounts.categories.state;
  const index = new Map<string, number>();
  const places: string[] = [];
  const place = new Array<number>(accounts.count);
  for (let a = 0; a < accounts.count; a++) {
    const c = categoryLabel(city, a);
    const s = categoryLabel(state, a);
    const label = c && s ? `${c}, ${s}` : c || s;
    if (!label) {
      place[a] = -1;
      continue;
    }
    let i = index.get(label);
    if (i === undefined) {
      i = places.length;
      index.set(label, i);
      places.push(label);
    }
    place[a] = i;
  }
  return { place, places };
}

function zipIndexOf(geo: GeoIndex, plan: Plan): PublishedZipIndex {
  const teams = plan.teams.map((team, t) =>
    (team.routing ?? 'territory') === 'territory' ? (plan.assignments[t] ?? null) : null,
  );
  const codes: string[] = [];
  const lon: number[] = [];
  const lat: number[] = [];
  const territory: number[][] = teams.map(() => []);
  const place: number[] = [];
  const places: string[] = [];
  const placeIndex = new Map<string, number>();
  const position = new Int32Array(geo.unitCount).fill(-1);
  let x = 0;
  let y = 0;
  for (let u = 0; u < geo.zipUnitCount; u++) {
    const id = geo.ids[u];
    if (id.length !== 5 || id.startsWith('C')) continue;
    if (!teams.some((a) => a !== null && a[u] >= 0)) continue;
    position[u] = codes.length;
    codes.push(id);
    const qx = Math.round(geo.lon[u] * 100);
    const qy = Math.round(geo.lat[u] * 100);
    lon.push(qx - x);
    lat.push(qy - y);
    x = qx;
    y = qy;
    teams.forEach((a, t) => {
      if (a) territory[t].push(a[u]);
    });
    const state = geo.stateOfUnit[u];
    const label = `${geo.names[u]}, ${state >= 0 ? geo.data.states[state].code : ''}`;
    let p = placeIndex.get(label);
    if (p === undefined) {
      p = places.length;
      placeIndex.set(label, p);
      places.push(label);
    }
    place.push(p);
  }
  const aliases: [string, number][] = [];
  const { zip, unit } = geo.data.zipLookup;
  for (let i = 0; i < zip.length; i++) {
    const p = unit[i] >= 0 ? position[unit[i]] : -1;
    if (p >= 0 && zip[i].length === 5) aliases.push([zip[i], p]);
  }
  aliases.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return {
    codes: codes.join(''),
    lon,
    lat,
    territory,
    place,
    places,
    aliasCodes: aliases.map((a) => a[0]).join(''),
    aliasOf: aliases.map((a) => a[1]),
  };
}

/**
 * The data of a full published map: plan name, version and date, every team's territories with
 * their outlines, label points, owners and plain-language definitions, the rules of engagement, land
 * and state lines, a ZIP index, and (as the options allow) accounts for search, Ids and values.
 */
export function buildPublishedData(input: PublishInput, options: PublishOptions = {}): PublishedMapData {
  const opts = resolvePublishOptions(options);
  const { plan, geography } = input;
  const { geo } = geography;
  const accounts = input.accounts && input.accounts.count > 0 ? input.accounts : null;
  const ownership = ownershipOf(input);
  const meta = metaOf(input);

  // reps as published: only those the map or the search names, emails as allowed
  const repSlot = new Int32Array(plan.reps.length).fill(-1);
  const reps: PublishedMapData['reps'] = [];
  const repOf = (r: number): number => {
    if (r < 0 || r >= plan.reps.length) return -1;
    if (repSlot[r] < 0) {
      repSlot[r] = reps.length;
      reps.push({ name: plan.reps[r].name, email: opts.includeRepEmails ? plan.reps[r].email : '' });
    }
    return repSlot[r];
  };
  const repIndex = new Map(plan.reps.map((r, i) => [r.id, i]));

  // totals per territory by team filter and area
  const count = plan.teams.map((t) => new Float64Array(t.territories.length));
  const value = plan.teams.map((t) => new Float64Array(t.territories.length));
  const unassigned = new Float64Array(plan.teams.length);
  if (accounts && ownership) {
    for (let a = 0; a < accounts.count; a++) {
      const t = ownership.team[a];
      if (t < 0 || t >= plan.teams.length) continue;
      const k = ownership.territory[a];
      if (k < 0 || k >= count[t].length) {
        unassigned[t]++;
        continue;
      }
      count[t][k]++;
      const v = accounts.value[a];
      if (Number.isFinite(v)) value[t][k] += v;
    }
  }
  const named = namedCounts(plan, ownership);

  const teams: PublishedTeam[] = plan.teams.map((team, t) => {
    const routing = team.routing ?? 'territory';
    const filter = teamFilterText(plan, t);
    const units = unitsByTerritory(plan, t, geo.unitCount);
    const shapes = routing === 'territory' ? shapesOf(geography, plan, t) : [];
    return {
      id: team.id,
      name: team.name,
      filter,
      routing,
      pool: (team.poolRepIds ?? []).map((id) => repOf(repIndex.get(id) ?? -1)).filter((r) => r >= 0),
      unassignedAccounts: accounts ? unassigned[t] : null,
      territories:
        routing !== 'territory'
          ? []
          : team.territories.map((k, i) => {
              const rep = k.repId === null ? -1 : repOf(repIndex.get(k.repId) ?? -1);
              const definition = territoryDefinition(geo, units[i]);
              return {
                id: k.id,
                name: k.name,
                colour: k.colour,
                rep,
                repName: rep >= 0 ? reps[rep].name : null,
                repEmail: rep >= 0 ? reps[rep].email : '',
                vacantFrom: rep >= 0 ? '' : k.vacantFrom,
                definition,
                filter,
                summary: summaryOf(definition, plan, t, named.except[t][i], named.plus[t][i]),
                namedExcept: named.except[t][i],
                namedPlus: named.plus[t][i],
                accounts: accounts ? count[t][i] : null,
                value: accounts && opts.includeValues ? Math.round(value[t][i]) : null,
                zipCount: units[i].filter((u) => geo.isZipUnit(u)).length,
                ...shapes[i],
              };
            }),
    };
  });

  let published: PublishedAccounts | null = null;
  if (accounts && ownership && opts.includeAccounts) {
    const n = accounts.count;
    const { place, places } = accountPlaces(accounts);
    const why: number[] = [];
    const unroutable = REASON_CODE.UNROUTABLE;
    for (let a = 0; a < n; a++)
      if (ownership.reason[a] === unroutable && ownership.unroutableWhy[a] > 0) why.push(a, ownership.unroutableWhy[a]);
    published = {
      name: Array.from({ length: n }, (_, a) => stringAt(accounts.name, a)),
      id: opts.includeAccountIds ? Array.from({ length: n }, (_, a) => stringAt(accounts.id, a)) : null,
      postalCode: Array.from({ length: n }, (_, a) => stringAt(accounts.postalCode, a)),
      place,
      places,
      team: Array.from(ownership.team),
      territory: Array.from(ownership.territory),
      owner: Array.from(ownership.ownerRep, (r) => repOf(r)),
      reason: Array.from(ownership.reason),
      why,
      value: opts.includeValues ? Array.from(accounts.value, (v) => (Number.isFinite(v) ? Math.round(v) : 0)) : null,
    };
  }

  const bounds = unionBounds(teams.flatMap((team) => team.territories.map((k) => k.bounds))) ?? CONTIGUOUS_US;
  let planFile: unknown = null;
  if (opts.includePlanFile) {
    const document = planToDocument(plan, geo.ids, meta.publishedAt);
    // named accounts are listed by account Id, which the planner chose to keep out
    planFile = opts.includeAccountIds ? document : { ...document, namedAccounts: [] };
  }
  return {
    format: PUBLISHED_FORMAT,
    formatVersion: PUBLISHED_FORMAT_VERSION,
    kind: 'map',
    meta,
    options: opts,
    context: { ...contextLayers(geography), bounds },
    reps,
    teams,
    reasons: OWNERSHIP_REASONS.map((code) => ({ code, label: OWNERSHIP_REASON_LABELS[code] })),
    unroutableWhy: UNROUTABLE_WHY.map((w) => UNROUTABLE_WHY_LABELS[w]),
    rulesOfEngagement: plan.rulesOfEngagement,
    valueName: opts.includeValues && accounts ? accounts.valueName : null,
    valueIsMoney: accounts ? isMoney(accounts.valueName) : false,
    zips: zipIndexOf(geo, plan),
    accounts: published,
    planFile,
  };
}

// ---------------------------------------------------------------------------------------------------
// The candidate view

/** "1.2" -> "1.2", 2500000 -> "2.5M"; amounts for band labels. */
function bandAmount(value: number, money: boolean): string {
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  let text = String(value);
  for (const [size, suffix] of units) {
    if (value >= size) {
      text = `${Number((value / size).toPrecision(3))}${suffix}`;
      break;
    }
  }
  return money ? `$${text}` : text;
}

/** The 1-2.5-5 band a positive amount falls in, e.g. 3,100,000 -> "$2.5M–$5M". */
export function valueBand(value: number, money: boolean): string {
  if (!(value > 0)) return money ? '$0' : '0';
  const decade = 10 ** Math.floor(Math.log10(value));
  const steps = [1, 2.5, 5, 10];
  let i = 0;
  while (i < steps.length - 2 && value >= steps[i + 1] * decade) i++;
  const lo = steps[i] * decade;
  const hi = steps[i + 1] * decade;
  return `${bandAmount(lo, money)}–${bandAmount(hi, money)}`;
}

/** Whole percents that add up to 100 (largest remainders). */
function percents(counts: readonly number[]): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total === 0) return counts.map(() => 0);
  const raw = counts.map((c) => (c * 100) / total);
  const out = raw.map(Math.floor);
  let left = 100 - out.reduce((s, p) => s + p, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i]).sort((a, b) => b[0] - a[0]);
  for (let j = 0; left > 0 && j < order.length; j++, left--) out[order[j][1]]++;
  return out;
}

/** Shares of the labels of a category among some accounts: the largest `top`, the rest as "Other". */
function mixOf(column: CategoryColumn, members: readonly number[], top = 6): MixEntry[] {
  const counts = new Map<string, number>();
  for (const a of members) {
    const label = categoryLabel(column, a) || 'Not set';
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  if (counts.size === 0 || (counts.size === 1 && counts.has('Not set'))) return [];
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, top);
  const rest = sorted.slice(top).reduce((s, [, c]) => s + c, 0);
  if (rest > 0) shown.push(['Other', rest]);
  const p = percents(shown.map(([, c]) => c));
  return shown.map(([label], i) => ({ label, percent: p[i] }));
}

function median(values: number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const EMPLOYEE_BANDS: [number, string][] = [
  [10, '1–10'],
  [50, '11–50'],
  [200, '51–200'],
  [1000, '201–1,000'],
  [5000, '1,001–5,000'],
  [Infinity, '5,000+'],
];

/** Aggregate figures of a territory's accounts (never a single account's name, Id or value). */
function figuresOf(
  accounts: AccountTable,
  members: readonly number[],
  units: readonly number[],
  geo: GeoIndex,
): CandidateFigures {
  const money = isMoney(accounts.valueName);
  const values = members.map((a) => accounts.value[a]).filter((v) => Number.isFinite(v) && v > 0);
  const total = values.reduce((s, v) => s + v, 0);
  const decades = [1e5, 1e6, 1e7, 1e8];
  const counts = new Array<number>(decades.length + 1).fill(0);
  for (const v of values) {
    let i = 0;
    while (i < decades.length && v >= decades[i]) i++;
    counts[i]++;
  }
  const a = (v: number): string => bandAmount(v, money);
  const labels = [`Under ${a(1e5)}`, `${a(1e5)}–${a(1e6)}`, `${a(1e6)}–${a(1e7)}`, `${a(1e7)}–${a(1e8)}`, `${a(1e8)}+`];
  const p = percents(counts);
  const employees = members.map((m) => accounts.employees[m]).filter((v) => Number.isFinite(v) && v > 0);
  const medianEmployees = median(employees);
  const types = accounts.categories.accountType;
  const typed = members.filter((m) => categoryLabel(types, m) !== '');
  const states = new Set<string>();
  let areaKm2 = 0;
  for (const u of units) {
    areaKm2 += geo.areaKm2[u];
    const s = geo.stateOfUnit[u];
    if (s >= 0) states.add(geo.data.states[s].name);
  }
  return {
    accounts: members.length,
    zipCount: units.filter((u) => geo.isZipUnit(u)).length,
    areaSqMi: Math.round(areaKm2 / SQ_KM_PER_SQ_MI / 100) * 100,
    states: [...states].sort(),
    valueName: accounts.valueName,
    valueIsMoney: money,
    medianValueBand: values.length > 0 ? valueBand(median(values), money) : null,
    totalValueBand: values.length > 0 ? valueBand(total, money) : null,
    valueMix: values.length > 0 ? labels.map((label, i) => ({ label, percent: p[i] })) : [],
    employeesBand: Number.isFinite(medianEmployees)
      ? (EMPLOYEE_BANDS.find(([max]) => medianEmployees <= max) ?? EMPLOYEE_BANDS[0])[1]
      : null,
    customerPercent:
      typed.length > 0
        ? Math.round((typed.filter((m) => isCustomerType(categoryLabel(types, m))).length * 100) / typed.length)
        : null,
    segmentMix: mixOf(accounts.categories.segment, members),
    tierMix: mixOf(accounts.categories.tier, members),
    industryMix: mixOf(accounts.categories.industry, members),
    typeMix: mixOf(types, members),
  };
}

/**
 * The data of a candidate view of one territory, for recruiters: its outline, plain-language
 * definition, team filter and aggregate figures (account count, value bands, segment/tier/industry
 * mix). Nothing of other territories and no account's name, Id or value. Throws for an unknown id.
 */
export function buildCandidateData(input: PublishInput, territoryId: string): CandidateData {
  const { plan, geography } = input;
  const { geo } = geography;
  let team = -1;
  let index = -1;
  plan.teams.forEach((t, ti) =>
    t.territories.forEach((k, ki) => {
      if (team < 0 && k.id === territoryId) {
        team = ti;
        index = ki;
      }
    }),
  );
  if (team < 0) throw new RangeError(`No territory with id "${territoryId}" in the plan.`);
  const territory = plan.teams[team].territories[index];
  const units = unitsByTerritory(plan, team, geo.unitCount)[index];
  // only this territory is outlined: the others are not in the file at all
  const assignment = new Int32Array(geo.unitCount).fill(-1);
  for (const u of units) assignment[u] = 0;
  const onlyThis: Plan = {
    ...plan,
    teams: [{ ...plan.teams[team], territories: [territory] }],
    assignments: [assignment],
  };
  const shape = shapesOf(geography, onlyThis, 0)[0];
  const accounts = input.accounts && input.accounts.count > 0 ? input.accounts : null;
  const ownership = ownershipOf(input);
  const named = namedCounts(plan, ownership);
  const members: number[] = [];
  if (accounts && ownership) {
    for (let a = 0; a < accounts.count; a++)
      if (ownership.team[a] === team && ownership.territory[a] === index) members.push(a);
  }
  const definition = territoryDefinition(geo, units);
  const meta = metaOf(input);
  return {
    format: PUBLISHED_FORMAT,
    formatVersion: PUBLISHED_FORMAT_VERSION,
    kind: 'candidate',
    meta: { planName: meta.planName, publishedAt: meta.publishedAt, publishedDate: meta.publishedDate },
    context: { ...contextLayers(geography), bounds: shape.bounds ?? CONTIGUOUS_US },
    territory: {
      id: territory.id,
      name: territory.name,
      colour: territory.colour,
      team: plan.teams[team].name,
      filter: teamFilterText(plan, team),
      definition,
      summary: summaryOf(definition, plan, team, named.except[team][index], 0),
      vacantFrom: territory.vacantFrom,
      ...shape,
    },
    figures: accounts ? figuresOf(accounts, members, units, geo) : null,
  };
}
