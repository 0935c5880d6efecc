import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { jumpAndSettle, openPlanner, unitOnScreen, balanceInto, addOwnersAsReps } from './helpers.ts';

const count = async (page: Page, rule: string): Promise<number> =>
  Number((await page.getByTestId(`rule-count-${rule}`).innerText()).replace(/[^\d]/g, ''));

test('ownership rules: owners become reps, the ladder decides, a named account from its popup changes its reason', async ({
  page,
}) => {
  await openPlanner(page);
  await balanceInto(page, 2);

  await page.getByRole('button', { name: 'Ownership rules…' }).click();
  const rules = page.getByRole('dialog', { name: 'Ownership rules' });
  await expect(rules.getByTestId('rule-count-TERRITORY')).not.toHaveText('0 accounts');

  // ownership follows strokes: erasing states takes their accounts out of TERRITORY, undo brings them back
  const routedByMapAtFirst = await count(page, 'TERRITORY');
  await rules.getByRole('button', { name: 'Done' }).click();
  await page.getByRole('button', { name: 'State', exact: true }).click();
  await page.keyboard.press('e');
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2 - 80, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 80, box.y + box.height / 2, { steps: 8 });
  await page.mouse.up();
  await page.getByRole('button', { name: 'Ownership rules…' }).click();
  await expect.poll(() => count(page, 'TERRITORY')).toBeLessThan(routedByMapAtFirst);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await page.getByRole('button', { name: 'Ownership rules…' }).click();
  await expect.poll(() => count(page, 'TERRITORY')).toBe(routedByMapAtFirst);
  // before the owners are reps, nothing can stay with its owner
  expect(await count(page, 'CUSTOMER')).toBe(0);
  await rules.getByRole('button', { name: /Add \d+ owners as reps/ }).click();
  await expect(rules.getByTestId('rule-count-CUSTOMER')).not.toHaveText('0 accounts');
  const before = {
    opportunity: await count(page, 'OPEN_OPPORTUNITY'),
    customer: await count(page, 'CUSTOMER'),
    territory: await count(page, 'TERRITORY'),
  };
  expect(before.opportunity).toBeGreaterThan(0);

  // switching open opportunities off hands those accounts to the next rules; the total stays 20,000-ish
  await rules.getByRole('checkbox', { name: /Open opportunities/ }).uncheck();
  await expect(rules.getByTestId('rule-count-OPEN_OPPORTUNITY')).toHaveText('0 accounts');
  const after = { customer: await count(page, 'CUSTOMER'), territory: await count(page, 'TERRITORY') };
  expect(after.customer + after.territory).toBeGreaterThan(before.customer + before.territory);
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+z');
  await rules.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Ownership rules…' }).click();
  await expect(rules.getByTestId('rule-count-OPEN_OPPORTUNITY')).toHaveText(
    `${before.opportunity.toLocaleString('en-US')} accounts`,
  );

  // moving customers above open opportunities takes accounts that match both
  await rules.getByRole('button', { name: 'Move Current customers up' }).click();
  await expect(rules.locator('.rule-ladder li').nth(1)).toContainText('Current customers');
  expect(await count(page, 'CUSTOMER')).toBeGreaterThanOrEqual(before.customer);
  await rules.getByRole('button', { name: 'Done' }).click();

  // a named account set from the account popup
  await page.getByRole('combobox', { name: 'Search accounts by name or Id' }).fill('Maple Housing Authority');
  await page
    .getByRole('option', { name: /Maple Housing Authority/ })
    .first()
    .click();
  const popup = page.getByRole('dialog', { name: /Account Maple Housing Authority/ });
  await expect(popup.getByTestId('account-reason')).toHaveText('TERRITORY');
  await popup.getByLabel('Named account of').selectOption({ label: 'Emerson Silva' });
  await expect(popup.getByTestId('account-reason')).toHaveText('NAMED');
  await expect(popup.getByTestId('account-owner')).toContainText('Named account of Emerson Silva');

  await page.getByRole('button', { name: 'Ownership rules…' }).click();
  await expect(rules.getByTestId('rule-count-NAMED')).toHaveText('1 account');
  await expect(rules.getByRole('table', { name: 'Named accounts by rep' })).toContainText('Maple Housing Authority');
  await page.screenshot({ path: 'test-results/ownership-rules.png' });
  await rules.getByRole('button', { name: 'Done' }).click();

  // the same from the account table of a selected county
  await page.keyboard.press('Escape');
  await page.getByRole('button', { name: 'Select', exact: true }).click();
  await page.getByRole('button', { name: 'County', exact: true }).click();
  await jumpAndSettle(page, [-77.72, 39.64], 9);
  const hagerstown = await unitOnScreen(page, page.getByTestId('map'), '21740');
  await page.mouse.click(hagerstown.x + 40, hagerstown.y + 30);
  await expect(page.getByTestId('selection-card')).toContainText('Washington, MD');
  const accountsHere = page.getByRole('table', { name: 'Accounts in the selection' });
  await expect(accountsHere.getByRole('row', { name: /Maple Housing Authority/ })).toContainText('NAMED');
  const first = accountsHere.locator('tbody tr').first();
  const plannedOwner = first.locator('td').nth(2);
  await expect(plannedOwner).not.toContainText('Riley Kim');
  await first.getByRole('combobox').selectOption({ label: 'Riley Kim' });
  await expect(plannedOwner).toHaveText('Riley Kim NAMED');

  // the charts can show what reps own after the rules
  const panel = page.getByRole('region', { name: 'Balance' });
  const accountsShown = async (): Promise<number> => {
    const cells = await panel
      .getByRole('table', { name: 'Territory totals' })
      .locator('tbody tr td:nth-child(3)')
      .allInnerTexts();
    return cells.reduce((sum, c) => sum + Number(c), 0);
  };
  const onMap = await accountsShown();
  await page.getByRole('button', { name: 'Ownership rules…' }).click();
  const routedByMap = await count(page, 'TERRITORY');
  await rules.getByRole('button', { name: 'Done' }).click();
  await panel.getByLabel('Totals shown').selectOption('book');
  await expect(panel.getByLabel('Totals shown')).toHaveValue('book');
  // both territories are vacant, so after the rules they hold exactly the accounts the map routes
  await expect.poll(accountsShown).toBe(routedByMap);
  expect(routedByMap).toBeLessThan(onMap);
});

test('routing tester: pasted leads get an owner, a territory and a reason', async ({ page }) => {
  await openPlanner(page);
  await balanceInto(page, 2);
  await addOwnersAsReps(page);
  await page.getByLabel('Rep of Territory 1').selectOption({ label: 'Riley Kim' });

  const inFirst = await page.evaluate(() => window.__tessera!.territoryUnitIds(0).includes('78701'));
  await page.getByRole('button', { name: 'Routing tester…' }).click();
  const tester = page.getByRole('dialog', { name: 'Routing tester' });
  await tester
    .getByLabel('Sample leads (CSV)')
    .fill(
      [
        'Account Id,Company,Zip,Country,Employees',
        ',Lone Star Robotics,78701,US,240',
        '001000000004C92AAA,Bayview Contracting,94108,US,27',
        ',Ghost Town Inc,00000,US,5',
      ].join('\n'),
    );
  await tester.getByRole('button', { name: 'Route leads' }).click();
  const rows = tester.getByRole('table', { name: 'Routing results' }).locator('tbody tr');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('TERRITORY');
  await expect(rows.nth(0)).toContainText(inFirst ? 'Riley Kim' : 'Vacant');
  await expect(rows.nth(0)).toContainText(inFirst ? 'Territory 1' : 'Territory 2');
  // an existing customer stays with its account manager
  await expect(rows.nth(1)).toContainText('Existing account: Bayview Contracting (by Id)');
  await expect(rows.nth(1)).toContainText('CUSTOMER');
  await expect(rows.nth(1)).toContainText('Emerson Silva');
  await expect(rows.nth(2)).toContainText('UNROUTABLE');
  await expect(rows.nth(2)).toContainText('its location is missing or invalid');

  const download = page.waitForEvent('download');
  await tester.getByRole('button', { name: 'Download results (CSV)' }).click();
  const csv = readFileSync(await (await download).path(), 'utf8');
  const bayview = csv.split('\r\n').find((line) => line.includes('Bayview Contracting'));
  expect(bayview).toMatch(
    /^3,Bayview Contracting,Bayview Contracting \(by Id\),All accounts,Territory \d,Emerson Silva,CUSTOMER,/,
  );
  await page.screenshot({ path: 'test-results/routing-tester.png' });
});

test('assignment audit: a fresh CRM export compared with the plan, grouped, downloadable', async ({ page }) => {
  await openPlanner(page);
  await balanceInto(page, 2);
  await addOwnersAsReps(page);
  await page.getByLabel('Rep of Territory 1').selectOption({ label: 'Riley Kim' });
  await page.getByLabel('Rep of Territory 2').selectOption({ label: 'Riley Kim' });

  const header = 'Id,Name,BillingPostalCode,BillingCountry,Type,Owner.Name,Open_Opportunity_Owner__c';
  const csv = [
    header,
    'AUD-1,Keeps Its Deal,94108,US,Prospect,Emerson Silva,Emerson Silva',
    'AUD-2,Moves To Riley,78701,US,Prospect,Kendall Okafor,',
    'AUD-3,Stays With Riley,10001,US,Prospect,Riley Kim,',
    'AUD-4,Nowhere Inc,00000,US,Prospect,Kendall Okafor,',
    '"=HYPERLINK(""http://x"")",Formula Co,60601,US,Prospect,Kendall Okafor,',
    ',No Id Co,60601,US,Prospect,Kendall Okafor,',
  ].join('\n');
  await page.getByRole('button', { name: 'Assignment audit…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Assignment audit' });
  await dialog
    .getByLabel('CRM export to audit')
    .setInputFiles({ name: 'crm-today.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await expect(dialog.getByTestId('audit-unchanged')).toHaveText('2');
  await expect(dialog.getByTestId('audit-new-owner')).toHaveText('2');
  await expect(dialog.getByTestId('audit-to-vacant')).toHaveText('0');
  await expect(dialog.getByTestId('audit-unroutable')).toHaveText('1');
  await expect(dialog).toContainText('Missing Id');
  await expect(dialog.getByRole('list', { name: 'Unroutable accounts' })).toContainText(
    'Nowhere Inc (AUD-4): its location is missing or invalid',
  );
  await expect(dialog.getByRole('table', { name: 'Audit by reason' })).toContainText('Open opportunities');
  await page.screenshot({ path: 'test-results/audit.png' });

  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Download changes (CSV)' }).click();
  const text = readFileSync(await (await download).path(), 'utf8').replace(/^\uFEFF/, '');
  const lines = text.trim().split('\r\n');
  expect(lines[0]).toBe('Account Id,Account name,Current owner,Planned owner,Territory,Team,Reason,Explanation,Change');
  expect(lines).toHaveLength(4); // header + 2 new owners + 1 unroutable
  expect(lines.find((l) => l.startsWith('AUD-2,'))).toMatch(
    /^AUD-2,Moves To Riley,Kendall Okafor,Riley Kim,Territory \d,All accounts,TERRITORY,/,
  );
  expect(lines.find((l) => l.includes('Formula Co'))).toMatch(/^"'=HYPERLINK\(""http:\/\/x""\)",Formula Co,/);
  expect(text).not.toContain('AUD-1,');
});
