/**
 * Shape measures a sales leader can read, per territory and for a plan: Polsby-Popper, cut edges, reach
 * and one-unit-wide corridors. One pass over the unit graph each (typed arrays, O(units + edges)), so
 * they run at every stroke end on the full ZIP geography.
 */

/** Unit graph and geometry the shape measures need; lengths come from src/geo/unitBorderLengths.ts. */
export interface ShapeGeometry {
  unitCount: number;
  adjacencyOffsets: Int32Array;
  adjacency: Int32Array;
  /** True (spherical) area per unit in km². */
  areaKm2: Float64Array;
  /** Unit centroids in degrees. */
  lon: Float64Array;
  lat: Float64Array;
  /** km of border unit u shares with adjacency[p] (0 for virtual island edges). */
  sharedKm: Float64Array;
  /** km of each unit's outline shared with no unit (coast, national border); NaN = no outline (left out). */
  outerKm: Float64Array;
  /** 1 for units reached only by a virtual edge (islands): they never count towards a corridor. */
  island?: Uint8Array | null;
}

/** Shape of every territory 0..K-1 of a plan. NaN where a territory has no unit with an outline. */
export interface TerritoryShapes {
  /** 4 pi A / P² of the dissolved outline (holes and separate pieces add to P): 1 for a disc, about 0.785 for a square. */
  polsbyPopper: Float64Array;
  areaKm2: Float64Array;
  perimeterKm: Float64Array;
  /** Graph edges from the territory to a unit of another territory. */
  cutEdges: Int32Array;
  /** Farthest unit centroid from the territory's centre / radius of a circle of its area: about 1 for a disc. */
  reach: Float64Array;
  /** The unit that holds the territory's worst corridor together, -1 when it has none (see territoryShapes). */
  corridorUnit: Int32Array;
  /** Share of the territory's area beyond corridorUnit: what would split off without it (0 when none). */
  corridorShare: Float64Array;
}

/** A plan's shapes in a few figures. */
export interface PlanShapeSummary {
  /** Over territories with an outline; NaN when there are none. */
  medianPolsbyPopper: number;
  minPolsbyPopper: number;
  /** Edges of the unit graph whose two ends are in different territories, each counted once. */
  cutEdges: number;
  /** Territories with a one-unit-wide corridor. */
  corridorTerritories: number;
  maxReach: number;
}

/** Default share of a territory that must lie beyond a single unit for that unit to count as a corridor. */
export const CORRIDOR_SHARE = 0.1;

const EARTH_RADIUS_KM = 6371.0088;

/**
 * Shapes of every territory of `assignment` (unit -> territory, -1 = unassigned; units without an
 * outline are left out of area, perimeter and reach).
 *
 * Corridor: a territory has a one-unit-wide corridor when a single unit holds it together, that is,
 * without that one unit (an articulation point of the territory's own units) more than
 * `corridorShare` of the territory's area would be cut off from the rest, like a region reached only
 * through one ZIP. Island units count for nothing in that share: they hang on a virtual edge by nature.
 */
export function territoryShapes(
  geometry: ShapeGeometry,
  assignment: Int32Array,
  territoryCount: number,
  corridorShare = CORRIDOR_SHARE,
): TerritoryShapes {
  const { unitCount, adjacencyOffsets, adjacency, areaKm2, sharedKm, outerKm } = geometry;
  const area = new Float64Array(territoryCount);
  const perimeter = new Float64Array(territoryCount);
  const cutEdges = new Int32Array(territoryCount);
  // centre: area-weighted mean of unit vectors on the sphere, so Alaska and the antimeridian need no care
  const cx = new Float64Array(territoryCount);
  const cy = new Float64Array(territoryCount);
  const cz = new Float64Array(territoryCount);
  const rad = Math.PI / 180;
  for (let u = 0; u < unitCount; u++) {
    const k = assignment[u];
    if (k < 0 || k >= territoryCount) continue;
    const outlined = !Number.isNaN(outerKm[u]);
    let p = outlined ? outerKm[u] : 0;
    for (let e = adjacencyOffsets[u]; e < adjacencyOffsets[u + 1]; e++) {
      if (assignment[adjacency[e]] === k) continue;
      if (outlined) p += sharedKm[e];
      if (assignment[adjacency[e]] >= 0) cutEdges[k]++;
    }
    if (!outlined) continue;
    perimeter[k] += p;
    const a = areaKm2[u];
    area[k] += a;
    const cosLat = Math.cos(geometry.lat[u] * rad);
    cx[k] += a * cosLat * Math.cos(geometry.lon[u] * rad);
    cy[k] += a * cosLat * Math.sin(geometry.lon[u] * rad);
    cz[k] += a * Math.sin(geometry.lat[u] * rad);
  }
  const polsbyPopper = new Float64Array(territoryCount);
  for (let k = 0; k < territoryCount; k++) {
    polsbyPopper[k] = area[k] > 0 && perimeter[k] > 0 ? (4 * Math.PI * area[k]) / (perimeter[k] * perimeter[k]) : NaN;
    const norm = Math.hypot(cx[k], cy[k], cz[k]);
    if (norm > 0) {
      cx[k] /= norm;
      cy[k] /= norm;
      cz[k] /= norm;
    }
  }
  // farthest centroid: the largest angle to the centre is the smallest dot product
  const minDot = new Float64Array(territoryCount).fill(1);
  for (let u = 0; u < unitCount; u++) {
    const k = assignment[u];
    if (k < 0 || k >= territoryCount || Number.isNaN(outerKm[u])) continue;
    const cosLat = Math.cos(geometry.lat[u] * rad);
    const dot =
      cosLat * Math.cos(geometry.lon[u] * rad) * cx[k] +
      cosLat * Math.sin(geometry.lon[u] * rad) * cy[k] +
      Math.sin(geometry.lat[u] * rad) * cz[k];
    if (dot < minDot[k]) minDot[k] = dot;
  }
  const reach = new Float64Array(territoryCount);
  for (let k = 0; k < territoryCount; k++)
    reach[k] =
      area[k] > 0
        ? (Math.acos(Math.max(-1, Math.min(1, minDot[k]))) * EARTH_RADIUS_KM) / Math.sqrt(area[k] / Math.PI)
        : NaN;
  const corridors = territoryCorridors(geometry, assignment, territoryCount, corridorShare);
  for (let k = 0; k < territoryCount; k++) {
    if (area[k] > 0) continue;
    perimeter[k] = NaN;
    area[k] = NaN;
  }
  return {
    polsbyPopper,
    areaKm2: area,
    perimeterKm: perimeter,
    cutEdges,
    reach,
    corridorUnit: corridors.unit,
    corridorShare: corridors.share,
  };
}

/**
 * Per territory, the unit whose removal cuts off the largest share of the territory's (non-island)
 * area, when that share exceeds `threshold`; one iterative Tarjan pass (articulation points with
 * subtree areas) over each territory's own units.
 */
export function territoryCorridors(
  geometry: Pick<ShapeGeometry, 'unitCount' | 'adjacencyOffsets' | 'adjacency' | 'areaKm2' | 'outerKm' | 'island'>,
  assignment: Int32Array,
  territoryCount: number,
  threshold: number,
): { unit: Int32Array; share: Float64Array } {
  const { unitCount, adjacencyOffsets, adjacency } = geometry;
  const weight = new Float64Array(unitCount);
  const total = new Float64Array(territoryCount);
  for (let u = 0; u < unitCount; u++) {
    const k = assignment[u];
    if (k < 0 || k >= territoryCount || geometry.island?.[u] || Number.isNaN(geometry.outerKm[u])) continue;
    weight[u] = geometry.areaKm2[u];
    total[k] += weight[u];
  }
  const disc = new Int32Array(unitCount).fill(-1);
  const low = new Int32Array(unitCount);
  const parent = new Int32Array(unitCount);
  const next = new Int32Array(unitCount); // next adjacency position to look at
  const subtree = new Float64Array(unitCount); // weight of the DFS subtree
  const splitOff = new Float64Array(unitCount); // weight of the child subtrees the unit alone holds on
  const largestSplit = new Float64Array(unitCount);
  const stack = new Int32Array(unitCount);
  const order = new Int32Array(unitCount); // units of the current component in visit order
  const unit = new Int32Array(territoryCount).fill(-1);
  const share = new Float64Array(territoryCount);
  let time = 0;
  for (let root = 0; root < unitCount; root++) {
    const k = assignment[root];
    if (k < 0 || k >= territoryCount || disc[root] >= 0) continue;
    let top = 0;
    let visited = 0;
    stack[top++] = root;
    parent[root] = -1;
    disc[root] = low[root] = time++;
    next[root] = adjacencyOffsets[root];
    subtree[root] = weight[root];
    order[visited++] = root;
    while (top > 0) {
      const v = stack[top - 1];
      if (next[v] < adjacencyOffsets[v + 1]) {
        const w = adjacency[next[v]++];
        if (assignment[w] !== k) continue;
        if (disc[w] < 0) {
          parent[w] = v;
          disc[w] = low[w] = time++;
          next[w] = adjacencyOffsets[w];
          subtree[w] = weight[w];
          order[visited++] = w;
          stack[top++] = w;
        } else if (w !== parent[v] && disc[w] < low[v]) low[v] = disc[w];
        continue;
      }
      top--;
      const p = parent[v];
      if (p < 0) continue;
      if (low[v] < low[p]) low[p] = low[v];
      subtree[p] += subtree[v];
      if (low[v] >= disc[p]) {
        // v's subtree reaches nothing above p: without p it is cut off
        splitOff[p] += subtree[v];
        if (subtree[v] > largestSplit[p]) largestSplit[p] = subtree[v];
      }
    }
    const component = subtree[root];
    for (let i = 0; i < visited; i++) {
      const v = order[i];
      if (splitOff[v] <= 0) continue;
      // what stays is the largest piece: the part round the parent or the largest cut-off subtree
      const rest = v === root ? 0 : component - weight[v] - splitOff[v];
      const cut = component - weight[v] - Math.max(rest, largestSplit[v]);
      if (total[k] > 0 && cut / total[k] > share[k]) {
        share[k] = cut / total[k];
        unit[k] = v;
      }
    }
  }
  for (let k = 0; k < territoryCount; k++)
    if (share[k] <= threshold) {
      share[k] = 0;
      unit[k] = -1;
    }
  return { unit, share };
}

/** Median and minimum Polsby-Popper, total cut edges and corridors of a plan's territory shapes. */
export function planShapeSummary(shapes: TerritoryShapes): PlanShapeSummary {
  const scores = Array.from(shapes.polsbyPopper)
    .filter((v) => !Number.isNaN(v))
    .sort((a, b) => a - b);
  const mid = scores.length >> 1;
  let cut = 0;
  let corridors = 0;
  let maxReach = NaN;
  for (let k = 0; k < shapes.cutEdges.length; k++) {
    cut += shapes.cutEdges[k];
    if (shapes.corridorUnit[k] >= 0) corridors++;
    if (!Number.isNaN(shapes.reach[k]) && !(shapes.reach[k] <= maxReach)) maxReach = shapes.reach[k];
  }
  return {
    medianPolsbyPopper:
      scores.length === 0 ? NaN : scores.length % 2 ? scores[mid] : (scores[mid - 1] + scores[mid]) / 2,
    minPolsbyPopper: scores.length === 0 ? NaN : scores[0],
    cutEdges: cut / 2, // each cut edge is counted once from each side
    corridorTerritories: corridors,
    maxReach,
  };
}
