import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Topology } from 'topojson-specification';
import { packBorders, type BordersFile } from './borders.ts';
import type { GeoDataFile } from './geoData.ts';
import { GeoIndex } from './geoIndex.ts';
import { unitBorderLengths, type UnitBorderLengths } from './unitBorderLengths.ts';

/** Reads the built geography from disk (tests, CLI, scripts). Run `npm run build:geo` first. */
export function readGeoFile<T = GeoDataFile>(name: string, root = process.cwd()): T {
  return JSON.parse(readFileSync(join(root, 'public', 'geo', name), 'utf8')) as T;
}

/** The built geography as a GeoIndex, for Node. */
export function loadGeoIndexFromDisk(root = process.cwd()): GeoIndex {
  return new GeoIndex(readGeoFile<GeoDataFile>('units.json', root));
}

/** Border lengths per unit from the built ZIP outlines and borders, as the app measures them at start. */
export function loadBorderLengthsFromDisk(geo: GeoIndex, root = process.cwd()): UnitBorderLengths {
  const topology = readGeoFile<Topology>('zip-areas.topo.json', root);
  const borders = packBorders(readGeoFile<BordersFile>('borders.json', root));
  return unitBorderLengths(geo, topology, borders, geo.countyOfUnit);
}
