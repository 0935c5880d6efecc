import type { AccountPositions } from '../geo/accountPositions.ts';
import type { ViewBox } from '../geo/accountsInView.ts';

/** The placed accounts whose dots fall inside a box (at most `limit`). */
export interface VisibleAccounts {
  account: Int32Array;
  lon: Float32Array;
  lat: Float32Array;
  colourClass: Uint8Array;
  /** How many accounts lie in the box in all; more than account.length when truncated. */
  total: number;
}

/** What the layer worker serves: it keeps the dot positions of the current accounts. */
export interface LayerApi {
  /** Places every account's dot; the answer is a copy of the positions for the main thread. */
  setAccounts(
    geoUrl: string,
    unit: Int32Array,
    exactLon: Float32Array,
    exactLat: Float32Array,
    classOfAccount: Uint8Array,
  ): Promise<AccountPositions>;
  setClasses(classOfAccount: Uint8Array): void;
  visible(box: ViewBox, limit: number): VisibleAccounts;
}
