import { expect, type BrowserContext, type Page } from '@playwright/test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildCandidateData, buildPublishedData } from '../src/io/publishData.ts';
import { composePublishedHtml } from '../src/viewer/composeHtml.ts';
import { fixturePlan, importSample, loadPublishGeography } from '../scripts/publishFixture.ts';
import { readViewerBundle } from '../scripts/viewerBuild.ts';

/** file: URLs of a published map and of the Southeast candidate view, made in Node from the bundled sample. */
export interface PublishedFiles {
  mapUrl: string;
  candidateUrl: string;
  /** The candidate view's HTML, for checks of what it must not hold. */
  candidateText: string;
  plan: ReturnType<typeof fixturePlan>;
  table: ReturnType<typeof importSample>;
}

/** Writes the published map and a candidate view of the fixture plan, as the planner makes them. */
export async function writePublishedFiles(): Promise<PublishedFiles> {
  const geography = loadPublishGeography();
  const table = importSample(geography.geo);
  const plan = fixturePlan(geography.geo, table);
  const viewer = await readViewerBundle();
  const input = { plan, geography, accounts: table, publishedAt: '2026-07-01T09:00:00Z' };
  const dir = mkdtempSync(join(tmpdir(), 'tessera-publish-'));
  const mapPath = join(dir, 'territory-map.html');
  const candidatePath = join(dir, 'candidate-southeast.html');
  writeFileSync(mapPath, composePublishedHtml(viewer.js, viewer.css, buildPublishedData(input), plan.name));
  const candidateText = composePublishedHtml(
    viewer.js,
    viewer.css,
    buildCandidateData(input, 'southeast'),
    'Southeast',
  );
  writeFileSync(candidatePath, candidateText);
  return {
    mapUrl: pathToFileURL(mapPath).href,
    candidateUrl: pathToFileURL(candidatePath).href,
    candidateText,
    plan,
    table,
  };
}

/** Opens a published file with every other request blocked and waits until its map has drawn. */
export async function openPublished(context: BrowserContext, page: Page, url: string): Promise<void> {
  const file = url.split('#')[0];
  await context.route('**/*', (route) => (route.request().url() === file ? route.continue() : route.abort()));
  await page.goto(url);
  await page.waitForFunction(() => window.__tesseraViewer?.ready === true, null, { timeout: 90_000 });
  expect(await page.evaluate(() => window.__tesseraViewer?.error ?? null)).toBeNull();
}

/** Resolves when the viewer's map has stopped moving and drawn, and its labels are decluttered (next frame). */
export async function viewerIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__tesseraViewer!.map!;
        const done = (): void => {
          requestAnimationFrame(() => requestAnimationFrame(() => resolve()));
        };
        if (map.loaded() && !map.isMoving()) done();
        else map.once('idle', done);
      }),
  );
}
