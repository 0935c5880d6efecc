import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { jumpAndSettle, openPlanner } from './helpers.ts';

/** Totals per ZIP area computed from the sample file alone (the test's own reading, not the app's importer). */
function sampleTotalsByUnit(): Map<string, { count: number; value: number }> {
  const geo = JSON.parse(readFileSync('public/geo/units.json', 'utf8')) as {
    units: { id: string[]; zipUnitCount: number };
    zipLookup: { zip: string[]; unit: number[] };
  };
  const zipUnits = new Set(geo.units.id.slice(0, geo.units.zipUnitCount));
  const lookup = new Map(geo.zipLookup.zip.map((z, i) => [z, geo.zipLookup.unit[i]]));
  const rows = Papa.parse<Record<string, string>>(readFileSync('data/sample-accounts.csv', 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const seen = new Set<string>();
  const totals = new Map<string, { count: number; value: number }>();
  for (const r of rows) {
    if (!r.Id || seen.has(r.Id)) continue;
    seen.add(r.Id);
    if (!['United States', 'USA', 'US', 'U.S.', ''].includes(r.BillingCountry)) continue;
    let zip = r.BillingPostalCode.trim().slice(0, 5).replace(/-$/, '');
    if (/^\d{4}$/.test(zip)) zip = `0${zip}`;
    if (!/^\d{5}$/.test(zip)) continue;
    const unitIndex = zipUnits.has(zip) ? geo.units.id.indexOf(zip) : (lookup.get(zip) ?? -1);
    if (unitIndex < 0) continue;
    const id = geo.units.id[unitIndex];
    const t = totals.get(id) ?? { count: 0, value: 0 };
    t.count += 1;
    const v = Number(r.AnnualRevenue);
    if (r.AnnualRevenue.trim() !== '' && Number.isFinite(v)) t.value += v;
    totals.set(id, t);
  }
  return totals;
}

async function territoryFigures(page: Page, k: number): Promise<{ count: number; value: number }> {
  const count = Number((await page.getByTestId(`territory-${k}-accounts`).innerText()).replace(/,/g, ''));
  const value = Number(await page.getByTestId(`territory-${k}-value`).getAttribute('data-value'));
  return { count, value };
}

async function expectedFor(page: Page, k: number, byUnit: Map<string, { count: number; value: number }>) {
  const ids = await page.evaluate((t) => window.__tessera!.territoryUnitIds(t), k);
  let count = 0;
  let value = 0;
  for (const id of ids) {
    const t = byUnit.get(id);
    if (t) [count, value] = [count + t.count, value + t.value];
  }
  return { count, value, units: ids.length };
}

async function drag(page: Page, from: [number, number], to: [number, number], steps = 12): Promise<void> {
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.move(box.x + from[0], box.y + from[1]);
  await page.mouse.down();
  await page.mouse.move(box.x + to[0], box.y + to[1], { steps });
  await page.mouse.up();
}

test('paint territories with the mouse; charts, undo, lasso, split and keyboard', async ({ page }) => {
  const byUnit = sampleTotalsByUnit();
  await openPlanner(page);
  await page.getByRole('button', { name: 'Add territory' }).click();
  await page.getByRole('button', { name: 'Add territory' }).click();
  await page.getByLabel('New rep name').fill('Ann Lee');
  await page.getByLabel('New rep email').fill('ann@example.com');
  await page.getByRole('button', { name: 'Add rep' }).click();
  await page.getByLabel('Rep of Territory 1').selectOption({ label: 'Ann Lee' });
  await page.getByRole('button', { name: 'Rename Territory 2' }).click();
  await page.getByLabel('Territory name').fill('Boston North');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('territory-1')).toContainText('Boston North');

  // ZIP level around Boston, brush with a real drag
  await page.getByRole('button', { name: 'ZIP', exact: true }).click();
  await jumpAndSettle(page, [-71.1, 42.35], 10.5);
  await page.keyboard.press('1');
  await page.keyboard.press('b');
  await expect(page.getByRole('button', { name: 'Brush' })).toHaveAttribute('aria-pressed', 'true');
  await drag(page, [200, 300], [500, 320]);
  const painted = await expectedFor(page, 0, byUnit);
  expect(painted.units).toBeGreaterThan(3);
  expect(painted.count).toBeGreaterThan(0);
  await expect.poll(() => territoryFigures(page, 0)).toEqual({ count: painted.count, value: painted.value });
  const table = page.getByRole('table', { name: 'Territory totals' });
  await expect(table.getByRole('row', { name: /Territory 1 Ann Lee/ })).toContainText(String(painted.count));
  // the chart's own bar for territory 1 shows the same count; clicking a bar selects its territory
  const accountsChart = page.getByRole('figure', { name: 'Accounts per territory' });
  await expect(accountsChart.locator('.recharts-bar-rectangle')).toHaveCount(1); // an empty territory draws no bar
  await accountsChart.locator('.recharts-bar-rectangle').first().hover();
  const tooltip = accountsChart.getByRole('tooltip');
  await expect(tooltip).toContainText('Territory 1 · Ann Lee');
  await expect(tooltip).toContainText(`Accounts: ${painted.count.toLocaleString('en-US')}`);
  await page.keyboard.press('2');
  await expect(page.getByRole('button', { name: /Boston North/, pressed: true })).toBeVisible();
  await accountsChart.locator('.recharts-bar-rectangle').first().click();
  await expect(page.getByRole('button', { name: /Territory 1$/, pressed: true })).toBeVisible();
  await page.mouse.move(10, 10);
  await expect(tooltip).toHaveCount(0);
  await jumpAndSettle(page, [-71.1, 42.35], 10.5); // the bar's click zoomed to the territory

  // a rep's account target shows how much of it the territory uses
  await page.getByText(/^Reps \(1\)/).click();
  await page.getByLabel('Target accounts for Ann Lee').fill(String(painted.count * 4));
  await page.getByLabel('Target accounts for Ann Lee').blur();
  await expect(page.getByTestId('territory-0')).toContainText('25% of account target');

  // lasso a region into territory 2
  await page.keyboard.press('2');
  await page.keyboard.press('l');
  const box = (await page.getByTestId('map').boundingBox())!;
  await page.mouse.move(box.x + 300, box.y + 450);
  await page.mouse.down();
  for (const [x, y] of [
    [450, 450],
    [450, 600],
    [300, 600],
    [300, 455],
  ])
    await page.mouse.move(box.x + x, box.y + y, { steps: 4 });
  await page.mouse.up();
  const lassoed = await expectedFor(page, 1, byUnit);
  expect(lassoed.units).toBeGreaterThan(2);
  await expect.poll(() => territoryFigures(page, 1)).toEqual({ count: lassoed.count, value: lassoed.value });
  const beforeUndo = await territoryFigures(page, 0);

  // undo the lasso: territory 2 is empty again and territory 1 unchanged, exactly
  await page.keyboard.press('Control+z');
  await expect.poll(() => territoryFigures(page, 1)).toEqual({ count: 0, value: 0 });
  expect(await territoryFigures(page, 0)).toEqual(beforeUndo);
  await page.keyboard.press('Control+Shift+z');
  await expect.poll(() => territoryFigures(page, 1)).toEqual({ count: lassoed.count, value: lassoed.value });

  // split territory 1 with a vertical line through the brushed band
  await page.keyboard.press('1');
  await page.keyboard.press('s');
  await drag(page, [350, 200], [352, 420], 6);
  await expect(page.getByTestId('territory-2')).toContainText('Territory 1 (split)');
  const left = await expectedFor(page, 0, byUnit);
  const right = await expectedFor(page, 2, byUnit);
  expect(left.units + right.units).toBe(painted.units);
  await expect.poll(() => territoryFigures(page, 2)).toEqual({ count: right.count, value: right.value });
  await expect.poll(() => territoryFigures(page, 0)).toEqual({ count: left.count, value: left.value });
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('territory-2')).toHaveCount(0);
  await expect.poll(() => territoryFigures(page, 0)).toEqual({ count: painted.count, value: painted.value });

  // polygon: click the corners, double-click to close; Esc abandons one being drawn
  await page.keyboard.press('2');
  await page.keyboard.press('p');
  const unitsBefore = (await expectedFor(page, 1, byUnit)).units;
  await page.mouse.click(box.x + 600, box.y + 200);
  await page.mouse.click(box.x + 700, box.y + 200);
  await page.keyboard.press('Escape');
  for (const [x, y] of [
    [600, 200],
    [720, 200],
    [720, 330],
  ])
    await page.mouse.click(box.x + x, box.y + y);
  await page.mouse.dblclick(box.x + 600, box.y + 330);
  await expect.poll(async () => (await expectedFor(page, 1, byUnit)).units).toBeGreaterThan(unitsBefore);
  const polygonTotals = await expectedFor(page, 1, byUnit);
  await expect
    .poll(() => territoryFigures(page, 1))
    .toEqual({ count: polygonTotals.count, value: polygonTotals.value });
});

test('the brush paints from mouse moves where the browser has no raw pointer updates (Firefox, Safari)', async ({
  page,
}) => {
  await page.addInitScript(() => {
    // as in browsers without pointerrawupdate: the brush must fall back to mouse moves
    for (const holder of [window, Window.prototype, Document.prototype, HTMLElement.prototype])
      Reflect.deleteProperty(holder, 'onpointerrawupdate');
  });
  const byUnit = sampleTotalsByUnit();
  await openPlanner(page);
  expect(await page.evaluate(() => 'onpointerrawupdate' in window)).toBe(false);
  await page.getByRole('button', { name: 'Add territory' }).click();
  await page.getByRole('button', { name: 'ZIP', exact: true }).click();
  await jumpAndSettle(page, [-71.1, 42.35], 10.5);
  await page.keyboard.press('1');
  await page.keyboard.press('b');
  const unitAt = (x: number, y: number) =>
    page.evaluate(
      ([px, py]) =>
        String(window.__tessera!.map.map.queryRenderedFeatures([px, py], { layers: ['zip-fill'] })[0]?.id ?? ''),
      [x, y],
    );
  const ends = [await unitAt(200, 300), await unitAt(350, 310), await unitAt(500, 320)];
  await drag(page, [200, 300], [500, 320]);
  const painted = await expectedFor(page, 0, byUnit);
  const ids = await page.evaluate(() => window.__tessera!.territoryUnitIds(0));
  const endIds = await page.evaluate((units) => units.map((u) => window.__tessera!.geo.ids[Number(u)]), ends);
  expect(ends.every((u) => u !== '')).toBe(true);
  for (const id of endIds) expect(ids).toContain(id); // start, middle and end of the drag: no gaps
  await expect.poll(() => territoryFigures(page, 0)).toEqual({ count: painted.count, value: painted.value });
});
