/// <reference lib="webworker" />
import type { GeoDataFile } from '../geo/geoData.ts';
import { GeoIndex } from '../geo/geoIndex.ts';
import { accountPositions, type AccountPositions } from '../geo/accountPositions.ts';
import { groupAccountsByUnit, type AccountsByUnit } from '../geo/accountsByUnit.ts';
import { accountsInView } from '../geo/accountsInView.ts';
import type { LayerRequest, LayerResponse } from './layerProtocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let geoPromise: Promise<GeoIndex> | null = null;
let state: { geo: GeoIndex; positions: AccountPositions; byUnit: AccountsByUnit; classes: Uint8Array } | null = null;

function loadGeo(url: string): Promise<GeoIndex> {
  geoPromise ??= fetch(url).then(async (r) => {
    if (!r.ok) throw new Error(`Could not load the geography (HTTP ${r.status})`);
    return new GeoIndex((await r.json()) as GeoDataFile);
  });
  return geoPromise;
}

function post(message: LayerResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

async function handle(request: LayerRequest): Promise<void> {
  if (request.type === 'set-accounts') {
    const geo = await loadGeo(request.geoUrl);
    const positions = accountPositions(geo, request.unit, request.exactLon, request.exactLat);
    state = {
      geo,
      positions,
      byUnit: groupAccountsByUnit(request.unit, geo.unitCount),
      classes: request.classOfAccount,
    };
    const copy = { lon: positions.lon.slice(), lat: positions.lat.slice() };
    post({ type: 'accounts-set', requestId: request.requestId, positions: copy }, [copy.lon.buffer, copy.lat.buffer]);
    return;
  }
  if (!state) throw new Error('No accounts loaded');
  if (request.type === 'set-classes') {
    state.classes = request.classOfAccount;
    post({ type: 'classes-set', requestId: request.requestId });
    return;
  }
  const { geo, positions, byUnit, classes } = state;
  const { account, total } = accountsInView(geo, positions, byUnit, request, request.limit);
  const visible = {
    account,
    lon: Float32Array.from(account, (a) => positions.lon[a]),
    lat: Float32Array.from(account, (a) => positions.lat[a]),
    colourClass: Uint8Array.from(account, (a) => classes[a]),
    total,
  };
  post({ type: 'visible', requestId: request.requestId, visible }, [
    visible.account.buffer,
    visible.lon.buffer,
    visible.lat.buffer,
    visible.colourClass.buffer,
  ]);
}

scope.onmessage = (event: MessageEvent<LayerRequest>) => {
  handle(event.data).catch((error: unknown) =>
    post({
      type: 'error',
      requestId: event.data.requestId,
      message: error instanceof Error ? error.message : String(error),
    }),
  );
};
