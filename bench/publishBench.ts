import Papa from 'papaparse';
import { routeAccounts } from '../src/engine/leadRouting.ts';
import type { AccountTable } from '../src/io/accountTable.ts';
import { importAccountsCsv } from '../src/io/importAccounts.ts';
import { buildCandidateData, buildPublishedData, type PublishGeography } from '../src/io/publishData.ts';
import type { PublishOptions } from '../src/io/publishFormat.ts';
import { composePublishedHtml } from '../src/viewer/composeHtml.ts';
import { fixturePlan, importSample, loadPublishGeography } from '../scripts/publishFixture.ts';
import { generateSampleAccounts, SAMPLE_COLUMNS } from '../scripts/sampleAccounts.ts';
import { readViewerBundle, type ViewerBundle } from '../scripts/viewerBuild.ts';
import type { BenchResults } from './results.ts';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** A synthetic export of `count` accounts (scripts/sample.ts's generator, in batches of 100,000), imported. */
function syntheticAccounts(geography: PublishGeography, count: number): AccountTable {
  const parts: string[] = [];
  for (let done = 0, batch = 0; done < count; batch++) {
    const size = Math.min(100_000, count - done);
    const rows = generateSampleAccounts(geography.geo, {
      accounts: size,
      seed: batch === 0 ? 7 : 7000 + batch,
      idOffset: done,
    });
    parts.push(
      Papa.unparse(
        { fields: [...SAMPLE_COLUMNS], data: rows.map((r) => SAMPLE_COLUMNS.map((c) => r[c])) },
        { header: batch === 0 },
      ),
    );
    done += size;
  }
  return importAccountsCsv(parts.join('\r\n'), geography.geo, 'synthetic.csv').table;
}

interface Run {
  seconds: number;
  bytes: number;
}

/**
 * One publish as the app does it: route the accounts through the plan, build the data, compose the
 * HTML. The geography is already loaded (the app has it) and the viewer bundle already read.
 */
function publishOnce(
  geography: PublishGeography,
  accounts: AccountTable,
  viewer: ViewerBundle,
  options: PublishOptions,
): Run {
  const t0 = performance.now();
  const plan = fixturePlan(geography.geo, accounts);
  const ownership = routeAccounts(accounts, plan);
  const data = buildPublishedData({ plan, geography, accounts, ownership }, options);
  const html = composePublishedHtml(viewer.js, viewer.css, data, plan.name);
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, bytes: Buffer.byteLength(html, 'utf8') };
}

/**
 * Publishing speed and file size (issue 7): the full territory map of the bundled sample and of
 * 200,000 synthetic accounts (accounts for search with Ids and values, the largest file the options
 * allow), and the candidate view. Needs the built viewer (npm run build) or builds it in memory.
 */
export async function publishSuite(measured: string): Promise<BenchResults> {
  const geography = loadPublishGeography();
  const viewer = await readViewerBundle();
  const options: PublishOptions = { includeAccounts: true, includeAccountIds: true, includeValues: true };
  const mb = (bytes: number): number => Math.round((bytes / 1_000_000) * 100) / 100;
  const s = (seconds: number): number => Math.round(seconds * 1000) / 1000;
  const viewerMb = mb(Buffer.byteLength(viewer.js) + Buffer.byteLength(viewer.css));

  const sample = importSample(geography.geo);
  // the first publish of a session also dissolves the US land and simplifies the world once
  const cold = publishOnce(geography, sample, viewer, options);
  const warm = [0, 1, 2].map(() => publishOnce(geography, sample, viewer, options));
  const plan = fixturePlan(geography.geo, sample);
  const t0 = performance.now();
  const candidate = composePublishedHtml(
    viewer.js,
    viewer.css,
    buildCandidateData({ plan, geography, accounts: sample }, 'southeast'),
    'Southeast',
  );
  const candidateSeconds = (performance.now() - t0) / 1000;

  const big = syntheticAccounts(geography, 200_000);
  const bigRuns = [0, 1, 2].map(() => publishOnce(geography, big, viewer, options));
  const sampleNote = `${sample.count.toLocaleString('en-US')} sample accounts, 8 territories in 2 teams, accounts with Ids and values; route + build data + compose HTML; viewer ${viewerMb} MB; Node ${process.version}`;
  const bigNote = `200,000 synthetic accounts (scripts/sampleAccounts.ts), same plan and options; viewer ${viewerMb} MB; Node ${process.version}`;
  return {
    'publish.seconds': {
      value: s(median(warm.map((r) => r.seconds))),
      unit: 's',
      measured,
      note: `median of 3 after a first publish of ${s(cold.seconds)} s; ${sampleNote}`,
    },
    'publish.file_mb': { value: mb(warm[0].bytes), unit: 'MB', measured, note: sampleNote },
    'publish.seconds_200k': {
      value: s(median(bigRuns.map((r) => r.seconds))),
      unit: 's',
      measured,
      note: `median of 3; ${bigNote}`,
    },
    'publish.file_mb_200k': { value: mb(bigRuns[0].bytes), unit: 'MB', measured, note: bigNote },
    'publish.candidate_file_mb': {
      value: mb(Buffer.byteLength(candidate, 'utf8')),
      unit: 'MB',
      measured,
      note: `candidate view of one territory of the sample, built in ${s(candidateSeconds)} s`,
    },
  };
}
