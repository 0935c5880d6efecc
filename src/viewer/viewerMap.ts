/**
 * The published map: the planner's look (src/map/palette.ts, tesseraMap.ts) drawn from embedded
 * GeoJSON only. No tiles, no glyphs, no sprites: background, land, territory fills and outlines,
 * state lines, and DOM markers for every label, so the map needs nothing beyond the file.
 */
import { Map as MapLibreMap, Marker, NavigationControl, ScaleControl } from 'maplibre-gl';
import type { ExpressionSpecification, GeoJSONSource, LngLatBoundsLike, StyleSpecification } from 'maplibre-gl';
import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import type { PublishedContext } from '../io/publishFormat.ts';
import type { Bounds } from '../io/publishGeometry.ts';
import { LINE_STYLE, MAP_COLOURS } from '../map/palette.ts';
import { h } from './dom.ts';

/** A territory as the map draws it. */
export interface MapTerritory {
  id: string;
  name: string;
  colour: string;
  /** Second label line (the rep), '' for none. */
  detail: string;
  geometry: Polygon | MultiPolygon | null;
  label: number[] | null;
}

/** What a hover over the map reports. */
export interface MapPick {
  id: string;
  x: number;
  y: number;
}

const EMPTY: FeatureCollection = { type: 'FeatureCollection', features: [] };

function boundsLike(b: Bounds): LngLatBoundsLike {
  return [
    [b[0], b[1]],
    [b[2], b[3]],
  ];
}

function buildStyle(context: PublishedContext): StyleSpecification {
  return {
    version: 8,
    sources: {
      world: {
        type: 'geojson',
        data: { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: context.world } },
      },
      land: {
        type: 'geojson',
        data: { type: 'Feature', properties: {}, geometry: { type: 'MultiPolygon', coordinates: context.land } },
      },
      'state-lines': {
        type: 'geojson',
        data: {
          type: 'Feature',
          properties: {},
          geometry: { type: 'MultiLineString', coordinates: context.stateLines },
        },
      },
      territories: { type: 'geojson', data: EMPTY, promoteId: 'id' },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': MAP_COLOURS.sea } },
      { id: 'world-fill', type: 'fill', source: 'world', paint: { 'fill-color': MAP_COLOURS.worldLand } },
      { id: 'land-fill', type: 'fill', source: 'land', paint: { 'fill-color': MAP_COLOURS.usLand } },
      {
        id: 'territory-fill',
        type: 'fill',
        source: 'territories',
        paint: { 'fill-color': ['to-color', ['get', 'colour'], '#94a3b8'], 'fill-opacity': 0.82 },
      },
      {
        id: 'territory-hover',
        type: 'fill',
        source: 'territories',
        paint: {
          'fill-color': '#ffffff',
          'fill-opacity': ['case', ['boolean', ['feature-state', 'hover'], false], 0.18, 0],
        },
      },
      {
        id: 'world-lines',
        type: 'line',
        source: 'world',
        paint: { 'line-color': MAP_COLOURS.countryBorder, 'line-width': 0.8 },
      },
      {
        id: 'state-lines',
        type: 'line',
        source: 'state-lines',
        layout: { 'line-join': 'round' },
        paint: {
          'line-color': LINE_STYLE.active.color,
          'line-opacity': 0.45,
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 0.6, 8, 1.4],
        },
      },
      {
        id: 'territory-outline',
        type: 'line',
        source: 'territories',
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': '#111827',
          'line-opacity': 0.85,
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 1.1, 10, 2.4],
        },
      },
    ],
  };
}

/** MapLibre glue for the published viewer. */
export class PublishedMap {
  readonly map: MapLibreMap;
  private labels: Marker[] = [];
  private stateLabels: Marker[] = [];
  private pin: Marker | null = null;
  private hovered: string | null = null;
  private territories: MapTerritory[] = [];
  private focus: string | null = null;
  private loaded = false;
  private pending: FeatureCollection | null = null;

  constructor(
    container: HTMLElement,
    context: PublishedContext,
    private readonly onPick: (id: string | null) => void,
  ) {
    this.map = new MapLibreMap({
      container,
      style: buildStyle(context),
      bounds: boundsLike(context.bounds),
      fitBoundsOptions: { padding: 40 },
      attributionControl: { customAttribution: 'ZIP areas approximated from Census ZCTA points · Natural Earth' },
      renderWorldCopies: false,
      dragRotate: false,
      pitchWithRotate: false,
      maxZoom: 13,
      // the canvas is kept so a reader can print or screenshot the map
      canvasContextAttributes: { preserveDrawingBuffer: true },
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'imperial' }), 'bottom-left');
    for (const s of context.states) {
      const el = h(
        'div',
        { className: 'state-label' },
        h('span', { className: 'state-label-code' }, s.code),
        h('span', { className: 'state-label-name' }, s.name),
      );
      this.stateLabels.push(new Marker({ element: el }).setLngLat([s.lon, s.lat]).addTo(this.map));
    }
    this.map.once('load', () => {
      this.loaded = true;
      if (this.pending) this.map.getSource<GeoJSONSource>('territories')?.setData(this.pending);
      this.pending = null;
      this.applyFocus();
    });
    this.map.on('zoom', () => this.updateLabelMode());
    this.map.on('move', () => this.scheduleDeclutter());
    this.map.on('resize', () => this.scheduleDeclutter());
    this.map.on('mousemove', 'territory-fill', (e) => {
      const id = e.features?.[0]?.properties?.id;
      this.setHover(typeof id === 'string' ? id : null);
      this.map.getCanvas().style.cursor = 'pointer';
    });
    this.map.on('mouseleave', 'territory-fill', () => {
      this.setHover(null);
      this.map.getCanvas().style.cursor = '';
    });
    this.map.on('click', (e) => {
      const hit = this.map.queryRenderedFeatures(e.point, { layers: ['territory-fill'] })[0];
      const id = hit?.properties?.id;
      this.onPick(typeof id === 'string' ? id : null);
    });
    this.updateLabelMode();
  }

  /** Resolves once the style is loaded. */
  whenLoaded(): Promise<void> {
    return new Promise((resolve) => {
      if (this.loaded) resolve();
      else this.map.once('load', () => resolve());
    });
  }

  /** Resolves when the map has drawn everything it has been given. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      if (this.map.loaded() && this.map.areTilesLoaded() && !this.map.isMoving()) resolve();
      else this.map.once('idle', () => resolve());
    });
  }

  /** Replaces the territories drawn (one team's), with their labels. */
  setTerritories(territories: MapTerritory[]): void {
    this.territories = territories;
    const features: Feature[] = territories.flatMap((t) =>
      t.geometry ? [{ type: 'Feature', properties: { id: t.id, colour: t.colour }, geometry: t.geometry }] : [],
    );
    const data: FeatureCollection = { type: 'FeatureCollection', features };
    // sources exist only once the style has loaded; the load handler sends what came before
    if (this.loaded) this.map.getSource<GeoJSONSource>('territories')?.setData(data);
    else this.pending = data;
    this.labels.forEach((m) => m.remove());
    this.labels = territories.flatMap((t) => {
      if (!t.label) return [];
      const el = h(
        'div',
        { className: 'territory-label', style: { borderColor: t.colour }, attrs: { 'data-territory': t.id } },
        h('b', null, t.name),
        t.detail ? h('span', null, t.detail) : null,
      );
      return [new Marker({ element: el }).setLngLat([t.label[0], t.label[1]]).addTo(this.map)];
    });
    this.applyFocus();
  }

  private declutterFrame = 0;

  /** Declutters the labels once in the next frame, however often the camera moved before it. */
  private scheduleDeclutter(): void {
    if (this.declutterFrame) return;
    this.declutterFrame = requestAnimationFrame(() => {
      this.declutterFrame = 0;
      this.declutter();
    });
  }

  /**
   * Hides every label that would overlap one placed before it: the focused territory's first, then the other
   * territories in order, then state names. All boxes are read before any class is written (one layout), and a
   * hidden label keeps its box (visibility only), so the next pass can show it again where there is room.
   */
  declutter(): void {
    const territoryLabels = this.labels.map((m) => m.getElement());
    const focused = territoryLabels.filter((el) => el.classList.contains('is-focus'));
    const order = [
      ...focused,
      ...territoryLabels.filter((el) => !el.classList.contains('is-focus')),
      ...this.stateLabels.map((m) => m.getElement()),
    ];
    const boxes = order.map((el) => el.getBoundingClientRect());
    const placed: DOMRect[] = [];
    const gap = 2;
    const hide = order.map((_, i) => {
      const b = boxes[i];
      if (b.width === 0 && b.height === 0) return false; // not displayed at this zoom
      const hit = placed.some(
        (p) => b.left < p.right + gap && p.left < b.right + gap && b.top < p.bottom + gap && p.top < b.bottom + gap,
      );
      if (!hit) placed.push(b);
      return hit;
    });
    order.forEach((el, i) => el.classList.toggle('is-hidden', hide[i]));
  }

  /** Highlights one territory and dims the others (null = all in their colours). */
  setFocus(id: string | null): void {
    this.focus = id;
    this.applyFocus();
  }

  /** Moves the camera to bounds. */
  fit(bounds: Bounds, animate = true): void {
    this.map.fitBounds(boundsLike(bounds), { padding: 48, duration: animate ? 700 : 0, maxZoom: 9 });
  }

  /** Flies to a point and drops a pin there. */
  pinAt(lon: number, lat: number, label: string, zoom = 6.5): void {
    this.pin?.remove();
    const el = h(
      'div',
      { className: 'pin', attrs: { role: 'img', 'aria-label': label } },
      h('span', { className: 'pin-dot' }),
      h('span', { className: 'pin-label' }, label),
    );
    this.pin = new Marker({ element: el, anchor: 'bottom' }).setLngLat([lon, lat]).addTo(this.map);
    this.map.flyTo({ center: [lon, lat], zoom, essential: true });
  }

  clearPin(): void {
    this.pin?.remove();
    this.pin = null;
  }

  private setHover(id: string | null): void {
    if (id === this.hovered) return;
    if (this.hovered !== null) this.map.setFeatureState({ source: 'territories', id: this.hovered }, { hover: false });
    this.hovered = id;
    if (id !== null) this.map.setFeatureState({ source: 'territories', id }, { hover: true });
  }

  private applyFocus(): void {
    const focus = this.focus;
    for (const m of this.labels) {
      const id = m.getElement().dataset.territory;
      m.getElement().classList.toggle('is-dimmed', focus !== null && id !== focus);
      m.getElement().classList.toggle('is-focus', focus !== null && id === focus);
    }
    this.scheduleDeclutter();
    if (!this.loaded) return; // the load handler applies the paint

    const colour: ExpressionSpecification = ['to-color', ['get', 'colour'], '#94a3b8'];
    const isFocus: ExpressionSpecification = ['==', ['get', 'id'], focus ?? ''];
    // neighbours keep a faint tint of their colour so the reader still sees who is next door
    this.map.setPaintProperty('territory-fill', 'fill-color', colour);
    this.map.setPaintProperty('territory-fill', 'fill-opacity', focus ? ['case', isFocus, 0.88, 0.16] : 0.82);
    this.map.setPaintProperty('territory-outline', 'line-opacity', focus ? ['case', isFocus, 1, 0.3] : 0.85);
    this.map.setPaintProperty(
      'territory-outline',
      'line-width',
      focus
        ? ['interpolate', ['linear'], ['zoom'], 3, ['case', isFocus, 2.2, 0.8], 10, ['case', isFocus, 3.6, 1.6]]
        : ['interpolate', ['linear'], ['zoom'], 3, 1.1, 10, 2.4],
    );
  }

  private updateLabelMode(): void {
    const zoom = this.map.getZoom();
    this.map.getContainer().dataset.labels = zoom < 4.6 ? 'codes' : zoom < 8 ? 'names' : 'none';
  }

  /** The territories currently drawn. */
  drawn(): readonly MapTerritory[] {
    return this.territories;
  }
}
