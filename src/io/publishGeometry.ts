/**
 * Small geometry helpers for published maps: rounding (a published file is mostly coordinates, and
 * every dropped decimal is about a tenth of its size), line simplification for context layers, bounding
 * boxes and label points.
 */
import type { MultiPolygon, Polygon, Position } from 'geojson';

/** [west, south, east, north] in degrees. */
export type Bounds = [number, number, number, number];

/** A ring or line rounded to `decimals`, with the positions that rounding made repeat dropped. */
export function roundLine(line: readonly Position[], decimals: number): Position[] {
  const scale = 10 ** decimals;
  const out: Position[] = [];
  for (const p of line) {
    const x = Math.round(p[0] * scale) / scale;
    const y = Math.round(p[1] * scale) / scale;
    const last = out[out.length - 1];
    if (last && last[0] === x && last[1] === y) continue;
    out.push([x, y]);
  }
  return out;
}

/** Squared distance from p to the segment a-b. */
function segmentDistance2(p: Position, a: Position, b: Position): number {
  let x = a[0];
  let y = a[1];
  let dx = b[0] - x;
  let dy = b[1] - y;
  if (dx !== 0 || dy !== 0) {
    const t = ((p[0] - x) * dx + (p[1] - y) * dy) / (dx * dx + dy * dy);
    if (t > 1) {
      x = b[0];
      y = b[1];
    } else if (t > 0) {
      x += dx * t;
      y += dy * t;
    }
  }
  dx = p[0] - x;
  dy = p[1] - y;
  return dx * dx + dy * dy;
}

/** Douglas-Peucker simplification of a line (rings keep their first and last position). */
export function simplifyLine(line: readonly Position[], tolerance: number): Position[] {
  if (line.length <= 2) return [...line];
  const keep = new Uint8Array(line.length);
  keep[0] = 1;
  keep[line.length - 1] = 1;
  const tol2 = tolerance * tolerance;
  // an explicit stack: coastlines have tens of thousands of points, too deep for recursion
  const stack: number[] = [0, line.length - 1];
  while (stack.length > 0) {
    const last = stack.pop()!;
    const first = stack.pop()!;
    let worst = -1;
    let worstD = tol2;
    for (let i = first + 1; i < last; i++) {
      const d = segmentDistance2(line[i], line[first], line[last]);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst > 0) {
      keep[worst] = 1;
      stack.push(first, worst, worst, last);
    }
  }
  return line.filter((_, i) => keep[i] === 1);
}

/** Twice the signed planar area of a closed ring (counter-clockwise positive). */
export function ringArea2(ring: readonly Position[]): number {
  let s = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++)
    s += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
  return s;
}

/** The polygons of a Polygon or MultiPolygon. */
export function polygonsOf(geometry: Polygon | MultiPolygon): Position[][][] {
  return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

const KM_PER_DEGREE = 111.32;

/** Area (km²) and perimeter (km) of a lon/lat ring, planar at its latitude. */
function ringSizeKm(ring: readonly Position[]): { area: number; perimeter: number } {
  const k = Math.cos(((ring[0]?.[1] ?? 0) * Math.PI) / 180);
  let perimeter = 0;
  for (let i = 1; i < ring.length; i++)
    perimeter += Math.hypot((ring[i][0] - ring[i - 1][0]) * k, ring[i][1] - ring[i - 1][1]);
  return {
    area: (Math.abs(ringArea2(ring)) / 2) * KM_PER_DEGREE * KM_PER_DEGREE * k,
    perimeter: perimeter * KM_PER_DEGREE,
  };
}

/**
 * Polygons without slivers: pieces under 1 km² that are long and thin (a circle scores 1, these under
 * 0.05). The built ZIP areas leave a few such triangles along state lines; filled they are invisible,
 * but outlined they read as stray scratches on the map.
 */
export function withoutSlivers(polygons: readonly Position[][][]): Position[][][] {
  return polygons.filter((p) => {
    const { area, perimeter } = ringSizeKm(p[0] ?? []);
    return !(area < 1 && perimeter > 0 && (4 * Math.PI * area) / (perimeter * perimeter) < 0.05);
  });
}

/** Polygons simplified and rounded; rings that collapse below 4 positions go (with their holes for exteriors). */
export function simplifyPolygons(
  polygons: readonly Position[][][],
  tolerance: number,
  decimals: number,
): Position[][][] {
  const out: Position[][][] = [];
  for (const polygon of polygons) {
    const rings: Position[][] = [];
    for (let r = 0; r < polygon.length; r++) {
      const ring = roundLine(tolerance > 0 ? simplifyLine(polygon[r], tolerance) : polygon[r], decimals);
      const closed =
        ring.length > 0 && (ring[0][0] !== ring[ring.length - 1][0] || ring[0][1] !== ring[ring.length - 1][1])
          ? [...ring, ring[0]]
          : ring;
      if (closed.length < 4 || ringArea2(closed) === 0) {
        if (r === 0) break;
        continue;
      }
      rings.push(closed);
    }
    if (rings.length > 0) out.push(rings);
  }
  return out;
}

/** Bounds of every position in the polygons, or null for none. */
export function boundsOf(polygons: readonly Position[][][]): Bounds | null {
  let w = Infinity;
  let s = Infinity;
  let e = -Infinity;
  let n = -Infinity;
  for (const polygon of polygons) {
    for (const p of polygon[0] ?? []) {
      w = Math.min(w, p[0]);
      e = Math.max(e, p[0]);
      s = Math.min(s, p[1]);
      n = Math.max(n, p[1]);
    }
  }
  return w === Infinity ? null : [w, s, e, n];
}

const CONTIGUOUS_BOX: Bounds = [-125, 24, -66, 50];

const intersects = (a: Bounds, b: Bounds): boolean => a[0] <= b[2] && b[0] <= a[2] && a[1] <= b[3] && b[1] <= a[3];

/**
 * The polygons a map frames and labels: those in the contiguous US when there are any (so a territory
 * with Alaska or Hawaii still opens on the mainland), else those in the western hemisphere (the
 * Aleutians west of 180 degrees would stretch the frame round the globe), else all.
 */
export function framedPolygons(polygons: readonly Position[][][]): Position[][][] {
  const boxes = polygons.map((p) => boundsOf([p]));
  const mainland = polygons.filter((_, i) => boxes[i] !== null && intersects(boxes[i]!, CONTIGUOUS_BOX));
  if (mainland.length > 0) return mainland;
  const west = polygons.filter((_, i) => boxes[i] !== null && boxes[i]![2] < 0);
  return west.length > 0 ? west : [...polygons];
}

/** Where a map should frame some polygons (see framedPolygons), or null for none. */
export function viewBounds(polygons: readonly Position[][][]): Bounds | null {
  return boundsOf(framedPolygons(polygons));
}

/** The smallest bounds holding all given bounds, or null for none. */
export function unionBounds(list: readonly (Bounds | null)[]): Bounds | null {
  let out: Bounds | null = null;
  for (const b of list) {
    if (!b) continue;
    out = out
      ? [Math.min(out[0], b[0]), Math.min(out[1], b[1]), Math.max(out[2], b[2]), Math.max(out[3], b[3])]
      : [...b];
  }
  return out;
}

/** Signed distance from a point to a polygon's outline: positive inside, negative outside (planar). */
function pointToPolygonDistance(x: number, y: number, polygon: readonly Position[][]): number {
  let inside = false;
  let min2 = Infinity;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const a = ring[i];
      const b = ring[j];
      if (a[1] > y !== b[1] > y && x < ((b[0] - a[0]) * (y - a[1])) / (b[1] - a[1]) + a[0]) inside = !inside;
      min2 = Math.min(min2, segmentDistance2([x, y], a, b));
    }
  }
  return (inside ? 1 : -1) * Math.sqrt(min2);
}

/**
 * The pole of inaccessibility of a polygon (polylabel): the inside point farthest from the outline,
 * found to within `precision` degrees. Longitude is scaled by cos(latitude) so the point is central
 * on the map, not just in degrees. Labels placed here sit inside concave and ring-shaped territories,
 * where a centroid can fall outside.
 */
export function poleOfInaccessibility(polygon: readonly Position[][], precision = 0.01): Position {
  const outer = polygon[0];
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of outer) {
    minX = Math.min(minX, p[0]);
    minY = Math.min(minY, p[1]);
    maxX = Math.max(maxX, p[0]);
    maxY = Math.max(maxY, p[1]);
  }
  const k = Math.max(0.1, Math.cos((((minY + maxY) / 2) * Math.PI) / 180));
  const scaled = polygon.map((ring) => ring.map((p) => [p[0] * k, p[1]]));
  const x0 = minX * k;
  const x1 = maxX * k;
  const width = x1 - x0;
  const height = maxY - minY;
  const size = Math.min(width, height);
  if (size === 0) return [minX, minY];
  interface Cell {
    x: number;
    y: number;
    h: number;
    d: number;
    max: number;
  }
  const cell = (x: number, y: number, h: number): Cell => {
    const d = pointToPolygonDistance(x, y, scaled);
    return { x, y, h, d, max: d + h * Math.SQRT2 };
  };
  // a plain array kept sorted by potential is enough: the search visits a few hundred cells at most
  const queue: Cell[] = [];
  const push = (c: Cell): void => {
    let lo = 0;
    let hi = queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (queue[mid].max < c.max) lo = mid + 1;
      else hi = mid;
    }
    queue.splice(lo, 0, c);
  };
  const h0 = size / 2;
  for (let x = x0; x < x1; x += size) for (let y = minY; y < maxY; y += size) push(cell(x + h0, y + h0, h0));
  // start from the area centroid, which often is already a good answer
  let cx = 0;
  let cy = 0;
  let a = 0;
  const ring = scaled[0];
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const f = ring[i][0] * ring[j][1] - ring[j][0] * ring[i][1];
    cx += (ring[i][0] + ring[j][0]) * f;
    cy += (ring[i][1] + ring[j][1]) * f;
    a += f * 3;
  }
  let best = a === 0 ? cell(ring[0][0], ring[0][1], 0) : cell(cx / a, cy / a, 0);
  const box = cell(x0 + width / 2, minY + height / 2, 0);
  if (box.d > best.d) best = box;
  let visits = 0;
  while (queue.length > 0 && visits < 5000) {
    const c = queue.pop()!;
    visits++;
    if (c.d > best.d) best = c;
    if (c.max - best.d <= precision) continue;
    const h = c.h / 2;
    push(cell(c.x - h, c.y - h, h));
    push(cell(c.x + h, c.y - h, h));
    push(cell(c.x - h, c.y + h, h));
    push(cell(c.x + h, c.y + h, h));
  }
  return [best.x / k, best.y];
}

/** Where a territory's label goes: the pole of inaccessibility of its largest framed polygon (by area). */
export function labelPoint(all: readonly Position[][][]): Position | null {
  const polygons = framedPolygons(all);
  let largest: Position[][] | null = null;
  let largestArea = -Infinity;
  for (const polygon of polygons) {
    const ring = polygon[0];
    if (!ring || ring.length < 4) continue;
    const midLat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    const area = Math.abs(ringArea2(ring)) * Math.cos((midLat * Math.PI) / 180);
    if (area > largestArea) {
      largestArea = area;
      largest = polygon;
    }
  }
  return largest ? poleOfInaccessibility(largest) : null;
}
