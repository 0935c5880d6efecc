/**
 * Benchmarks. `npm run bench` runs every suite; `npm run bench -- map` runs one.
 * Results go to bench/results.json and the table in bench/README.md.
 */
import { routingSuite } from './routingBench.ts';
import { publishSuite } from './publishBench.ts';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../e2e/browser.ts';
import { recordResults, type BenchResults } from './results.ts';
import { importSuite } from './importBench.ts';
import { engineSuite } from './engineBench.ts';
import { paintSuite } from './paintBench.ts';
import { balanceSuite } from './balanceBench.ts';
import { milpSuite } from './milpBench.ts';

const today = new Date().toISOString();
const PORT = 4179;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Bytes the browser downloads for the geography, gzipped as a server would send it. */
function geoSuite(): BenchResults {
  const dir = join('dist', 'geo');
  let gz = 0;
  let raw = 0;
  for (const f of readdirSync(dir)) {
    const data = readFileSync(join(dir, f));
    raw += data.length;
    gz += gzipSync(data, { level: 6 }).length;
  }
  return {
    'geo.payload_gzip_bytes': { value: gz, unit: 'bytes', measured: today, note: 'gzip -6 of dist/geo/*' },
    'geo.payload_raw_bytes': { value: raw, unit: 'bytes', measured: today, note: 'dist/geo/* uncompressed' },
  };
}

/** Navigation to the ZIP layer drawn with the sample data at the US-wide start view, in headless Chromium. */
async function mapSuite(): Promise<BenchResults> {
  const server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(PORT), '--strictPort'],
    { stdio: 'ignore' },
  );
  try {
    for (let i = 0; i < 50; i++) {
      try {
        await fetch(`http://127.0.0.1:${PORT}/`);
        break;
      } catch {
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const browser = await chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs });
    const runs: number[] = [];
    for (let run = 0; run < 3; run++) {
      const context = await browser.newContext({ viewport: { width: 1400, height: 900 } }); // fresh cache each run
      const page = await context.newPage();
      await page.goto(`http://127.0.0.1:${PORT}/`);
      await page.waitForFunction(() => window.__tessera?.ready === true, null, { timeout: 120_000 });
      runs.push(await page.evaluate(() => performance.now()));
      await context.close();
    }
    await browser.close();
    return {
      'map.first_render_ms': {
        value: Math.round(median(runs)),
        unit: 'ms',
        measured: today,
        note: `median of 3 cold loads (${runs.map(Math.round).join(', ')}), navigation to ZIP layer + sample drawn and idle, 1400x900, SwiftShader`,
      },
    };
  } finally {
    server.kill();
  }
}

const suites: Record<string, () => BenchResults | Promise<BenchResults>> = {
  geo: geoSuite,
  map: mapSuite,
  import: () => importSuite(today),
  engine: () => engineSuite(today),
  paint: () => paintSuite(today),
  balance: () => balanceSuite(today),
  'balance-optimality': () => milpSuite(today),
  routing: () => routingSuite(today),
  publish: () => publishSuite(today),
};
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const unknown = wanted.filter((w) => !(w in suites));
if (unknown.length) {
  console.error(`bench: unknown suite ${unknown.join(', ')} (known: ${Object.keys(suites).join(', ')})`);
  process.exit(2);
}
console.log('Building the app...');
execFileSync('npm', ['run', '-s', 'build'], { stdio: 'inherit' });
const fresh: BenchResults = {};
for (const name of wanted.length ? wanted : Object.keys(suites)) {
  console.log(`Running ${name}...`);
  Object.assign(fresh, await suites[name]());
}
const all = recordResults(fresh);
for (const [k, m] of Object.entries(fresh)) console.log(`${k}: ${m.value} ${m.unit}`);
console.log(`${Object.keys(all).length} metrics in bench/results.json`);
