import { test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { addOwnersAsReps, balanceInto, openPlanner } from './helpers.ts';

for (const [w, h] of [
  [1400, 900],
  [1024, 768],
  [390, 844],
] as const) {
  test(`shots ${w}`, async ({ page }) => {
    await page.setViewportSize({ width: w, height: h });
    await openPlanner(page);
    await balanceInto(page, 3);
    await addOwnersAsReps(page);
    await page.getByLabel('Rep of Territory 1').selectOption({ label: 'Riley Kim' });
    await page.getByText(/^Reps \(\d+\)$/).click();
    await page.getByLabel('CRM user Id of Riley Kim').scrollIntoViewIfNeeded();
    await page.getByLabel('CRM user Id of Riley Kim').fill('0051');
    await page.getByLabel('CRM user Id of Riley Kim').press('Enter');
    await page.screenshot({ path: `/tmp/shots/reps-${w}.png` });
    await page.getByRole('button', { name: 'Publish & export…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Publish & export' });
    await dialog.getByLabel('Assignments layout').selectOption('salesforce');
    await dialog.getByTestId('assignment-gaps').waitFor();
    await dialog.getByTestId('assignment-gaps').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `/tmp/shots/gaps-${w}.png` });
    await dialog.getByLabel('Picture shows').scrollIntoViewIfNeeded();
    const d = page.waitForEvent('download');
    await dialog.getByRole('button', { name: 'Map picture (PNG)' }).click();
    writeFileSync(`/tmp/shots/picture-${w}.png`, readFileSync(await (await d).path()));
    await page.screenshot({ path: `/tmp/shots/picture-dialog-${w}.png` });
  });
}
