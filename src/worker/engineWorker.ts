/// <reference lib="webworker" />
import { PlanEngine } from '../engine/planEngine.ts';
import type { EngineCall, EngineReply } from './engineProtocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const engine = new PlanEngine();

scope.onmessage = (event: MessageEvent<EngineCall>) => {
  const call = event.data;
  let reply: EngineReply;
  try {
    const method = engine[call.method] as (...args: unknown[]) => unknown;
    reply = { id: call.id, ok: true, value: method.apply(engine, call.args) };
  } catch (e) {
    reply = { id: call.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  scope.postMessage(reply);
};
