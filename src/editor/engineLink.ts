import type { EngineApi } from '../engine/planEngine.ts';

/** Calls one engine method: in the app the engine worker, in Node tests an engine in the same process. */
export type EngineCaller = <K extends keyof EngineApi>(
  method: K,
  ...args: Parameters<EngineApi[K]>
) => Promise<ReturnType<EngineApi[K]>>;

let caller: EngineCaller | null = null;

/** Sets the engine every command and follower talks to (once, at start-up or in a test). */
export function connectEngine(engine: EngineCaller): void {
  caller = engine;
}

/** Calls the connected engine; fails clearly when no engine is connected yet. */
export function engineCall<K extends keyof EngineApi>(
  method: K,
  ...args: Parameters<EngineApi[K]>
): Promise<ReturnType<EngineApi[K]>> {
  if (!caller) return Promise.reject(new Error('The engine is not connected yet.'));
  return caller(method, ...args);
}
