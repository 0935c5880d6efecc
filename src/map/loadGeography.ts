import * as topojson from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import type { FeatureCollection, MultiLineString, MultiPolygon, Polygon } from 'geojson';
import type { GeoDataFile } from '../geo/geoData.ts';
import { GeoIndex } from '../geo/geoIndex.ts';
import { packBorders, type BordersFile, type UnitBorders } from '../geo/borders.ts';
import { unitBorderLengths, type UnitBorderLengths } from '../geo/unitBorderLengths.ts';

/** Geography the map draws, decoded once at start. Feature ids are unit indices. */
export interface GeographyAssets {
  geo: GeoIndex;
  zipAreas: FeatureCollection<MultiPolygon>;
  lines: FeatureCollection<MultiLineString, { level: string }>;
  countries: FeatureCollection<Polygon | MultiPolygon, { u: number }>;
  /** Border lines between ZIP areas, for dissolved territory outlines. */
  borders: UnitBorders;
  /** km each ZIP area shares with each neighbour and with no one: territory perimeters for the shape measures. */
  borderLengths: UnitBorderLengths;
  /** Bytes downloaded (as decoded JSON text length), for diagnostics. */
  bytes: number;
}

async function fetchJson<T>(url: string, onBytes: (n: number) => void): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${url} (HTTP ${response.status}). Run "npm run build:geo".`);
  const text = await response.text();
  onBytes(text.length);
  return JSON.parse(text) as T;
}

/** Downloads and decodes the built geography (public/geo). */
export async function loadGeography(baseUrl: string, onProgress: (step: string) => void): Promise<GeographyAssets> {
  let bytes = 0;
  const add = (n: number): void => {
    bytes += n;
  };
  onProgress('Loading geography');
  const [units, zipTopo, linesTopo, worldTopo, bordersFile] = await Promise.all([
    fetchJson<GeoDataFile>(`${baseUrl}geo/units.json`, add),
    fetchJson<Topology<{ zips: GeometryCollection }>>(`${baseUrl}geo/zip-areas.topo.json`, add),
    fetchJson<Topology<{ lines: GeometryCollection<{ level: string }> }>>(`${baseUrl}geo/lines.topo.json`, add),
    fetchJson<Topology<{ countries: GeometryCollection<{ u: number }> }>>(`${baseUrl}geo/countries.topo.json`, add),
    fetchJson<BordersFile>(`${baseUrl}geo/borders.json`, add),
  ]);
  onProgress('Preparing map');
  const geo = new GeoIndex(units);
  const zipAreas = topojson.feature(zipTopo, zipTopo.objects.zips) as FeatureCollection<MultiPolygon>;
  zipAreas.features.forEach((f, i) => (f.id = i));
  const lines = topojson.feature(linesTopo, linesTopo.objects.lines) as FeatureCollection<
    MultiLineString,
    { level: string }
  >;
  const countries = topojson.feature(worldTopo, worldTopo.objects.countries) as FeatureCollection<
    Polygon | MultiPolygon,
    { u: number }
  >;
  // units keep their index as id; shapes that are not units (the US itself) get ids past the unit range
  countries.features.forEach((f, i) => (f.id = f.properties.u >= 0 ? f.properties.u : geo.unitCount + i));
  const borders = packBorders(bordersFile);
  // measured once here (~40 ms) rather than shipped: the geography download stays 226 KB gzipped smaller
  const borderLengths = unitBorderLengths(geo, zipTopo, borders, geo.countyOfUnit);
  return { geo, zipAreas, lines, countries, borders, borderLengths, bytes };
}
