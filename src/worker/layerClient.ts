import type { AccountPositions } from '../geo/accountPositions.ts';
import type { AccountTable } from '../io/accountTable.ts';
import type { LayerApi, VisibleAccounts } from './layerProtocol.ts';
import { connectWorker, transfer } from './rpc.ts';

/** Main-thread side of the layer worker: holds the current accounts' dots and answers "what is in view". */
export class LayerClient {
  private readonly layers = connectWorker<LayerApi>(
    new Worker(new URL('./layerWorker.ts', import.meta.url), { type: 'module', name: 'layers' }),
  );
  private latestVisible = 0;

  constructor(private readonly geoUrl: string) {}

  /** Gives the worker the accounts and their colour classes; resolves with every account's dot position. */
  setAccounts(table: AccountTable, classOfAccount: Uint8Array): Promise<AccountPositions> {
    const classes = classOfAccount.slice();
    // the table's columns stay in use here, so they are copied; the classes are a fresh copy, moved
    return this.layers.setAccounts(this.geoUrl, table.unit, table.lon, table.lat, transfer(classes, [classes.buffer]));
  }

  /** Changes the colour classes (e.g. colour by owner instead of segment). */
  setClasses(classOfAccount: Uint8Array): Promise<void> {
    const copy = classOfAccount.slice();
    return this.layers.setClasses(transfer(copy, [copy.buffer]));
  }

  /** Accounts whose dots are inside the box; null when a newer view request superseded this one. */
  async visible(
    west: number,
    south: number,
    east: number,
    north: number,
    limit: number,
  ): Promise<VisibleAccounts | null> {
    const request = ++this.latestVisible;
    const visible = await this.layers.visible({ west, south, east, north }, limit);
    return request === this.latestVisible ? visible : null;
  }
}
