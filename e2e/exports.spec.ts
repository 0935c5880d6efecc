import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Papa from 'papaparse';
import { decodePng, distinctColours, openPlanner, balanceInto, addOwnersAsReps } from './helpers.ts';

async function downloadOf(page: Page, button: Locator): Promise<{ name: string; text: string; bytes: Buffer }> {
  const download = page.waitForEvent('download');
  await button.click();
  const d = await download;
  const bytes = readFileSync(await d.path());
  return { name: d.suggestedFilename(), text: bytes.toString('utf8').replace(/^\uFEFF/, ''), bytes };
}

test('every export downloads with the content a CRM or GIS tool expects', async ({ page }) => {
  await openPlanner(page);
  await balanceInto(page, 3);
  await addOwnersAsReps(page);
  await page.getByLabel('Rep of Territory 1').selectOption({ label: 'Riley Kim' });
  const accountsIn = async (k: number) =>
    Number((await page.getByTestId(`territory-${k}-accounts`).innerText()).replace(/,/g, ''));
  const inTerritories = (await accountsIn(0)) + (await accountsIn(1)) + (await accountsIn(2));

  await page.getByRole('button', { name: 'Publish & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish & export' });

  // assignments, Tessera layout: one row per account, the owner and the reason of the ladder
  const tessera = await downloadOf(page, dialog.getByRole('button', { name: 'Assignments (CSV)' }));
  const rows = Papa.parse<Record<string, string>>(tessera.text, { header: true, skipEmptyLines: true }).data;
  expect(Object.keys(rows[0])).toEqual([
    'Account Id',
    'Account name',
    'Territory',
    'Team',
    'Owner',
    'Owner email',
    'Reason',
    'Explanation',
  ]);
  expect(rows.length).toBeGreaterThan(19_900);
  const byTerritory = rows.filter((r) => r.Reason === 'TERRITORY');
  expect(byTerritory.length).toBeGreaterThan(1000);
  expect(byTerritory.length).toBeLessThanOrEqual(inTerritories);
  expect(rows.find((r) => r['Account Id'] === '001000000004C92AAA')).toMatchObject({
    Owner: 'Emerson Silva',
    Reason: 'CUSTOMER',
  });
  expect(rows.flatMap((r) => Object.values(r)).filter((cell) => /^[=+\-@]/.test(cell))).toEqual([]);
  await expect(dialog.getByTestId('export-status')).toContainText('accounts written');

  // Salesforce Data Loader: the owners from the data have no CRM user Id here, so no header-only file is written and
  // the dialog says who is missing before and after the click
  await dialog.getByLabel('Assignments layout').selectOption('salesforce');
  await expect(dialog.getByTestId('assignment-gaps')).toContainText('No account can be written');
  await expect(dialog.getByRole('list', { name: 'Reps without a CRM user Id' })).toContainText('Riley Kim');
  await dialog.getByRole('button', { name: 'Assignments (CSV)' }).click();
  await expect(dialog.getByTestId('export-status')).toContainText('nothing downloaded');
  await expect(dialog.getByTestId('export-status')).toContainText('has no CRM user Id');
  await dialog.getByLabel('Assignments layout').selectOption('hubspot');
  const hubspot = await downloadOf(page, dialog.getByRole('button', { name: 'Assignments (CSV)' }));
  const hubspotRows = Papa.parse<string[]>(hubspot.text.trim()).data;
  expect(hubspotRows[0]).toEqual(['Record ID', 'Company owner']);
  expect(hubspotRows.find((r) => r[0] === '001000000004C92AAA')?.[1]).toBe('emerson.silva@tessera-demo.com');

  // territory definitions with ZIP lists chunked into rules
  await dialog.getByLabel('ZIP codes per rule').fill('250');
  const definitions = await downloadOf(page, dialog.getByRole('button', { name: 'Definitions (CSV)' }));
  const defRows = Papa.parse<Record<string, string>>(definitions.text, { header: true, skipEmptyLines: true }).data;
  const t1 = defRows.filter((r) => r.Territory === 'Territory 1');
  expect(t1.length).toBeGreaterThan(1);
  expect(t1[0].Owner).toBe('Riley Kim');
  const zips = t1.flatMap((r) => (r['ZIP codes'] ? r['ZIP codes'].split(',') : []));
  for (const r of t1) expect(r['ZIP codes'].split(',').length).toBeLessThanOrEqual(250);
  const t1Units = await page.evaluate(() => window.__tessera!.territoryUnitIds(0).filter((id) => /^\d{5}$/.test(id)));
  // every ZIP area of the territory, plus the PO-box ZIPs the router places in it
  const t1Zips = new Set(zips);
  expect(t1Units.filter((id) => !t1Zips.has(id))).toEqual([]);
  const outside = await page.evaluate(
    ([list, units]) => {
      const { geo } = window.__tessera!;
      const inside = new Set(units);
      return list.filter((z) => !inside.has(geo.ids[geo.resolveZip(z).unit] ?? ''));
    },
    [zips, await page.evaluate(() => window.__tessera!.territoryUnitIds(0))] as const,
  );
  expect(outside).toEqual([]);
  expect(zips.length).toBeGreaterThan(t1Units.length);
  const json = await downloadOf(page, dialog.getByRole('button', { name: 'Definitions (JSON)' }));
  const doc = JSON.parse(json.text) as { format: string; territories: { name: string; definition: string }[] };
  expect(doc.format).toBe('tessera-territories');
  expect(doc.territories).toHaveLength(3);
  expect(doc.territories[0].definition.length).toBeGreaterThan(5);

  // dissolved boundaries: valid GeoJSON polygons, closed rings
  const geojson = await downloadOf(page, dialog.getByRole('button', { name: 'Boundaries (GeoJSON)' }));
  const fc = JSON.parse(geojson.text) as {
    type: string;
    features: {
      properties: { name: string; owner: string };
      geometry: { type: string; coordinates: number[][][][] | number[][][] };
    }[];
  };
  expect(fc.type).toBe('FeatureCollection');
  expect(fc.features.map((f) => f.properties.name).sort()).toEqual(['Territory 1', 'Territory 2', 'Territory 3']);
  expect(fc.features.find((f) => f.properties.name === 'Territory 1')?.properties.owner).toBe('Riley Kim');
  for (const f of fc.features) {
    const polygons = (
      f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates
    ) as number[][][][];
    for (const ring of polygons.flat()) expect(ring[0]).toEqual(ring[ring.length - 1]);
  }

  // a picture of the map with its legend
  const png = await downloadOf(page, dialog.getByRole('button', { name: 'Map picture (PNG)' }));
  expect(png.name).toMatch(/\.png$/);
  const image = decodePng(png.bytes);
  expect(image.width).toBeGreaterThan(600);
  expect(distinctColours(image)).toBeGreaterThan(8);
});

test('publish from the planner: the HTML map opens offline and finds an owner; the candidate file names no account', async ({
  browser,
  page,
}) => {
  await openPlanner(page);
  await balanceInto(page, 2);
  await addOwnersAsReps(page);
  await page.getByLabel('Rep of Territory 1').selectOption({ label: 'Riley Kim' });

  await page.getByRole('button', { name: 'Publish & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish & export' });
  await dialog.getByLabel(/Rules of engagement/).fill('Disputes go to the sales director within 2 days.');
  await dialog.getByLabel(/Rules of engagement/).blur();
  const map = await downloadOf(page, dialog.getByRole('button', { name: 'Publish territory map (HTML)' }));
  expect(map.name).toMatch(/territory-map\.html$/);
  await dialog.getByLabel('Territory for the candidate view').selectOption({ label: 'Territory 1' });
  const candidate = await downloadOf(page, dialog.getByRole('button', { name: 'Candidate view (HTML)' }));

  // the candidate file holds no account name or Id of the sample
  const rows = Papa.parse<Record<string, string>>(readFileSync('data/sample-accounts.csv', 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const leaked = rows.filter(
    (r) => (r.Id && candidate.text.includes(r.Id)) || (r.Name.length >= 8 && candidate.text.includes(r.Name)),
  );
  expect(leaked.map((r) => r.Name)).toEqual([]);

  // open the published map with every request blocked except the file itself
  const dir = mkdtempSync(join(tmpdir(), 'tessera-published-'));
  const file = join(dir, map.name);
  writeFileSync(file, map.bytes);
  const url = pathToFileURL(file).href;
  const context = await browser.newContext();
  const attempted: string[] = [];
  context.on('request', (r) => attempted.push(r.url()));
  await context.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
  const viewer = await context.newPage();
  await viewer.goto(url);
  await viewer.waitForFunction(() => window.__tesseraViewer?.ready === true, null, { timeout: 90_000 });
  const shot = decodePng(await viewer.locator('.v-map').screenshot());
  expect(distinctColours(shot)).toBeGreaterThan(8);
  await expect(viewer.getByRole('region', { name: 'Rules of engagement' })).toContainText(
    'sales director within 2 days',
  );
  const search = viewer.getByRole('searchbox', { name: 'Who owns it?' });
  await search.fill('Bayview Contracting');
  await expect(viewer.locator('.v-result').first()).toContainText('Emerson Silva');
  await expect(viewer.locator('.v-result').first()).toContainText('Current customer');
  expect(attempted.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([url]);
  await context.close();
});
