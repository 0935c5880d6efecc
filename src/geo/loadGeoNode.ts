import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GeoDataFile } from './geoData.ts';
import { GeoIndex } from './geoIndex.ts';

/** Reads the built geography from disk (tests, CLI, scripts). Run `npm run build:geo` first. */
export function readGeoFile<T = GeoDataFile>(name: string, root = process.cwd()): T {
  return JSON.parse(readFileSync(join(root, 'public', 'geo', name), 'utf8')) as T;
}

/** The built geography as a GeoIndex, for Node. */
export function loadGeoIndexFromDisk(root = process.cwd()): GeoIndex {
  return new GeoIndex(readGeoFile<GeoDataFile>('units.json', root));
}
