/**
 * Entry of the published viewer (built by scripts/viewerBuild.ts into one script and one stylesheet
 * that composeHtml inlines). Reads the data embedded in the page and renders the full map or the
 * candidate view.
 */
import 'maplibre-gl/dist/maplibre-gl.css';
import './viewer.css';
import { setWorkerUrl, type Map as MapLibreMap } from 'maplibre-gl';
// the worker's source as text: a file opened from disk cannot load a worker from anywhere else
import workerSource from 'maplibre-gl/dist/maplibre-gl-worker.mjs?raw';
import { PUBLISHED_FORMAT, type PublishedData } from '../io/publishFormat.ts';
import { DATA_ELEMENT_ID } from './composeHtml.ts';
import { renderCandidateView } from './candidateView.ts';
import { h } from './dom.ts';
import { renderFullMapView } from './fullMapView.ts';

/** What tests and curious readers can see of the running viewer. */
export interface ViewerHandle {
  kind: 'map' | 'candidate' | null;
  ready: boolean;
  error: string | null;
  map: MapLibreMap | null;
}

declare global {
  interface Window {
    __tesseraViewer?: ViewerHandle;
  }
}

function readData(): PublishedData {
  const text = document.getElementById(DATA_ELEMENT_ID)?.textContent ?? '';
  const data = JSON.parse(text) as PublishedData;
  if (data?.format !== PUBLISHED_FORMAT) throw new Error('This file holds no Tessera territory map.');
  return data;
}

function boot(): void {
  const root = document.getElementById('tessera-viewer') ?? document.body;
  const handle: ViewerHandle = { kind: null, ready: false, error: null, map: null };
  window.__tesseraViewer = handle;
  let data: PublishedData;
  try {
    data = readData();
  } catch (e) {
    handle.error = e instanceof Error ? e.message : String(e);
    root.append(h('p', { className: 'v-fatal' }, `This territory map could not be opened: ${handle.error}`));
    return;
  }
  // MapLibre reads a blob: URL back with fetch, or turns it into a data: URL when the page's origin is
  // "null" (opened from disk); both stay inside the page
  setWorkerUrl(URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' })));
  handle.kind = data.kind;
  const view = data.kind === 'map' ? renderFullMapView(root, data) : renderCandidateView(root, data);
  handle.map = view.map?.map ?? null;
  view.map?.map.on('error', (e) => {
    handle.error = e.error?.message ?? 'map error';
  });
  void view.ready.then(() => {
    handle.ready = true;
    document.documentElement.dataset.ready = 'true';
  });
}

boot();
