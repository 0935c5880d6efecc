import type { UnitGraph } from './shape.ts';

/**
 * Seeds for n new territories carved from the most loaded ones: each new territory starts at the
 * unit with accounts of the currently heaviest territory (load / (its share + 1)) that lies farthest
 * from that territory's centre, so it grows at the edge and the rest of the territory keeps its owner.
 * Returns the assignment with the seeds placed (new territories are K..K+n-1).
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
  const out = Int32Array.from(assignment);
  const shares = new Float64Array(territoryCount).fill(1);
  for (let i = 0; i < newTerritories; i++) {
    let heaviest = 0;
    for (let t = 1; t < territoryCount; t++) if (load[t] / (shares[t] + 1) > load[heaviest] / (shares[heaviest] + 1)) heaviest = t; // prettier-ignore
    shares[heaviest]++;
    let sx = 0, sy = 0, n = 0; // prettier-ignore
    for (let u = 0; u < graph.unitCount; u++)
      if (out[u] === heaviest) {
        sx += x[u];
        sy += y[u];
        n++;
      }
    let seed = -1;
    let far = -1;
    for (let u = 0; u < graph.unitCount; u++) {
      // islands and dead ends make poor seeds: the new territory must be able to grow
      if (out[u] !== heaviest || locked[u] || island?.[u]) continue;
      if (graph.adjacencyOffsets[u + 1] - graph.adjacencyOffsets[u] < 3) continue;
      // start where there are accounts, or the new territory must first cross empty land
      if (unitWeight && !(unitWeight[u] > 0)) continue;
      const d = (x[u] - sx / n) ** 2 + (y[u] - sy / n) ** 2;
      if (d > far) {
        far = d;
        seed = u;
      }
    }
    if (seed >= 0) out[seed] = territoryCount + i;
  }
  return out;
}
