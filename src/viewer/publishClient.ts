/**
 * What the planner needs to publish (issue 7): the viewer bundle and the geography files, fetched
 * from the app's own origin (the only place the offline app may fetch from), and a download of the
 * composed file. The data itself comes from buildPublishedData / buildCandidateData.
 */
import type { Topology } from 'topojson-specification';
import type { GeoIndex } from '../geo/geoIndex.ts';
import type { PublishGeography } from '../io/publishData.ts';
import { VIEWER_CSS, VIEWER_DIR, VIEWER_JS, type ViewerBundle } from './viewerAssets.ts';

let viewerBundle: Promise<ViewerBundle> | null = null;
const topologies = new Map<string, Promise<Topology>>();

async function fetchText(url: string): Promise<string> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`Could not load ${url} (HTTP ${response.status}).`);
  return response.text();
}

/** The viewer built next to the app (dist/viewer/, or from memory by the dev server); fetched once. */
export function fetchViewerBundle(baseUrl: string = import.meta.env.BASE_URL): Promise<ViewerBundle> {
  viewerBundle ??= Promise.all([
    fetchText(`${baseUrl}${VIEWER_DIR}/${VIEWER_JS}`),
    fetchText(`${baseUrl}${VIEWER_DIR}/${VIEWER_CSS}`),
  ]).then(
    ([js, css]) => ({ js, css }),
    (e: unknown) => {
      viewerBundle = null; // let a later publish try again
      throw e;
    },
  );
  return viewerBundle;
}

function fetchTopology(url: string): Promise<Topology> {
  let p = topologies.get(url);
  if (!p) {
    p = fetchText(url).then((text) => JSON.parse(text) as Topology);
    p.catch(() => topologies.delete(url));
    topologies.set(url, p);
  }
  return p;
}

/** The geography a published map is drawn from: the app's GeoIndex plus the three topology files. */
export async function fetchPublishGeography(
  geo: GeoIndex,
  baseUrl: string = import.meta.env.BASE_URL,
): Promise<PublishGeography> {
  const [zipAreas, countries, lines] = await Promise.all([
    fetchTopology(`${baseUrl}geo/zip-areas.topo.json`),
    fetchTopology(`${baseUrl}geo/countries.topo.json`),
    fetchTopology(`${baseUrl}geo/lines.topo.json`),
  ]);
  return { geo, zipAreas, countries, lines };
}

/** A file name from the plan name: "FY27 plan" -> "FY27-plan-territory-map.html". */
export function publishedFileName(planName: string, kind: 'territory-map' | 'candidate', territory = ''): string {
  const slug = (s: string): string =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^\w]+/g, '-')
      .replace(/^-+|-+$/g, '');
  const parts = [
    slug(planName) || 'plan',
    kind === 'candidate' ? `${slug(territory) || 'territory'}-candidate` : 'territory-map',
  ];
  return `${parts.join('-')}.html`;
}

/** Saves the composed HTML as a download (from memory, nothing is sent anywhere). */
export function downloadHtml(html: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([html], { type: 'text/html;charset=utf-8' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}
