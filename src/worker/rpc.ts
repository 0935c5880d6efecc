import * as Comlink from 'comlink';
import { EngineError, isEngineErrorCode } from '../engine/engineErrors.ts';

export { proxy, transfer, type Remote } from 'comlink';

/** An error as plain data, the way it crosses a worker boundary. */
export interface SerializedError {
  name: string;
  message: string;
  /** The typed error's code, when it has a string one. */
  code?: string;
  stack?: string;
}

/** A thrown value on the wire: an error as data, anything else as itself (structured clone). */
export type SerializedThrow = { isError: true; value: SerializedError } | { isError: false; value: unknown };

/** Typed errors the main thread rebuilds by name; each returns null when the code is not one of its own. */
const TYPED_ERRORS = new Map<string, (e: SerializedError) => Error | null>([
  ['EngineError', (e) => (isEngineErrorCode(e.code) ? new EngineError(e.code, e.message) : null)],
]);

/** Turns a value a worker threw into data that keeps an error's name, message, code and stack. */
export function serializeThrown(thrown: unknown): SerializedThrow {
  if (!(thrown instanceof Error)) return { isError: false, value: thrown };
  const code = (thrown as { code?: unknown }).code;
  return {
    isError: true,
    value: {
      name: thrown.name,
      message: thrown.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(thrown.stack === undefined ? {} : { stack: thrown.stack }),
    },
  };
}

/** Rebuilds what a worker threw: a known typed error gets its class and code back, any other error is an Error. */
export function deserializeThrown(serialized: SerializedThrow): unknown {
  if (!serialized.isError) return serialized.value;
  const { name, message, stack } = serialized.value;
  const error = TYPED_ERRORS.get(name)?.(serialized.value) ?? Object.assign(new Error(message), { name });
  if (stack !== undefined) error.stack = stack; // the worker's stack says where it failed
  return error;
}

const comlinkThrow = Comlink.transferHandlers.get('throw');
if (!comlinkThrow) throw new Error('Comlink has no "throw" transfer handler');
Comlink.transferHandlers.set('throw', {
  // Comlink marks thrown values with a private symbol, so its own handler recognises them
  canHandle: comlinkThrow.canHandle,
  serialize: (marked) => [serializeThrown((marked as { value: unknown }).value), []],
  deserialize: (serialized) => {
    throw deserializeThrown(serialized as SerializedThrow);
  },
});

/** Serves `api` to the thread that started this worker (call once, in the worker). */
export function exposeApi<T extends object>(api: T): void {
  Comlink.expose(api);
}

/** A typed proxy of the API a worker serves: each method returns a promise of its result. */
export function connectWorker<T>(worker: Worker): Comlink.Remote<T> {
  return Comlink.wrap<T>(worker);
}

/**
 * A progress callback to pass to a worker (it runs on this thread), and `stop`, after which it is
 * silent: progress travels on its own channel and may arrive after the result or a cancel.
 */
export function progressCallback<P>(onProgress: (p: P) => void): {
  callback: ((p: P) => void) & Comlink.ProxyMarked;
  stop: () => void;
} {
  let stopped = false;
  return {
    callback: Comlink.proxy((p: P) => {
      if (!stopped) onProgress(p);
    }),
    stop: () => {
      stopped = true;
    },
  };
}

/** The buffers behind some typed arrays, to transfer them instead of copying. */
export function buffersOf(...arrays: ArrayBufferView[]): ArrayBuffer[] {
  return arrays.map((a) => a.buffer as ArrayBuffer);
}
