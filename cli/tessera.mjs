#!/usr/bin/env node
// Launcher of the Tessera CLI: runs the TypeScript source through tsx, so there is no build step.
import { register } from 'tsx/esm/api';

// `tessera stats | head` closes the pipe early: stop quietly instead of crashing on EPIPE
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

try {
  register();
  const { main } = await import('./tessera.ts');
  process.exitCode = await main(process.argv.slice(2));
} catch (e) {
  // the CLI catches its own errors; this is for a broken install (tsx missing, syntax error)
  process.stderr.write(`tessera: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}\n`);
  process.exitCode = 1;
}
