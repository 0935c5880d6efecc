import type { BalanceInput } from './balance.ts';
import type { UnitGraph } from './shape.ts';

/**
 * A balancing problem on groups of units (counties, states) instead of units: the fields of a
 * `BalanceInput` that describe the map, ready to spread into one (`{ ...settings, ...collapsed }`).
 */
export type CollapsedUnits = Pick<
  BalanceInput,
  'graph' | 'x' | 'y' | 'area' | 'columns' | 'eligible' | 'locked' | 'island' | 'initial'
>;

/**
 * Collapses units into groups (`groupOfUnit[u]` = group id 0..G-1, or -1 for units that take no
 * part): each group becomes one node whose columns and area are its members' sums, whose centre is
 * their area-weighted centroid (the plain mean when they have no area), adjacent to every group one of
 * its members shares a unit edge with. A group is locked if any member is locked (it cannot move
 * without moving that unit), eligible if any member is, an island if all its members are, and starts
 * in the territory most of its members are in (ties: the lower id; -1 when none is assigned).
 */
export function collapseUnits(
  graph: UnitGraph,
  groupOfUnit: Int32Array,
  columns: Float64Array[],
  x: Float64Array,
  y: Float64Array,
  area: Float64Array,
  locked: Uint8Array,
  eligible: Uint8Array,
  island: Uint8Array | null,
  initial: Int32Array | null,
): CollapsedUnits {
  const n = graph.unitCount;
  let groups = 0;
  for (let u = 0; u < n; u++) groups = Math.max(groups, groupOfUnit[u] + 1);
  const groupColumns = columns.map(() => new Float64Array(groups));
  const groupArea = new Float64Array(groups);
  const sx = new Float64Array(groups);
  const sy = new Float64Array(groups);
  const px = new Float64Array(groups);
  const py = new Float64Array(groups);
  const members = new Int32Array(groups);
  const groupLocked = new Uint8Array(groups);
  const groupEligible = new Uint8Array(groups);
  const mainland = new Uint8Array(groups);
  for (let u = 0; u < n; u++) {
    const g = groupOfUnit[u];
    if (g < 0) continue;
    members[g]++;
    columns.forEach((col, c) => (groupColumns[c][g] += col[u]));
    groupArea[g] += area[u];
    sx[g] += area[u] * x[u];
    sy[g] += area[u] * y[u];
    px[g] += x[u];
    py[g] += y[u];
    if (locked[u]) groupLocked[g] = 1;
    if (eligible[u]) groupEligible[g] = 1;
    if (!island?.[u]) mainland[g] = 1;
  }
  const gx = Float64Array.from({ length: groups }, (_, g) =>
    groupArea[g] > 0 ? sx[g] / groupArea[g] : px[g] / Math.max(1, members[g]),
  );
  const gy = Float64Array.from({ length: groups }, (_, g) =>
    groupArea[g] > 0 ? sy[g] / groupArea[g] : py[g] / Math.max(1, members[g]),
  );

  // group adjacency from unit edges that cross between groups, each neighbour once, in id order
  const neighbours: Set<number>[] = Array.from({ length: groups }, () => new Set<number>());
  for (let u = 0; u < n; u++) {
    const g = groupOfUnit[u];
    if (g < 0) continue;
    for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
      const h = groupOfUnit[graph.adjacency[p]];
      if (h >= 0 && h !== g) {
        neighbours[g].add(h);
        neighbours[h].add(g);
      }
    }
  }
  const offsets = new Int32Array(groups + 1);
  const adjacency: number[] = [];
  for (let g = 0; g < groups; g++) {
    adjacency.push(...Array.from(neighbours[g]).sort((a, b) => a - b));
    offsets[g + 1] = adjacency.length;
  }

  let groupInitial: Int32Array | null = null;
  if (initial) {
    // majority territory of each group's members (counted per unit)
    const votes = Array.from({ length: groups }, () => new Map<number, number>());
    for (let u = 0; u < n; u++) {
      const g = groupOfUnit[u];
      if (g >= 0 && initial[u] >= 0) votes[g].set(initial[u], (votes[g].get(initial[u]) ?? 0) + 1);
    }
    groupInitial = Int32Array.from(votes, (v) => {
      let best = -1;
      let most = 0;
      for (const [t, count] of v) if (count > most || (count === most && t < best)) [best, most] = [t, count];
      return best;
    });
  }
  return {
    graph: { unitCount: groups, adjacencyOffsets: offsets, adjacency: Int32Array.from(adjacency) },
    x: gx,
    y: gy,
    area: groupArea,
    columns: groupColumns,
    eligible: groupEligible,
    locked: groupLocked,
    island: island ? Uint8Array.from(mainland, (m) => (m ? 0 : 1)) : null,
    initial: groupInitial,
  };
}

/**
 * Spreads a plan on groups back to units: every unit takes its group's territory, except locked units
 * and units outside any group (group -1), which keep their own (`unitInitial`, or -1 without one).
 */
export function expandAssignment(
  groupAssignment: Int32Array,
  groupOfUnit: Int32Array,
  unitInitial: Int32Array | null,
  lockedUnits: Uint8Array,
): Int32Array {
  const out = new Int32Array(groupOfUnit.length);
  for (let u = 0; u < out.length; u++) {
    const g = groupOfUnit[u];
    const own = unitInitial ? unitInitial[u] : -1;
    out[u] = g < 0 || lockedUnits[u] ? own : groupAssignment[g];
  }
  return out;
}

/**
 * Groups with every locked unit (that belongs to a group) taken out into a group of its own, numbered
 * after the others: a locked unit then counts in its own territory's load, not in the territory its
 * county or state goes to, and does not freeze the rest of its group.
 */
export function lockedUnitsApart(groupOfUnit: Int32Array, locked: Uint8Array): Int32Array {
  let next = 0;
  for (let u = 0; u < groupOfUnit.length; u++) next = Math.max(next, groupOfUnit[u] + 1);
  return Int32Array.from(groupOfUnit, (g, u) => (g >= 0 && locked[u] ? next++ : g));
}

/** Border lengths aligned with a unit graph (BalanceInput['borders']). */
export interface GraphBorders {
  sharedKm: Float64Array;
  outerKm: Float64Array;
}

/**
 * Border lengths of groups from those of their units, aligned with the collapsed graph: two groups share
 * the sum of their members' shared borders, and a group's outline of its own is its members' outer
 * borders plus their borders with units in no group (which no territory of the collapsed problem can
 * take over). A group none of whose members has an outline has none (NaN).
 */
export function collapseBorders(
  graph: UnitGraph,
  borders: GraphBorders,
  groupOfUnit: Int32Array,
  groupGraph: UnitGraph,
): GraphBorders {
  const groups = groupGraph.unitCount;
  const sharedKm = new Float64Array(groupGraph.adjacency.length);
  const outerKm = new Float64Array(groups).fill(NaN);
  for (let u = 0; u < graph.unitCount; u++) {
    const g = groupOfUnit[u];
    if (g < 0 || Number.isNaN(borders.outerKm[u])) continue;
    outerKm[g] = (Number.isNaN(outerKm[g]) ? 0 : outerKm[g]) + borders.outerKm[u];
    for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
      const h = groupOfUnit[graph.adjacency[p]];
      if (h === g) continue;
      if (h < 0) {
        outerKm[g] += borders.sharedKm[p];
        continue;
      }
      const q = positionOf(groupGraph, g, h);
      if (q >= 0) sharedKm[q] += borders.sharedKm[p];
      else outerKm[g] += borders.sharedKm[p]; // no edge between the groups: a border nobody crosses
    }
  }
  return { sharedKm, outerKm };
}

/** Position of neighbour h in g's sorted CSR range, or -1. */
function positionOf(graph: UnitGraph, g: number, h: number): number {
  let lo = graph.adjacencyOffsets[g];
  let hi = graph.adjacencyOffsets[g + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = graph.adjacency[mid];
    if (w === h) return mid;
    if (w < h) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
