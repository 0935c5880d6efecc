import type { GeoDataFile } from '../geo/geoData.ts';
import { GeoIndex } from '../geo/geoIndex.ts';

let cached: { url: string; geo: Promise<GeoIndex> } | null = null;

/** The unit geography (units.json) a worker needs, fetched and indexed once per worker; a failed load is retried. */
export function loadWorkerGeography(url: string): Promise<GeoIndex> {
  if (cached?.url === url) return cached.geo;
  const geo = fetch(url).then(async (r) => {
    if (!r.ok) throw new Error(`Could not load the geography (HTTP ${r.status})`);
    return new GeoIndex((await r.json()) as GeoDataFile);
  });
  cached = { url, geo };
  geo.catch(() => {
    if (cached?.geo === geo) cached = null;
  });
  return geo;
}
