/**
 * The territory definitions export (issue 7): every territory's id, name, team, team filter, owner,
 * plain-language definition and area as CRM rules, as CSV and as versioned JSON. ZIP lists are cut into
 * rules of at most `ruleSize` codes so CRMs with a per-rule value limit can load them.
 */
import type { Plan, TeamCondition } from '../domain/plan.ts';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { teamFilterDescription, territoryDefinition } from '../geo/territoryDefinition.ts';
import { toSafeCsv } from './csvExport.ts';

export const TERRITORY_EXPORT_FORMAT = 'tessera-territories';
export const TERRITORY_EXPORT_VERSION = 1;
/** ZIP codes per rule when no ruleSize is given. */
export const DEFAULT_RULE_SIZE = 500;
/**
 * Separator of the codes inside the ZIP codes, county and country cells of the CSV: a bare comma, so the
 * cell is quoted. Salesforce territory rule values and most CRM "is any of" filters take comma lists.
 */
export const CODE_SEPARATOR = ',';

export interface TerritoryExportOptions {
  /** Most ZIP codes in one rule; 500 by default. Must be a whole number of at least 1. */
  ruleSize?: number;
}

/** Who owns a territory: a rep, or nobody yet ("Vacant", with the planned start date of the hire). */
export interface TerritoryOwner {
  vacant: boolean;
  repId: string | null;
  /** The rep's name, or "Vacant". */
  name: string;
  email: string;
  crmUserId: string;
  /** Planned start date (ISO) of the hire when vacant; '' otherwise or when not planned. */
  vacantFrom: string;
  /** Named accounts the plan gives the owner whatever the map says (0 when vacant). */
  namedAccounts: number;
}

/** A county that has no ZIP area of its own (a "C" + FIPS unit): CRMs cannot match it by ZIP code. */
export interface CountyWithoutZip {
  fips: string;
  /** e.g. "Colonial Heights, VA". */
  name: string;
}

/** One territory as the export writes it. */
export interface TerritoryDefinitionRecord {
  id: string;
  name: string;
  team: {
    id: string;
    name: string;
    routing: 'territory' | 'roundRobin';
    /** The team filter: structured conditions and the same in plain words. */
    filter: { conditions: TeamCondition[]; description: string };
  };
  owner: TerritoryOwner;
  /** The area in plain words, e.g. "Texas and Oklahoma, plus ZIP codes 870-875 in New Mexico". */
  definition: string;
  /** How many ZIP codes zipRules holds in all. */
  zipCount: number;
  /** Most ZIP codes per rule used to cut zipRules. */
  ruleSize: number;
  /**
   * The territory's 5-digit US ZIP codes, sorted, cut into rules of at most ruleSize codes; [] when none. Includes
   * the USPS ZIPs without an area (PO-box, single-organisation) that the router places in the territory.
   */
  zipRules: string[][];
  /** Counties without ZIP areas of their own, sorted by FIPS. */
  counties: CountyWithoutZip[];
  /** ISO 3166 alpha-2 codes of the territory's countries, sorted. */
  countries: string[];
}

/** The JSON document of the export. */
export interface TerritoryExportDocument {
  format: typeof TERRITORY_EXPORT_FORMAT;
  version: typeof TERRITORY_EXPORT_VERSION;
  /** The plan's name. */
  plan: string;
  exportedAt: string;
  ruleSize: number;
  territories: TerritoryDefinitionRecord[];
}

export const TERRITORY_DEFINITION_HEADERS = [
  'Territory Id',
  'Territory',
  'Team',
  'Team filter',
  'Owner',
  'Owner email',
  'Owner CRM Id',
  'Named accounts',
  'Rule',
  'ZIP codes',
  'Counties without ZIP codes (FIPS)',
  'Countries',
  'Definition',
] as const;

/** Cuts a list into chunks of at most `size` items. */
function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The ruleSize option checked: a whole number of at least 1. */
function ruleSizeOf(options: TerritoryExportOptions): number {
  const size = options.ruleSize ?? DEFAULT_RULE_SIZE;
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`ruleSize must be a whole number >= 1, got ${size}`);
  return size;
}

/** Every territory of every team as an export record, with its ZIP codes cut into rules of at most ruleSize. */
export function territoryDefinitions(
  plan: Plan,
  geo: GeoIndex,
  options: TerritoryExportOptions = {},
): TerritoryDefinitionRecord[] {
  const ruleSize = ruleSizeOf(options);
  const repById = new Map(plan.reps.map((r) => [r.id, r]));
  const namedCount = new Map<string, number>();
  for (const n of plan.namedAccounts) namedCount.set(n.repId, (namedCount.get(n.repId) ?? 0) + 1);
  const records: TerritoryDefinitionRecord[] = [];
  plan.teams.forEach((team, t) => {
    // units of each territory, in unit order
    const unitsOf: number[][] = team.territories.map(() => []);
    const assignment = plan.assignments[t] ?? new Int32Array(0);
    const n = Math.min(assignment.length, geo.unitCount);
    for (let u = 0; u < n; u++) {
      const k = assignment[u];
      if (k >= 0 && k < unitsOf.length) unitsOf[k].push(u);
    }
    // USPS ZIPs without an area of their own go with the unit the router places them in
    const extraZipsOf: string[][] = team.territories.map(() => []);
    const routed = geo.routedZipsWithoutArea();
    for (let i = 0; i < routed.zips.length; i++) {
      const u = routed.units[i];
      const k = u < n ? assignment[u] : -1;
      if (k >= 0 && k < extraZipsOf.length) extraZipsOf[k].push(routed.zips[i]);
    }
    const filter = {
      conditions: structuredClone(team.conditions),
      description: teamFilterDescription(team.conditions),
    };
    team.territories.forEach((territory, k) => {
      const units = unitsOf[k];
      const zips: string[] = [...extraZipsOf[k]];
      const counties: CountyWithoutZip[] = [];
      const countries: string[] = [];
      for (const u of units) {
        const id = geo.ids[u];
        if (!geo.isZipUnit(u)) countries.push(id);
        else if (id.startsWith('C')) {
          const info = geo.info(u);
          counties.push({ fips: info.countyFips || id.slice(1), name: `${info.countyName}, ${info.stateCode}` });
        } else zips.push(id);
      }
      zips.sort();
      counties.sort((a, b) => (a.fips < b.fips ? -1 : a.fips > b.fips ? 1 : 0));
      countries.sort();
      const rep = territory.repId === null ? undefined : repById.get(territory.repId);
      const owner: TerritoryOwner = rep
        ? {
            vacant: false,
            repId: rep.id,
            name: rep.name,
            email: rep.email,
            crmUserId: rep.crmUserId ?? '',
            vacantFrom: '',
            namedAccounts: namedCount.get(rep.id) ?? 0,
          }
        : {
            vacant: true,
            repId: null,
            name: 'Vacant',
            email: '',
            crmUserId: '',
            vacantFrom: territory.vacantFrom,
            namedAccounts: 0,
          };
      records.push({
        id: territory.id,
        name: territory.name,
        team: { id: team.id, name: team.name, routing: team.routing ?? 'territory', filter },
        owner,
        definition: territoryDefinition(geo, units),
        zipCount: zips.length,
        ruleSize,
        zipRules: chunk(zips, ruleSize),
        counties,
        countries,
      });
    });
  });
  return records;
}

/** The owner as one cell: the rep's name, "Vacant (from 2026-09-01)" or "Vacant". */
export function ownerLabel(owner: TerritoryOwner): string {
  if (!owner.vacant) return owner.name;
  return owner.vacantFrom ? `Vacant (from ${owner.vacantFrom})` : 'Vacant';
}

/**
 * The records as CSV, one row per ZIP rule ("Rule" reads "2 of 3"). Codes inside a cell are joined by
 * CODE_SEPARATOR (a comma, so the cell is quoted). Counties without ZIPs and countries go on a territory's
 * first row only, so no code is listed twice; a territory with no areas gets one row with an empty Rule.
 * Every cell is safe against formula injection.
 */
export function territoryDefinitionsCsv(records: readonly TerritoryDefinitionRecord[]): string {
  const rows: string[][] = [];
  for (const r of records) {
    const hasArea = r.zipRules.length + r.counties.length + r.countries.length > 0;
    const ruleCount = Math.max(1, r.zipRules.length);
    for (let i = 0; i < ruleCount; i++) {
      const first = i === 0;
      rows.push([
        r.id,
        r.name,
        r.team.name,
        r.team.filter.description,
        ownerLabel(r.owner),
        r.owner.email,
        r.owner.crmUserId,
        String(r.owner.namedAccounts),
        hasArea ? `${i + 1} of ${ruleCount}` : '',
        (r.zipRules[i] ?? []).join(CODE_SEPARATOR),
        first ? r.counties.map((c) => c.fips).join(CODE_SEPARATOR) : '',
        first ? r.countries.join(CODE_SEPARATOR) : '',
        r.definition,
      ]);
    }
  }
  return toSafeCsv(TERRITORY_DEFINITION_HEADERS, rows);
}

/** The records as a pretty-printed, versioned JSON document (format "tessera-territories", version 1). */
export function territoryDefinitionsJson(
  records: readonly TerritoryDefinitionRecord[],
  meta: { planName: string; savedAt: string },
): string {
  const document: TerritoryExportDocument = {
    format: TERRITORY_EXPORT_FORMAT,
    version: TERRITORY_EXPORT_VERSION,
    plan: meta.planName,
    exportedAt: meta.savedAt,
    ruleSize: records[0]?.ruleSize ?? DEFAULT_RULE_SIZE,
    territories: [...records],
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
