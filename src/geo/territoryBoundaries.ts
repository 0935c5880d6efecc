/**
 * One file (over 600 lines) because the dissolve, its ring walking and its repair share one edge model.
 *
 * Territory outlines as RFC 7946 GeoJSON: every territory's units dissolved into one (Multi)Polygon.
 *
 * Why not topojson-client's merge: zip-areas.topo.json is not a clean arc partition. ZIP areas are
 * Voronoi cells clipped per county, so the two sides of a county border carry different vertices
 * (T-junctions) and never share arcs, and ~180 unit rings are stored clockwise. merge() then keeps
 * every county border as a sliver and stitches open rings (14 in Texas, 21 in Alaska). Instead the
 * dissolve works on the quantized integer arcs: rings are oriented, arcs used in both directions
 * cancel, the rest are noded (each vertex within one grid step of another segment splits it, which
 * closes the T-junctions), opposite segments cancel, and the leftover edges are chained into rings,
 * turning as far left as possible and cutting a walk wherever it meets itself, so pinches and holes
 * that touch their exterior come out as separate simple rings. Points in the middle of straight edges
 * are dropped, and hairline holes where the built geography has gaps between counties are filled.
 * A result that still fails the segment sweep (the source has a few duplicated slivers) is rebuilt
 * with polygon-clipping.
 *
 * Countries (countries.topo.json, Natural Earth via world-atlas) are unioned with polygon-clipping in
 * floating point: their rings cross the antimeridian (Russia, Fiji) or wind round the South Pole
 * (Antarctica), so they are unwrapped and cut at +/-180 first.
 *
 * Antimeridian: the ZIP topology stores the Aleutians west of 180 degrees as separate rings with
 * positive longitudes, so no ring crosses it and none is cut. Country rings are cut at +/-180 (RFC 7946
 * 3.1.9). The one ring that spans more than 180 degrees of longitude is Antarctica's, which encloses the
 * pole and runs from -180 to 180 along the -90 parallel (in steps of 90 degrees), as in the source.
 */
import polygonClipping from 'polygon-clipping';
import type {
  MultiPolygon as ClipMultiPolygon,
  Pair,
  Polygon as ClipPolygon,
  Ring as ClipRing,
} from 'polygon-clipping';
import { feature as topoFeature } from 'topojson-client';
import type {
  GeometryObject,
  MultiPolygon as TopoMultiPolygon,
  Polygon as TopoPolygon,
  Topology,
} from 'topojson-specification';
import type { Feature, FeatureCollection, GeoJsonProperties, MultiPolygon, Polygon, Position } from 'geojson';

type TopoGeometry = GeometryObject<GeoJsonProperties>;

/** Extra feature properties carried over from the caller. */
export type TerritoryPropertyValue = string | number | boolean | null;

/** One territory to outline; its index in the list is the value the assignment uses. */
export interface TerritoryOutlineInput {
  id: string;
  name: string;
  /** Copied onto the feature (colour, rep name, ...); id, name, territory and unitCount win on clashes. */
  properties?: Record<string, TerritoryPropertyValue>;
}

/** Properties of each output feature. */
export type TerritoryOutlineProperties = Record<string, TerritoryPropertyValue> & {
  id: string;
  name: string;
  /** Index of the territory in the input list. */
  territory: number;
  /** Units of the territory that have a shape. */
  unitCount: number;
};

export interface TerritoryBoundaryOptions {
  /**
   * countries.topo.json; without it country units are skipped (they have no shape in the ZIP topology).
   * Its geometries are keyed to units by properties.u (-1 = not a unit).
   */
  countries?: Topology;
  /** Decimals kept in output coordinates; 6 (about 0.1 m) by default. */
  precision?: number;
}

// ---------------------------------------------------------------------------------------------------
// Exact geometry helpers on integer (or grid-scaled) coordinates

const EXACT = 2 ** 53;

/** Sign of the cross product (b - a) x (c - a); exact for integer coordinates (BigInt past 2^53). */
function orient(ax: number, ay: number, bx: number, by: number, cx: number, cy: number): number {
  const p = (bx - ax) * (cy - ay);
  const q = (by - ay) * (cx - ax);
  if (Math.abs(p) < EXACT && Math.abs(q) < EXACT) return p > q ? 1 : p < q ? -1 : 0;
  const bp = (BigInt(bx) - BigInt(ax)) * (BigInt(cy) - BigInt(ay));
  const bq = (BigInt(by) - BigInt(ay)) * (BigInt(cx) - BigInt(ax));
  return bp > bq ? 1 : bp < bq ? -1 : 0;
}

/** Twice the signed area of a closed ring stored as interleaved x, y (last point = first). */
function ringArea2(xy: ArrayLike<number>, start: number, end: number): number {
  let s = 0;
  const x0 = xy[start];
  const y0 = xy[start + 1];
  // relative to the first point so the products stay small and exact
  for (let i = start + 2; i + 2 < end; i += 2) {
    s += (xy[i] - x0) * (xy[i + 3] - y0) - (xy[i + 2] - x0) * (xy[i + 1] - y0);
  }
  return s;
}

/** 1 inside, 0 outside, -1 on the boundary of a closed ring (interleaved x, y). */
function pointInRing(px: number, py: number, xy: ArrayLike<number>): number {
  let inside = false;
  for (let i = 0; i + 3 < xy.length; i += 2) {
    const ax = xy[i];
    const ay = xy[i + 1];
    const bx = xy[i + 2];
    const by = xy[i + 3];
    if (
      orient(ax, ay, bx, by, px, py) === 0 &&
      px >= Math.min(ax, bx) &&
      px <= Math.max(ax, bx) &&
      py >= Math.min(ay, by) &&
      py <= Math.max(ay, by)
    ) {
      return -1;
    }
    if (ay > py !== by > py) {
      const o = orient(ax, ay, bx, by, px, py);
      if (by > ay ? o > 0 : o < 0) inside = !inside;
    }
  }
  return inside ? 1 : 0;
}

/** A kind of intersection between two segments that are not consecutive in one ring. */
type SegmentContact = 'cross' | 'overlap' | 'touch';

/** Segments for findSegmentIntersections: parallel arrays, plus the ring each belongs to. */
interface SegmentSet {
  x0: Float64Array;
  y0: Float64Array;
  x1: Float64Array;
  y1: Float64Array;
  ring: Int32Array;
  /** Position of the segment in its ring and the ring's segment count, to skip neighbours. */
  index: Int32Array;
  ringSize: Int32Array;
}

function onSegment(ax: number, ay: number, bx: number, by: number, px: number, py: number): boolean {
  return px >= Math.min(ax, bx) && px <= Math.max(ax, bx) && py >= Math.min(ay, by) && py <= Math.max(ay, by);
}

function contact(s: SegmentSet, a: number, b: number): SegmentContact | null {
  const ax = s.x0[a];
  const ay = s.y0[a];
  const bx = s.x1[a];
  const by = s.y1[a];
  const cx = s.x0[b];
  const cy = s.y0[b];
  const dx = s.x1[b];
  const dy = s.y1[b];
  const o1 = orient(ax, ay, bx, by, cx, cy);
  const o2 = orient(ax, ay, bx, by, dx, dy);
  const o3 = orient(cx, cy, dx, dy, ax, ay);
  const o4 = orient(cx, cy, dx, dy, bx, by);
  const sameRing = s.ring[a] === s.ring[b];
  const n = s.ringSize[a];
  const ia = s.index[a];
  const ib = s.index[b];
  const consecutive = sameRing && (Math.abs(ia - ib) === 1 || Math.abs(ia - ib) === n - 1);
  if (o1 === 0 && o2 === 0) {
    // collinear: overlapping with positive length is always wrong (a spike or a doubled edge)
    const useX = ax !== bx;
    const lo1 = useX ? Math.min(ax, bx) : Math.min(ay, by);
    const hi1 = useX ? Math.max(ax, bx) : Math.max(ay, by);
    const lo2 = useX ? Math.min(cx, dx) : Math.min(cy, dy);
    const hi2 = useX ? Math.max(cx, dx) : Math.max(cy, dy);
    const overlap = Math.min(hi1, hi2) - Math.max(lo1, lo2);
    if (overlap > 0) return 'overlap';
    if (overlap === 0 && !consecutive) return 'touch';
    return null;
  }
  if (consecutive) return null;
  if (o1 * o2 < 0 && o3 * o4 < 0) return 'cross';
  if (
    (o1 === 0 && onSegment(ax, ay, bx, by, cx, cy)) ||
    (o2 === 0 && onSegment(ax, ay, bx, by, dx, dy)) ||
    (o3 === 0 && onSegment(cx, cy, dx, dy, ax, ay)) ||
    (o4 === 0 && onSegment(cx, cy, dx, dy, bx, by))
  ) {
    return 'touch';
  }
  return null;
}

/**
 * Pairs of segments that cross, overlap or touch, found by a sweep over x. Consecutive segments of a
 * ring only count when they fold back on each other. Stops after `limit` pairs.
 */
function findSegmentIntersections(s: SegmentSet, limit: number): { a: number; b: number; kind: SegmentContact }[] {
  const n = s.x0.length;
  const order = new Int32Array(n);
  const minX = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    minX[i] = Math.min(s.x0[i], s.x1[i]);
  }
  order.sort((a, b) => minX[a] - minX[b]);
  const active = new Int32Array(n);
  let activeCount = 0;
  const found: { a: number; b: number; kind: SegmentContact }[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const x = minX[i];
    const iMinY = Math.min(s.y0[i], s.y1[i]);
    const iMaxY = Math.max(s.y0[i], s.y1[i]);
    let kept = 0;
    for (let q = 0; q < activeCount; q++) {
      const j = active[q];
      if (Math.max(s.x0[j], s.x1[j]) < x) continue;
      active[kept++] = j;
      if (Math.max(s.y0[j], s.y1[j]) < iMinY || Math.min(s.y0[j], s.y1[j]) > iMaxY) continue;
      const kind = contact(s, j, i);
      if (kind) {
        found.push({ a: j, b: i, kind });
        if (found.length >= limit) return found;
      }
    }
    activeCount = kept;
    active[activeCount++] = i;
  }
  return found;
}

/** Rings as interleaved x, y arrays (closed) to a SegmentSet. */
function segmentSetOf(rings: ArrayLike<number>[]): SegmentSet {
  let total = 0;
  for (const r of rings) total += Math.max(0, r.length / 2 - 1);
  const set: SegmentSet = {
    x0: new Float64Array(total),
    y0: new Float64Array(total),
    x1: new Float64Array(total),
    y1: new Float64Array(total),
    ring: new Int32Array(total),
    index: new Int32Array(total),
    ringSize: new Int32Array(total),
  };
  let p = 0;
  rings.forEach((r, ri) => {
    const size = r.length / 2 - 1;
    for (let i = 0; i < size; i++, p++) {
      set.x0[p] = r[2 * i];
      set.y0[p] = r[2 * i + 1];
      set.x1[p] = r[2 * i + 2];
      set.y1[p] = r[2 * i + 3];
      set.ring[p] = ri;
      set.index[p] = i;
      set.ringSize[p] = size;
    }
  });
  return set;
}

// ---------------------------------------------------------------------------------------------------
// Validation (used by tests and exports)

/** One thing wrong with a (Multi)Polygon feature, as found by validateGeoJsonPolygons. */
export interface GeoJsonProblem {
  feature: number;
  polygon: number;
  ring: number;
  kind:
    | 'unclosed'
    | 'too-few-positions'
    | 'duplicate-position'
    | 'winding'
    | 'out-of-range'
    | 'antimeridian-jump'
    | 'hole-outside'
    | 'self-intersection'
    | 'rings-cross';
  message: string;
}

/**
 * Checks RFC 7946 polygon rules on every Polygon/MultiPolygon feature: closed rings of >= 4 positions,
 * no repeated consecutive positions, exterior rings counter-clockwise and holes clockwise, lon/lat in
 * range, no edge jumping > 180 degrees of longitude, holes inside their exterior, and no crossings or
 * overlaps between any two edges of a feature (a ring touching itself counts; rings touching each
 * other at a point do not). Coordinates are compared on a 10^-precision grid.
 */
export function validateGeoJsonPolygons(fc: FeatureCollection, precision = 6): GeoJsonProblem[] {
  const problems: GeoJsonProblem[] = [];
  const scale = 10 ** precision;
  fc.features.forEach((f, fi) => {
    const g = f.geometry;
    if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    const rings: Float64Array[] = [];
    const ringOwner: [number, number][] = [];
    const add = (polygon: number, ring: number, kind: GeoJsonProblem['kind'], message: string): void => {
      problems.push({ feature: fi, polygon, ring, kind, message });
    };
    polygons.forEach((poly, pi) => {
      let exterior: Float64Array | null = null;
      poly.forEach((ring, ri) => {
        const first = ring[0];
        const last = ring[ring.length - 1];
        if (ring.length < 4) add(pi, ri, 'too-few-positions', `ring has ${ring.length} positions`);
        if (!first || !last || first[0] !== last[0] || first[1] !== last[1]) {
          add(pi, ri, 'unclosed', 'first and last positions differ');
          return;
        }
        const xy = new Float64Array(ring.length * 2);
        for (let i = 0; i < ring.length; i++) {
          const [lon, lat] = ring[i];
          if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
            add(pi, ri, 'out-of-range', `position ${i} is [${lon}, ${lat}]`);
          }
          if (i > 0 && lon === ring[i - 1][0] && lat === ring[i - 1][1]) {
            add(pi, ri, 'duplicate-position', `position ${i} repeats the one before`);
          }
          if (i > 0 && Math.abs(lon - ring[i - 1][0]) > 180) {
            add(pi, ri, 'antimeridian-jump', `edge ${i - 1}-${i} spans more than 180 degrees of longitude`);
          }
          xy[2 * i] = Math.round(lon * scale);
          xy[2 * i + 1] = Math.round(lat * scale);
        }
        const area = ringArea2(xy, 0, xy.length);
        if (ri === 0 ? area <= 0 : area >= 0) {
          add(pi, ri, 'winding', ri === 0 ? 'exterior ring is not counter-clockwise' : 'hole is not clockwise');
        }
        if (ri === 0) exterior = xy;
        else if (exterior) {
          let inside = -1;
          for (let i = 0; i + 1 < xy.length && inside === -1; i += 2) inside = pointInRing(xy[i], xy[i + 1], exterior);
          if (inside === 0) add(pi, ri, 'hole-outside', 'hole lies outside its exterior ring');
        }
        rings.push(xy);
        ringOwner.push([pi, ri]);
      });
    });
    const set = segmentSetOf(rings);
    for (const { a, b, kind } of findSegmentIntersections(set, 20)) {
      const ra = set.ring[a];
      const rb = set.ring[b];
      if (kind === 'touch' && ra !== rb) continue;
      const [pa, ia] = ringOwner[ra];
      const [pb, ib] = ringOwner[rb];
      const where = `edge ${set.index[a]} of polygon ${pa} ring ${ia} and edge ${set.index[b]} of polygon ${pb} ring ${ib}`;
      add(pa, ia, ra === rb ? 'self-intersection' : 'rings-cross', `${kind}: ${where}`);
    }
  });
  return problems;
}

// ---------------------------------------------------------------------------------------------------
// Quantized topology

const GRID = 1e6;

interface PreparedTopology {
  /** Arc k's points are xy[2 * arcStart[k] .. 2 * arcStart[k + 1]), integer grid coordinates. */
  arcStart: Int32Array;
  xy: Int32Array;
  kx: number;
  ky: number;
  tx: number;
  ty: number;
  /** Per unit, the polygons (rings of arc indexes) of its geometries. */
  polygonsOfUnit: Map<number, number[][][]>;
  /** Scratch: net use of each arc while dissolving one territory. */
  net: Int32Array;
}

const preparedCache = new WeakMap<Topology, PreparedTopology>();

/** Unit index of a geometry: properties.u when numeric (countries.topo.json), else its numeric id. */
function unitOfGeometry(g: TopoGeometry): number {
  const u = (g.properties as { u?: unknown } | undefined)?.u;
  if (typeof u === 'number') return u;
  const id = typeof g.id === 'string' ? Number(g.id) : g.id;
  return typeof id === 'number' && Number.isInteger(id) ? id : -1;
}

function collectPolygons(g: TopoGeometry, out: Map<number, number[][][]>, unit: number): void {
  if (g.type === 'GeometryCollection') {
    for (const child of g.geometries) {
      const own = unitOfGeometry(child);
      collectPolygons(child, out, own >= 0 ? own : unit);
    }
    return;
  }
  if (unit < 0 || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return;
  const list = out.get(unit) ?? [];
  if (g.type === 'Polygon') list.push(g.arcs);
  else list.push(...g.arcs);
  out.set(unit, list);
}

function prepare(topology: Topology): PreparedTopology {
  const cached = preparedCache.get(topology);
  if (cached) return cached;
  const arcs = topology.arcs;
  const arcStart = new Int32Array(arcs.length + 1);
  for (let k = 0; k < arcs.length; k++) arcStart[k + 1] = arcStart[k] + arcs[k].length;
  const xy = new Int32Array(arcStart[arcs.length] * 2);
  let kx: number;
  let ky: number;
  let tx: number;
  let ty: number;
  if (topology.transform) {
    [kx, ky] = topology.transform.scale;
    [tx, ty] = topology.transform.translate;
    for (let k = 0; k < arcs.length; k++) {
      let x = 0;
      let y = 0;
      let p = arcStart[k] * 2;
      for (const pos of arcs[k]) {
        xy[p++] = x += pos[0];
        xy[p++] = y += pos[1];
      }
    }
  } else {
    // snap an unquantized topology to a grid so the dissolve can compare coordinates exactly
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (const arc of arcs) {
      for (const [x, y] of arc) {
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
    kx = x1 > x0 ? (x1 - x0) / (GRID - 1) : 1;
    ky = y1 > y0 ? (y1 - y0) / (GRID - 1) : 1;
    tx = x0;
    ty = y0;
    for (let k = 0; k < arcs.length; k++) {
      let p = arcStart[k] * 2;
      for (const [x, y] of arcs[k]) {
        xy[p++] = Math.round((x - tx) / kx);
        xy[p++] = Math.round((y - ty) / ky);
      }
    }
  }
  const polygonsOfUnit = new Map<number, number[][][]>();
  for (const obj of Object.values(topology.objects)) collectPolygons(obj, polygonsOfUnit, unitOfGeometry(obj));
  const prepared = { arcStart, xy, kx, ky, tx, ty, polygonsOfUnit, net: new Int32Array(arcs.length) };
  preparedCache.set(topology, prepared);
  return prepared;
}

/** Twice the signed area of a ring given as arc indexes (consecutive arcs share their end points). */
function arcRingArea2(t: PreparedTopology, ring: number[]): number {
  let s = 0;
  let x0 = 0;
  let y0 = 0;
  let px = 0;
  let py = 0;
  let started = false;
  for (const a of ring) {
    const k = a < 0 ? ~a : a;
    const from = t.arcStart[k];
    const to = t.arcStart[k + 1];
    for (let q = started ? 1 : 0; q < to - from; q++) {
      const i = a < 0 ? to - 1 - q : from + q;
      const x = t.xy[2 * i];
      const y = t.xy[2 * i + 1];
      if (started) s += (px - x0) * (y - y0) - (x - x0) * (py - y0);
      else {
        x0 = x;
        y0 = y;
        started = true;
      }
      px = x;
      py = y;
    }
  }
  return s;
}

/** Growable Int32 list for segment building. */
class IntList {
  data = new Int32Array(64);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
}

/** A dissolved polygon in grid coordinates: closed rings as interleaved x, y; ring 0 is the exterior. */
type GridPolygon = Float64Array[];

const VERTEX_KEY = 2 ** 26;
/** A vertex within this many grid steps of a segment splits it (T-junctions are off by at most ~0.7). */
const NODE_TOLERANCE = 1;
const CELL = 128;

/** Splits every segment at the vertices that lie on it (within NODE_TOLERANCE); returns the new segments. */
function nodeSegments(seg: Int32Array): Int32Array {
  const n = seg.length / 4;
  // bucket segment start points (every vertex of a closed walk starts some segment) by grid cell
  const cellKeys = new Float64Array(n);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    order[i] = i;
    cellKeys[i] = Math.floor(seg[4 * i] / CELL) * VERTEX_KEY + Math.floor(seg[4 * i + 1] / CELL);
  }
  order.sort((a, b) => cellKeys[a] - cellKeys[b]);
  const cells = new Map<number, [number, number]>();
  for (let k = 0; k < n;) {
    let e = k + 1;
    while (e < n && cellKeys[order[e]] === cellKeys[order[k]]) e++;
    cells.set(cellKeys[order[k]], [k, e]);
    k = e;
  }
  const out = new IntList();
  const cand: number[] = [];
  for (let i = 0; i < n; i++) {
    const ax = seg[4 * i];
    const ay = seg[4 * i + 1];
    const bx = seg[4 * i + 2];
    const by = seg[4 * i + 3];
    const dx = bx - ax;
    const dy = by - ay;
    const len2 = dx * dx + dy * dy;
    cand.length = 0;
    const cx0 = Math.floor((Math.min(ax, bx) - NODE_TOLERANCE) / CELL);
    const cx1 = Math.floor((Math.max(ax, bx) + NODE_TOLERANCE) / CELL);
    const cy0 = Math.floor((Math.min(ay, by) - NODE_TOLERANCE) / CELL);
    const cy1 = Math.floor((Math.max(ay, by) + NODE_TOLERANCE) / CELL);
    for (let cx = cx0; cx <= cx1; cx++) {
      for (let cy = cy0; cy <= cy1; cy++) {
        const range = cells.get(cx * VERTEX_KEY + cy);
        if (!range) continue;
        for (let k = range[0]; k < range[1]; k++) {
          const v = order[k];
          const px = seg[4 * v];
          const py = seg[4 * v + 1];
          if ((px === ax && py === ay) || (px === bx && py === by)) continue;
          const dot = (px - ax) * dx + (py - ay) * dy;
          if (dot <= 0 || dot >= len2) continue;
          const cross = (px - ax) * dy - (py - ay) * dx;
          if (cross * cross > NODE_TOLERANCE * NODE_TOLERANCE * len2) continue;
          cand.push(dot, px, py);
        }
      }
    }
    let px = ax;
    let py = ay;
    if (cand.length > 0) {
      const idx = Array.from({ length: cand.length / 3 }, (_, q) => q).sort((p, q) => cand[3 * p] - cand[3 * q]);
      for (const q of idx) {
        const x = cand[3 * q + 1];
        const y = cand[3 * q + 2];
        if (x === px && y === py) continue;
        out.push(px);
        out.push(py);
        out.push(x);
        out.push(y);
        px = x;
        py = y;
      }
    }
    out.push(px);
    out.push(py);
    out.push(bx);
    out.push(by);
  }
  return out.view().slice();
}

/** Cancels opposite segments and chains the rest into closed rings, turning as far left as possible. */
function chainRings(seg: Int32Array): Float64Array[] {
  const n = seg.length / 4;
  const vertexOf = new Map<number, number>();
  const vx: number[] = [];
  const vy: number[] = [];
  const vid = (x: number, y: number): number => {
    const key = x * VERTEX_KEY + y;
    let v = vertexOf.get(key);
    if (v === undefined) {
      v = vx.length;
      vertexOf.set(key, v);
      vx.push(x);
      vy.push(y);
    }
    return v;
  };
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    from[i] = vid(seg[4 * i], seg[4 * i + 1]);
    to[i] = vid(seg[4 * i + 2], seg[4 * i + 3]);
  }
  const vCount = vx.length;
  // net use of each undirected edge: +1 per lo->hi, -1 per hi->lo; keeps every vertex balanced
  const net = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    if (from[i] === to[i]) continue;
    const lo = Math.min(from[i], to[i]);
    const hi = Math.max(from[i], to[i]);
    const key = lo * vCount + hi;
    net.set(key, (net.get(key) ?? 0) + (from[i] < to[i] ? 1 : -1));
  }
  const eFrom = new IntList();
  const eTo = new IntList();
  for (const [key, count] of net) {
    const lo = Math.floor(key / vCount);
    const hi = key - lo * vCount;
    for (let c = 0; c < Math.abs(count); c++) {
      eFrom.push(count > 0 ? lo : hi);
      eTo.push(count > 0 ? hi : lo);
    }
  }
  const m = eFrom.length;
  const ef = eFrom.view();
  const et = eTo.view();
  const outStart = new Int32Array(vCount + 1);
  for (let e = 0; e < m; e++) outStart[ef[e] + 1]++;
  for (let v = 0; v < vCount; v++) outStart[v + 1] += outStart[v];
  const fill = outStart.slice(0, vCount);
  const outEdges = new Int32Array(m);
  for (let e = 0; e < m; e++) outEdges[fill[ef[e]]++] = e;
  const used = new Uint8Array(m);
  const rings: Float64Array[] = [];
  const walk: number[] = [];
  // where each vertex sits on the current walk (-1 = not on it), to cut the walk where it meets itself
  const onWalk = new Int32Array(vCount).fill(-1);
  const emit = (from: number): void => {
    // walk[from..] returns to walk[from]: a closed ring of its own
    const n = walk.length - from;
    const r: number[] = [];
    for (let i = 0; i < n; i++) {
      const a = walk[from + ((i + n - 1) % n)];
      const b = walk[from + i];
      const c = walk[from + ((i + 1) % n)];
      // points in the middle of a straight edge (where two units met) carry no shape
      const straight =
        orient(vx[a], vy[a], vx[b], vy[b], vx[c], vy[c]) === 0 &&
        (vx[b] - vx[a]) * (vx[c] - vx[b]) + (vy[b] - vy[a]) * (vy[c] - vy[b]) > 0;
      if (!straight) r.push(vx[b], vy[b]);
    }
    if (r.length >= 6) {
      r.push(r[0], r[1]);
      rings.push(Float64Array.from(r));
    }
    for (let i = from; i < walk.length; i++) onWalk[walk[i]] = -1;
    walk.length = from;
  };
  for (let e0 = 0; e0 < m; e0++) {
    if (used[e0]) continue;
    walk.length = 0;
    let e = e0;
    for (;;) {
      used[e] = 1;
      const u = ef[e];
      const v = et[e];
      onWalk[u] = walk.length;
      walk.push(u);
      // a walk that passes a vertex twice (a hole touching its exterior, a pinch) becomes separate rings
      if (onWalk[v] >= 0) emit(onWalk[v]);
      if (walk.length === 0) break;
      const backAngle = Math.atan2(vy[u] - vy[v], vx[u] - vx[v]);
      let best = -1;
      let bestTurn = Infinity;
      for (let q = outStart[v]; q < outStart[v + 1]; q++) {
        const cand = outEdges[q];
        if (used[cand]) continue;
        const w = et[cand];
        // clockwise angle from the way back: the smallest is the sharpest left turn
        let turn = backAngle - Math.atan2(vy[w] - vy[v], vx[w] - vx[v]);
        if (turn < 0) turn += 2 * Math.PI;
        if (turn < bestTurn) {
          bestTurn = turn;
          best = cand;
        }
      }
      if (best < 0) break; // cannot happen on balanced edges; an open walk is dropped
      e = best;
    }
    for (const v of walk) onWalk[v] = -1;
  }
  return rings;
}

/** Groups oriented rings into polygons: counter-clockwise exteriors, each hole in the smallest exterior around it. */
function assembleRings(rings: Float64Array[]): GridPolygon[] {
  const exteriors: { ring: Float64Array; area: number; box: [number, number, number, number] }[] = [];
  const holes: Float64Array[] = [];
  for (const r of rings) {
    const a = ringArea2(r, 0, r.length);
    if (a > 0) exteriors.push({ ring: r, area: a, box: boxOf(r) });
    else if (a < 0) holes.push(r);
  }
  exteriors.sort((p, q) => q.area - p.area);
  const polygons: GridPolygon[] = exteriors.map((e) => [e.ring]);
  for (const h of holes) {
    let owner = -1;
    for (let k = exteriors.length - 1; k >= 0 && owner < 0; k--) {
      const { ring, box } = exteriors[k];
      let inside = -1;
      for (let i = 0; i + 1 < h.length && inside === -1; i += 2) {
        if (h[i] < box[0] || h[i] > box[2] || h[i + 1] < box[1] || h[i + 1] > box[3]) inside = 0;
        else inside = pointInRing(h[i], h[i + 1], ring);
      }
      if (inside === 1) owner = k;
    }
    if (owner >= 0) polygons[owner].push(h);
  }
  return polygons;
}

function boxOf(r: ArrayLike<number>): [number, number, number, number] {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (let i = 0; i + 1 < r.length; i += 2) {
    x0 = Math.min(x0, r[i]);
    x1 = Math.max(x1, r[i]);
    y0 = Math.min(y0, r[i + 1]);
    y1 = Math.max(y1, r[i + 1]);
  }
  return [x0, y0, x1, y1];
}

/** Whether the point lies in the polygon's area: inside its exterior and in none of its holes (boundary: -1). */
function pointInPolygon(px: number, py: number, polygon: GridPolygon): number {
  const outer = pointInRing(px, py, polygon[0]);
  if (outer !== 1) return outer;
  for (let h = 1; h < polygon.length; h++) {
    const inHole = pointInRing(px, py, polygon[h]);
    if (inHole !== 0) return inHole === 1 ? 0 : -1;
  }
  return 1;
}

/**
 * Drops polygons that lie inside the area of another (nested shells: duplicate slivers of the source, or
 * islands in a hairline gap that was filled). Their area is already covered, and a MultiPolygon must not nest
 * shells (OGC simple features; JTS IsValidOp reports "Nested shells"). Polygons come largest first.
 */
function dropNestedShells(polygons: GridPolygon[]): GridPolygon[] {
  const boxes = polygons.map((p) => boxOf(p[0]));
  const kept: GridPolygon[] = [];
  const keptBoxes: [number, number, number, number][] = [];
  polygons.forEach((polygon, i) => {
    const [x0, y0, x1, y1] = boxes[i];
    const ring = polygon[0];
    const nested = kept.some((outer, k) => {
      const box = keptBoxes[k];
      if (x0 < box[0] || y0 < box[1] || x1 > box[2] || y1 > box[3]) return false;
      // the first vertex not on the outer boundary decides (rings that do not cross are inside or outside)
      for (let v = 0; v + 1 < ring.length; v += 2) {
        const where = pointInPolygon(ring[v], ring[v + 1], outer);
        if (where !== -1) return where === 1;
      }
      return false;
    });
    if (nested) return;
    kept.push(polygon);
    keptBoxes.push(boxes[i]);
  });
  return kept;
}

function hasIntersections(polygons: GridPolygon[]): boolean {
  const set = segmentSetOf(polygons.flat());
  return findSegmentIntersections(set, 64).some(({ a, b, kind }) => kind !== 'touch' || set.ring[a] === set.ring[b]);
}

function toClip(polygons: GridPolygon[]): ClipMultiPolygon {
  return polygons.map((p) =>
    p.map((r) => {
      const ring: ClipRing = [];
      for (let i = 0; i + 1 < r.length; i += 2) ring.push([r[i], r[i + 1]]);
      return ring;
    }),
  );
}

function fromClip(mp: ClipMultiPolygon): GridPolygon[] {
  return mp.map((p) => p.map((r) => Float64Array.from(r.flat())));
}

const KM_PER_DEGREE = 111.32;

/**
 * A hole that is a thin sliver under half a square kilometre: the built ZIP areas leave a few such
 * gaps along county borders (e.g. 0.08 km2, 12 km long in Kentucky) where no unit exists, so a
 * dissolved state would show hairline holes. A real excluded ZIP area is never that thin.
 */
function isSliverGap(t: PreparedTopology, ring: Float64Array): boolean {
  const k = Math.cos(((ring[1] * t.ky + t.ty) * Math.PI) / 180);
  const sx = t.kx * KM_PER_DEGREE * k;
  const sy = t.ky * KM_PER_DEGREE;
  const area = (Math.abs(ringArea2(ring, 0, ring.length)) / 2) * sx * sy;
  if (area >= 0.5) return false;
  let perimeter = 0;
  for (let i = 0; i + 3 < ring.length; i += 2) {
    perimeter += Math.hypot((ring[i + 2] - ring[i]) * sx, (ring[i + 3] - ring[i + 1]) * sy);
  }
  return (4 * Math.PI * area) / (perimeter * perimeter) < 0.02;
}

/** Dissolves a set of units of a quantized topology into polygons in grid coordinates. */
function dissolveGrid(t: PreparedTopology, units: readonly number[]): GridPolygon[] {
  const { net, arcStart, xy } = t;
  const touched: number[] = [];
  for (const u of units) {
    for (const polygon of t.polygonsOfUnit.get(u) ?? []) {
      polygon.forEach((ring, ri) => {
        const area = arcRingArea2(t, ring);
        if (area === 0) return; // collapsed by quantization
        // exteriors counter-clockwise, holes clockwise, whatever the source did
        const sign = area > 0 === (ri === 0) ? 1 : -1;
        for (const a of ring) {
          const k = a < 0 ? ~a : a;
          if (net[k] === 0) touched.push(k);
          net[k] += a < 0 ? -sign : sign;
        }
      });
    }
  }
  let segCount = 0;
  for (const k of touched) segCount += Math.abs(net[k]) * (arcStart[k + 1] - arcStart[k] - 1);
  const seg = new Int32Array(segCount * 4);
  let p = 0;
  for (const k of touched) {
    const c = net[k];
    net[k] = 0;
    for (let copy = 0; copy < Math.abs(c); copy++) {
      const from = arcStart[k];
      const to = arcStart[k + 1];
      for (let q = 0; q + 1 < to - from; q++) {
        const i = c > 0 ? from + q : to - 1 - q;
        const j = c > 0 ? i + 1 : i - 1;
        seg[p++] = xy[2 * i];
        seg[p++] = xy[2 * i + 1];
        seg[p++] = xy[2 * j];
        seg[p++] = xy[2 * j + 1];
      }
    }
  }
  // an arc can be touched twice when its net returned to 0 and rose again; those were zeroed above
  const polygons = dropNestedShells(
    assembleRings(chainRings(nodeSegments(seg.subarray(0, p)))).map((poly) =>
      poly.filter((ring, ri) => ri === 0 || !isSliverGap(t, ring)),
    ),
  );
  if (!hasIntersections(polygons)) return polygons;
  try {
    return fromClip(polygonClipping.union(toClip(polygons)));
  } catch {
    return polygons; // polygon-clipping gives up on rare inputs; keep the dissolve as it is
  }
}

// ---------------------------------------------------------------------------------------------------
// Countries (floating point, antimeridian-aware)

const WORLD_BOX: ClipPolygon = [
  [
    [-180, -90],
    [180, -90],
    [180, 90],
    [-180, 90],
    [-180, -90],
  ],
];

/** Unwraps a lon/lat ring so no edge jumps more than 180 degrees; a ring round a pole is closed along it. */
function unwrapRing(ring: Position[]): ClipRing {
  const out: ClipRing = [];
  let prev = ring[0][0];
  let lon = prev;
  for (const [x, y] of ring) {
    let d = x - prev;
    if (d > 180) d -= 360;
    else if (d < -180) d += 360;
    lon += d;
    prev = x;
    out.push([lon, y]);
  }
  const start = out[0][0];
  const end = out[out.length - 1][0];
  if (Math.abs(end - start) > 180) {
    let lat = 0;
    for (const [, y] of out) lat += y;
    const pole = lat < 0 ? -90 : 90;
    // along the pole in steps of at most 90 degrees, so no edge spans more than 180 of longitude
    const steps = Math.ceil(Math.abs(end - start) / 90);
    for (let s = 0; s <= steps; s++) out.push([end + ((start - end) * s) / steps, pole]);
    out.push([start, out[0][1]]);
    // bring the ring's span to [-180, 180]
    const shift = -360 * Math.round((Math.min(end, start) + 180) / 360);
    for (const pt of out) pt[0] += shift;
  }
  return out;
}

function shiftLon(mp: ClipMultiPolygon, by: number): ClipMultiPolygon {
  return mp.map((p) => p.map((r) => r.map(([x, y]): Pair => [x + by, y])));
}

/** A country polygon as planar polygons within [-180, 180], cut at the antimeridian. */
function planarCountryPolygon(rings: Position[][]): ClipMultiPolygon {
  // a ring hugging a pole is how spherical sources bound polar polygons; it has no planar meaning
  const unwrapped = rings.filter((r) => r.length >= 4 && r.some(([, y]) => Math.abs(y) < 89.99)).map(unwrapRing);
  if (unwrapped.length === 0) return [];
  // xor keeps holes as holes even when the source's "exterior" is a degenerate line along a pole
  const shape =
    unwrapped.length === 1 ? [unwrapped] : polygonClipping.xor([unwrapped[0]], ...unwrapped.slice(1).map((r) => [r]));
  let minX = Infinity;
  let maxX = -Infinity;
  for (const p of shape) {
    for (const [x] of p[0]) {
      minX = Math.min(minX, x);
      maxX = Math.max(maxX, x);
    }
  }
  if (minX >= -180 && maxX <= 180) return shape;
  const pieces: ClipMultiPolygon = [];
  for (let w = Math.floor((minX + 180) / 360); w <= Math.floor((maxX + 180) / 360); w++) {
    const box = shiftLon([WORLD_BOX], 360 * w);
    pieces.push(...shiftLon(polygonClipping.intersection(shape, box), -360 * w));
  }
  return pieces;
}

function countryShapes(countries: Topology): Map<number, ClipMultiPolygon> {
  const shapes = new Map<number, ClipMultiPolygon>();
  const visit = (g: TopoGeometry): void => {
    if (g.type === 'GeometryCollection') {
      g.geometries.forEach(visit);
      return;
    }
    const u = unitOfGeometry(g);
    if (u < 0 || (g.type !== 'Polygon' && g.type !== 'MultiPolygon')) return;
    const geom =
      g.type === 'Polygon'
        ? topoFeature(countries, g as TopoPolygon).geometry
        : topoFeature(countries, g as TopoMultiPolygon).geometry;
    const polys: Position[][][] = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
    const list = shapes.get(u) ?? [];
    for (const p of polys) list.push(...planarCountryPolygon(p));
    shapes.set(u, list);
  };
  for (const obj of Object.values(countries.objects)) visit(obj);
  return shapes;
}

const countryCache = new WeakMap<Topology, Map<number, ClipMultiPolygon>>();

// ---------------------------------------------------------------------------------------------------
// Output

/** Rounds, drops repeated positions and degenerate rings, and enforces the right-hand rule. */
function finishPolygons(polygons: ClipMultiPolygon, precision: number): Position[][][] {
  const scale = 10 ** precision;
  const out: Position[][][] = [];
  for (const poly of polygons) {
    const rings: Position[][] = [];
    for (let ri = 0; ri < poly.length; ri++) {
      const ring: Position[] = [];
      const flat: number[] = [];
      for (const [x, y] of poly[ri]) {
        const rx = Math.round(x * scale);
        const ry = Math.round(y * scale);
        const n = flat.length;
        if (n > 0 && flat[n - 2] === rx && flat[n - 1] === ry) continue;
        if (n > 0 && Math.abs(y) === 90 && ry === flat[n - 1] && Math.abs(rx - flat[n - 2]) > 180 * scale) {
          // an edge along a pole (Antarctica): keep it in steps of 90 degrees so none spans > 180
          const steps = Math.ceil(Math.abs(rx - flat[n - 2]) / (90 * scale));
          const x0 = flat[n - 2];
          for (let k = 1; k < steps; k++) {
            const sx = Math.round(x0 + ((rx - x0) * k) / steps);
            flat.push(sx, ry);
            ring.push([sx / scale, ry / scale]);
          }
        }
        flat.push(rx, ry);
        ring.push([rx / scale, ry / scale]);
      }
      if (flat[0] !== flat[flat.length - 2] || flat[1] !== flat[flat.length - 1]) {
        flat.push(flat[0], flat[1]);
        ring.push([ring[0][0], ring[0][1]]);
      }
      const area = ringArea2(flat, 0, flat.length);
      if (ring.length < 4 || area === 0) {
        if (ri === 0) break; // no exterior left: drop the polygon with its holes
        continue;
      }
      if (area > 0 !== (ri === 0)) ring.reverse();
      rings.push(ring);
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}

/**
 * One GeoJSON Feature per territory with a (Multi)Polygon dissolved from its units (`assignment`: unit
 * index -> territory index, -1 = unassigned). Territories without any shaped unit are omitted rather
 * than given a null geometry. Country units are included only when options.countries is given.
 */
export function territoryBoundariesGeoJson(
  topology: Topology,
  assignment: Int32Array,
  territories: readonly TerritoryOutlineInput[],
  options: TerritoryBoundaryOptions = {},
): FeatureCollection<Polygon | MultiPolygon, TerritoryOutlineProperties> {
  const precision = options.precision ?? 6;
  const zip = prepare(topology);
  const countries = options.countries;
  let shapes: Map<number, ClipMultiPolygon> | null = null;
  if (countries) {
    shapes = countryCache.get(countries) ?? countryShapes(countries);
    countryCache.set(countries, shapes);
  }
  const zipUnits: number[][] = territories.map(() => []);
  const countryUnits: number[][] = territories.map(() => []);
  for (let u = 0; u < assignment.length; u++) {
    const t = assignment[u];
    if (t < 0 || t >= territories.length) continue;
    if (zip.polygonsOfUnit.has(u)) zipUnits[t].push(u);
    else if (shapes?.has(u)) countryUnits[t].push(u);
  }
  const features: Feature<Polygon | MultiPolygon, TerritoryOutlineProperties>[] = [];
  territories.forEach((territory, ti) => {
    const unitCount = zipUnits[ti].length + countryUnits[ti].length;
    if (unitCount === 0) return;
    const grid = zipUnits[ti].length > 0 ? dissolveGrid(zip, zipUnits[ti]) : [];
    let lonLat: ClipMultiPolygon = grid.map((p) =>
      p.map((r) => {
        const ring: ClipRing = [];
        for (let i = 0; i + 1 < r.length; i += 2) ring.push([r[i] * zip.kx + zip.tx, r[i + 1] * zip.ky + zip.ty]);
        return ring;
      }),
    );
    if (shapes && countryUnits[ti].length > 0) {
      const parts = countryUnits[ti].flatMap((u) => shapes.get(u) ?? []);
      parts.push(...lonLat);
      lonLat = parts.length > 0 ? polygonClipping.union(parts[0], ...parts.slice(1)) : [];
    }
    const polygons = finishPolygons(lonLat, precision);
    if (polygons.length === 0) return;
    features.push({
      type: 'Feature',
      id: territory.id,
      properties: { ...territory.properties, id: territory.id, name: territory.name, territory: ti, unitCount },
      geometry:
        polygons.length === 1
          ? { type: 'Polygon', coordinates: polygons[0] }
          : { type: 'MultiPolygon', coordinates: polygons },
    });
  });
  return { type: 'FeatureCollection', features };
}
