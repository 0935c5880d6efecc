import type { UnitGraph } from './shape.ts';

/**
 * Seeds for n new territories carved where overloaded territories meet: each seed is a unit (with
 * accounts, not an island, not a dead end) at a junction of territories, chosen to maximise the load of
 * the territories around it (the ones it touches count fully, their neighbours a little). Once a seed
 * is placed, the territories around it count much less, so the next seed lands elsewhere and every
 * old territory ends up near a new one. A new territory carved there takes a slice from each of
 * several neighbours instead of pulling load through chains of territories. `load` is per existing
 * territory in any unit (heavier territories attract seeds). Returns the assignment with the seeds
 * placed (new territories are K..K+n-1).
 */
export function seedNewTerritories(
  graph: UnitGraph,
  x: Float64Array,
  y: Float64Array,
  assignment: Int32Array,
  load: Float64Array,
  territoryCount: number,
  newTerritories: number,
  locked: Uint8Array,
  island: Uint8Array | null = null,
  unitWeight: Float64Array | null = null,
): Int32Array {
  const { adjacencyOffsets: offsets, adjacency } = graph;
  const k = territoryCount;
  const out = Int32Array.from(assignment);
  // territory adjacency, and which territories can give anything at all (not entirely locked)
  const neighbours: Set<number>[] = Array.from({ length: k }, () => new Set<number>());
  const open = new Uint8Array(k);
  for (let u = 0; u < graph.unitCount; u++) {
    const a = out[u];
    if (a < 0 || a >= k) continue;
    if (!locked[u]) open[a] = 1;
    for (let p = offsets[u]; p < offsets[u + 1]; p++) {
      const b = out[adjacency[p]];
      if (b >= 0 && b < k && b !== a) neighbours[a].add(b);
    }
  }
  let total = 0;
  for (let t = 0; t < k; t++) total += Math.max(0, load[t]);
  const pull = Float64Array.from({ length: k }, (_, t) => (open[t] ? Math.max(0, load[t]) / (total / k || 1) : 0));
  const seen = new Int32Array(k);
  let stamp = 0;
  const touched: number[] = [];
  /** The existing territories of u and its neighbours (into `touched`). */
  const territoriesAround = (u: number): void => {
    stamp++;
    touched.length = 0;
    const add = (t: number): void => {
      if (t < 0 || t >= k || seen[t] === stamp) return;
      seen[t] = stamp;
      touched.push(t);
    };
    add(out[u]);
    for (let p = offsets[u]; p < offsets[u + 1]; p++) add(out[adjacency[p]]);
  };
  const seeds: number[] = [];
  for (let i = 0; i < newTerritories; i++) {
    let seed = -1;
    let bestScore = -1;
    let bestSpread = -1;
    for (let u = 0; u < graph.unitCount; u++) {
      // islands and dead ends make poor seeds: the new territory must be able to grow
      const own = out[u];
      if (own < 0 || own >= k || locked[u] || island?.[u]) continue;
      if (offsets[u + 1] - offsets[u] < 3) continue;
      // start where there are accounts, or the new territory must first cross empty land
      if (unitWeight && !(unitWeight[u] > 0)) continue;
      territoriesAround(u);
      let score = 0;
      for (const t of touched) score += pull[t];
      const direct = touched.length;
      for (let j = 0; j < direct; j++)
        for (const b of neighbours[touched[j]])
          if (seen[b] !== stamp) {
            seen[b] = stamp;
            score += 0.25 * pull[b];
          }
      // among equal scores, the unit farthest from the seeds placed so far
      let spread = Infinity;
      for (const s of seeds) spread = Math.min(spread, (x[u] - x[s]) ** 2 + (y[u] - y[s]) ** 2);
      if (score > bestScore + 1e-9 || (score > bestScore - 1e-9 && spread > bestSpread)) {
        bestScore = score;
        bestSpread = spread;
        seed = u;
      }
    }
    if (seed < 0) break;
    out[seed] = k + i;
    seeds.push(seed);
    // the territories around this seed will give to it: the next seed should find other givers
    territoriesAround(seed);
    const direct = touched.slice();
    for (const t of direct) pull[t] *= 0.2;
    for (const t of direct) for (const b of neighbours[t]) if (!direct.includes(b)) pull[b] *= 0.6;
  }
  return out;
}
