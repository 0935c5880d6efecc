import type { AccountPositions } from '../geo/accountPositions.ts';

/** Messages to the layer worker, which keeps the dot positions of the current accounts. */
export type LayerRequest =
  | {
      type: 'set-accounts';
      requestId: number;
      geoUrl: string;
      unit: Int32Array;
      exactLon: Float32Array;
      exactLat: Float32Array;
      classOfAccount: Uint8Array;
    }
  | { type: 'set-classes'; requestId: number; classOfAccount: Uint8Array }
  | { type: 'visible'; requestId: number; west: number; south: number; east: number; north: number; limit: number };

/** The placed accounts whose dots fall inside a box (at most `limit`). */
export interface VisibleAccounts {
  account: Int32Array;
  lon: Float32Array;
  lat: Float32Array;
  colourClass: Uint8Array;
  /** How many accounts lie in the box in all; more than account.length when truncated. */
  total: number;
}

export type LayerResponse =
  | { type: 'accounts-set'; requestId: number; positions: AccountPositions }
  | { type: 'classes-set'; requestId: number }
  | { type: 'visible'; requestId: number; visible: VisibleAccounts }
  | { type: 'error'; requestId: number; message: string };
