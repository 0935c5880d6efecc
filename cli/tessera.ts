/**
 * The Tessera command line: stats, route, balance and audit over a plan file and an accounts CSV.
 * Run through cli/tessera.mjs (`npx tessera ...`); the work is done by src/engine and src/io.
 */
import { readFileSync } from 'node:fs';
import { CliError, commandUsage, parseCommandLine, usage } from './args.ts';
import { COMMAND_RUNNERS } from './commands.ts';

/** Where the CLI writes; tests and the launcher pass the process streams. */
export interface CliStreams {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processStreams: CliStreams = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** Runs one command line and returns the exit code; every problem becomes one "tessera: " line on stderr. */
export async function main(argv: readonly string[], io: CliStreams = processStreams): Promise<number> {
  try {
    const invocation = parseCommandLine(argv);
    if (invocation.kind === 'help') {
      io.out(invocation.command ? commandUsage(invocation.command) : usage());
      return 0;
    }
    if (invocation.kind === 'version') {
      const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
      io.out(`tessera ${pkg.version}\n`);
      return 0;
    }
    const result = COMMAND_RUNNERS[invocation.command](invocation.options);
    // notes wait for success, so a failing command prints nothing but its one error line
    for (const note of result.notes) io.err(`tessera: ${oneLine(note)}\n`);
    io.out(result.stdout);
    return 0;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    io.err(`tessera: ${oneLine(message) || 'unexpected error'}\n`);
    return e instanceof CliError ? e.exitCode : 1;
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
