import type { Topology } from 'topojson-specification';
import type { UnitBorders } from './borders.ts';

/** The CSR unit graph the lengths are aligned with (a subset of GeoIndex). */
export interface BorderGraph {
  unitCount: number;
  adjacencyOffsets: Int32Array;
  adjacency: Int32Array;
}

/**
 * How long each unit's outline is and how much of it each neighbour shares, in km on the sphere: what
 * the perimeter of a dissolved territory outline is made of, without dissolving it.
 */
export interface UnitBorderLengths {
  /** km of border unit u shares with adjacency[p], for p in u's CSR range (0 for virtual island edges). */
  sharedKm: Float64Array;
  /**
   * km of unit u's outline shared with no other unit (coast, national border); NaN for a unit without
   * an outline in the ZIP topology (countries), which the shape measures leave out. May be slightly
   * negative (see unitBorderLengths): use it in sums over territories.
   */
  outerKm: Float64Array;
}

const KM_PER_DEGREE = (6371.0088 * Math.PI) / 180;

/** Length in km of a short lon/lat segment (equirectangular at its mean latitude: exact enough below ~50 km). */
function segmentKm(lon0: number, lat0: number, lon1: number, lat1: number): number {
  const k = Math.cos(((lat0 + lat1) / 2) * (Math.PI / 180));
  return Math.hypot((lon1 - lon0) * k, lat1 - lat0) * KM_PER_DEGREE;
}

/** Length in km of every arc of a quantized TopoJSON topology. */
function arcLengthsKm(topology: Topology): Float64Array {
  const [kx, ky] = topology.transform?.scale ?? [1, 1];
  const [tx, ty] = topology.transform?.translate ?? [0, 0];
  const quantized = topology.transform !== undefined;
  const out = new Float64Array(topology.arcs.length);
  topology.arcs.forEach((arc, i) => {
    let x = 0;
    let y = 0;
    let prevLon = NaN;
    let prevLat = NaN;
    let length = 0;
    for (const [px, py] of arc) {
      x = quantized ? x + px : px;
      y = quantized ? y + py : py;
      const lon = x * kx + tx;
      const lat = y * ky + ty;
      if (!Number.isNaN(prevLon)) length += segmentKm(prevLon, prevLat, lon, lat);
      prevLon = lon;
      prevLat = lat;
    }
    out[i] = length;
  });
  return out;
}

/** Which units use each arc of the topology: up to two, -1 where none (geometry id = unit index). */
function arcUsers(topology: Topology, unitCount: number): { first: Int32Array; second: Int32Array } {
  const first = new Int32Array(topology.arcs.length).fill(-1);
  const second = new Int32Array(topology.arcs.length).fill(-1);
  for (const object of Object.values(topology.objects)) {
    if (object.type !== 'GeometryCollection') continue;
    for (const g of object.geometries) {
      const unit = typeof g.id === 'number' ? g.id : Number(g.id);
      if (!Number.isInteger(unit) || unit < 0 || unit >= unitCount) continue;
      const polygons = g.type === 'Polygon' ? [g.arcs] : g.type === 'MultiPolygon' ? g.arcs : [];
      for (const polygon of polygons)
        for (const ring of polygon)
          for (const a of ring) {
            const arc = a < 0 ? ~a : a;
            if (first[arc] < 0) first[arc] = unit;
            else if (first[arc] !== unit && second[arc] < 0) second[arc] = unit;
          }
    }
  }
  return { first, second };
}

/** Position of neighbour v in u's sorted CSR range, or -1. */
function edgeIndex(graph: BorderGraph, u: number, v: number): number {
  let lo = graph.adjacencyOffsets[u];
  let hi = graph.adjacencyOffsets[u + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const w = graph.adjacency[mid];
    if (w === v) return mid;
    if (w < v) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Shared and outer border lengths per unit. Inside a county two ZIP areas share the topology's arcs
 * exactly; across county borders they share some arcs and not others (T-junctions), so there the
 * lines of borders.json alone give the shared length. Outer = the unit's arcs not shared in its county
 * minus its cross-county borders. Not floored at 0: the borders are sampled every ~500 m, so one side
 * of a county line may come out a little short and its neighbour as much long, and only unfloored
 * values cancel when both are in one territory (a few units with degenerate built areas go to -6 km).
 */
export function unitBorderLengths(
  graph: BorderGraph,
  zipTopology: Topology,
  borders: UnitBorders,
  countyOfUnit: Int32Array,
): UnitBorderLengths {
  const sharedKm = new Float64Array(graph.adjacency.length);
  const outerKm = new Float64Array(graph.unitCount).fill(NaN);
  const arcKm = arcLengthsKm(zipTopology);
  const { first, second } = arcUsers(zipTopology, graph.unitCount);
  for (let arc = 0; arc < arcKm.length; arc++) {
    const a = first[arc];
    if (a < 0) continue;
    if (Number.isNaN(outerKm[a])) outerKm[a] = 0;
    const b = second[arc];
    // across a county border only borders.json counts, whether or not the two sides share this arc
    const ab = b < 0 || countyOfUnit[a] !== countyOfUnit[b] ? -1 : edgeIndex(graph, a, b);
    if (ab < 0) {
      outerKm[a] += arcKm[arc]; // coast, national or county border (the last is taken off below)
      if (b >= 0) outerKm[b] = (Number.isNaN(outerKm[b]) ? 0 : outerKm[b]) + arcKm[arc];
      continue;
    }
    if (Number.isNaN(outerKm[b])) outerKm[b] = 0;
    sharedKm[ab] += arcKm[arc];
    sharedKm[edgeIndex(graph, b, a)] += arcKm[arc];
  }
  for (let i = 0; i < borders.a.length; i++) {
    const a = borders.a[i];
    const b = borders.b[i];
    if (countyOfUnit[a] === countyOfUnit[b]) continue; // inside a county the arcs already count
    const ab = edgeIndex(graph, a, b);
    const ba = edgeIndex(graph, b, a);
    if (ab < 0 || ba < 0) continue; // a border without an edge cannot join territories; it stays outer
    let length = 0;
    for (let p = borders.offsets[i] + 2; p < borders.offsets[i + 1]; p += 2)
      length += segmentKm(borders.coords[p - 2], borders.coords[p - 1], borders.coords[p], borders.coords[p + 1]);
    sharedKm[ab] += length;
    sharedKm[ba] += length;
    outerKm[a] -= length;
    outerKm[b] -= length;
  }
  return { sharedKm, outerKm };
}
