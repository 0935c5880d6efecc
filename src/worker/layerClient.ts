import type { AccountPositions } from '../geo/accountPositions.ts';
import type { AccountTable } from '../io/accountTable.ts';
import type { LayerRequest, LayerResponse, VisibleAccounts } from './layerProtocol.ts';

type Waiter = { resolve: (m: LayerResponse) => void; reject: (e: Error) => void };

/** Main-thread side of the layer worker: holds the current accounts' dots and answers "what is in view". */
export class LayerClient {
  private readonly worker = new Worker(new URL('./layerWorker.ts', import.meta.url), {
    type: 'module',
    name: 'layers',
  });
  private nextId = 1;
  private latestVisible = 0;
  private readonly waiting = new Map<number, Waiter>();

  constructor(private readonly geoUrl: string) {
    this.worker.onmessage = (event: MessageEvent<LayerResponse>) => {
      const m = event.data;
      const waiter = this.waiting.get(m.requestId);
      this.waiting.delete(m.requestId);
      if (m.type === 'error') waiter?.reject(new Error(m.message));
      else waiter?.resolve(m);
    };
  }

  private send(request: LayerRequest, transfer: Transferable[] = []): Promise<LayerResponse> {
    return new Promise((resolve, reject) => {
      this.waiting.set(request.requestId, { resolve, reject });
      this.worker.postMessage(request, transfer);
    });
  }

  /** Gives the worker the accounts and their colour classes; resolves with every account's dot position. */
  async setAccounts(table: AccountTable, classOfAccount: Uint8Array): Promise<AccountPositions> {
    const m = await this.send({
      type: 'set-accounts',
      requestId: this.nextId++,
      geoUrl: this.geoUrl,
      unit: table.unit,
      exactLon: table.lon,
      exactLat: table.lat,
      classOfAccount: classOfAccount.slice(),
    });
    if (m.type !== 'accounts-set') throw new Error('Unexpected reply from the layer worker');
    return m.positions;
  }

  /** Changes the colour classes (e.g. colour by owner instead of segment). */
  async setClasses(classOfAccount: Uint8Array): Promise<void> {
    const copy = classOfAccount.slice();
    await this.send({ type: 'set-classes', requestId: this.nextId++, classOfAccount: copy }, [copy.buffer]);
  }

  /** Accounts whose dots are inside the box; null when a newer view request superseded this one. */
  async visible(
    west: number,
    south: number,
    east: number,
    north: number,
    limit: number,
  ): Promise<VisibleAccounts | null> {
    const requestId = this.nextId++;
    this.latestVisible = requestId;
    const m = await this.send({ type: 'visible', requestId, west, south, east, north, limit });
    if (m.type !== 'visible' || requestId !== this.latestVisible) return null;
    return m.visible;
  }
}
