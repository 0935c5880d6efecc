import type { MapMouseEvent } from 'maplibre-gl';
import type { Level } from '../domain/geography.ts';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { widenToLevel } from '../geo/levelSelection.ts';
import type { TesseraMap } from './tesseraMap.ts';

/** The pointer event a paint came from: its time stamp, and whether it is the press that starts a stroke. */
export interface PaintPointer {
  time: number;
  press: boolean;
}

/** Painting tools as the map sees them. */
export type PaintToolName = 'select' | 'brush' | 'lasso' | 'eraser' | 'split' | 'lock' | 'polygon';

export interface PaintToolEvents {
  tool: () => PaintToolName;
  level: () => Level;
  /** Brush radius in screen pixels. */
  brushRadius: () => number;
  onStrokeStart: () => void;
  /** `pointer`: the event's time stamp (where the paint's latency is measured from), and whether it is the press. */
  onPaint: (units: Int32Array, erase: boolean, pointer: PaintPointer) => void;
  onStrokeEnd: () => void;
  /** Units whose centre lies inside the drawn lasso. */
  onLasso: (units: Int32Array) => void;
  /** Units cut off by a split: inside the drawn shape, or left of a drawn line. */
  onSplit: (units: Int32Array) => void;
}

/** Raw pointer moves closer together than this are gathered into one paint. */
const MIN_PAINT_GAP_MS = 8;

/** Is a point inside a polygon (screen pixels)? */
function insidePolygon(x: number, y: number, polygon: readonly [number, number][]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Brush, eraser and lasso on the map. Brushing picks the units drawn under the brush and widens
 * them to the current level's groups (a county, a state) by index lookup; the lasso and polygon choose
 * units by centroid (so they also take units that are not drawn at this zoom), widened the same way.
 */
export class PaintTools {
  private painting = false;
  private lasso: [number, number][] | null = null;
  /** Vertices of a polygon being clicked out (polygon tool). */
  private polygon: [number, number][] | null = null;
  private last: { x: number; y: number } | null = null;
  /** Chromium delivers `pointerrawupdate` as soon as the pointer moves, where mouse moves wait for the next frame. */
  private readonly rawMoves = 'onpointerrawupdate' in window;
  /** The canvas container's page position, taken when a stroke starts (the map cannot move while painting). */
  private strokeOrigin = { left: 0, top: 0 };
  /** A raw move that arrived too soon after the last paint, painted once the gap has passed. */
  private deferredMove: { x: number; y: number; time: number } | null = null;
  private deferredTimer = 0;
  private lastPaintAt = -Infinity;
  private readonly cursor: HTMLDivElement;
  private readonly svg: SVGSVGElement;
  private readonly path: SVGPathElement;

  constructor(
    private readonly tessera: TesseraMap,
    private readonly geo: GeoIndex,
    private readonly events: PaintToolEvents,
  ) {
    const map = tessera.map;
    const container = map.getContainer();
    this.cursor = document.createElement('div');
    this.cursor.className = 'brush-cursor';
    container.append(this.cursor);
    this.svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    this.svg.setAttribute('class', 'lasso-overlay');
    this.path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
    this.svg.append(this.path);
    container.append(this.svg);
    map.on('mousedown', (e) => this.down(e));
    map.on('mousemove', (e) => this.move(e));
    map.on('mouseout', () => (this.cursor.style.display = 'none'));
    if (this.rawMoves) map.getCanvasContainer().addEventListener('pointerrawupdate', this.rawMove);
    map.on('click', (e) => this.polygonClick(e));
    map.on('dblclick', (e) => {
      if (this.events.tool() !== 'polygon') return;
      e.preventDefault();
      this.finishPolygon();
    });
    window.addEventListener('mouseup', this.up);
  }

  destroy(): void {
    window.removeEventListener('mouseup', this.up);
    this.tessera.map.getCanvasContainer().removeEventListener('pointerrawupdate', this.rawMove);
    clearTimeout(this.deferredTimer);
    this.cursor.remove();
    this.svg.remove();
  }

  /** Abandons a lasso or polygon being drawn. */
  cancel(): void {
    this.lasso = null;
    this.polygon = null;
    this.path.setAttribute('d', '');
  }

  private polygonClick(e: MapMouseEvent): void {
    if (this.events.tool() !== 'polygon') return;
    this.polygon ??= [];
    const last = this.polygon.at(-1);
    // the second click of a double-click lands on the same spot: do not add it twice
    if (!last || Math.hypot(last[0] - e.point.x, last[1] - e.point.y) > 3) this.polygon.push([e.point.x, e.point.y]);
    this.drawPath(this.polygon, null);
  }

  /** Closes the clicked polygon and paints the units whose centre it contains. */
  finishPolygon(): void {
    const polygon = this.polygon;
    this.cancel();
    if (polygon && polygon.length >= 3) this.events.onLasso(this.unitsInsideAtLevel(polygon));
  }

  private drawPath(points: [number, number][], cursor: { x: number; y: number } | null): void {
    const all = cursor ? [...points, [cursor.x, cursor.y] as [number, number]] : points;
    this.path.setAttribute('d', all.length ? `M${all.map(([x, y]) => `${x},${y}`).join('L')}Z` : '');
  }

  private down(e: MapMouseEvent): void {
    if (e.originalEvent.button !== 0) return;
    const tool = this.events.tool();
    if (tool === 'select') return;
    e.preventDefault(); // keeps MapLibre from panning while painting
    if (tool === 'lasso' || tool === 'split') {
      this.lasso = [[e.point.x, e.point.y]];
      return;
    }
    if (tool === 'polygon') return; // vertices are added on click
    this.painting = true;
    this.last = null;
    const container = this.tessera.map.getCanvasContainer();
    const rect = container.getBoundingClientRect();
    // as MapLibre measures e.point: from the container's padding box
    this.strokeOrigin = { left: rect.left + container.clientLeft, top: rect.top + container.clientTop };
    this.events.onStrokeStart();
    const units = new Set<number>();
    this.addUnitsAt(e.point.x, e.point.y, units);
    this.paintUnits(units, tool === 'eraser', { time: e.originalEvent.timeStamp, press: true });
  }

  private move(e: MapMouseEvent): void {
    const tool = this.events.tool();
    const r = this.events.brushRadius();
    if (tool === 'brush' || tool === 'eraser' || tool === 'lock') {
      Object.assign(this.cursor.style, {
        display: 'block',
        left: `${e.point.x - r}px`,
        top: `${e.point.y - r}px`,
        width: `${2 * r}px`,
        height: `${2 * r}px`,
      });
      this.cursor.classList.toggle('eraser', tool === 'eraser');
    } else this.cursor.style.display = 'none';
    if (this.polygon && tool === 'polygon') this.drawPath(this.polygon, e.point);
    if (this.lasso) {
      this.lasso.push([e.point.x, e.point.y]);
      this.path.setAttribute('d', `M${this.lasso.map(([x, y]) => `${x},${y}`).join('L')}Z`);
      return;
    }
    if (this.painting && !this.rawMoves) this.brushTo(e.point.x, e.point.y, e.originalEvent.timeStamp);
  }

  private readonly rawMove = (event: Event): void => {
    if (!this.painting) return;
    const e = event as PointerEvent;
    if (!e.isPrimary) return;
    const point = { x: e.clientX - this.strokeOrigin.left, y: e.clientY - this.strokeOrigin.top, time: e.timeStamp };
    // a high-rate mouse can send a move every millisecond: paint at most every few, always the latest point
    const wait = this.lastPaintAt + MIN_PAINT_GAP_MS - performance.now();
    if (wait <= 0) {
      // a late timer must not paint an older point after this one
      clearTimeout(this.deferredTimer);
      this.deferredMove = null;
      return this.brushTo(point.x, point.y, point.time);
    }
    if (!this.deferredMove) this.deferredTimer = window.setTimeout(this.paintDeferredMove, wait);
    this.deferredMove = point;
  };

  private readonly paintDeferredMove = (): void => {
    const move = this.deferredMove;
    this.deferredMove = null;
    if (move && this.painting) this.brushTo(move.x, move.y, move.time);
  };

  /** Paints the brush's path from the last point to this one, so a fast drag leaves no holes. */
  private brushTo(x: number, y: number, pointerTime: number): void {
    this.lastPaintAt = performance.now();
    const from = this.last ?? { x, y };
    const r = this.events.brushRadius();
    const steps = Math.max(1, Math.ceil(Math.hypot(x - from.x, y - from.y) / Math.max(2, r)));
    const units = new Set<number>();
    for (let s = 1; s <= steps; s++)
      this.addUnitsAt(from.x + ((x - from.x) * s) / steps, from.y + ((y - from.y) * s) / steps, units);
    // one paint per pointer move: one engine call and one chart update, however many brush steps it took
    this.paintUnits(units, this.events.tool() === 'eraser', { time: pointerTime, press: false });
  }

  private paintUnits(units: Set<number>, erase: boolean, pointer: PaintPointer): void {
    if (units.size > 0) this.events.onPaint(Int32Array.from(units), erase, pointer);
  }

  private readonly up = (): void => {
    if (this.lasso) {
      const polygon = this.lasso;
      this.cancel();
      if (polygon.length < 3) return;
      if (this.events.tool() === 'split') this.events.onSplit(this.unitsCutOff(polygon));
      else this.events.onLasso(this.unitsInsideAtLevel(polygon));
      return;
    }
    if (!this.painting) return;
    clearTimeout(this.deferredTimer);
    this.paintDeferredMove();
    this.painting = false;
    this.events.onStrokeEnd();
  };

  /** Adds the units under the brush at a point, widened to the current level's groups. */
  private addUnitsAt(x: number, y: number, units: Set<number>): void {
    this.last = { x, y };
    const r = Math.max(1, this.events.brushRadius());
    const features = this.tessera.map.queryRenderedFeatures(
      [
        [x - r, y - r],
        [x + r, y + r],
      ],
      { layers: ['zip-fill', 'country-fill'] },
    );
    const level = this.events.level();
    for (const f of features) {
      const u = Number(f.id);
      if (!(u >= 0 && u < this.geo.unitCount) || units.has(u)) continue;
      if (level === 'zip5' || level === 'country' || !this.geo.isZipUnit(u)) units.add(u);
      else for (const g of this.geo.unitsInSameGroup(level, u)) units.add(g);
    }
  }

  /** A thin shape is a line: units left of it; a real shape: units inside it. */
  private unitsCutOff(polygon: [number, number][]): Int32Array {
    let area = 0;
    for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++)
      area += polygon[j][0] * polygon[i][1] - polygon[i][0] * polygon[j][1];
    const [ax, ay] = polygon[0];
    const [bx, by] = polygon[polygon.length - 1];
    const length = Math.hypot(bx - ax, by - ay);
    if (Math.abs(area / 2) > 0.15 * length * length) return this.unitsInside(polygon);
    const map = this.tessera.map;
    const out: number[] = [];
    for (let u = 0; u < this.geo.unitCount; u++) {
      const p = map.project([this.geo.lon[u], this.geo.lat[u]]);
      if ((bx - ax) * (p.y - ay) - (by - ay) * (p.x - ax) < 0) out.push(u);
    }
    return Int32Array.from(out);
  }

  /** Units inside a lasso or polygon, widened to whole states, counties or ZIP3s as the brush is. */
  private unitsInsideAtLevel(polygon: [number, number][]): Int32Array {
    return widenToLevel(this.geo, this.events.level(), this.unitsInside(polygon));
  }

  private unitsInside(polygon: [number, number][]): Int32Array {
    const map = this.tessera.map;
    let x0 = Infinity,
      y0 = Infinity,
      x1 = -Infinity,
      y1 = -Infinity;
    for (const [x, y] of polygon) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    const out: number[] = [];
    for (let u = 0; u < this.geo.unitCount; u++) {
      const p = map.project([this.geo.lon[u], this.geo.lat[u]]);
      if (p.x < x0 || p.x > x1 || p.y < y0 || p.y > y1) continue;
      if (insidePolygon(p.x, p.y, polygon)) out.push(u);
    }
    return Int32Array.from(out);
  }
}
