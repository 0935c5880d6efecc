import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { balanceInto, openPlanner, settle } from './helpers.ts';

/** ZIP areas of a territory of the active team, as the app holds them (sorted ids). */
async function unitIdsOf(page: Page, k: number): Promise<string[]> {
  return (await page.evaluate((t) => window.__tessera!.territoryUnitIds(t), k)).sort();
}

async function accountsOf(page: Page, k: number): Promise<string> {
  return page.getByTestId(`territory-${k}-accounts`).innerText();
}

/** What the definitions must list for these ZIP areas: the areas and the PO-box ZIPs the router puts in them. */
async function routedZipsOf(page: Page, areaIds: readonly string[]): Promise<string[]> {
  const zips = await page.evaluate((ids) => {
    const geo = window.__tessera!.geo;
    const areas = new Set(ids.map((id) => geo.unitOf(id)));
    const withoutArea = geo.routedZipsWithoutArea();
    return [...ids, ...withoutArea.zips.filter((_, i) => areas.has(withoutArea.units[i]))];
  }, areaIds);
  return zips.filter((id) => /^\d{5}$/.test(id)).sort();
}

/** The ZIP codes of one territory in the downloaded territory definitions (CSV), sorted. */
async function definitionZips(page: Page, territory: string): Promise<string[]> {
  await page.getByRole('button', { name: 'Publish & export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Publish & export' });
  const download = page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Definitions (CSV)' }).click();
  const text = readFileSync(await (await download).path(), 'utf8').replace(/^\uFEFF/, '');
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
  return rows
    .filter((r) => r.Territory === territory)
    .flatMap((r) => (r['ZIP codes'] ? r['ZIP codes'].split(',') : []))
    .sort();
}

/** Runs auto-balance in the given mode and applies the proposal; returns the proposal drawer's row of a territory. */
async function balanceAndApply(page: Page, mode: RegExp, territories?: number, bandPct?: number): Promise<void> {
  await page.getByRole('button', { name: 'Auto-balance…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Auto-balance' });
  await dialog.getByRole('button', { name: mode }).click();
  if (territories) await dialog.getByLabel('Number of territories').fill(String(territories));
  if (bandPct) await dialog.getByLabel('Tolerance band ±').fill(String(bandPct));
  await dialog.getByRole('button', { name: 'Run' }).click();
  const proposal = page.getByRole('dialog', { name: 'Proposal' });
  await expect(proposal).toBeVisible({ timeout: 60_000 });
  // the locked territory's row of the proposal: nothing gained, nothing lost
  const row = proposal.getByRole('row', { name: /Territory 1 \(split\)/ });
  await expectNoChange(row);
  await proposal.getByRole('button', { name: 'Apply' }).click();
  await expect(proposal).toHaveCount(0);
}

async function expectNoChange(row: Locator): Promise<void> {
  await expect(row).toContainText('locked');
  const cells = await row.getByRole('cell').allInnerTexts();
  expect(cells[2]).toBe('+0');
  expect(cells[4]).toMatch(/^\+\$?0$/);
}

test('a territory split off another and locked keeps its ZIP areas through rebalance and create-from-nothing', async ({
  page,
}) => {
  await openPlanner(page);
  await balanceInto(page, 4);

  // split a piece out of the middle of Territory 1 with a drawn shape, as a planner does
  const frame = await page.evaluate(() => {
    const t = window.__tessera!;
    const ids = t.territoryUnitIds(0);
    let [x0, y0, x1, y1] = [180, 90, -180, -90];
    for (const id of ids) {
      const u = t.geo.unitOf(id);
      if (t.geo.island[u]) continue;
      [x0, y0] = [Math.min(x0, t.geo.lon[u]), Math.min(y0, t.geo.lat[u])];
      [x1, y1] = [Math.max(x1, t.geo.lon[u]), Math.max(y1, t.geo.lat[u])];
    }
    t.map.map.fitBounds(
      [
        [x0, y0],
        [x1, y1],
      ],
      { padding: 40, animate: false },
    );
    const a = t.map.map.project([x0, y1]);
    const b = t.map.map.project([x1, y0]);
    return { left: a.x, top: a.y, right: b.x, bottom: b.y };
  });
  await settle(page);
  await page.keyboard.press('1');
  await page.keyboard.press('s');
  const box = (await page.getByTestId('map').boundingBox())!;
  const at = (fx: number, fy: number): [number, number] => [
    box.x + frame.left + fx * (frame.right - frame.left),
    box.y + frame.top + fy * (frame.bottom - frame.top),
  ];
  await page.mouse.move(...at(0.35, 0.35));
  await page.mouse.down();
  for (const [fx, fy] of [
    [0.65, 0.35],
    [0.65, 0.65],
    [0.35, 0.65],
    [0.35, 0.36],
  ])
    await page.mouse.move(...at(fx, fy), { steps: 5 });
  await page.mouse.up();
  await expect(page.getByTestId('territory-4')).toContainText('Territory 1 (split)');

  // lock the new territory: its ZIP areas and accounts are what must never change
  await page.getByRole('button', { name: 'Lock Territory 1 (split)' }).click();
  await expect(page.getByRole('button', { name: 'Lock Territory 1 (split)' })).toHaveAttribute('aria-pressed', 'true');
  const units = await unitIdsOf(page, 4);
  expect(units.length).toBeGreaterThan(50);
  const accounts = await accountsOf(page, 4);
  const zips = await definitionZips(page, 'Territory 1 (split)');
  expect(zips).toEqual(await routedZipsOf(page, units));
  // the split made Territory 1 light: a balancer that let the locked territory grow would give it more
  const others = [
    await unitIdsOf(page, 0),
    await unitIdsOf(page, 1),
    await unitIdsOf(page, 2),
    await unitIdsOf(page, 3),
  ];

  // painting onto the locked territory changes nothing and says why
  await page.keyboard.press('1');
  await page.keyboard.press('b');
  await page.mouse.move(...at(0.45, 0.5));
  await page.mouse.down();
  await page.mouse.move(...at(0.55, 0.5), { steps: 4 });
  await page.mouse.up();
  await expect(page.locator('.notice')).toContainText(
    'Territory 1 (split) is locked: its areas keep their territory until you unlock it.',
  );
  expect(await unitIdsOf(page, 4)).toEqual(units);

  // a narrow band, so the lighter Territory 1 must take areas from its neighbours
  await balanceAndApply(page, /Rebalance current 5 territories/, undefined, 2);
  expect(await unitIdsOf(page, 4)).toEqual(units);
  await expect(page.getByTestId('territory-4-accounts')).toHaveText(accounts);
  expect(await definitionZips(page, 'Territory 1 (split)')).toEqual(zips);
  // the rebalance did move the unlocked territories' areas
  expect([
    await unitIdsOf(page, 0),
    await unitIdsOf(page, 1),
    await unitIdsOf(page, 2),
    await unitIdsOf(page, 3),
  ]).not.toEqual(others);

  // from nothing: six territories, the locked one among them exactly as it was
  await balanceAndApply(page, /Create from nothing/, 6);
  await expect(page.getByTestId('territory-5')).toBeVisible();
  await expect(page.getByTestId('territory-6')).toHaveCount(0);
  expect(await unitIdsOf(page, 4)).toEqual(units);
  await expect(page.getByTestId('territory-4-accounts')).toHaveText(accounts);
  expect(await definitionZips(page, 'Territory 1 (split)')).toEqual(zips);
  // every other ZIP area of the map went to one of the five new territories
  const unassigned = await page.evaluate(() => {
    const t = window.__tessera!;
    const all = new Set<string>();
    for (let k = 0; k < 6; k++) for (const id of t.territoryUnitIds(k)) all.add(id);
    let missing = 0;
    for (let u = 0; u < t.geo.zipUnitCount; u++) if (!all.has(t.geo.ids[u])) missing++;
    return missing;
  });
  expect(unassigned).toBe(0);
});
