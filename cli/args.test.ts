import { describe, expect, it } from 'vitest';
import { parseCommandLine, UsageError } from './args.ts';

const common = ['--plan', 'p.json', '--accounts', 'a.csv'];

/** The usage error a command line gives (exit code 2), or null when it parses. */
function problem(...argv: string[]): string | null {
  try {
    parseCommandLine(argv);
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    expect((e as UsageError).exitCode).toBe(2);
    return (e as Error).message;
  }
}

describe('the command line', () => {
  it('reads --name value, --name=value and flags', () => {
    const run = parseCommandLine(['balance', ...common, '--out=b.json', '--seed', '7', '--no-keep-protected']);
    if (run.kind !== 'run') throw new Error(run.kind);
    expect(run.options.required('out')).toBe('b.json');
    expect(run.options.integer('seed', 0, 10)).toBe(7);
    expect(run.options.has('no-keep-protected')).toBe(true);
    expect(run.options.has('no-avoid-engaged')).toBe(false);
  });

  it('gives help over anything else on the line, and the version', () => {
    expect(parseCommandLine(['route', '--plan', '--help'])).toEqual({ kind: 'help', command: 'route' });
    expect(parseCommandLine(['help', 'audit'])).toEqual({ kind: 'help', command: 'audit' });
    expect(parseCommandLine(['-v'])).toEqual({ kind: 'version' });
  });

  it('names what is wrong in one sentence', () => {
    expect(problem()).toMatch(/no command given/);
    expect(problem('--plan', 'p.json')).toMatch(/expected a command before --plan/);
    expect(problem('forecast')).toMatch(/unknown command "forecast"/);
    expect(problem('stats', ...common, '--colour=red')).toMatch(/^stats: unknown option --colour /);
    expect(problem('stats', ...common, 'extra')).toMatch(/^stats: unexpected argument "extra"/);
    expect(problem('stats', ...common, '-xy')).toMatch(/^stats: unexpected argument "-xy"/);
    expect(problem('stats', ...common, '--')).toMatch(/^stats: unexpected argument "--"/);
    expect(problem('stats', ...common, '--json=yes')).toBe('stats: --json takes no value');
    expect(problem('route', ...common, '--out', '--layout', 'hubspot')).toBe('route: --out needs a value <file>');
    expect(problem('route', ...common, '--out=')).toBe('route: --out needs a value <file>');
    expect(problem('route', ...common, '--out')).toBe('route: --out needs a value <file>');
    expect(problem('route', ...common)).toMatch(/^route: --out is required/);
  });
});
