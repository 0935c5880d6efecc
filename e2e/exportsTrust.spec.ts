import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import GeometryFactory from 'jsts/org/locationtech/jts/geom/GeometryFactory.js';
import GeoJSONReader from 'jsts/org/locationtech/jts/io/GeoJSONReader.js';
import IsValidOp from 'jsts/org/locationtech/jts/operation/valid/IsValidOp.js';
import { addOwnersAsReps, balanceInto, decodePng, jumpAndSettle, openPlanner } from './helpers.ts';

/** Clicks a button and returns the file it downloads, bytes as they are (no byte-order mark stripped). */
async function downloadOf(page: Page, button: Locator): Promise<{ name: string; text: string; bytes: Buffer }> {
  const download = page.waitForEvent('download');
  await button.click();
  const d = await download;
  const bytes = readFileSync(await d.path());
  return { name: d.suggestedFilename(), text: bytes.toString('utf8'), bytes };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const startsWithBom = (bytes: Buffer): boolean => bytes.subarray(0, 3).equals(BOM);

const OWNER_A = '0055g00000AAAAAAAA';
const DANA_ID = '0055g00000DDDDDDDD';

test('Data Loader from an OwnerId-only export: owners become reps with Ids, missing Ids are fixed before download', async ({
  page,
}) => {
  await openPlanner(page);
  await page.getByLabel('Accounts file (CSV)').setInputFiles('e2e/fixtures/salesforce-ownerid-only.csv');
  const mapping = page.getByRole('dialog', { name: /Import accounts from salesforce-ownerid-only.csv/ });
  await expect(mapping.getByLabel('Owner Id')).toHaveValue('5'); // OwnerId is the only owner column
  await mapping.getByRole('button', { name: 'Import', exact: true }).click();
  const report = page.getByRole('dialog', { name: /Import report/ });
  await report.getByRole('button', { name: /Replace [\d,]+ current accounts/ }).click();
  await expect(page.getByTestId('accounts-imported')).toHaveText('402');
  await balanceInto(page, 2);

  // "Add owners as reps" works with only OwnerId: three reps, each with its CRM user Id
  await page.getByRole('button', { name: 'Ownership rules…' }).click();
  const rules = page.getByRole('dialog', { name: 'Ownership rules' });
  await expect(rules.getByRole('button', { name: 'Add 3 owners as reps' })).toBeVisible();
  await rules.getByRole('button', { name: 'Done' }).click();
  await addOwnersAsReps(page);
  await page.getByText('Reps (3)').click();
  await expect(page.getByLabel(`CRM user Id of Owner ${OWNER_A}`)).toHaveValue(OWNER_A);

  // both territories vacant: the Data Loader file would be empty, so nothing is downloaded and the dialog says why
  await page.getByRole('button', { name: 'Publish & export…' }).click();
  let dialog = page.getByRole('dialog', { name: 'Publish & export' });
  await dialog.getByLabel('Assignments layout').selectOption('salesforce');
  const gaps = dialog.getByTestId('assignment-gaps');
  await expect(gaps).toContainText('No account can be written');
  let downloads = 0;
  page.on('download', () => downloads++);
  await dialog.getByRole('button', { name: 'Assignments (CSV)' }).click();
  await expect(dialog.getByTestId('export-status')).toContainText('nothing downloaded');
  expect(downloads).toBe(0);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // one territory to an owner rep (has an Id), one to a new rep without an Id
  await page.getByLabel('New rep name').fill('Dana Vale');
  await page.getByRole('button', { name: 'Add rep' }).click();
  await page.getByLabel('Rep of Territory 1').selectOption({ label: `Owner ${OWNER_A}` });
  await page.getByLabel('Rep of Territory 2').selectOption({ label: 'Dana Vale' });

  await page.getByRole('button', { name: 'Publish & export…' }).click();
  dialog = page.getByRole('dialog', { name: 'Publish & export' });
  await dialog.getByLabel('Assignments layout').selectOption('salesforce');
  await expect(gaps).toContainText('This file would leave out');
  await expect(gaps.getByRole('list', { name: 'Reps without a CRM user Id' })).toContainText('Dana Vale');
  await page.screenshot({ path: 'test-results/exports-trust-gaps.png' });

  // a wrong Id is refused with a message; a Salesforce user Id is saved (one undo step, autosaved)
  const danaId = gaps.getByLabel('CRM user Id of Dana Vale');
  await danaId.fill('12345');
  await danaId.press('Enter');
  await expect(gaps.getByRole('alert')).toContainText('not a Salesforce user Id');
  await danaId.fill(DANA_ID);
  await danaId.press('Enter');
  await expect(gaps.getByRole('list', { name: 'Reps without a CRM user Id' })).toHaveCount(0);

  // every account with an owner is in the Data Loader file with its owner's Id; the rest are counted in the status
  const dataLoader = await downloadOf(page, dialog.getByRole('button', { name: 'Assignments (CSV)' }));
  expect(startsWithBom(dataLoader.bytes)).toBe(false); // Data Loader rejects a byte-order mark
  const status = await dialog.getByTestId('export-status').innerText();
  const loaderRows = Papa.parse<string[]>(dataLoader.text.trim()).data;
  expect(loaderRows[0]).toEqual(['Id', 'OwnerId']);
  await dialog.getByLabel('Assignments layout').selectOption('tessera');
  const tessera = await downloadOf(page, dialog.getByRole('button', { name: 'Assignments (CSV)' }));
  expect(startsWithBom(tessera.bytes)).toBe(true); // for Excel
  const planned = Papa.parse<Record<string, string>>(tessera.text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;
  expect(planned).toHaveLength(402);
  const idOfOwner: Record<string, string> = { [`Owner ${OWNER_A}`]: OWNER_A, 'Dana Vale': DANA_ID };
  const expected = planned
    .filter((r) => r.Owner && r.Owner !== 'Vacant')
    .map((r) => [r['Account Id'], idOfOwner[r.Owner]]);
  expect(expected.length).toBeGreaterThan(300);
  expect(new Set(expected.map((r) => r[1]))).toEqual(new Set([OWNER_A, DANA_ID]));
  expect(loaderRows.slice(1).sort()).toEqual(expected.sort());
  const leftOut = 402 - expected.length;
  if (leftOut > 0) expect(status).toContain(`left out: ${leftOut} without a rep`);
  else expect(status).not.toContain('left out');
});

test('territory definitions list PO-box ZIPs in the territory the routing tester gives them', async ({ page }) => {
  await openPlanner(page);
  await balanceInto(page, 3);
  await page.getByRole('button', { name: 'Publish & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish & export' });
  const csv = await downloadOf(page, dialog.getByRole('button', { name: 'Definitions (CSV)' }));
  const json = await downloadOf(page, dialog.getByRole('button', { name: 'Definitions (JSON)' }));
  expect(json.bytes[0]).toBe('{'.charCodeAt(0)); // no byte-order mark (RFC 8259)
  const doc = JSON.parse(json.text) as { territories: { name: string; zipRules: string[][] }[] };
  const rows = Papa.parse<Record<string, string>>(csv.text.replace(/^\uFEFF/, ''), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const territoryOfZip = new Map<string, string>();
  for (const r of rows)
    for (const zip of r['ZIP codes'] ? r['ZIP codes'].split(',') : []) territoryOfZip.set(zip, r.Territory);
  // CSV and JSON list the same codes
  expect(doc.territories.flatMap((t) => t.zipRules.flat()).sort()).toEqual([...territoryOfZip.keys()].sort());

  // ZIPs without a ZIP area of their own (PO boxes, single organisations) are listed too
  const withoutArea = await page.evaluate(
    (zips) => zips.filter((z) => window.__tessera!.geo.unitOf(z) < 0),
    [...territoryOfZip.keys()],
  );
  expect(withoutArea.length).toBeGreaterThan(1000);
  const probes = [withoutArea[0], withoutArea[Math.floor(withoutArea.length / 2)], withoutArea[withoutArea.length - 1]];
  if (territoryOfZip.has('10008')) probes.push('10008');

  await dialog.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('button', { name: 'Routing tester…' }).click();
  const tester = page.getByRole('dialog', { name: 'Routing tester' });
  await tester
    .getByLabel('Sample leads (CSV)')
    .fill(`Company,ZIP\n${probes.map((zip) => `PO Box ${zip},${zip}`).join('\n')}`);
  await tester.getByRole('button', { name: 'Route leads' }).click();
  const table = tester.getByRole('table', { name: 'Routing results' });
  await expect(table.locator('tbody tr')).toHaveCount(probes.length);
  for (const [i, zip] of probes.entries()) {
    const territory = await table.locator('tbody tr').nth(i).locator('td').nth(3).innerText();
    expect(`${zip}: ${territory.trim()}`).toBe(`${zip}: ${territoryOfZip.get(zip)}`);
  }
});

test('GeoJSON passes JTS validation and the map picture covers the whole plan at 2x with its legend', async ({
  page,
}) => {
  await openPlanner(page);
  await balanceInto(page, 4);
  // look at the Pacific: nothing of the plan is in view
  await jumpAndSettle(page, [-150, 0], 4);
  await page.getByRole('button', { name: 'Publish & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish & export' });

  const geojson = await downloadOf(page, dialog.getByRole('button', { name: 'Boundaries (GeoJSON)' }));
  expect(geojson.bytes[0]).toBe('{'.charCodeAt(0));
  const fc = JSON.parse(geojson.text) as {
    features: { properties: { name: string; colour: string }; geometry: object }[];
  };
  expect(fc.features).toHaveLength(4);
  const reader = new GeoJSONReader(new GeometryFactory());
  for (const f of fc.features) {
    const op = new IsValidOp(reader.read(f.geometry));
    expect(op.isValid() ? 'valid' : `${f.properties.name}: ${op.getValidationError().toString()}`).toBe('valid');
  }

  const plan = await downloadOf(page, dialog.getByRole('button', { name: 'Plan file (JSON)' }));
  expect(plan.bytes[0]).toBe('{'.charCodeAt(0));

  const css = await page.evaluate(() => {
    const canvas = window.__tessera!.map.map.getCanvas();
    return { width: canvas.clientWidth, height: canvas.clientHeight };
  });
  await expect(dialog.getByLabel('Picture shows')).toHaveValue('plan');
  const whole = decodePng((await downloadOf(page, dialog.getByRole('button', { name: 'Map picture (PNG)' }))).bytes);
  await dialog.getByLabel('Picture shows').selectOption('view');
  const view = decodePng((await downloadOf(page, dialog.getByRole('button', { name: 'Map picture (PNG)' }))).bytes);

  // twice the screen resolution, the map on the left and the legend to its right
  const mapWidth = 2 * css.width;
  for (const image of [whole, view]) {
    expect(image.width).toBeGreaterThan(mapWidth);
    expect(image.height).toBeGreaterThanOrEqual(2 * css.height);
  }
  const pixel = (image: typeof whole, x: number, y: number): [number, number, number] => {
    const i = (y * image.width + x) * 4;
    return [image.data[i], image.data[i + 1], image.data[i + 2]];
  };
  const hex = (c: string): [number, number, number] => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16)) as never;
  // the legend: every territory's swatch in its exact colour, inside the image, and white to the right edge
  const legend = { x0: mapWidth, x1: whole.width };
  for (const f of fc.features) {
    const want = hex(f.properties.colour);
    let found = false;
    for (let y = 0; y < whole.height && !found; y += 2)
      for (let x = legend.x0; x < legend.x1 && !found; x += 2)
        found = pixel(whole, x, y).every((v, k) => v === want[k]);
    expect(found, `legend swatch of ${f.properties.name}`).toBe(true);
  }
  let inkAtRightEdge = 0;
  for (let y = 0; y < whole.height; y++) if (pixel(whole, whole.width - 2, y).some((v) => v < 200)) inkAtRightEdge++;
  expect(inkAtRightEdge).toBe(0);

  // the map part: the whole plan shows its territories' many colours; the view of the Pacific is sea
  const coloursOfMap = (image: typeof whole): number => {
    const seen = new Set<number>();
    for (let y = 0; y < image.height; y += 2)
      for (let x = 0; x < mapWidth; x += 2) {
        const [r, g, b] = pixel(image, x, y);
        seen.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      }
    return seen.size;
  };
  expect(coloursOfMap(whole)).toBeGreaterThan(coloursOfMap(view) + 20);

  // the camera is back where the planner left it
  const centre = await page.evaluate(() => window.__tessera!.map.map.getCenter().toArray());
  expect(centre[0]).toBeCloseTo(-150, 3);
});
