import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { openPlanner, balanceInto } from './helpers.ts';

test('autosave, scenarios, comparison and the plan file', async ({ page }) => {
  await openPlanner(page);
  await balanceInto(page, 2);
  await page.getByRole('button', { name: 'Rename Territory 1' }).click();
  await page.getByLabel('Territory name').fill('West Coast');
  await page.getByLabel('Territory name').press('Enter');
  await page.getByRole('button', { name: 'Ownership rules…' }).click();
  const rules = page.getByRole('dialog', { name: 'Ownership rules' });
  await rules.getByRole('button', { name: /Add \d+ owners as reps/ }).click();
  await rules.getByRole('checkbox', { name: /Recent engagement/ }).uncheck();
  await rules.getByRole('button', { name: 'Done' }).click();
  const westAccounts = await page.getByTestId('territory-0-accounts').innerText();

  // a reload (or a crash) loses nothing
  await page.waitForTimeout(600); // the autosave runs 400 ms after the last change
  await page.reload();
  await page.waitForFunction(() => window.__tessera?.ready === true, null, { timeout: 90_000 });
  await expect(page.getByTestId('territory-0')).toContainText('West Coast');
  await expect(page.getByTestId('territory-0-accounts')).toHaveText(westAccounts);
  await page.getByRole('button', { name: 'Ownership rules…' }).click();
  await expect(rules.getByRole('checkbox', { name: /Recent engagement/ })).not.toBeChecked();
  await expect(rules.getByRole('checkbox', { name: /Open opportunities/ })).toBeChecked();
  await rules.getByRole('button', { name: 'Done' }).click();

  // a second scenario: same plan, but territory 2 gets a rep
  const scenario = page.getByRole('combobox', { name: 'Scenario', exact: true });
  await page.getByRole('button', { name: 'Duplicate scenario' }).click();
  await expect(scenario).toHaveValue(/scenario-/);
  await expect(scenario.locator('option:checked')).toHaveText('Plan 1 copy');
  await page.getByLabel('Rep of Territory 2').selectOption({ label: 'Riley Kim' });
  const secondAccounts = Number((await page.getByTestId('territory-1-accounts').innerText()).replace(/,/g, ''));

  await page.getByRole('button', { name: 'Compare scenarios…' }).click();
  const compare = page.getByRole('dialog', { name: 'Compare scenarios' });
  await compare.getByLabel('Scenario A').selectOption({ label: 'Plan 1' });
  await compare.getByLabel('Scenario B').selectOption({ label: 'Plan 1 copy' });
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(compare.getByTestId('compare-summary')).toContainText('0 ZIP areas change territory');
  const riley = compare.getByRole('table', { name: 'Owner changes per rep' }).getByRole('row', { name: /Riley Kim/ });
  await expect(riley).toBeVisible();
  // Riley gains the accounts the map routes to territory 2 (the others stay with their owners by rule)
  const gained = Number((await riley.locator('td').nth(2).innerText()).replace(/[+,]/g, ''));
  expect(gained).toBeGreaterThan(0);
  expect(gained).toBeLessThanOrEqual(secondAccounts);
  await expect(compare.getByRole('table', { name: 'Balance per team' })).toContainText('Balance score');
  await compare.getByRole('button', { name: 'Close' }).click();

  // switching back shows the first scenario as it was
  await scenario.selectOption({ label: 'Plan 1' });
  await expect(page.getByLabel('Rep of Territory 2')).toHaveValue('');
  await expect(page.getByTestId('territory-0')).toContainText('West Coast');

  // the plan file: export, a broken file is refused and changes nothing, a good file opens as a scenario
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Publish & export…' }).click();
  const exports = page.getByRole('dialog', { name: 'Publish & export' });
  await exports.getByRole('button', { name: 'Plan file (JSON)' }).click();
  const file = await (await download).path();
  const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  const doc = JSON.parse(text) as {
    format: string;
    version: number;
    teams: { territories: { name: string; units: string[] }[] }[];
  };
  expect([doc.format, doc.version]).toEqual(['tessera-plan', 2]);
  expect(doc.teams[0].territories[0].name).toBe('West Coast');
  expect(doc.teams[0].territories[0].units.length).toBeGreaterThan(1000);
  await exports.getByRole('button', { name: 'Close' }).click();

  await page.getByLabel('Open plan file').setInputFiles({
    name: 'broken.json',
    mimeType: 'application/json',
    buffer: Buffer.from('{"format":"tessera-plan","version":2}'),
  });
  await expect(page.getByRole('status').filter({ hasText: 'broken.json was not opened' })).toContainText('is missing');
  await expect(scenario.locator('option')).toHaveCount(2);
  await page
    .getByLabel('Open plan file')
    .setInputFiles({ name: 'west.tessera.json', mimeType: 'application/json', buffer: Buffer.from(text) });
  await expect(scenario.locator('option')).toHaveCount(3);
  await expect(page.getByTestId('territory-0')).toContainText('West Coast');
  // the opened file is Plan 1 again: comparing them says that nothing changes owner
  const opened = (await scenario.locator('option:checked').innerText()).trim();
  await page.getByRole('button', { name: 'Compare scenarios…' }).click();
  await compare.getByLabel('Scenario A').selectOption({ label: 'Plan 1' });
  await compare.getByLabel('Scenario B').selectOption({ label: opened });
  await compare.getByRole('button', { name: 'Compare' }).click();
  await expect(compare.getByTestId('compare-no-changes')).toHaveText(
    'No account changes owner between these two scenarios.',
  );
  await compare.getByRole('button', { name: 'Close' }).click();

  // delete with undo
  await page.getByRole('button', { name: 'Delete scenario' }).click();
  await expect(scenario.locator('option')).toHaveCount(2);
  await page.getByRole('button', { name: 'Undo delete' }).click();
  await expect(scenario.locator('option')).toHaveCount(3);

  // Reset workspace asks first: dismissing changes nothing, accepting starts again on the sample
  page.once('dialog', (d) => void d.dismiss());
  await page.getByRole('button', { name: 'Reset workspace…' }).click();
  await expect(scenario.locator('option')).toHaveCount(3);
  page.once('dialog', (d) => void d.accept());
  await page.getByRole('button', { name: 'Reset workspace…' }).click();
  await page.waitForFunction(() => window.__tessera?.ready === true, null, { timeout: 90_000 });
  await expect(scenario.locator('option')).toHaveCount(1);
  await expect(page.getByTestId('territory-0')).toHaveCount(0);
});
