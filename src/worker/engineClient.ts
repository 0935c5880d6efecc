import type { EngineApi } from '../engine/planEngine.ts';
import { connectWorker } from './rpc.ts';

type RemoteMethod = (...args: unknown[]) => Promise<unknown>;

/** Main-thread proxy of the engine worker: every engine method, returning a promise of its result. */
export class EngineClient {
  private readonly engine = connectWorker<EngineApi>(
    new Worker(new URL('./engineWorker.ts', import.meta.url), { type: 'module', name: 'engine' }),
  );
  // one Comlink proxy per method, made once: applyMoves runs on every pointer move
  private readonly methods = new Map<keyof EngineApi, RemoteMethod>();

  /** Calls an engine method in the worker; arguments and results are copied (structured clone). */
  call<K extends keyof EngineApi>(method: K, ...args: Parameters<EngineApi[K]>): Promise<ReturnType<EngineApi[K]>> {
    let remote = this.methods.get(method);
    if (!remote) {
      remote = this.engine[method] as unknown as RemoteMethod;
      this.methods.set(method, remote);
    }
    return remote(...args) as Promise<ReturnType<EngineApi[K]>>;
  }
}
