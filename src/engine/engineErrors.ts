/** Why the engine could not answer: an input it needs has not been sent yet, or a team index is unknown. */
export type EngineErrorCode =
  | 'NO_ACCOUNTS'
  | 'NO_GEOGRAPHY'
  | 'NO_TEAMS'
  | 'NO_TEAM'
  | 'NO_ASSIGNMENT'
  | 'NO_OWNERSHIP_PLAN'
  | 'NO_OWNERSHIP_COLUMNS';

const CODES: ReadonlySet<string> = new Set<EngineErrorCode>([
  'NO_ACCOUNTS',
  'NO_GEOGRAPHY',
  'NO_TEAMS',
  'NO_TEAM',
  'NO_ASSIGNMENT',
  'NO_OWNERSHIP_PLAN',
  'NO_OWNERSHIP_COLUMNS',
]);

/** Thrown by the plan engine when it lacks an input for the call; every code means "not ready for this yet". */
export class EngineError extends Error {
  override readonly name = 'EngineError';

  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Whether a string is one of the engine's error codes (for errors rebuilt from a worker message). */
export function isEngineErrorCode(code: unknown): code is EngineErrorCode {
  return typeof code === 'string' && CODES.has(code);
}

/** Whether `e` is an engine error, optionally with one of the given codes. */
export function isEngineError(e: unknown, ...codes: EngineErrorCode[]): e is EngineError {
  return e instanceof EngineError && (codes.length === 0 || codes.includes(e.code));
}
