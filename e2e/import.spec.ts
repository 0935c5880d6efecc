import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { openPlanner } from './helpers.ts';

const fixture = (name: string): string => `e2e/fixtures/${name}`;

async function chooseFile(
  page: Page,
  file: string | { name: string; mimeType: string; buffer: Buffer },
): Promise<void> {
  await page.getByLabel('Accounts file (CSV)').setInputFiles(file);
}

async function readDownload(page: Page, click: () => Promise<void>): Promise<string[][]> {
  const downloadPromise = page.waitForEvent('download');
  await click();
  const download = await downloadPromise;
  const path = await download.path();
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  return Papa.parse<string[]>(text.trim()).data;
}

test.describe('importing CRM exports', () => {
  test('a Salesforce export with defects: mapping, report, problem rows download, map, reload', async ({ page }) => {
    await openPlanner(page);
    await chooseFile(page, fixture('salesforce-defects.csv'));
    const dialog = page.getByRole('dialog', { name: /Import accounts from salesforce-defects.csv/ });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText('Detected Salesforce');
    await expect(dialog.getByLabel('ZIP / postal code')).toHaveValue('3'); // BillingPostalCode
    await expect(dialog.getByLabel('Account value (balanced on)')).toHaveValue('6'); // AnnualRevenue
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();

    const report = page.getByRole('dialog', { name: /Import report/ });
    await expect(report).toBeVisible();
    await expect(report.getByTestId('report-rows-read')).toHaveText('18');
    await expect(report.getByTestId('report-imported')).toHaveText('16');
    await expect(report.getByTestId('report-placed')).toHaveText('13');
    await expect(report.getByTestId('report-problems')).toHaveText('6');
    for (const reason of ['missing-zip', 'unknown-zip', 'duplicate-id', 'bad-number', 'missing-id', 'unknown-country'])
      await expect(report.locator(`tr[data-reason="${reason}"] td`).nth(1)).toHaveText('1');

    const rows = await readDownload(page, () =>
      report.getByRole('button', { name: 'Download problem rows (CSV)' }).click(),
    );
    expect(rows[0].slice(0, 4)).toEqual(['Row', 'Account Id', 'Reason', 'Detail']);
    const byId = new Map(rows.slice(1).map((r) => [`${r[1]}|${r[2]}`, r]));
    expect(rows.length).toBe(7);
    expect(byId.get('001E|Missing ZIP (not placed)')?.[0]).toBe('6');
    expect(byId.get('001F|Unknown ZIP (not placed)')).toBeDefined();
    expect(byId.get('001A|Duplicate Id (later copy skipped)')?.[3]).toContain('kept the first copy (row 2)');
    expect(byId.get('001H|Bad number (kept as missing)')?.[3]).toContain('"lots"');
    expect(byId.get('|Missing Id (row skipped)')).toBeDefined();
    expect(byId.get('001K|Unknown country (not placed)')).toBeDefined();

    await report.getByRole('button', { name: /Replace [\d,]+ current accounts/ }).click();
    await expect(report).toHaveCount(0);
    await expect(page.getByTestId('dataset-file')).toContainText('salesforce-defects.csv');
    await expect(page.getByTestId('accounts-imported')).toHaveText('16');
    await expect(page.getByTestId('accounts-placed')).toHaveText('13');

    // the accounts are on the map: find one and open its popup
    const search = page.getByRole('combobox', { name: 'Search accounts by name or Id' });
    await search.fill('Alpha');
    await page.getByRole('option', { name: /Alpha Corp/ }).click();
    const popup = page.getByRole('dialog', { name: 'Account Alpha Corp' });
    await expect(popup).toContainText('ZIP 02134');
    await expect(popup).toContainText('Ann Lee');
    await page.waitForFunction(() => {
      const map = window.__tessera!.map.map;
      return map.querySourceFeatures('accounts').length > 0;
    });

    // imported text is shown as text, never as HTML
    await search.fill('=HYPER');
    await page.getByRole('option', { name: /HYPERLINK/ }).click();
    const evil = page.getByRole('dialog', { name: /Account =HYPERLINK/ });
    await expect(evil.getByRole('heading')).toHaveText('=HYPERLINK("http://evil.invalid","Click")');
    await expect(evil.locator('a')).toHaveCount(0);

    // reload: the imported accounts come back from IndexedDB
    await page.reload();
    await page.waitForFunction(() => window.__tessera?.ready === true, null, { timeout: 90_000 });
    await expect(page.getByTestId('dataset-file')).toContainText('salesforce-defects.csv');
    await expect(page.getByTestId('accounts-imported')).toHaveText('16');
  });

  test('a HubSpot export (semicolons, decimal commas, BOM) with defects', async ({ page }) => {
    await openPlanner(page);
    await chooseFile(page, fixture('hubspot-defects.csv'));
    const dialog = page.getByRole('dialog', { name: /Import accounts from hubspot-defects.csv/ });
    await expect(dialog).toContainText('Detected HubSpot');
    await expect(dialog).toContainText('semicolon-separated');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    const report = page.getByRole('dialog', { name: /Import report/ });
    await expect(report.getByTestId('report-rows-read')).toHaveText('12');
    await expect(report.getByTestId('report-imported')).toHaveText('11');
    await expect(report.getByTestId('report-placed')).toHaveText('9');
    await expect(report.getByTestId('report-problems')).toHaveText('4');
    const rows = await readDownload(page, () =>
      report.getByRole('button', { name: 'Download problem rows (CSV)' }).click(),
    );
    expect(
      rows
        .slice(1)
        .map((r) => `${r[1]} ${r[2]}`)
        .sort(),
    ).toEqual([
      '9002 Duplicate Id (later copy skipped)',
      '9004 Malformed ZIP (not placed)',
      '9008 Bad number (kept as missing)',
      '9009 Missing ZIP (not placed)',
    ]);
    await report.getByRole('button', { name: /Replace/ }).click();
    await expect(page.getByTestId('accounts-imported')).toHaveText('11');
    await page.getByRole('combobox', { name: 'Search accounts by name or Id' }).fill('Nordwind');
    await page.getByRole('option', { name: /Nordwind/ }).click();
    await expect(page.getByRole('dialog', { name: 'Account Nordwind GmbH' })).toContainText('Germany');
  });

  test('the column mapping is remembered for files with the same headers', async ({ page }) => {
    await openPlanner(page);
    await chooseFile(page, fixture('hubspot-defects.csv'));
    let dialog = page.getByRole('dialog', { name: /Import accounts from/ });
    await dialog.getByLabel('Tier').selectOption({ label: 'Industry' });
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();
    await page
      .getByRole('dialog', { name: /Import report/ })
      .getByRole('button', { name: 'Discard' })
      .click();
    await expect(page.getByTestId('dataset-file')).toContainText('sample-accounts.csv'); // discarded: unchanged
    await chooseFile(page, fixture('hubspot-defects.csv'));
    dialog = page.getByRole('dialog', { name: /Import accounts from/ });
    await expect(dialog).toContainText('using the mapping you chose last time');
    await expect(dialog.getByLabel('Tier')).toHaveValue('8');
  });

  test.describe('files that are not usable leave the workspace unchanged', () => {
    const cases: [string, { name: string; mimeType: string; buffer: Buffer }, RegExp][] = [
      [
        'a PNG',
        { name: 'logo.png', mimeType: 'image/png', buffer: Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex') },
        /PNG image, not a CSV/,
      ],
      ['an empty file', { name: 'empty.csv', mimeType: 'text/csv', buffer: Buffer.alloc(0) }, /empty/],
      [
        'a header-only file',
        { name: 'header.csv', mimeType: 'text/csv', buffer: Buffer.from('Id,Name,BillingPostalCode\r\n') },
        /header row but no accounts/,
      ],
      [
        'a 1-column file',
        { name: 'one.csv', mimeType: 'text/csv', buffer: Buffer.from('Name\nAcme\nBeta\n') },
        /only one column/,
      ],
    ];
    for (const [what, file, message] of cases) {
      test(what, async ({ page }) => {
        await openPlanner(page);
        const before = await page.getByTestId('accounts-imported').innerText();
        await chooseFile(page, file);
        const dialog = page.getByRole('dialog', { name: 'This file cannot be imported' });
        await expect(dialog.getByRole('alert')).toHaveText(message);
        await dialog.getByRole('button', { name: 'Close' }).click();
        await expect(dialog).toHaveCount(0);
        await expect(page.getByTestId('dataset-file')).toContainText('sample-accounts.csv');
        await expect(page.getByTestId('accounts-imported')).toHaveText(before);
      });
    }
  });

  test('a large import shows progress and can be cancelled without changing anything', async ({ page }) => {
    await openPlanner(page);
    const header = 'Id,Name,BillingPostalCode,AnnualRevenue\n';
    const zips = ['02134', '10001', '60601', '94105', '75201', '33101'];
    const body = Array.from({ length: 400_000 }, (_, i) => `A${i},Account ${i},${zips[i % 6]},${i * 10}`).join('\n');
    await chooseFile(page, { name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(header + body) });
    await page
      .getByRole('dialog', { name: /Import accounts from big.csv/ })
      .getByRole('button', { name: 'Import', exact: true })
      .click();
    const progress = page.getByRole('dialog', { name: 'Importing big.csv' });
    await expect(progress.getByRole('progressbar', { name: 'Import progress' })).toBeVisible();
    await progress.getByRole('button', { name: 'Cancel import' }).click();
    await expect(progress).toHaveCount(0);
    await expect(page.getByTestId('dataset-file')).toContainText('sample-accounts.csv');
  });
});

test('a CSV dropped on the window opens the import', async ({ page }) => {
  await openPlanner(page);
  const csv = readFileSync(fixture('hubspot-defects.csv'), 'utf8');
  const dataTransfer = await page.evaluateHandle((text) => {
    const dt = new DataTransfer();
    dt.items.add(new File([text], 'dropped.csv', { type: 'text/csv' }));
    return dt;
  }, csv);
  await page.dispatchEvent('body', 'dragenter', { dataTransfer });
  await expect(page.getByText('Drop a CSV export to import its accounts')).toBeVisible();
  await page.dispatchEvent('body', 'drop', { dataTransfer });
  await expect(page.getByText('Drop a CSV export to import its accounts')).toHaveCount(0);
  await expect(page.getByRole('dialog', { name: 'Import accounts from dropped.csv' })).toContainText(
    'Detected HubSpot',
  );
});
