import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { openPlanner } from './helpers.ts';
import { openPublished, viewerIdle, writePublishedFiles, type PublishedFiles } from './publishFiles.ts';

let files: PublishedFiles;

test.beforeAll(async () => {
  files = await writePublishedFiles();
});

/** Serious and critical axe violations on the page (or inside one element), one line each with where they are. */
async function seriousViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page });
  if (include) builder = builder.include(include);
  const { violations, passes } = await builder.analyze();
  // the scan looked at something: the contrast rule passed on some text
  expect(passes.some((p) => p.id === 'color-contrast')).toBe(true);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id} (${v.impact}): ${n.target.join(' ')} — ${n.failureSummary ?? ''}`));
}

test('axe: the planner and an open dialog have no serious or critical violations', async ({ page }) => {
  await openPlanner(page);
  await page.getByRole('button', { name: 'Add territory' }).click();
  await page.getByRole('button', { name: 'Add territory' }).click();
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 1400, height: 900 });

  await page.getByRole('button', { name: 'Publish & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish & export' });
  await expect(dialog).toBeVisible();
  expect(await seriousViolations(page, 'dialog[open]')).toEqual([]);
});

test('axe: the published map on a desktop and a phone has no serious or critical violations', async ({
  context,
  page,
}) => {
  await openPublished(context, page, files.mapUrl);
  await viewerIdle(page);
  expect(await seriousViolations(page)).toEqual([]);
  await page.setViewportSize({ width: 390, height: 844 });
  await viewerIdle(page);
  expect(await seriousViolations(page)).toEqual([]);
});

test('axe: the rep view and the candidate view have no serious or critical violations', async ({ context, page }) => {
  await openPublished(context, page, `${files.mapUrl}#territory=southeast`);
  await viewerIdle(page);
  expect(await seriousViolations(page)).toEqual([]);
  await openPublished(context, page, files.candidateUrl);
  await viewerIdle(page);
  expect(await seriousViolations(page)).toEqual([]);
});
