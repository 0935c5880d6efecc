// Builds public/geo from the npm packages when it is missing or older than the build script.
import { existsSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const marker = join(root, 'public', 'geo', 'countries.topo.json');
const script = join(root, 'scripts', 'build-geo.ts');
if (!existsSync(marker) || statSync(marker).mtimeMs < statSync(script).mtimeMs) {
  console.log('Building geography (public/geo) from npm packages...');
  execFileSync(process.execPath, [join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script], { stdio: 'inherit' });
}
