import { afterEach, describe, expect, it } from 'vitest';
import * as Comlink from 'comlink';
import { EngineError, isEngineError } from '../engine/engineErrors.ts';
import { PlanEngine, type EngineApi } from '../engine/planEngine.ts';
import { buffersOf, deserializeThrown, progressCallback, serializeThrown, type SerializedThrow } from './rpc.ts';

/** What crosses the wire: a structured clone, as postMessage makes it. */
const roundTrip = (thrown: unknown): unknown => deserializeThrown(structuredClone(serializeThrown(thrown)));

describe('error transfer handler', () => {
  it('an engine error keeps its class, code and message', () => {
    const back = roundTrip(new EngineError('NO_ACCOUNTS', 'No accounts loaded'));
    expect(back).toBeInstanceOf(EngineError);
    expect(isEngineError(back, 'NO_ACCOUNTS')).toBe(true);
    expect((back as Error).message).toBe('No accounts loaded');
    expect((back as Error).name).toBe('EngineError');
  });

  it('an unknown error stays an Error with its message and name', () => {
    const back = roundTrip(new TypeError('Import failed: bad bytes'));
    expect(back).toBeInstanceOf(Error);
    expect(back).not.toBeInstanceOf(EngineError);
    expect((back as Error).message).toBe('Import failed: bad bytes');
    expect((back as Error).name).toBe('TypeError');
  });

  it('a known name with a code that is not its own, or a prototype key as name, is a plain Error', () => {
    const forged: SerializedThrow = { isError: true, value: { name: 'EngineError', message: 'x', code: 'BOGUS' } };
    expect(deserializeThrown(forged)).not.toBeInstanceOf(EngineError);
    const odd: SerializedThrow = { isError: true, value: { name: 'toString', message: 'y' } };
    expect(deserializeThrown(odd)).toEqual(expect.objectContaining({ message: 'y' }));
    expect(deserializeThrown(odd)).toBeInstanceOf(Error);
  });

  it('keeps a string code of any error and values that are not errors as they are', () => {
    const coded = Object.assign(new Error('quota'), { code: 'QUOTA' });
    expect(serializeThrown(coded)).toEqual(
      expect.objectContaining({ value: expect.objectContaining({ code: 'QUOTA' }) }),
    );
    expect(roundTrip('plain text')).toBe('plain text');
    expect(roundTrip({ n: 1 })).toEqual({ n: 1 });
  });
});

describe('rpc over a real Comlink channel', () => {
  const ports: MessagePort[] = [];
  afterEach(() => {
    for (const p of ports.splice(0)) p.close();
  });

  it('an engine method that throws rejects with an EngineError on the calling side', async () => {
    const { port1, port2 } = new MessageChannel();
    ports.push(port1, port2);
    Comlink.expose(new PlanEngine(), port1);
    const engine = Comlink.wrap<EngineApi>(port2);
    const error: unknown = await engine.report(0).catch((e: unknown) => e);
    expect(isEngineError(error, 'NO_ASSIGNMENT')).toBe(true);
    expect((error as Error).message).toBe('Team 0 has no assignment yet');
  });
});

describe('progressCallback', () => {
  it('forwards progress until stopped', () => {
    const seen: number[] = [];
    const progress = progressCallback((p: number) => seen.push(p));
    progress.callback(1);
    progress.stop();
    progress.callback(2);
    expect(seen).toEqual([1]);
  });
});

describe('buffersOf', () => {
  it('lists the buffer behind each typed array', () => {
    const a = new Int32Array(2);
    const b = new Float32Array(3);
    expect(buffersOf(a, b)).toEqual([a.buffer, b.buffer]);
  });
});
