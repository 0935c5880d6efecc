/**
 * Plain-language definitions of territories ("Texas and Oklahoma, plus ZIP codes 870-875 in New Mexico")
 * and of team filters, for the published map, exports and tooltips.
 */
import type { TeamCondition } from '../domain/plan.ts';
import type { GeoIndex } from './geoIndex.ts';

export interface DefinitionOptions {
  /** Longest list of counties, countries or ZIP items spelled out before "and N more"; 10 by default. */
  listLimit?: number;
  /** Share of a state's ZIP areas a territory must hold to read "State except ..."; 0.9 by default. */
  exceptShare?: number;
  /** Most exception items (counties, ZIP ranges, ZIP codes) an "except" clause may list; 10 by default. */
  exceptLimit?: number;
  /** Runs of at least this many consecutive ZIP codes or prefixes read as a range "a-b"; 3 by default. */
  minRangeLength?: number;
}

/** A run of consecutive ZIP codes or 3-digit prefixes (from === to for a single one). */
export interface ZipRun {
  from: string;
  to: string;
  /** Every code in the run, in order. */
  codes: string[];
}

/** What a state's "except" clause leaves out. */
export interface DefinitionExceptions {
  counties: { fips: string; name: string }[];
  zip3Runs: ZipRun[];
  zipRuns: ZipRun[];
  /** Every ZIP area of the state that is not in the territory. */
  units: Int32Array;
}

/** A territory broken into the largest whole groups, largest first; units are the territory's own. */
export interface DefinitionParts {
  unitCount: number;
  /** Every state and territory with ZIP areas is whole (read as "United States"). */
  allStates: boolean;
  states: { code: string; name: string; units: Int32Array; except: DefinitionExceptions | null }[];
  /** name is the label, e.g. "Los Angeles County, CA". */
  counties: { fips: string; name: string; stateCode: string; units: Int32Array }[];
  /** Whole 3-digit prefixes and single ZIP codes, grouped by the state that holds most of them. */
  zipGroups: { stateCode: string; stateName: string; zip3Runs: ZipRun[]; zipRuns: ZipRun[]; units: Int32Array }[];
  countries: { code: string; name: string; unit: number }[];
}

interface DefinitionIndex {
  /** CSR of ZIP units by state index and by county index. */
  stateStart: Int32Array;
  stateUnits: Int32Array;
  countyStart: Int32Array;
  countyUnits: Int32Array;
  /** 3-digit prefixes in order, their units (CSR), and each unit's prefix (-1 for county-only units). */
  prefixes: string[];
  prefixStart: Int32Array;
  prefixUnits: Int32Array;
  prefixOfUnit: Int32Array;
  countyLabel: string[];
  countyShortLabel: string[];
}

const indexCache = new WeakMap<GeoIndex, DefinitionIndex>();

/** CSR lists of the units in each group, keeping unit order. */
function csr(groupOf: Int32Array, groups: number): { start: Int32Array; units: Int32Array } {
  const start = new Int32Array(groups + 1);
  for (const g of groupOf) if (g >= 0) start[g + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  const fill = start.slice(0, groups);
  const units = new Int32Array(start[groups]);
  groupOf.forEach((g, u) => {
    if (g >= 0) units[fill[g]++] = u;
  });
  return { start, units };
}

// Census names without their kind; Alaska's kinds vary by borough, so they are listed
const ALASKA_KIND: Record<string, string> = {
  '02016': 'Census Area',
  '02050': 'Census Area',
  '02063': 'Census Area',
  '02066': 'Census Area',
  '02070': 'Census Area',
  '02105': 'Census Area',
  '02158': 'Census Area',
  '02180': 'Census Area',
  '02198': 'Census Area',
  '02240': 'Census Area',
  '02261': 'Census Area',
  '02290': 'Census Area',
  '02020': 'Municipality',
  '02230': 'Municipality',
  '02110': 'City and Borough',
  '02220': 'City and Borough',
  '02275': 'City and Borough',
  '02282': 'City and Borough',
};
const TERRITORY_KIND: Record<string, string> = {
  AS: 'District',
  MP: 'Municipality',
  PR: 'Municipio',
  VI: 'Island',
  LA: 'Parish',
};

/** A county's name with its kind: "Los Angeles County", "Orleans Parish", "Richmond city". */
function countyName(fips: string, name: string, stateCode: string): string {
  if (stateCode === 'DC' || stateCode === 'GU') return name;
  // independent cities carry FIPS 5xx-8xx in these states (Texas uses 501-507 for ordinary counties)
  if (['VA', 'MD', 'MO', 'NV'].includes(stateCode) && Number(fips.slice(2)) >= 500) {
    return name.endsWith('City') ? name : `${name} city`;
  }
  if (stateCode === 'AK') return `${name} ${ALASKA_KIND[fips] ?? 'Borough'}`;
  return `${name} ${TERRITORY_KIND[stateCode] ?? 'County'}`;
}

function definitionIndex(geo: GeoIndex): DefinitionIndex {
  const cached = indexCache.get(geo);
  if (cached) return cached;
  const { states, counties } = geo.data;
  const zipCount = geo.zipUnitCount;
  const stateOf = geo.stateOfUnit.subarray(0, zipCount);
  const countyOf = geo.countyOfUnit.subarray(0, zipCount);
  const byState = csr(stateOf, states.length);
  const byCounty = csr(countyOf, counties.length);
  const prefixOfUnit = new Int32Array(zipCount).fill(-1);
  const prefixes: string[] = [];
  // ZIP areas are sorted by id, so prefixes come out in order; "C" + FIPS units sort last and have none
  for (let u = 0; u < zipCount; u++) {
    const id = geo.ids[u];
    if (id.startsWith('C')) continue;
    const p = id.slice(0, 3);
    if (prefixes[prefixes.length - 1] !== p) prefixes.push(p);
    prefixOfUnit[u] = prefixes.length - 1;
  }
  const byPrefix = csr(prefixOfUnit, prefixes.length);
  const countyShortLabel = counties.map((c) => countyName(c.fips, c.name, states[c.state].code));
  const index: DefinitionIndex = {
    stateStart: byState.start,
    stateUnits: byState.units,
    countyStart: byCounty.start,
    countyUnits: byCounty.units,
    prefixes,
    prefixStart: byPrefix.start,
    prefixUnits: byPrefix.units,
    prefixOfUnit,
    countyLabel: countyShortLabel.map((label, c) => `${label}, ${states[counties[c].state].code}`),
    countyShortLabel,
  };
  indexCache.set(geo, index);
  return index;
}

/** Runs of consecutive ranks (positions in the ordered list of all codes) as ZipRuns. */
function runsOf(ranks: number[], codeOf: (rank: number) => string): ZipRun[] {
  const sorted = [...ranks].sort((a, b) => a - b);
  const runs: ZipRun[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i + 1;
    while (j < sorted.length && sorted[j] === sorted[j - 1] + 1) j++;
    const codes = sorted.slice(i, j).map(codeOf);
    runs.push({ from: codes[0], to: codes[codes.length - 1], codes });
    i = j;
  }
  return runs;
}

/** Units of a CSR group. */
function group(start: Int32Array, units: Int32Array, g: number): Int32Array {
  return units.subarray(start[g], start[g + 1]);
}

/** Units of a state that a mask leaves out, as whole counties, whole prefixes (within the state) and ZIPs. */
function exceptionsOf(geo: GeoIndex, ix: DefinitionIndex, state: number, mask: Uint8Array): DefinitionExceptions {
  const missing = Array.from(group(ix.stateStart, ix.stateUnits, state)).filter((u) => !mask[u]);
  const covered = new Set<number>();
  const counties: DefinitionExceptions['counties'] = [];
  for (const c of new Set(missing.map((u) => geo.countyOfUnit[u]))) {
    const units = group(ix.countyStart, ix.countyUnits, c);
    if (units.every((u) => !mask[u])) {
      counties.push({ fips: geo.data.counties[c].fips, name: ix.countyShortLabel[c] });
      for (const u of units) covered.add(u);
    }
  }
  const prefixRanks: number[] = [];
  for (const p of new Set(missing.filter((u) => !covered.has(u)).map((u) => ix.prefixOfUnit[u]))) {
    if (p < 0) continue;
    const inState = Array.from(group(ix.prefixStart, ix.prefixUnits, p)).filter((u) => geo.stateOfUnit[u] === state);
    if (inState.length > 1 && inState.every((u) => !mask[u])) {
      prefixRanks.push(p);
      for (const u of inState) covered.add(u);
    }
  }
  const zipRanks = missing.filter((u) => !covered.has(u));
  return {
    counties,
    zip3Runs: runsOf(prefixRanks, (p) => ix.prefixes[p]),
    zipRuns: runsOf(zipRanks, (u) => geo.ids[u]),
    units: Int32Array.from(missing),
  };
}

/** Items a list of runs reads as: runs of minRangeLength or more are one "a-b" item, shorter runs one item per code. */
function runItems(runs: ZipRun[], minRangeLength: number): string[] {
  return runs.flatMap((r) => (r.codes.length >= minRangeLength ? [`${r.from}-${r.to}`] : r.codes));
}

/**
 * Breaks a territory's units into the largest whole groups: whole states, states "except" a few areas,
 * whole counties, whole 3-digit ZIP prefixes (all ZIP areas with the prefix, in any state), single ZIP
 * areas, and countries. Each unit is named by the first group that takes it.
 */
export function definitionParts(
  geo: GeoIndex,
  units: Int32Array | readonly number[],
  options: DefinitionOptions = {},
): DefinitionParts {
  const exceptShare = options.exceptShare ?? 0.9;
  const exceptLimit = options.exceptLimit ?? 10;
  const minRangeLength = options.minRangeLength ?? 3;
  const ix = definitionIndex(geo);
  const { states } = geo.data;
  const mask = new Uint8Array(geo.unitCount);
  let unitCount = 0;
  for (const u of units) {
    if (u >= 0 && u < geo.unitCount && !mask[u]) {
      mask[u] = 1;
      unitCount++;
    }
  }
  const claimed = new Uint8Array(geo.unitCount);
  const inMask = (list: Int32Array): Int32Array => list.filter((u) => mask[u] === 1);
  const claim = (list: Int32Array): void => {
    for (const u of list) claimed[u] = 1;
  };
  const parts: DefinitionParts = {
    unitCount,
    allStates: false,
    states: [],
    counties: [],
    zipGroups: [],
    countries: [],
  };

  for (let u = geo.zipUnitCount; u < geo.unitCount; u++) {
    if (mask[u]) parts.countries.push({ code: geo.ids[u], name: geo.names[u], unit: u });
  }
  parts.countries.sort((a, b) => geo.areaKm2[b.unit] - geo.areaKm2[a.unit] || a.name.localeCompare(b.name));

  for (let s = 0; s < states.length; s++) {
    const all = group(ix.stateStart, ix.stateUnits, s);
    const held = inMask(all);
    if (held.length === 0) continue;
    let except: DefinitionExceptions | null = null;
    if (held.length < all.length) {
      if (held.length < exceptShare * all.length) continue;
      except = exceptionsOf(geo, ix, s, mask);
      const items =
        except.counties.length +
        runItems(except.zip3Runs, minRangeLength).length +
        runItems(except.zipRuns, minRangeLength).length;
      if (items > exceptLimit) continue;
    }
    parts.states.push({ code: states[s].code, name: states[s].name, units: held, except });
    claim(held);
  }
  parts.allStates = parts.states.length === states.length && parts.states.every((s) => s.except === null);
  // bigger first: whole states before "except" ones, then by number of ZIP areas
  parts.states.sort((a, b) => Number(a.except !== null) - Number(b.except !== null) || b.units.length - a.units.length);

  // counties before prefixes is the natural reading, but a prefix range can say the same in fewer
  // words (870-875 instead of nine New Mexico counties), so both orders are tried
  const countiesFirst = collapseBelowStates(geo, ix, mask, claimed.slice(), false);
  const prefixesFirst = collapseBelowStates(geo, ix, mask, claimed.slice(), true);
  const best =
    itemCount(prefixesFirst, minRangeLength) < itemCount(countiesFirst, minRangeLength) ? prefixesFirst : countiesFirst;
  parts.counties = best.counties;
  parts.zipGroups = best.zipGroups;
  return parts;
}

type BelowStates = Pick<DefinitionParts, 'counties' | 'zipGroups'>;

/** How many list items the parts below state level read as. */
function itemCount(parts: BelowStates, minRangeLength: number): number {
  let n = parts.counties.length;
  for (const g of parts.zipGroups)
    n += runItems(g.zip3Runs, minRangeLength).length + runItems(g.zipRuns, minRangeLength).length;
  return n;
}

/** Whole counties, whole 3-digit prefixes and single ZIP areas of the units not claimed yet. */
function collapseBelowStates(
  geo: GeoIndex,
  ix: DefinitionIndex,
  mask: Uint8Array,
  claimed: Uint8Array,
  prefixesFirst: boolean,
): BelowStates {
  const { states, counties } = geo.data;
  const result: BelowStates = { counties: [], zipGroups: [] };
  const claim = (list: Int32Array): void => {
    for (const u of list) claimed[u] = 1;
  };
  const takeCounties = (): void => {
    for (let c = 0; c < counties.length; c++) {
      const all = group(ix.countyStart, ix.countyUnits, c);
      if (all.length === 0 || !all.every((u) => mask[u] === 1) || all.every((u) => claimed[u] === 1)) continue;
      result.counties.push({
        fips: counties[c].fips,
        name: ix.countyLabel[c],
        stateCode: states[counties[c].state].code,
        units: all,
      });
      claim(all);
    }
    result.counties.sort((a, b) => b.units.length - a.units.length || a.name.localeCompare(b.name));
  };
  const byState = new Map<number, { prefixes: number[]; zips: number[]; units: number[] }>();
  const stateGroup = (s: number): { prefixes: number[]; zips: number[]; units: number[] } => {
    let g = byState.get(s);
    if (!g) byState.set(s, (g = { prefixes: [], zips: [], units: [] }));
    return g;
  };
  const takePrefixes = (): void => {
    for (let p = 0; p < ix.prefixes.length; p++) {
      const all = group(ix.prefixStart, ix.prefixUnits, p);
      if (!all.every((u) => mask[u] === 1) || all.every((u) => claimed[u] === 1)) continue;
      // a prefix that crosses a state line goes with the state that holds most of it
      const count = new Map<number, number>();
      for (const u of all) count.set(geo.stateOfUnit[u], (count.get(geo.stateOfUnit[u]) ?? 0) + 1);
      const s = [...count].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
      const g = stateGroup(s);
      g.prefixes.push(p);
      for (const u of all) if (!claimed[u]) g.units.push(u);
      claim(all);
    }
  };
  if (prefixesFirst) {
    takePrefixes();
    takeCounties();
  } else {
    takeCounties();
    takePrefixes();
  }
  for (let u = 0; u < geo.zipUnitCount; u++) {
    if (!mask[u] || claimed[u]) continue;
    const g = stateGroup(geo.stateOfUnit[u]);
    g.zips.push(u);
    g.units.push(u);
  }
  for (const [s, g] of byState) {
    result.zipGroups.push({
      stateCode: states[s].code,
      stateName: states[s].name,
      zip3Runs: runsOf(g.prefixes, (p) => ix.prefixes[p]),
      zipRuns: runsOf(g.zips, (u) => geo.ids[u]),
      units: Int32Array.from(g.units).sort(),
    });
  }
  // in ZIP order (units are numbered in ZIP order)
  result.zipGroups.sort((a, b) => a.units[0] - b.units[0]);
  return result;
}

/** "A", "A and B", "A, B and C". */
function joinList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Items cut to `limit`, the rest summed up as one last item ("25 more counties"). */
function limited(items: string[], limit: number, one: string, many: string): string[] {
  const rest = items.length - limit;
  return rest <= 0 ? items : [...items.slice(0, limit), `${rest} more ${rest === 1 ? one : many}`];
}

/** "ZIP codes 870-875, 88001 and 88002", "ZIP code 92590"; only single ZIP codes are cut at `limit`. */
function zipPhrase(zip3Runs: ZipRun[], zipRuns: ZipRun[], limit: number, minRangeLength: number): string {
  const prefixItems = runItems(zip3Runs, minRangeLength);
  // each item with the number of ZIP codes it stands for, so a cut list can say how many it leaves out
  const zipItems = zipRuns.flatMap((r) =>
    r.codes.length >= minRangeLength
      ? [{ text: `${r.from}-${r.to}`, count: r.codes.length }]
      : r.codes.map((text) => ({ text, count: 1 })),
  );
  const single = prefixItems.length === 0 && zipItems.length === 1 && zipItems[0].count === 1;
  const label = single ? 'ZIP code' : 'ZIP codes';
  if (zipItems.length <= limit) return `${label} ${joinList([...prefixItems, ...zipItems.map((z) => z.text)])}`;
  const hidden = zipItems.slice(limit).reduce((n, z) => n + z.count, 0);
  const shown = [...prefixItems, ...zipItems.slice(0, limit).map((z) => z.text)];
  return `${label} ${shown.join(', ')} and ${hidden} more`;
}

/** Renders definition parts as one sentence; see territoryDefinition. */
export function renderDefinition(parts: DefinitionParts, options: DefinitionOptions = {}): string {
  if (parts.unitCount === 0) return 'No areas yet';
  const limit = options.listLimit ?? 10;
  const minRangeLength = options.minRangeLength ?? 3;
  const total = parts.states.length + parts.counties.length + parts.countries.length;
  const stateItems = parts.states.map((s) => {
    if (!s.except) return s.name;
    const e = s.except;
    const what = e.counties.map((c) => c.name);
    if (e.zip3Runs.length + e.zipRuns.length > 0) {
      what.push(zipPhrase(e.zip3Runs, e.zipRuns, Number.MAX_SAFE_INTEGER, minRangeLength));
    }
    // in a longer list the clause needs brackets to show which state it belongs to
    return total > 1 ? `${s.name} (except ${joinList(what)})` : `${s.name} except ${joinList(what)}`;
  });
  const majors = [
    ...(parts.allStates ? ['United States'] : limited(stateItems, limit, 'state', 'states')),
    ...limited(
      parts.counties.map((c) => c.name),
      limit,
      'county',
      'counties',
    ),
    ...limited(
      parts.countries.map((c) => c.name),
      limit,
      'country',
      'countries',
    ),
  ];
  // the state goes without saying when the counties already name it and every ZIP lies there
  const countyStates = new Set(parts.counties.map((c) => c.stateCode));
  const implied =
    parts.zipGroups.length === 1 && countyStates.size === 1 && countyStates.has(parts.zipGroups[0].stateCode);
  const minors = parts.zipGroups.map((g) => {
    const phrase = zipPhrase(g.zip3Runs, g.zipRuns, limit, minRangeLength);
    return implied ? phrase : `${phrase} in ${g.stateName}`;
  });
  const head = joinList(majors);
  if (minors.length === 0) return head;
  const tail = minors.join('; ');
  return head ? `${head}, plus ${tail}` : tail;
}

/**
 * A territory in plain words, e.g. "Texas and Oklahoma, plus ZIP codes 870-875 in New Mexico",
 * "California except ZIP codes 90001-90003" or "Canada and Mexico"; "No areas yet" when empty.
 */
export function territoryDefinition(
  geo: GeoIndex,
  units: Int32Array | readonly number[],
  options: DefinitionOptions = {},
): string {
  return renderDefinition(definitionParts(geo, units, options), options);
}

const FIELD_LABELS: Record<'segment' | 'tier' | 'industry' | 'accountType', string> = {
  segment: 'Segment',
  tier: 'Tier',
  industry: 'Industry',
  accountType: 'Account type',
};

const formatNumber = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 2 });

/** A team's account filter in plain words, e.g. "1,000+ employees; Segment: Enterprise or Strategic". */
export function teamFilterDescription(conditions: readonly TeamCondition[]): string {
  if (conditions.length === 0) return 'all accounts not taken by an earlier team';
  return conditions
    .map((c) => {
      switch (c.field) {
        case 'employees':
          return c.op === '>=' ? `${formatNumber(c.value)}+ employees` : `under ${formatNumber(c.value)} employees`;
        case 'value':
          return c.op === '>=' ? `value $${formatNumber(c.value)} or more` : `value under $${formatNumber(c.value)}`;
        default: {
          const values = c.values.length > 0 ? c.values : ['(none)'];
          return `${FIELD_LABELS[c.field]}: ${values.length > 1 ? `${values.slice(0, -1).join(', ')} or ${values[values.length - 1]}` : values[0]}`;
        }
      }
    })
    .join('; ');
}
