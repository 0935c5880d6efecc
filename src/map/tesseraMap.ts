import { Map as MapLibreMap, Marker, NavigationControl, Popup, ScaleControl, setWorkerUrl } from 'maplibre-gl';
import type { ExpressionSpecification, GeoJSONSource, MapMouseEvent, StyleSpecification } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import 'maplibre-gl/dist/maplibre-gl.css';
import type { FeatureCollection, Point } from 'geojson';
import type { Level } from '../domain/geography.ts';
import type { GeographyAssets } from './loadGeography.ts';
import { LINE_STYLE, MAP_COLOURS } from './palette.ts';

setWorkerUrl(workerUrl);

export const CONTIGUOUS_US_BOUNDS: [[number, number], [number, number]] = [
  [-125, 24.3],
  [-66.9, 49.4],
];

/** Where the pointer is over a unit, in container pixels. */
export interface UnitHover {
  unit: number;
  x: number;
  y: number;
}

export interface TesseraMapEvents {
  onHover: (hover: UnitHover | null) => void;
  onSelect: (unit: number | null) => void;
  /** An account dot was clicked. */
  onAccountClick: (account: number) => void;
  /** The camera stopped moving (also fired once when the map has loaded). */
  onViewChange: (view: MapViewport) => void;
}

/** The visible box and zoom. */
export interface MapViewport {
  west: number;
  south: number;
  east: number;
  north: number;
  zoom: number;
}

/** From this zoom on, single account dots are drawn instead of per-ZIP bubbles and clusters. */
export const ACCOUNT_POINTS_ZOOM = 8;

const ACCOUNT_LAYERS = ['account-points', 'account-clusters'];

const LINE_LAYER_OF_LEVEL: Record<Level, string> = {
  state: 'state-lines',
  county: 'county-lines',
  zip3: 'zip3-lines',
  zip5: 'zip5-lines',
  country: 'country-lines',
};

/** Width in pixels of the seam drawn round each ZIP area in its own colour: wide enough to close simplification cracks. */
const SEAM_WIDTH = 1.5;

const flagState = (name: string): ExpressionSpecification => ['boolean', ['feature-state', name], false];

function categoryColourExpression(): ExpressionSpecification {
  const stops = MAP_COLOURS.categories.flatMap((colour, i) => [i, colour]);
  return ['match', ['get', 'c'], ...stops, MAP_COLOURS.otherCategory] as unknown as ExpressionSpecification;
}

/** The offline base style: sea, world land, ZIP areas, boundary lines per level, account points. No glyphs. */
function buildStyle(assets: GeographyAssets): StyleSpecification {
  const highlightOpacity: ExpressionSpecification = ['case', flagState('selected'), 0.45, flagState('hover'), 0.28, 0];
  const unitFill = (base: string): ExpressionSpecification => ['coalesce', ['feature-state', 'fill'], base];
  return {
    version: 8,
    sources: {
      countries: { type: 'geojson', data: assets.countries },
      zips: { type: 'geojson', data: assets.zipAreas, maxzoom: 10, tolerance: 0.45 },
      lines: { type: 'geojson', data: assets.lines, maxzoom: 10 },
      'account-units': {
        type: 'geojson',
        data: { type: 'FeatureCollection', features: [] },
        cluster: true,
        clusterMaxZoom: ACCOUNT_POINTS_ZOOM - 1,
        clusterRadius: 36,
        clusterProperties: { n: ['+', ['get', 'n']] },
      },
      accounts: { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      'unit-values': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
      'territory-outlines': { type: 'geojson', data: { type: 'FeatureCollection', features: [] } },
    },
    layers: [
      { id: 'sea', type: 'background', paint: { 'background-color': MAP_COLOURS.sea } },
      {
        id: 'country-fill',
        type: 'fill',
        source: 'countries',
        paint: { 'fill-color': unitFill(MAP_COLOURS.worldLand), 'fill-antialias': false },
      },
      {
        id: 'country-highlight',
        type: 'fill',
        source: 'countries',
        paint: { 'fill-color': MAP_COLOURS.highlight, 'fill-opacity': highlightOpacity },
      },
      {
        id: 'zip-fill',
        type: 'fill',
        source: 'zips',
        paint: { 'fill-color': unitFill(MAP_COLOURS.usLand), 'fill-antialias': false },
      },
      {
        // each ZIP area is simplified on its own, so neighbours leave hairline cracks and specks between them:
        // an edge in the area's own colour closes them (territory borders are drawn over it by the outlines)
        id: 'zip-seams',
        type: 'line',
        source: 'zips',
        layout: { 'line-join': 'round' },
        paint: { 'line-color': unitFill(MAP_COLOURS.usLand), 'line-width': SEAM_WIDTH },
      },
      {
        id: 'zip-highlight',
        type: 'fill',
        source: 'zips',
        paint: { 'fill-color': MAP_COLOURS.highlight, 'fill-opacity': highlightOpacity },
      },
      {
        id: 'zip-locked',
        type: 'fill',
        source: 'zips',
        paint: {
          'fill-color': ['case', flagState('changed'), '#facc15', '#111827'],
          'fill-opacity': ['case', flagState('changed'), 0.55, flagState('locked'), 0.28, 0],
        },
      },
      {
        id: 'zip5-lines',
        type: 'line',
        source: 'zips',
        minzoom: 7,
        paint: {
          'line-color': LINE_STYLE.inactive.color,
          'line-opacity': LINE_STYLE.inactive.opacity,
          'line-width': 0.4,
        },
      },
      {
        id: 'zip3-lines',
        type: 'line',
        source: 'lines',
        minzoom: 4.5,
        filter: ['==', ['get', 'level'], 'zip3'],
        paint: {
          'line-color': LINE_STYLE.inactive.color,
          'line-opacity': LINE_STYLE.inactive.opacity,
          'line-width': 0.6,
        },
      },
      {
        id: 'county-lines',
        type: 'line',
        source: 'lines',
        minzoom: 3.5,
        filter: ['==', ['get', 'level'], 'county'],
        paint: {
          'line-color': LINE_STYLE.inactive.color,
          'line-opacity': LINE_STYLE.inactive.opacity,
          'line-width': 0.5,
        },
      },
      {
        id: 'territory-outlines',
        type: 'line',
        source: 'territory-outlines',
        layout: { 'line-join': 'round', 'line-cap': 'round' },
        paint: {
          'line-color': '#111827',
          'line-opacity': 0.85,
          'line-width': ['interpolate', ['linear'], ['zoom'], 3, 1.1, 10, 2.4],
        },
      },
      {
        id: 'country-lines',
        type: 'line',
        source: 'countries',
        paint: { 'line-color': MAP_COLOURS.countryBorder, 'line-width': 0.8 },
      },
      {
        id: 'state-lines',
        type: 'line',
        source: 'lines',
        filter: ['==', ['get', 'level'], 'state'],
        paint: { 'line-color': '#4b5563', 'line-opacity': 0.8, 'line-width': 1.1 },
      },
      {
        id: 'value-heat',
        type: 'heatmap',
        source: 'unit-values',
        layout: { visibility: 'none' },
        paint: {
          'heatmap-weight': ['interpolate', ['linear'], ['ln', ['+', 1, ['get', 'w']]], 0, 0, 22, 1],
          'heatmap-intensity': ['interpolate', ['linear'], ['zoom'], 3, 0.25, 9, 1.2],
          'heatmap-radius': ['interpolate', ['linear'], ['zoom'], 3, 5, 9, 22],
          'heatmap-color': [
            'interpolate',
            ['linear'],
            ['heatmap-density'],
            ...MAP_COLOURS.heatRamp.flatMap(([stop, colour]) => [stop, colour]),
          ] as unknown as ExpressionSpecification,
          'heatmap-opacity': 0.8,
        },
      },
      {
        id: 'account-clusters',
        type: 'circle',
        source: 'account-units',
        maxzoom: ACCOUNT_POINTS_ZOOM,
        paint: {
          'circle-color': MAP_COLOURS.cluster,
          'circle-opacity': ['case', ['has', 'point_count'], 0.35, 0.25],
          'circle-radius': ['interpolate', ['linear'], ['sqrt', ['get', 'n']], 1, 3, 10, 8, 100, 22],
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': ['case', ['has', 'point_count'], 1, 0],
        },
      },
      {
        id: 'account-points',
        type: 'circle',
        source: 'accounts',
        minzoom: ACCOUNT_POINTS_ZOOM,
        paint: {
          'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 3, 12, 5.5],
          'circle-color': categoryColourExpression(),
          'circle-stroke-color': '#ffffff',
          'circle-stroke-width': ['interpolate', ['linear'], ['zoom'], 8, 0.5, 12, 1.2],
        },
      },
    ],
  };
}

/**
 * MapLibre glue: the offline style, unit colours through feature-state (only changed units are
 * written), level outlines, hover and selection of the current level's group, DOM state labels.
 */
export class TesseraMap {
  readonly map: MapLibreMap;
  private level: Level = 'zip5';
  private hovered: Int32Array = new Int32Array(0);
  private hoveredGroupKey = '';
  private selected: Int32Array = new Int32Array(0);
  private readonly unitFills = new Map<number, string>();
  private readonly labels: Marker[] = [];
  private popup: Popup | null = null;
  private readonly lockedUnits = new Set<number>();
  private changedUnits: number[] = [];

  constructor(
    container: HTMLElement,
    private readonly assets: GeographyAssets,
    private readonly events: TesseraMapEvents,
  ) {
    this.map = new MapLibreMap({
      container,
      style: buildStyle(assets),
      bounds: CONTIGUOUS_US_BOUNDS,
      fitBoundsOptions: { padding: 24 },
      attributionControl: { customAttribution: 'ZIP areas approximated from Census ZCTA points · Natural Earth' },
      renderWorldCopies: false,
      dragRotate: false,
      pitchWithRotate: false,
      maxZoom: 14,
    });
    this.map.touchZoomRotate.disableRotation();
    this.map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
    this.map.addControl(new ScaleControl({ unit: 'imperial' }), 'bottom-left');
    this.map.on('mousemove', (e) => this.handleMove(e));
    this.map.on('mouseout', () => this.clearHover());
    this.map.on('click', (e) => this.handleClick(e));
    this.map.on('zoom', () => this.updateLabelMode());
    this.map.on('moveend', () => this.events.onViewChange(this.view()));
    this.map.once('load', () => this.events.onViewChange(this.view()));
    this.addStateLabels();
    this.applyLevelStyle();
  }

  /** Resolves once the style is loaded, so feature-state and paint changes can be applied. */
  whenLoaded(): Promise<void> {
    return new Promise((resolve) => {
      if (this.map.isStyleLoaded()) resolve();
      else this.map.once('load', () => resolve());
    });
  }

  /** Resolves after the map has drawn everything it has been given. */
  whenIdle(): Promise<void> {
    return new Promise((resolve) => {
      if (this.map.loaded() && this.map.areTilesLoaded() && !this.map.isMoving()) resolve();
      else this.map.once('idle', () => resolve());
    });
  }

  setLevel(level: Level): void {
    this.level = level;
    this.applyLevelStyle();
    this.setHoverUnits(new Int32Array(0), '');
  }

  /** Colours units through feature-state; units missing from `fills` go back to the base colour. */
  setUnitFills(fills: Map<number, string>): void {
    for (const [unit] of this.unitFills)
      if (!fills.has(unit)) {
        this.map.removeFeatureState({ source: this.sourceOf(unit), id: unit }, 'fill');
        this.unitFills.delete(unit);
      }
    for (const [unit, colour] of fills)
      if (this.unitFills.get(unit) !== colour) {
        this.map.setFeatureState({ source: this.sourceOf(unit), id: unit }, { fill: colour });
        this.unitFills.set(unit, colour);
      }
  }

  /** Recolours just these units (null = back to the base colour); the fast path while painting. */
  setUnitColours(units: ArrayLike<number>, colourOf: (unit: number) => string | null): void {
    for (let i = 0; i < units.length; i++) {
      const unit = units[i];
      const colour = colourOf(unit);
      if (colour === null) {
        if (this.unitFills.delete(unit)) this.map.removeFeatureState({ source: this.sourceOf(unit), id: unit }, 'fill');
      } else if (this.unitFills.get(unit) !== colour) {
        this.map.setFeatureState({ source: this.sourceOf(unit), id: unit }, { fill: colour });
        this.unitFills.set(unit, colour);
      }
    }
  }

  /** Marks units as locked against painting (a grey veil over them). */
  setUnitLocks(units: ArrayLike<number>, locked: boolean): void {
    for (let i = 0; i < units.length; i++) {
      const unit = units[i];
      this.map.setFeatureState({ source: this.sourceOf(unit), id: unit }, { locked });
      if (locked) this.lockedUnits.add(unit);
      else this.lockedUnits.delete(unit);
    }
  }

  /** Highlights the units an auto-balance proposal moves. */
  setChangedUnits(units: ArrayLike<number>): void {
    for (const u of this.changedUnits)
      this.map.setFeatureState({ source: this.sourceOf(u), id: u }, { changed: false });
    this.changedUnits = Array.from(units);
    for (const u of this.changedUnits) this.map.setFeatureState({ source: this.sourceOf(u), id: u }, { changed: true });
  }

  clearUnitLocks(): void {
    this.setUnitLocks(Array.from(this.lockedUnits), false);
  }

  /** Replaces the dissolved territory outlines (MultiLineString coordinates). */
  setTerritoryOutlines(lines: number[][][]): void {
    this.map.getSource<GeoJSONSource>('territory-outlines')?.setData({
      type: 'Feature',
      properties: {},
      geometry: { type: 'MultiLineString', coordinates: lines },
    });
  }

  /** Replaces the per-ZIP account counts drawn as bubbles and clusters below ACCOUNT_POINTS_ZOOM. */
  setAccountUnits(points: FeatureCollection<Point, { n: number }>): void {
    this.map.getSource<GeoJSONSource>('account-units')?.setData(points);
  }

  /** Replaces the single account dots drawn from ACCOUNT_POINTS_ZOOM on (only those in view). */
  setAccountPoints(points: FeatureCollection<Point, { i: number; c: number }>): void {
    this.map.getSource<GeoJSONSource>('accounts')?.setData(points);
  }

  /** The visible box and zoom. */
  view(): MapViewport {
    const b = this.map.getBounds();
    return { west: b.getWest(), south: b.getSouth(), east: b.getEast(), north: b.getNorth(), zoom: this.map.getZoom() };
  }

  /** Replaces the ZIP-area value points that feed the heat map. */
  setUnitValuePoints(points: FeatureCollection<Point, { w: number }>): void {
    this.map.getSource<GeoJSONSource>('unit-values')?.setData(points);
  }

  /** Shows the value-density heat map instead of the value shading of ZIP areas. */
  setHeatmap(on: boolean): void {
    this.map.setLayoutProperty('value-heat', 'visibility', on ? 'visible' : 'none');
    const fill: ExpressionSpecification | string = on
      ? MAP_COLOURS.usLand
      : ['coalesce', ['feature-state', 'fill'], MAP_COLOURS.usLand];
    this.map.setPaintProperty('zip-fill', 'fill-color', fill);
    this.map.setPaintProperty('zip-seams', 'line-color', fill);
  }

  /** Opens a popup with the given content (built by the caller with text nodes only). */
  showPopup(lon: number, lat: number, content: HTMLElement, onClose?: () => void): void {
    this.popup?.remove();
    this.popup = new Popup({ maxWidth: '320px', closeButton: true, focusAfterOpen: false })
      .setLngLat([lon, lat])
      .setDOMContent(content)
      .addTo(this.map);
    if (onClose) this.popup.on('close', onClose);
  }

  /** Closes the account popup, if one is open. */
  closePopup(): void {
    this.popup?.remove();
    this.popup = null;
  }

  /** Flies to a point at street-level zoom. */
  flyTo(lon: number, lat: number, zoom = 11): void {
    this.map.flyTo({ center: [lon, lat], zoom, essential: true });
  }

  /** Selects the group of a unit at the current level (or clears the selection). */
  select(unit: number | null): void {
    for (const u of this.selected) this.map.setFeatureState({ source: this.sourceOf(u), id: u }, { selected: false });
    this.selected = unit === null ? new Int32Array(0) : this.groupUnits(unit);
    for (const u of this.selected) this.map.setFeatureState({ source: this.sourceOf(u), id: u }, { selected: true });
  }

  flyToUnit(unit: number): void {
    const { geo } = this.assets;
    this.map.flyTo({ center: [geo.lon[unit], geo.lat[unit]], zoom: geo.isZipUnit(unit) ? 10 : 4 });
  }

  fitContiguousUS(): void {
    this.map.fitBounds(CONTIGUOUS_US_BOUNDS, { padding: 24 });
  }

  destroy(): void {
    this.popup?.remove();
    this.labels.forEach((m) => m.remove());
    this.map.remove();
  }

  private sourceOf(unit: number): 'zips' | 'countries' {
    return this.assets.geo.isZipUnit(unit) ? 'zips' : 'countries';
  }

  private groupUnits(unit: number): Int32Array {
    const { geo } = this.assets;
    if (this.level === 'country') return geo.isZipUnit(unit) ? new Int32Array(0) : Int32Array.of(unit);
    if (!geo.isZipUnit(unit)) return Int32Array.of(unit);
    return geo.unitsInSameGroup(this.level, unit);
  }

  private unitAt(e: MapMouseEvent): number {
    const features = this.map.queryRenderedFeatures(e.point, { layers: ['zip-fill', 'country-fill'] });
    const zip = features.find((f) => f.layer.id === 'zip-fill');
    const hit = zip ?? features[0];
    const id = hit ? Number(hit.id) : -1;
    return id >= 0 && id < this.assets.geo.unitCount ? id : -1;
  }

  private handleMove(e: MapMouseEvent): void {
    // no hover while a paint tool drags: the brush shows where it paints, and each move costs a hit test
    if (!this.selectionEnabled && (e.originalEvent.buttons & 1) !== 0) {
      if (this.hovered.length > 0) this.clearHover();
      return;
    }
    const unit = this.unitAt(e);
    if (unit < 0) {
      this.clearHover();
      return;
    }
    this.map.getCanvas().style.cursor = 'pointer';
    const group = this.groupUnits(unit);
    const key = `${this.level}:${group.length > 0 ? group[0] : unit}`;
    if (key !== this.hoveredGroupKey) this.setHoverUnits(group, key);
    this.events.onHover({ unit, x: e.point.x, y: e.point.y });
  }

  private clearHover(): void {
    this.map.getCanvas().style.cursor = '';
    this.setHoverUnits(new Int32Array(0), '');
    this.events.onHover(null);
  }

  private setHoverUnits(units: Int32Array, key: string): void {
    for (const u of this.hovered) this.map.setFeatureState({ source: this.sourceOf(u), id: u }, { hover: false });
    this.hovered = units;
    this.hoveredGroupKey = key;
    for (const u of units) this.map.setFeatureState({ source: this.sourceOf(u), id: u }, { hover: true });
  }

  /** Clicks select units only with the select tool; the painting tools use clicks themselves. */
  selectionEnabled = true;

  private handleClick(e: MapMouseEvent): void {
    if (!this.selectionEnabled) return;
    const hits = this.map.queryRenderedFeatures(e.point, { layers: ACCOUNT_LAYERS });
    const cluster = hits.find((f) => f.layer.id === 'account-clusters');
    const point = hits.find((f) => f.layer.id === 'account-points');
    if (point) {
      this.events.onAccountClick(Number(point.properties.i));
      return;
    }
    if (cluster) {
      const center = (cluster.geometry as Point).coordinates as [number, number];
      if (cluster.properties.cluster_id === undefined) {
        this.map.easeTo({ center, zoom: Math.max(this.map.getZoom() + 2, ACCOUNT_POINTS_ZOOM + 1) });
        return;
      }
      const source = this.map.getSource<GeoJSONSource>('account-units');
      void source?.getClusterExpansionZoom(Number(cluster.properties.cluster_id)).then((zoom) => {
        this.map.easeTo({ center, zoom: Math.min(zoom + 0.5, 12) });
      });
      return;
    }
    const unit = this.unitAt(e);
    this.select(unit >= 0 ? unit : null);
    this.events.onSelect(unit >= 0 ? unit : null);
  }

  private applyLevelStyle(): void {
    if (!this.map.isStyleLoaded()) {
      this.map.once('load', () => this.applyLevelStyle());
      return;
    }
    for (const [level, layer] of Object.entries(LINE_LAYER_OF_LEVEL) as [Level, string][]) {
      if (level === 'state' || level === 'country') continue;
      const active = level === this.level;
      const style = active ? LINE_STYLE.active : LINE_STYLE.inactive;
      this.map.setPaintProperty(layer, 'line-color', style.color);
      this.map.setPaintProperty(layer, 'line-opacity', style.opacity);
      this.map.setPaintProperty(layer, 'line-width', active ? 1.4 : level === 'zip5' ? 0.4 : 0.6);
    }
    // the active level's outlines show from a lower zoom so switching is visible at once
    this.map.setLayerZoomRange('zip5-lines', this.level === 'zip5' ? 6 : 7.5, 24);
    this.map.setLayerZoomRange('zip3-lines', this.level === 'zip3' ? 3 : 4.5, 24);
    this.map.setLayerZoomRange('county-lines', this.level === 'county' ? 2 : 3.5, 24);
    this.map.setPaintProperty('state-lines', 'line-width', this.level === 'state' ? 2.2 : 1.1);
    this.map.setPaintProperty('country-lines', 'line-width', this.level === 'country' ? 1.8 : 0.8);
    this.map.setPaintProperty(
      'country-lines',
      'line-color',
      this.level === 'country' ? '#374151' : MAP_COLOURS.countryBorder,
    );
  }

  private addStateLabels(): void {
    for (const s of this.assets.geo.data.states) {
      const el = document.createElement('div');
      el.className = 'state-label';
      const code = document.createElement('span');
      code.className = 'state-label-code';
      code.textContent = s.code;
      const name = document.createElement('span');
      name.className = 'state-label-name';
      name.textContent = s.name;
      el.append(code, name);
      this.labels.push(new Marker({ element: el }).setLngLat([s.lon, s.lat]).addTo(this.map));
    }
    this.updateLabelMode();
  }

  private updateLabelMode(): void {
    const zoom = this.map.getZoom();
    const container = this.map.getContainer();
    container.dataset.labels = zoom < 4.6 ? 'codes' : zoom < 8 ? 'names' : 'none';
  }
}
