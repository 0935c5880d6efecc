import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { jumpAndSettle, openPlanner, unitOnScreen } from './helpers.ts';

test('a team by employee count paints its own territories; locked units stay put', async ({ page }) => {
  await openPlanner(page);
  await page.getByRole('button', { name: 'Add team' }).click();
  await page.getByLabel('Team name', { exact: true }).fill('Enterprise');
  await page.getByLabel('Team rule', { exact: true }).selectOption({ label: 'Employees at least' });
  await page.getByLabel('Team rule value').fill('1000');
  await page.getByRole('button', { name: 'Create team' }).click();
  await expect(page.getByLabel('Team', { exact: true })).toHaveValue('0');
  await expect(page.getByText('Accounts: employees ≥ 1,000')).toBeVisible();

  await page.getByRole('button', { name: 'Add territory' }).click();
  await page.getByRole('button', { name: 'State', exact: true }).click();
  await jumpAndSettle(page, [-99.5, 31.5], 5);
  const map = page.getByTestId('map');
  const texas = await unitOnScreen(page, map, '76701'); // Waco
  await page.mouse.click(texas.x, texas.y);

  // independent count: accounts in Texas with 1,000+ employees, first copy of each Id
  const rows = Papa.parse<Record<string, string>>(readFileSync('data/sample-accounts.csv', 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const seen = new Set<string>();
  let expected = 0;
  for (const r of rows) {
    if (seen.has(r.Id)) continue;
    seen.add(r.Id);
    if (r.BillingState === 'TX' && Number(r.NumberOfEmployees) >= 1000 && /^\d{5}/.test(r.BillingPostalCode))
      expected++;
  }
  expect(expected).toBeGreaterThan(0);
  await expect(page.getByTestId('territory-0-accounts')).toHaveText(String(expected));

  // the other team is untouched: switch back, its territory list is empty
  await page.getByLabel('Team', { exact: true }).selectOption({ label: 'All accounts' });
  await expect(page.getByTestId('territory-0')).toHaveCount(0);

  // lock a ZIP, then paint over it: it stays unassigned
  await page.getByLabel('Team', { exact: true }).selectOption({ label: 'Enterprise' });
  await page.getByRole('button', { name: 'ZIP', exact: true }).click();
  await jumpAndSettle(page, [-74.0, 40.75], 12);
  await page.keyboard.press('k');
  const zip = await unitOnScreen(page, map, '10001');
  await page.mouse.click(zip.x, zip.y);
  await page.keyboard.press('1');
  await page.keyboard.press('b');
  await page.mouse.click(zip.x, zip.y);
  const units = await page.evaluate(() => window.__tessera!.territoryUnitIds(0));
  expect(units).not.toContain('10001');
  await page.keyboard.press('e');
  await expect(page.getByRole('button', { name: 'Eraser' })).toHaveAttribute('aria-pressed', 'true');

  // adding a team is one undo step: undo removes it (and its territory), redo brings both back
  await page.getByRole('button', { name: 'Select', exact: true }).click();
  await page.locator('body').click({ position: { x: 5, y: 500 } });
  const undoTo = async (label: string) => {
    for (let i = 0; i < 6; i++) {
      const options = await page.getByLabel('Team', { exact: true }).locator('option').allInnerTexts();
      if (options.every((o) => o !== label)) return;
      await page.keyboard.press('Control+z');
      await page.waitForTimeout(150);
    }
  };
  await undoTo('Enterprise');
  await expect(page.getByLabel('Team', { exact: true }).locator('option')).toHaveText(['All accounts']);
  await page.keyboard.press('Control+Shift+z');
  await expect(page.getByLabel('Team', { exact: true }).locator('option')).toHaveText(['Enterprise', 'All accounts']);
});
