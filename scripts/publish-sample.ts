/**
 * Publishes the bundled sample without the planner: a full territory map and a candidate view of the
 * vacant Southeast territory. Usage: npx tsx scripts/publish-sample.ts [--out dir] [--ids] [--values]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildCandidateData, buildPublishedData } from '../src/io/publishData.ts';
import { composePublishedHtml } from '../src/viewer/composeHtml.ts';
import { fixturePlan, importSample, loadPublishGeography } from './publishFixture.ts';
import { readViewerBundle } from './viewerBuild.ts';

const args = process.argv.slice(2);
const outAt = args.indexOf('--out');
const out = outAt >= 0 && args[outAt + 1] ? args[outAt + 1] : 'test-results/publish';
const geography = loadPublishGeography();
const accounts = importSample(geography.geo);
const plan = fixturePlan(geography.geo, accounts);
const viewer = await readViewerBundle();
const input = { plan, geography, accounts, publishedAt: new Date() };
const map = buildPublishedData(input, {
  includeAccountIds: args.includes('--ids'),
  includeValues: args.includes('--values'),
});
const candidate = buildCandidateData(input, 'southeast');
mkdirSync(out, { recursive: true });
const mapFile = join(out, 'published-map.html');
const candidateFile = join(out, 'candidate-southeast.html');
writeFileSync(mapFile, composePublishedHtml(viewer.js, viewer.css, map, plan.name));
writeFileSync(candidateFile, composePublishedHtml(viewer.js, viewer.css, candidate, 'Southeast territory'));
console.log(`wrote ${mapFile} and ${candidateFile}`);
