import type { Level, UnitResolution } from '../domain/geography.ts';
import type { GeoDataFile } from './geoData.ts';

const GRID_STEP = 0.5;
const GRID_COLS = 360 / GRID_STEP;
const GRID_ROWS = 180 / GRID_STEP;

/** Buckets the first `count` centroids into a global lon/lat grid (CSR). */
function buildCentroidGrid(lon: Float64Array, lat: Float64Array, count: number) {
  const cellOf = (u: number): number =>
    Math.min(GRID_ROWS - 1, Math.floor((lat[u] + 90) / GRID_STEP)) * GRID_COLS +
    Math.min(GRID_COLS - 1, Math.floor((lon[u] + 180) / GRID_STEP));
  const offsets = new Int32Array(GRID_COLS * GRID_ROWS + 1);
  for (let u = 0; u < count; u++) offsets[cellOf(u) + 1]++;
  for (let c = 0; c < GRID_COLS * GRID_ROWS; c++) offsets[c + 1] += offsets[c];
  const fill = offsets.slice(0, -1);
  const units = new Int32Array(count);
  for (let u = 0; u < count; u++) units[fill[cellOf(u)]++] = u;
  return { offsets, units };
}

/** One grouping of units at a level: group index per unit (-1 = not in this level) and group labels. */
export interface LevelGrouping {
  level: Level;
  groupOfUnit: Int32Array;
  groupIds: string[];
  groupNames: string[];
  /** CSR list of the units in each group. */
  unitOffsets: Int32Array;
  units: Int32Array;
}

/** Everything about a unit a tooltip or a report needs. */
export interface UnitInfo {
  index: number;
  id: string;
  kind: 'zip' | 'country';
  name: string;
  zip3: string;
  countyFips: string;
  countyName: string;
  stateCode: string;
  stateName: string;
  areaKm2: number;
  island: boolean;
}

/**
 * The geography as typed arrays indexed by unit: hierarchy, centroids, adjacency (CSR) and ZIP lookup.
 * Built once from the geography file; pure, so it runs in workers, Node and the CLI alike.
 */
export class GeoIndex {
  readonly unitCount: number;
  readonly zipUnitCount: number;
  readonly ids: string[];
  readonly names: string[];
  readonly lon: Float64Array;
  readonly lat: Float64Array;
  readonly areaKm2: Float64Array;
  readonly island: Uint8Array;
  readonly countyOfUnit: Int32Array;
  readonly stateOfUnit: Int32Array;
  readonly adjacencyOffsets: Int32Array;
  readonly adjacency: Int32Array;
  readonly virtualEdges: [number, number][];
  private readonly unitById: Map<string, number>;
  private readonly lookup: Map<string, { unit: number; note: string }>;
  private readonly groupings = new Map<Level, LevelGrouping>();
  private zipGrid: { offsets: Int32Array; units: Int32Array } | null = null;
  private zipsWithoutArea: { zips: string[]; units: Int32Array } | null = null;

  constructor(readonly data: GeoDataFile) {
    const u = data.units;
    this.unitCount = u.id.length;
    this.zipUnitCount = u.zipUnitCount;
    this.ids = u.id;
    this.names = u.name;
    this.lon = Float64Array.from(u.lon);
    this.lat = Float64Array.from(u.lat);
    this.areaKm2 = Float64Array.from(u.areaKm2);
    this.island = Uint8Array.from(u.island);
    this.countyOfUnit = Int32Array.from(u.county);
    this.stateOfUnit = Int32Array.from(u.county, (c) => (c >= 0 ? data.counties[c].state : -1));
    this.adjacencyOffsets = Int32Array.from(data.adjacency.offsets);
    this.adjacency = Int32Array.from(data.adjacency.neighbours);
    this.virtualEdges = data.adjacency.virtualEdges;
    this.unitById = new Map(u.id.map((id, i) => [id, i]));
    this.lookup = new Map(
      data.zipLookup.zip.map((z, i) => [z, { unit: data.zipLookup.unit[i], note: data.zipLookup.note[i] }]),
    );
  }

  /** Unit index for a stable id ("02134", "GB"), or -1. */
  unitOf(id: string): number {
    return this.unitById.get(id) ?? -1;
  }

  isZipUnit(unit: number): boolean {
    return unit >= 0 && unit < this.zipUnitCount;
  }

  /** Neighbours of a unit (a view into the CSR array, do not modify). */
  neighboursOf(unit: number): Int32Array {
    return this.adjacency.subarray(this.adjacencyOffsets[unit], this.adjacencyOffsets[unit + 1]);
  }

  /** Resolves a normalised 5-digit US ZIP to the ZIP area that contains it. */
  resolveZip(zip5: string): UnitResolution {
    const direct = this.unitById.get(zip5);
    if (direct !== undefined && direct < this.zipUnitCount) return { unit: direct, how: 'zip-area' };
    const hit = this.lookup.get(zip5);
    if (!hit) return { unit: -1, how: 'unknown-zip' };
    if (hit.unit >= 0) return { unit: hit.unit, how: 'usps-zip' };
    return { unit: -1, how: hit.note === 'military' ? 'military-zip' : 'no-location' };
  }

  /**
   * USPS ZIP codes that have no area of their own (PO-box, single-organisation ZIPs) but resolve to a unit, with
   * that unit: exactly what resolveZip answers for them, so exports can list every ZIP the plan routes.
   */
  routedZipsWithoutArea(): { zips: string[]; units: Int32Array } {
    if (this.zipsWithoutArea) return this.zipsWithoutArea;
    const zips: string[] = [];
    const units: number[] = [];
    for (const [zip, hit] of this.lookup) {
      if (hit.unit < 0) continue;
      const direct = this.unitById.get(zip);
      if (direct !== undefined && direct < this.zipUnitCount) continue;
      zips.push(zip);
      units.push(hit.unit);
    }
    return (this.zipsWithoutArea = { zips, units: Int32Array.from(units) });
  }

  /** Resolves an ISO 3166 alpha-2 or alpha-3 country code to its country unit. */
  resolveCountry(code: string): UnitResolution {
    const upper = code.toUpperCase();
    const c = this.data.countries.find((x) => x.code === upper || x.alpha3 === upper);
    const unit = c ? this.unitOf(c.code) : -1;
    return unit >= 0 ? { unit, how: 'country' } : { unit: -1, how: 'unknown-country' };
  }

  /**
   * The ZIP area whose centre is nearest to a point (an approximation of the area containing it),
   * or -1 when none lies within maxKm. Uses a 0.5-degree grid built on first use.
   */
  nearestZipUnit(lon: number, lat: number, maxKm = 80): number {
    const grid = this.zipGrid ?? (this.zipGrid = buildCentroidGrid(this.lon, this.lat, this.zipUnitCount));
    const k = Math.cos((lat * Math.PI) / 180);
    const cx = Math.floor((lon + 180) / GRID_STEP);
    const cy = Math.floor((lat + 90) / GRID_STEP);
    const maxDeg = maxKm / 111;
    let best = -1;
    let bestD = maxDeg * maxDeg;
    const maxRing = Math.ceil(maxDeg / (GRID_STEP * Math.max(k, 0.05))) + 1;
    for (let ring = 0; ring <= maxRing; ring++) {
      // cells of this ring are at least (ring - 1) steps away in latitude/longitude
      const ringDistance = Math.max(0, ring - 1) * GRID_STEP * Math.min(k, 1);
      if (best >= 0 && ringDistance * ringDistance > bestD) break;
      for (let gy = cy - ring; gy <= cy + ring; gy++) {
        if (gy < 0 || gy >= GRID_ROWS) continue;
        for (let gx = cx - ring; gx <= cx + ring; gx++) {
          if (Math.max(Math.abs(gx - cx), Math.abs(gy - cy)) !== ring) continue;
          const cell = gy * GRID_COLS + (((gx % GRID_COLS) + GRID_COLS) % GRID_COLS);
          for (let p = grid.offsets[cell]; p < grid.offsets[cell + 1]; p++) {
            const u = grid.units[p];
            const dx = (this.lon[u] - lon) * k;
            const dy = this.lat[u] - lat;
            const d = dx * dx + dy * dy;
            if (d < bestD) {
              bestD = d;
              best = u;
            }
          }
        }
      }
    }
    return best;
  }

  /** Everything a tooltip shows about one unit. */
  info(unit: number): UnitInfo {
    const id = this.ids[unit];
    const county = this.countyOfUnit[unit];
    const state = this.stateOfUnit[unit];
    const isZip = this.isZipUnit(unit);
    return {
      index: unit,
      id,
      kind: isZip ? 'zip' : 'country',
      name: this.names[unit],
      zip3: isZip && !id.startsWith('C') ? id.slice(0, 3) : '',
      countyFips: county >= 0 ? this.data.counties[county].fips : '',
      countyName: county >= 0 ? this.data.counties[county].name : '',
      stateCode: state >= 0 ? this.data.states[state].code : '',
      stateName: state >= 0 ? this.data.states[state].name : '',
      areaKm2: this.areaKm2[unit],
      island: this.island[unit] === 1,
    };
  }

  /** Groups units by a level; cached. zip5 groups are the ZIP areas themselves, country the country units. */
  grouping(level: Level): LevelGrouping {
    const cached = this.groupings.get(level);
    if (cached) return cached;
    const groupOfUnit = new Int32Array(this.unitCount).fill(-1);
    const groupIds: string[] = [];
    const groupNames: string[] = [];
    const keyIndex = new Map<string, number>();
    const add = (unit: number, key: string, name: string): void => {
      let g = keyIndex.get(key);
      if (g === undefined) {
        g = groupIds.length;
        keyIndex.set(key, g);
        groupIds.push(key);
        groupNames.push(name);
      }
      groupOfUnit[unit] = g;
    };
    const { counties, states } = this.data;
    for (let i = 0; i < this.unitCount; i++) {
      const zip = this.isZipUnit(i);
      const c = this.countyOfUnit[i];
      switch (level) {
        case 'state':
          if (zip) add(i, states[this.stateOfUnit[i]].code, states[this.stateOfUnit[i]].name);
          break;
        case 'county':
          if (zip) add(i, counties[c].fips, `${counties[c].name}, ${states[counties[c].state].code}`);
          break;
        case 'zip3':
          if (zip) add(i, this.ids[i].startsWith('C') ? this.ids[i] : this.ids[i].slice(0, 3), this.ids[i].slice(0, 3));
          break;
        case 'zip5':
          if (zip) add(i, this.ids[i], this.names[i]);
          break;
        case 'country':
          if (!zip) add(i, this.ids[i], this.names[i]);
          break;
      }
    }
    const counts = new Int32Array(groupIds.length + 1);
    for (const g of groupOfUnit) if (g >= 0) counts[g + 1]++;
    for (let g = 0; g < groupIds.length; g++) counts[g + 1] += counts[g];
    const units = new Int32Array(counts[groupIds.length]);
    const fill = counts.slice(0, groupIds.length);
    groupOfUnit.forEach((g, i) => {
      if (g >= 0) units[fill[g]++] = i;
    });
    const grouping = { level, groupOfUnit, groupIds, groupNames, unitOffsets: counts, units };
    this.groupings.set(level, grouping);
    return grouping;
  }

  /** Units of the group that contains a unit at a level (e.g. every ZIP area of its county). */
  unitsInSameGroup(level: Level, unit: number): Int32Array {
    const g = this.grouping(level);
    const group = g.groupOfUnit[unit];
    if (group < 0) return new Int32Array(0);
    return g.units.subarray(g.unitOffsets[group], g.unitOffsets[group + 1]);
  }
}
