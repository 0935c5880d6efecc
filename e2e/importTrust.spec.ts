import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { openPlanner } from './helpers.ts';

const ZIPS = ['02134', '10001', '94105', '60601', '73301', '98101', '30301', '80202'];

/** The app's "$1.2M" style, to compare totals the test computes from the file with the tile. */
const compactMoney = new Intl.NumberFormat('en-US', {
  style: 'currency',
  currency: 'USD',
  notation: 'compact',
  maximumFractionDigits: 1,
});

async function upload(page: Page, name: string, text: string | Buffer): Promise<void> {
  const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  await page.getByLabel('Accounts file (CSV)').setInputFiles({ name, mimeType: 'text/csv', buffer });
}

async function openAccount(page: Page, query: string, name: string) {
  await page.getByRole('combobox', { name: 'Search accounts by name or Id' }).fill(query);
  await page.getByRole('option', { name: new RegExp(name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }).click();
  return page.getByRole('dialog', { name: `Account ${name}` });
}

test.describe('imports never lose or merge rows silently', () => {
  test('an unclosed quote: the report names the line, the safe reading keeps all 1,000 rows', async ({ page }) => {
    const lines = ['Id,Name,BillingPostalCode,AnnualRevenue'];
    for (let i = 1; i <= 1000; i++)
      lines.push(
        i === 500 ? `${i},"Acme Best Co, Inc,02134,5000` : `${i},Company ${i},${ZIPS[i % ZIPS.length]},${i * 10}`,
      );
    const text = `${lines.join('\r\n')}\r\n`;
    const physicalDataRows = text.split(/\r\n|\n|\r/).filter((l) => l !== '').length - 1;
    expect(physicalDataRows).toBe(1000);

    await openPlanner(page);
    await upload(page, 'unclosed-quote.csv', text);
    const mapping = page.getByRole('dialog', { name: /Import accounts from unclosed-quote.csv/ });
    await mapping.getByRole('button', { name: 'Import', exact: true }).click();

    const report = page.getByRole('dialog', { name: /Import report/ });
    await expect(report.getByTestId('report-rows-read')).toHaveText('500');
    const warning = report.getByRole('alert').filter({ hasText: 'never closed' });
    await expect(warning).toContainText('Line 501: a quote is never closed');
    await expect(warning.getByTestId('runaway-quote')).toContainText('lines 501–1,001 were read as one row');
    await expect(warning.locator('code')).toHaveText('500,"Acme Best Co, Inc,02134,5000');
    await warning.getByRole('button', { name: 'Read again, treating the unclosed quote as text' }).click();

    await expect(report.getByTestId('report-rows-read')).toHaveText('1,000');
    await expect(report.getByTestId('report-imported')).toHaveText('1,000');
    await expect(report.getByTestId('report-placed')).toHaveText('1,000');
    await expect(report.getByRole('alert').filter({ hasText: 'never closed' })).toHaveCount(0);
    await expect(report.getByTestId('quotes-as-text')).toContainText('line 501');
    await expect(report.getByTestId('report-lines')).toHaveText('1,000 lines after the header: 1,000 rows read.');
    await expect(report.locator('tr[data-reason="quote-as-text"] td').nth(1)).toHaveText('1');

    await report.getByRole('button', { name: /Replace [\d,]+ current accounts/ }).click();
    await expect(page.getByTestId('accounts-imported')).toHaveText('1,000');
    await expect(page.getByTestId('accounts-placed')).toHaveText('1,000');
    const acme = await openAccount(page, 'Acme Best', 'Acme Best Co, Inc');
    await expect(acme).toContainText('ZIP 02134');
    await expect(acme).toContainText('$5K');
    await page.keyboard.press('Escape');
    const last = await openAccount(page, 'Company 1000', 'Company 1000');
    await expect(last).toContainText(`ZIP ${ZIPS[1000 % ZIPS.length]}`);
  });

  test('mixed \\r\\n, \\n and \\r line endings are read row by row', async ({ page }) => {
    const endings = ['\r\n', '\n', '\r'];
    let text = 'Id,Name,BillingPostalCode,AnnualRevenue\r\n';
    for (let i = 1; i <= 300; i++) text += `${i},Company ${i},${ZIPS[i % ZIPS.length]},${i * 1000}${endings[i % 3]}`;
    const rows = Papa.parse<string[]>(text.replace(/\r\n?/g, '\n'), { skipEmptyLines: true }).data.slice(1);
    expect(rows.length).toBe(300);
    const total = rows.reduce((s, r) => s + Number(r[3]), 0);

    await openPlanner(page);
    await upload(page, 'mixed-endings.csv', text);
    await page
      .getByRole('dialog', { name: /Import accounts from mixed-endings.csv/ })
      .getByRole('button', { name: 'Import', exact: true })
      .click();
    const report = page.getByRole('dialog', { name: /Import report/ });
    await expect(report.getByTestId('report-rows-read')).toHaveText('300');
    await expect(report.getByTestId('report-imported')).toHaveText('300');
    await expect(report.getByTestId('report-placed')).toHaveText('300');
    await expect(report.getByTestId('report-lines')).toHaveText('300 lines after the header: 300 rows read.');
    await expect(report).toContainText('Every row was imported and placed.');
    await report.getByRole('button', { name: /Replace/ }).click();
    await expect(page.getByTestId('accounts-imported')).toHaveText('300');
    const card = page.getByRole('region', { name: 'Accounts' });
    await expect(card.locator('dl div').filter({ hasText: 'AnnualRevenue' }).locator('dd')).toHaveText(
      compactMoney.format(total),
    );
    // a row after a lone \r is its own account, not part of the value above it
    const c151 = await openAccount(page, 'Company 151', 'Company 151');
    await expect(c151).toContainText(`ZIP ${ZIPS[151 % ZIPS.length]}`);
    await expect(c151).toContainText('$151K');
  });

  test('a German export: mapping proposed, decimal commas, totals from the file', async ({ page }) => {
    const file = 'e2e/fixtures/german-export.csv';
    const bytes = readFileSync(file);
    const parsed = Papa.parse<string[]>(new TextDecoder('windows-1252').decode(bytes), {
      delimiter: ';',
      skipEmptyLines: true,
    }).data;
    const headers = parsed[0];
    const rows = parsed.slice(1);
    const column = (name: string): number => headers.indexOf(name);
    const germanNumber = (s: string): number => Number(s.replace(/\./g, '').replace(',', '.'));
    const total = rows.reduce((s, r) => s + germanNumber(r[column('Umsatz (EUR)')]), 0);
    const koehler = rows.find((r) => r[column('Firma')].startsWith('Köhler'))!;

    await openPlanner(page);
    await page.getByLabel('Accounts file (CSV)').setInputFiles(file);
    const dialog = page.getByRole('dialog', { name: /Import accounts from german-export.csv/ });
    await expect(dialog).toContainText('WINDOWS-1252 · semicolon-separated · decimal comma');
    const field = (label: string) =>
      dialog
        .locator('label.mapping-row', { has: page.locator('span', { hasText: new RegExp(`^${label}$`) }) })
        .locator('select');
    await expect(field('Account Id')).toHaveValue(String(column('Kundennummer')));
    await expect(field('Account name')).toHaveValue(String(column('Firma')));
    await expect(dialog.getByLabel('ZIP / postal code')).toHaveValue(String(column('PLZ')));
    await expect(field('City')).toHaveValue(String(column('Ort')));
    await expect(field('Country')).toHaveValue(String(column('Land')));
    await expect(field('Employees')).toHaveValue(String(column('Mitarbeiter')));
    await expect(field('Industry')).toHaveValue(String(column('Branche')));
    await expect(field('Owner name')).toHaveValue(String(column('Inhaber')));
    await expect(dialog.getByLabel('Account value (balanced on)')).toHaveValue(String(column('Umsatz (EUR)')));
    await expect(dialog.getByLabel('Decimal separator')).toHaveValue(',');
    await dialog.getByRole('button', { name: 'Import', exact: true }).click();

    const report = page.getByRole('dialog', { name: /Import report/ });
    await expect(report.getByTestId('report-rows-read')).toHaveText(String(rows.length));
    await expect(report.getByTestId('report-imported')).toHaveText(String(rows.length));
    await expect(report.getByTestId('report-placed')).toHaveText(String(rows.length));
    await report.getByRole('button', { name: /Replace/ }).click();
    const card = page.getByRole('region', { name: 'Accounts' });
    await expect(card.locator('dl div').filter({ hasText: 'Umsatz (EUR)' }).locator('dd')).toHaveText(
      compactMoney.format(total),
    );
    const account = await openAccount(page, 'Köhler', koehler[column('Firma')]);
    await expect(account).toContainText(compactMoney.format(germanNumber(koehler[column('Umsatz (EUR)')])));
    await expect(account).toContainText(germanNumber(koehler[column('Mitarbeiter')]).toLocaleString('en-US'));
    await expect(account).toContainText('Hamburg');
  });

  test('binary junk in the middle: every valid row after it is kept, the junk lines are named', async ({ page }) => {
    const rows = Array.from({ length: 3000 }, (_, i) => `${i + 1},Company ${i + 1},${ZIPS[i % ZIPS.length]},${i}`);
    const before = Buffer.from(`Id,Name,BillingPostalCode,AnnualRevenue\n${rows.slice(0, 1500).join('\n')}\n`);
    const after = Buffer.from(`\n${rows.slice(1500).join('\n')}\n`);
    const junk = Buffer.alloc(2 * 1024 * 1024);
    let seed = 11;
    for (let i = 0; i < junk.length; i++) junk[i] = (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
    const firstJunkLine = 1 + 1500 + 1; // header + 1,500 rows, then the junk starts a line

    await openPlanner(page);
    await upload(page, 'junk.csv', Buffer.concat([before, junk, after]));
    await page
      .getByRole('dialog', { name: /Import accounts from junk.csv/ })
      .getByRole('button', { name: 'Import', exact: true })
      .click();
    const report = page.getByRole('dialog', { name: /Import report/ });
    await expect(report.getByTestId('report-rows-read')).toHaveText('3,000');
    await expect(report.getByTestId('report-imported')).toHaveText('3,000');
    await expect(report.getByTestId('not-text')).toContainText(
      new RegExp(`lines that are not text \\(binary data\\): lines ${firstJunkLine.toLocaleString('en-US')}–`),
    );
  });

  test('a file with 60,000 columns is refused within seconds', async ({ page }) => {
    const header = Array.from({ length: 60_000 }, (_, i) => `column_${i}`).join(',');
    await openPlanner(page);
    const started = Date.now();
    await upload(page, 'wide.csv', `${header}\n${header}\n`);
    const error = page.getByRole('dialog', { name: 'This file cannot be imported' });
    await expect(error.getByRole('alert')).toContainText(/wide\.csv has more than [\d,]+ columns in its first row/, {
      timeout: 10_000,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
    await expect(page.getByTestId('dataset-file')).toContainText('sample-accounts.csv');
  });
});
