import type { GeoIndex } from '../geo/geoIndex.ts';
import { accountPositions, type AccountPositions } from '../geo/accountPositions.ts';
import { groupAccountsByUnit, type AccountsByUnit } from '../geo/accountsByUnit.ts';
import { accountsInView } from '../geo/accountsInView.ts';
import type { LayerApi } from './layerProtocol.ts';
import { buffersOf, exposeApi, transfer } from './rpc.ts';
import { loadWorkerGeography } from './workerGeography.ts';

let state: { geo: GeoIndex; positions: AccountPositions; byUnit: AccountsByUnit; classes: Uint8Array } | null = null;

function current(): NonNullable<typeof state> {
  if (!state) throw new Error('No accounts loaded');
  return state;
}

const api: LayerApi = {
  async setAccounts(geoUrl, unit, exactLon, exactLat, classOfAccount) {
    const geo = await loadWorkerGeography(geoUrl);
    const positions = accountPositions(geo, unit, exactLon, exactLat);
    state = { geo, positions, byUnit: groupAccountsByUnit(unit, geo.unitCount), classes: classOfAccount };
    const copy = { lon: positions.lon.slice(), lat: positions.lat.slice() };
    return transfer(copy, buffersOf(copy.lon, copy.lat));
  },

  setClasses(classOfAccount) {
    current().classes = classOfAccount;
  },

  visible(box, limit) {
    const { geo, positions, byUnit, classes } = current();
    const { account, total } = accountsInView(geo, positions, byUnit, box, limit);
    const visible = {
      account,
      lon: Float32Array.from(account, (a) => positions.lon[a]),
      lat: Float32Array.from(account, (a) => positions.lat[a]),
      colourClass: Uint8Array.from(account, (a) => classes[a]),
      total,
    };
    return transfer(visible, buffersOf(visible.account, visible.lon, visible.lat, visible.colourClass));
  },
};

exposeApi(api);
