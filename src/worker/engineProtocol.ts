import type { EngineApi } from '../engine/planEngine.ts';

/** A call of one engine method, typed from the engine's own signature. */
export type EngineCall = {
  [K in keyof EngineApi]: { id: number; method: K; args: Parameters<EngineApi[K]> };
}[keyof EngineApi];

/** The answer to a call: the method's return value or its error message. */
export type EngineReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };
