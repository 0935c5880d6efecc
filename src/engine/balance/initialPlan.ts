import type { BalanceInput } from './types.ts';
import { UnitHeap } from './heap.ts';

/**
 * Recursive inertial bisection: split the units along their principal axis at the weighted
 * quantile that gives each side its share of territories (less the base load those territories
 * already carry), until every part is one territory.
 */
export function inertialBisection(
  input: Pick<BalanceInput, 'x' | 'y'>,
  units: Int32Array,
  first: number,
  count: number,
  weight: Float64Array,
  baseWeight: Float64Array,
  out: Int32Array,
): void {
  if (count === 1 || units.length === 0) {
    for (const u of units) out[u] = first;
    return;
  }
  let sw = 0,
    sx = 0,
    sy = 0;
  for (const u of units) {
    sw += weight[u];
    sx += weight[u] * input.x[u];
    sy += weight[u] * input.y[u];
  }
  const cx = sx / sw;
  const cy = sy / sw;
  let sxx = 0,
    syy = 0,
    sxy = 0;
  for (const u of units) {
    const dx = input.x[u] - cx;
    const dy = input.y[u] - cy;
    sxx += weight[u] * dx * dx;
    syy += weight[u] * dy * dy;
    sxy += weight[u] * dx * dy;
  }
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  const ax = Math.cos(angle);
  const ay = Math.sin(angle);
  const order = Array.from(units).sort(
    (a, b) => input.x[a] * ax + input.y[a] * ay - (input.x[b] * ax + input.y[b] * ay),
  );
  const left = Math.floor(count / 2);
  let baseAll = 0;
  let baseLeft = 0;
  for (let t = first; t < first + count; t++) {
    baseAll += baseWeight[t];
    if (t < first + left) baseLeft += baseWeight[t];
  }
  // territories that already carry protected accounts need fewer units to reach the mean
  const target = Math.min(sw, Math.max(0, ((sw + baseAll) * left) / count - baseLeft));
  let acc = 0;
  let cut = 0;
  while (cut < order.length && acc + weight[order[cut]] / 2 < target) acc += weight[order[cut++]];
  inertialBisection(input, Int32Array.from(order.slice(0, cut)), first, left, weight, baseWeight, out);
  inertialBisection(input, Int32Array.from(order.slice(cut)), first + left, count - left, weight, baseWeight, out);
}

/**
 * Region growing from seed units: the territory with the smallest load takes its best frontier unit
 * next, so territories grow around their reps' home ZIPs and stay connected.
 */
export function growFromSeeds(
  input: BalanceInput,
  weight: Float64Array,
  baseWeight: Float64Array,
  out: Int32Array,
): void {
  const { graph, seeds } = input;
  const k = input.territoryCount;
  const load = Float64Array.from(baseWeight);
  const frontiers: number[][] = Array.from({ length: k }, () => []);
  for (let t = 0; t < k; t++) {
    const s = (seeds as Int32Array)[t];
    if (s >= 0 && out[s] === -1 && input.eligible[s]) {
      out[s] = t;
      load[t] += weight[s];
      frontiers[t].push(s);
    }
  }
  for (;;) {
    let best = -1;
    for (let t = 0; t < k; t++) if (frontiers[t].length > 0 && (best < 0 || load[t] < load[best])) best = t;
    if (best < 0) break;
    const frontier = frontiers[best];
    let grown = false;
    while (frontier.length > 0 && !grown) {
      const u = frontier[frontier.length - 1];
      for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
        const v = graph.adjacency[p];
        if (out[v] !== -1 || !input.eligible[v]) continue;
        out[v] = best;
        load[best] += weight[v];
        frontier.unshift(v);
        grown = true;
        break;
      }
      if (!grown) frontier.pop();
    }
  }
}

/**
 * Region growing from seed units by distance: every unit joins the territory whose seed is nearest
 * among those that reach it through their own units (a Voronoi diagram that stays connected), which
 * is where compactness around the seeds is lowest before balance is brought in.
 */
export function growNearestSeeds(input: BalanceInput, out: Int32Array): void {
  const { graph, seeds, x, y } = input;
  const k = input.territoryCount;
  const n = graph.unitCount;
  const heap = new UnitHeap();
  const seedOf = seeds as Int32Array;
  const distance = (u: number, t: number): number => (x[u] - x[seedOf[t]]) ** 2 + (y[u] - y[seedOf[t]]) ** 2;
  for (let t = 0; t < k; t++) {
    const s = seedOf[t];
    if (s >= 0 && out[s] === -1 && input.eligible[s]) heap.push(s + t * n, 0);
  }
  while (heap.size > 0) {
    const item = heap.pop();
    const u = item % n;
    const t = (item - u) / n;
    if (out[u] !== -1) continue;
    out[u] = t;
    for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
      const v = graph.adjacency[p];
      if (out[v] === -1 && input.eligible[v]) heap.push(v + t * n, distance(v, t));
    }
  }
}

/**
 * Coordinates for cutting: mainland units keep theirs; island units take those of the mainland unit
 * their (virtual) edges lead to first, found by a breadth-first search from the mainland.
 */
export function anchoredCoordinates(input: BalanceInput): { x: Float64Array; y: Float64Array } {
  const { graph, island } = input;
  const x = Float64Array.from(input.x);
  const y = Float64Array.from(input.y);
  if (!island) return { x, y };
  const n = graph.unitCount;
  const seen = new Uint8Array(n);
  const queue = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let u = 0; u < n; u++)
    if (!island[u]) {
      seen[u] = 1;
      queue[tail++] = u;
    }
  while (head < tail) {
    const u = queue[head++];
    for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
      const v = graph.adjacency[p];
      if (seen[v]) continue;
      seen[v] = 1;
      x[v] = x[u] + (input.x[v] - input.x[u]) * 1e-3;
      y[v] = y[u] + (input.y[v] - input.y[u]) * 1e-3;
      queue[tail++] = v;
    }
  }
  return { x, y };
}

/**
 * The plan the search starts from: a copy of `initial` for a rebalance, else territories grown around
 * the seeds (units no seed reaches are bisected) or recursive inertial bisection; locked units stay
 * unassigned when creating from nothing. Islands are cut with the mainland they join (`placement`).
 */
export function initialPlan(
  input: BalanceInput,
  eligibleUnits: Int32Array,
  weight: Float64Array,
  baseWeight: Float64Array,
  placement: { x: Float64Array; y: Float64Array },
): Int32Array {
  const n = input.graph.unitCount;
  const k = input.territoryCount;
  const bisectInput = { ...input, x: placement.x, y: placement.y };
  const assignment = input.initial ? Int32Array.from(input.initial) : new Int32Array(n).fill(-1);
  if (!input.initial) {
    for (let u = 0; u < n; u++) if (input.locked[u]) assignment[u] = -1;
    if (input.seeds) {
      if (input.compactness === 'seedDistance') growNearestSeeds(input, assignment);
      else growFromSeeds(input, weight, baseWeight, assignment);
      // units the growth could not reach (no seed nearby) fall back to bisection
      const rest = eligibleUnits.filter((u) => assignment[u] < 0);
      if (rest.length) inertialBisection(bisectInput, rest, 0, k, weight, baseWeight, assignment);
    } else inertialBisection(bisectInput, Int32Array.from(eligibleUnits), 0, k, weight, baseWeight, assignment);
  }
  return assignment;
}
