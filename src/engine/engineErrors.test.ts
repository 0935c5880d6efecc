import { describe, expect, it } from 'vitest';
import { EngineError, isEngineError, isEngineErrorCode } from './engineErrors.ts';
import { PlanEngine } from './planEngine.ts';

describe('engine errors', () => {
  it('an engine without data throws typed errors, not just text', () => {
    const engine = new PlanEngine();
    expect(() => engine.setTeams([[]], 0.1)).toThrow(EngineError);
    expect(() => engine.report(0)).toThrow(expect.objectContaining({ code: 'NO_ASSIGNMENT' }));
    expect(() => engine.teamUnitColumns(3)).toThrow(expect.objectContaining({ code: 'NO_TEAM', message: 'No team 3' }));
    expect(() => engine.ownershipColumns()).toThrow(expect.objectContaining({ code: 'NO_ACCOUNTS' }));
  });

  it('isEngineError matches the class and, when given, the codes', () => {
    const e = new EngineError('NO_GEOGRAPHY', 'No geography loaded');
    expect(isEngineError(e)).toBe(true);
    expect(isEngineError(e, 'NO_GEOGRAPHY', 'NO_ACCOUNTS')).toBe(true);
    expect(isEngineError(e, 'NO_ACCOUNTS')).toBe(false);
    expect(isEngineError(new Error('No geography loaded'))).toBe(false);
    expect(e.name).toBe('EngineError');
    expect(isEngineErrorCode('NO_TEAMS')).toBe(true);
    expect(isEngineErrorCode('NOPE')).toBe(false);
  });
});
