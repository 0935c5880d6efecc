import { Marker, type Map as MapLibreMap } from 'maplibre-gl';
import type { GeoIndex } from '../geo/geoIndex.ts';

/** One label: where, what it says, in which colour. */
export interface TerritoryLabel {
  lon: number;
  lat: number;
  name: string;
  rep: string;
  colour: string;
}

/**
 * Label positions: for each territory, its unit nearest to the area-weighted centre of its units,
 * so the label sits on the territory even when it is curved or in pieces.
 */
export function territoryLabelPoints(
  geo: GeoIndex,
  assignment: Int32Array,
  territoryCount: number,
): ([number, number] | null)[] {
  const w = new Float64Array(territoryCount);
  const x = new Float64Array(territoryCount);
  const y = new Float64Array(territoryCount);
  for (let u = 0; u < assignment.length; u++) {
    const k = assignment[u];
    if (k < 0 || k >= territoryCount) continue;
    const a = Math.max(geo.areaKm2[u], 1e-3);
    w[k] += a;
    x[k] += a * geo.lon[u];
    y[k] += a * geo.lat[u];
  }
  const best = new Int32Array(territoryCount).fill(-1);
  const bestD = new Float64Array(territoryCount).fill(Infinity);
  for (let u = 0; u < assignment.length; u++) {
    const k = assignment[u];
    if (k < 0 || k >= territoryCount) continue;
    const d = (geo.lon[u] - x[k] / w[k]) ** 2 + (geo.lat[u] - y[k] / w[k]) ** 2;
    if (d < bestD[k]) {
      bestD[k] = d;
      best[k] = u;
    }
  }
  return Array.from(best, (u) => (u >= 0 ? [geo.lon[u], geo.lat[u]] : null));
}

/** DOM labels (no glyph server) with territory and rep name, text only. */
export class TerritoryLabels {
  private markers: Marker[] = [];

  constructor(private readonly map: MapLibreMap) {}

  set(labels: TerritoryLabel[]): void {
    this.clear();
    for (const l of labels) {
      const el = document.createElement('div');
      el.className = 'territory-label';
      el.style.borderColor = l.colour;
      const name = document.createElement('b');
      name.textContent = l.name;
      const rep = document.createElement('span');
      rep.textContent = l.rep;
      el.append(name, rep);
      this.markers.push(new Marker({ element: el }).setLngLat([l.lon, l.lat]).addTo(this.map));
    }
  }

  clear(): void {
    this.markers.forEach((m) => m.remove());
    this.markers = [];
  }
}
