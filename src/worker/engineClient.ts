import type { EngineApi } from '../engine/planEngine.ts';
import type { EngineCall, EngineReply } from './engineProtocol.ts';

/** Main-thread proxy of the engine worker: every engine method, returning a promise of its result. */
export class EngineClient {
  private readonly worker = new Worker(new URL('./engineWorker.ts', import.meta.url), {
    type: 'module',
    name: 'engine',
  });
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  constructor() {
    this.worker.onmessage = (event: MessageEvent<EngineReply>) => {
      const reply = event.data;
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if (!waiter) return;
      if (reply.ok) waiter.resolve(reply.value);
      else waiter.reject(new Error(reply.error));
    };
  }

  /** Calls an engine method in the worker; arguments are copied (structured clone). */
  call<K extends keyof EngineApi>(method: K, ...args: Parameters<EngineApi[K]>): Promise<ReturnType<EngineApi[K]>> {
    const id = this.nextId++;
    const message = { id, method, args } as EngineCall;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject });
      this.worker.postMessage(message);
    });
  }
}
