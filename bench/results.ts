import { existsSync, readFileSync, writeFileSync } from 'node:fs';

/** One recorded benchmark figure. */
export interface BenchMetric {
  value: number;
  unit: string;
  measured: string;
  note?: string;
}

export type BenchResults = Record<string, BenchMetric>;

const RESULTS = 'bench/results.json';
const README = 'bench/README.md';

/** Merges new figures into bench/results.json and rewrites the table in bench/README.md. */
export function recordResults(fresh: BenchResults): BenchResults {
  const previous: BenchResults = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchResults) : {};
  const merged: BenchResults = { ...previous, ...fresh };
  const sorted = Object.fromEntries(Object.entries(merged).sort(([a], [b]) => a.localeCompare(b)));
  writeFileSync(RESULTS, `${JSON.stringify(sorted, null, 2)}\n`);
  const rows = Object.entries(sorted).map(
    ([name, m]) =>
      `| \`${name}\` | ${m.value.toLocaleString('en-US')} | ${m.unit} | ${m.measured.slice(0, 10)} | ${m.note ?? ''} |`,
  );
  const readme = readFileSync(README, 'utf8');
  const start = '<!-- results:start -->';
  const end = '<!-- results:end -->';
  const table = ['| metric | value | unit | measured | how |', '|---|---|---|---|---|', ...rows].join('\n');
  const before = readme.slice(0, readme.indexOf(start) + start.length);
  const after = readme.slice(readme.indexOf(end));
  writeFileSync(README, `${before}\n${table}\n${after}`);
  return sorted;
}
