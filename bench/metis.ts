/**
 * METIS (`gpmetis`, Debian package `metis`) as the bench's compactness yardstick: the same unit graph
 * and the same two columns, partitioned by a classic multilevel partitioner. Not used by the app.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { UnitGraph } from '../src/engine/shape.ts';

/** Where gpmetis is, or why the bench runs without it. */
export type Gpmetis = { path: string } | { skipped: string };

function onPath(command: string): string | null {
  const found = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  return found.status === 0 && found.stdout.trim() ? found.stdout.trim() : null;
}

/** gpmetis on the PATH, installed with apt-get (as root, or with sudo -n) when it is missing. */
export function ensureGpmetis(): Gpmetis {
  const present = onPath('gpmetis');
  if (present) return { path: present };
  if (!onPath('apt-get')) return { skipped: 'METIS yardstick skipped: gpmetis is missing and apt-get is unavailable' };
  const root = process.getuid?.() === 0;
  if (!root && !onPath('sudo'))
    return { skipped: 'METIS yardstick skipped: gpmetis is missing and apt-get needs root (no sudo)' };
  const apt = (args: string[]): boolean => {
    const [command, full] = root ? ['apt-get', args] : ['sudo', ['-n', 'apt-get', ...args]];
    return (
      spawnSync(command, full, { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
        .status === 0
    );
  };
  console.log('Installing gpmetis (apt-get install -y metis)...');
  // a fresh container may have no package lists yet
  if (!apt(['install', '-y', 'metis']) && !(apt(['update']) && apt(['install', '-y', 'metis'])))
    return { skipped: 'METIS yardstick skipped: apt-get install -y metis failed' };
  const installed = onPath('gpmetis');
  return installed ? { path: installed } : { skipped: 'METIS yardstick skipped: metis installed but no gpmetis' };
}

/** A gpmetis partition of the eligible units, in unit order (-1 for units left out), and its run. */
export interface MetisRun {
  assignment: Int32Array;
  /** Wall time of the gpmetis process, reading and writing its files included. */
  seconds: number;
  /** The edge cut gpmetis reports itself, to check the bench's own count against. */
  reportedCut: number;
  options: string[];
}

/** Integer vertex weights with totals METIS's 32-bit indices hold: scaled down only when the total is too large. */
function integerWeights(column: Float64Array, units: Int32Array): Int32Array {
  let total = 0;
  for (const u of units) total += column[u];
  const scale = total > 1e9 ? 1e8 / total : 1;
  return Int32Array.from(units, (u) => Math.round(column[u] * scale));
}

/**
 * Partitions the eligible units of `graph` into k parts with gpmetis: one vertex per eligible unit,
 * one constraint per column (`010` format: vertex weights, no edge weights), edges among eligible units.
 */
export function runGpmetis(
  gpmetis: string,
  graph: UnitGraph,
  eligible: Uint8Array,
  columns: Float64Array[],
  k: number,
  options: string[],
  dir = join('bench', '.tmp'),
): MetisRun {
  const units: number[] = [];
  const vertex = new Int32Array(graph.unitCount).fill(-1);
  for (let u = 0; u < graph.unitCount; u++) if (eligible[u]) vertex[u] = units.push(u) - 1;
  const unitOf = Int32Array.from(units);
  const weights = columns.map((c) => integerWeights(c, unitOf));
  const lines: string[] = [];
  let arcs = 0;
  for (let i = 0; i < unitOf.length; i++) {
    const u = unitOf[i];
    const row: number[] = weights.map((w) => w[i]);
    for (let p = graph.adjacencyOffsets[u]; p < graph.adjacencyOffsets[u + 1]; p++) {
      const v = vertex[graph.adjacency[p]];
      if (v >= 0 && v !== i) row.push(v + 1);
    }
    arcs += row.length - weights.length;
    lines.push(row.join(' '));
  }
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `metis-${unitOf.length}.graph`);
  writeFileSync(file, `${unitOf.length} ${arcs / 2} 010 ${columns.length}\n${lines.join('\n')}\n`);
  const start = performance.now();
  const out = execFileSync(gpmetis, [...options, file, String(k)], { encoding: 'utf8' });
  const parts = readFileSync(`${file}.part.${k}`, 'utf8').trim().split('\n').map(Number);
  const seconds = (performance.now() - start) / 1000;
  if (parts.length !== unitOf.length) throw new Error(`gpmetis wrote ${parts.length} parts for ${unitOf.length} units`);
  const assignment = new Int32Array(graph.unitCount).fill(-1);
  parts.forEach((part, i) => (assignment[unitOf[i]] = part));
  const cut = /Edgecut:\s*(\d+)/.exec(out);
  return { assignment, seconds, reportedCut: cut ? Number(cut[1]) : NaN, options };
}

/** max_k |L_k - mean| / mean of one column over k territories. */
export function maxDeviation(assignment: Int32Array, column: Float64Array, k: number): number {
  const load = new Float64Array(k);
  let total = 0;
  for (let u = 0; u < assignment.length; u++)
    if (assignment[u] >= 0) {
      load[assignment[u]] += column[u];
      total += column[u];
    }
  const mean = total / k;
  let worst = 0;
  for (const l of load) worst = Math.max(worst, Math.abs(l - mean) / mean);
  return worst;
}
