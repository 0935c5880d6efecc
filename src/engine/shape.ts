/** The unit graph and geometry the shape measures need (a subset of GeoIndex). */
export interface UnitGraph {
  unitCount: number;
  adjacencyOffsets: Int32Array;
  adjacency: Int32Array;
}

/**
 * Number of separate pieces of every territory: connected components over the unit adjacency
 * restricted to the territory's units (virtual island edges count, so Hawaii is one piece).
 * Returns pieces per territory 0..K-1.
 */
export function territoryPieces(graph: UnitGraph, assignment: Int32Array, territoryCount: number): Int32Array {
  const pieces = new Int32Array(territoryCount);
  const seen = new Uint8Array(graph.unitCount);
  const stack = new Int32Array(graph.unitCount);
  for (let start = 0; start < graph.unitCount; start++) {
    const k = assignment[start];
    if (k < 0 || seen[start]) continue;
    pieces[k]++;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const u = stack[--top];
      for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
        const v = graph.adjacency[p];
        if (!seen[v] && assignment[v] === k) {
          seen[v] = 1;
          stack[top++] = v;
        }
      }
    }
  }
  return pieces;
}

/**
 * Compactness per territory in 0..1 from the moment of inertia of its units' areas about their
 * centre: a disc scores 1 (I = A^2 / 2 pi); long or scattered territories score lower. Units are
 * treated as points at their centroids, projected to km. Empty territories score NaN.
 */
export function territoryCompactness(
  lon: Float64Array,
  lat: Float64Array,
  areaKm2: Float64Array,
  assignment: Int32Array,
  territoryCount: number,
  unitCount: number,
): Float64Array {
  const s = new Float64Array(territoryCount);
  const sx = new Float64Array(territoryCount);
  const sy = new Float64Array(territoryCount);
  const sxx = new Float64Array(territoryCount);
  const ownInertia = new Float64Array(territoryCount);
  for (let u = 0; u < unitCount; u++) {
    const k = assignment[u];
    if (k < 0) continue;
    const w = areaKm2[u];
    const x = lon[u] * 111.32 * Math.cos((lat[u] * Math.PI) / 180);
    const y = lat[u] * 110.57;
    s[k] += w;
    sx[k] += w * x;
    sy[k] += w * y;
    sxx[k] += w * (x * x + y * y);
    ownInertia[k] += (w * w) / (2 * Math.PI); // each unit as a small disc of its own area
  }
  const out = new Float64Array(territoryCount);
  for (let k = 0; k < territoryCount; k++) {
    if (s[k] <= 0) {
      out[k] = NaN;
      continue;
    }
    const inertia = sxx[k] - (sx[k] * sx[k] + sy[k] * sy[k]) / s[k] + ownInertia[k];
    out[k] = Math.min(1, (s[k] * s[k]) / (2 * Math.PI) / inertia);
  }
  return out;
}
