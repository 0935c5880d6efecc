import { expect, test } from '@playwright/test';
import { openPlanner } from './helpers.ts';

test('auto-balance the sample into territories: progress, preview, apply, charts in band, undo', async ({ page }) => {
  await openPlanner(page);
  await page.getByRole('button', { name: 'Auto-balance…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Auto-balance' });
  await expect(dialog.getByRole('button', { name: 'Create from nothing' })).toHaveAttribute('aria-pressed', 'true');
  await dialog.getByLabel('Number of territories').fill('4');
  await dialog.getByLabel('Tolerance band ±').fill('10');
  await dialog.getByRole('button', { name: 'Run' }).click();
  await expect(page.getByRole('progressbar', { name: 'Auto-balance progress' })).toBeVisible();

  const proposal = page.getByRole('dialog', { name: 'Proposal' });
  await expect(proposal).toBeVisible({ timeout: 30_000 });
  await expect(proposal.getByTestId('balance-summary')).toContainText('all contiguous');
  await expect(proposal.getByRole('table', { name: 'Gains and losses per territory' }).getByRole('row')).toHaveCount(5);
  // the proposal is drawn on the map with the moved ZIP areas highlighted
  const changed = await page.evaluate(() => {
    const t = window.__tessera!;
    let n = 0;
    for (let u = 0; u < t.geo.zipUnitCount; u += 97)
      if (t.map.map.getFeatureState({ source: 'zips', id: u }).changed) n++;
    return n;
  });
  expect(changed).toBeGreaterThan(0);
  await proposal.getByRole('button', { name: 'Apply' }).click();
  await expect(proposal).toHaveCount(0);

  await expect(page.getByTestId('territory-3')).toBeVisible();
  const panel = page.getByRole('region', { name: 'Balance' });
  await expect(panel).toContainText('4/4'); // every territory's value inside the +/-10% band
  const deviations = await page.locator('.territory-list .dev').allInnerTexts();
  expect(deviations).toHaveLength(4);
  for (const d of deviations) expect(Math.abs(parseInt(d, 10))).toBeLessThanOrEqual(10);

  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('territory-0')).toHaveCount(0);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByTestId('territory-3')).toBeVisible();
});
