/**
 * The data a published territory map carries (issue 7): the shapes of the JSON embedded in the
 * published HTML file and the small lookups the viewer runs on it. Kept apart from publishData.ts
 * so the viewer bundle does not pull in the geometry and routing code that builds the data.
 */
import type { MultiLineString, MultiPolygon, Polygon, Position } from 'geojson';
import type { Bounds } from './publishGeometry.ts';

export const PUBLISHED_FORMAT = 'tessera-published';
export const PUBLISHED_FORMAT_VERSION = 1;

/** What the planner lets a published map contain. */
export interface PublishOptions {
  /** Accounts (name, ZIP, owner, territory, reason) for the search box; true by default. */
  includeAccounts?: boolean;
  /** Account Ids in the search (only with includeAccounts); false by default. */
  includeAccountIds?: boolean;
  /** Account values and value totals per territory; false by default. */
  includeValues?: boolean;
  /** Rep email addresses next to their names; true by default. */
  includeRepEmails?: boolean;
  /** The plan file itself, so a reader can open the plan in Tessera; false by default. */
  includePlanFile?: boolean;
}

/** Who published what, when. */
export interface PublishedMeta {
  planName: string;
  /** The plan's version label (the caller's, else the plan file format version). */
  version: string;
  planFileVersion: number;
  /** 8 hex digits hashed from the plan (teams, areas, reps, rules): equal plans give equal fingerprints. */
  fingerprint: string;
  /** ISO timestamp and its calendar date (YYYY-MM-DD, UTC). */
  publishedAt: string;
  publishedDate: string;
}

/** Land, state lines and state labels drawn under the territories (no territory data). */
export interface PublishedContext {
  /** The US land (all ZIP areas dissolved). */
  land: Position[][][];
  /** Countries of the world, simplified (context only). */
  world: Position[][][];
  stateLines: MultiLineString['coordinates'];
  states: { code: string; name: string; lon: number; lat: number }[];
  /** Where the map opens: the territories' bounds, or the contiguous US. */
  bounds: Bounds;
}

/** One territory of the full published map. */
export interface PublishedTerritory {
  /** The plan's territory id: the deep link is #territory=<id>. */
  id: string;
  name: string;
  colour: string;
  /** Index into PublishedMapData.reps, -1 when vacant. */
  rep: number;
  repName: string | null;
  repEmail: string;
  /** Planned start date (ISO) of the hire when vacant, else ''. */
  vacantFrom: string;
  /** The area in plain words ("Texas and Oklahoma, plus ZIP codes 870-884 in New Mexico"). */
  definition: string;
  /** The team's account filter in plain words ("1,000+ employees"). */
  filter: string;
  /** Area, team filter and named-account exceptions in one sentence. */
  summary: string;
  /** Accounts on the map in this territory that a named-account rule gives to someone else, and named accounts of this rep elsewhere. */
  namedExcept: number;
  namedPlus: number;
  /** Accounts in the territory by team filter and area; null when the plan was published without accounts. */
  accounts: number | null;
  /** Sum of account values; null when values are hidden or there are no accounts. */
  value: number | null;
  zipCount: number;
  geometry: Polygon | MultiPolygon | null;
  bounds: Bounds | null;
  label: Position | null;
}

/** One team: its filter and its territories (none for a round-robin pool). */
export interface PublishedTeam {
  id: string;
  name: string;
  filter: string;
  routing: 'territory' | 'roundRobin';
  /** Rep indexes of a round-robin pool. */
  pool: number[];
  territories: PublishedTerritory[];
  /** Accounts of the team in no territory; null without accounts. */
  unassignedAccounts: number | null;
}

/**
 * ZIP codes inside territories, sorted. Positions are in hundredths of a degree, each stored as the
 * difference to the previous ZIP's (ZIP order is roughly geographic, so the numbers stay short).
 */
export interface PublishedZipIndex {
  /** 5-digit codes, concatenated. */
  codes: string;
  lon: number[];
  lat: number[];
  /** Per team: each ZIP's territory index (-1 none); empty for round-robin teams. */
  territory: number[][];
  /** "City, ST" per ZIP as an index into places. */
  place: number[];
  places: string[];
  /** USPS ZIP codes that are not areas of their own (PO boxes), concatenated, with the index of their area. */
  aliasCodes: string;
  aliasOf: number[];
}

/** Accounts for the search box, as columns. */
export interface PublishedAccounts {
  name: string[];
  /** null when Ids were left out. */
  id: string[] | null;
  postalCode: string[];
  /** "City, ST" as an index into places, -1 for none. */
  place: number[];
  places: string[];
  /** Team by filter and the territory of that team the account's area is in (-1 none). */
  team: number[];
  territory: number[];
  /** Index into reps, -1 for none (vacant territory or unroutable). */
  owner: number[];
  /** Index into PublishedMapData.reasons. */
  reason: number[];
  /** Unroutable accounts as pairs [account, index into unroutableWhy], flattened. */
  why: number[];
  /** null when values are hidden. */
  value: number[] | null;
}

/** The data of a full published territory map. */
export interface PublishedMapData {
  format: typeof PUBLISHED_FORMAT;
  formatVersion: typeof PUBLISHED_FORMAT_VERSION;
  kind: 'map';
  meta: PublishedMeta;
  options: Required<PublishOptions>;
  context: PublishedContext;
  reps: { name: string; email: string }[];
  teams: PublishedTeam[];
  /** Ownership reasons: code and plain words, indexed like PublishedAccounts.reason. */
  reasons: { code: string; label: string }[];
  unroutableWhy: string[];
  rulesOfEngagement: string;
  /** Name of the value column ("AnnualRevenue"), null when values are hidden. */
  valueName: string | null;
  /** Whether values read as money (formatted with $). */
  valueIsMoney: boolean;
  zips: PublishedZipIndex;
  accounts: PublishedAccounts | null;
  /** The plan file (tessera-plan document) when the planner chose to include it. */
  planFile: unknown;
}

/** A share of accounts with a label, in whole percent. */
export interface MixEntry {
  label: string;
  percent: number;
}

/** Aggregate figures for a candidate: no single account can be read from them. */
export interface CandidateFigures {
  accounts: number;
  zipCount: number;
  areaSqMi: number;
  states: string[];
  valueName: string;
  valueIsMoney: boolean;
  /** Rounded bands, e.g. "$1M–$2.5M"; null without values. */
  medianValueBand: string | null;
  totalValueBand: string | null;
  /** Share of accounts per value band. */
  valueMix: MixEntry[];
  employeesBand: string | null;
  customerPercent: number | null;
  segmentMix: MixEntry[];
  tierMix: MixEntry[];
  industryMix: MixEntry[];
  typeMix: MixEntry[];
}

/** The data of a candidate view: one territory, aggregate figures only. */
export interface CandidateData {
  format: typeof PUBLISHED_FORMAT;
  formatVersion: typeof PUBLISHED_FORMAT_VERSION;
  kind: 'candidate';
  meta: Pick<PublishedMeta, 'planName' | 'publishedAt' | 'publishedDate'>;
  context: PublishedContext;
  territory: {
    id: string;
    name: string;
    colour: string;
    team: string;
    filter: string;
    definition: string;
    summary: string;
    vacantFrom: string;
    geometry: Polygon | MultiPolygon | null;
    bounds: Bounds | null;
    label: Position | null;
  };
  figures: CandidateFigures | null;
}

/** Either kind of published data. */
export type PublishedData = PublishedMapData | CandidateData;

/** A ZIP code's place and territories, from the ZIP index. */
export interface ZipHit {
  code: string;
  /** The ZIP area when `code` is a PO-box ZIP inside it, else the same code. */
  area: string;
  place: string;
  lon: number;
  lat: number;
  /** Per team, the territory index (-1 none). */
  territory: number[];
}

/** Decoded positions of a ZIP index (delta-coded hundredths to degrees). */
export function decodeZipPositions(zips: PublishedZipIndex): { lon: Float64Array; lat: Float64Array } {
  const lon = new Float64Array(zips.lon.length);
  const lat = new Float64Array(zips.lat.length);
  let x = 0;
  let y = 0;
  for (let i = 0; i < lon.length; i++) {
    x += zips.lon[i];
    y += zips.lat[i];
    lon[i] = x / 100;
    lat[i] = y / 100;
  }
  return { lon, lat };
}

/** Index of a 5-character code in a concatenated sorted list, or -1 (binary search). */
function findCode(codes: string, code: string): number {
  let lo = 0;
  let hi = codes.length / 5 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const c = codes.slice(mid * 5, mid * 5 + 5);
    if (c === code) return mid;
    if (c < code) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Looks a 5-digit ZIP code up in the index (PO-box ZIPs resolve to their area); null when not in any territory. */
export function lookupZip(
  zips: PublishedZipIndex,
  positions: { lon: Float64Array; lat: Float64Array },
  code: string,
): ZipHit | null {
  if (!/^\d{5}$/.test(code)) return null;
  let i = findCode(zips.codes, code);
  if (i < 0) {
    const a = findCode(zips.aliasCodes, code);
    if (a < 0) return null;
    i = zips.aliasOf[a];
  }
  return {
    code,
    area: zips.codes.slice(i * 5, i * 5 + 5),
    place: zips.places[zips.place[i]] ?? '',
    lon: positions.lon[i],
    lat: positions.lat[i],
    territory: zips.territory.map((list) => list[i] ?? -1),
  };
}

/** Folds case and accents so "cafe" finds "Café". */
export function searchKey(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Accounts whose name (or Id, exactly) matches the query: names that start with it first, then other matches. */
export function searchAccounts(
  accounts: PublishedAccounts,
  keys: readonly string[],
  query: string,
  limit = 25,
): number[] {
  const q = searchKey(query.trim());
  if (q.length < 2) return [];
  const starts: number[] = [];
  const contains: number[] = [];
  const ids = accounts.id;
  for (let a = 0; a < keys.length && starts.length < limit; a++) {
    if (ids && ids[a].toLowerCase() === q) starts.unshift(a);
    else if (keys[a].startsWith(q)) starts.push(a);
    else if (contains.length < limit && keys[a].includes(q)) contains.push(a);
  }
  return [...starts, ...contains].slice(0, limit);
}

/** A compact amount: 1250000 -> "1.3M" (with "$" for money). */
export function compactAmount(value: number, money: boolean): string {
  const abs = Math.abs(value);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'K'],
  ];
  let text = Math.round(value).toLocaleString('en-US');
  for (const [size, suffix] of units) {
    if (abs >= size) {
      const n = value / size;
      text = `${n.toFixed(Math.abs(n) < 10 ? 1 : 0).replace(/\.0$/, '')}${suffix}`;
      break;
    }
  }
  return money ? `$${text}` : text;
}
