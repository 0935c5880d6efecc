import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { jumpAndSettle, lonLatOnScreen, openPlanner } from './helpers.ts';

/** The test's own reading of the geography file: ZIP-area ids per state and per county. */
function zipIdsBy(kind: 'state' | 'county', key: string): string[] {
  const geo = JSON.parse(readFileSync('public/geo/units.json', 'utf8')) as {
    states: { code: string }[];
    counties: { fips: string; state: number }[];
    units: { id: string[]; county: number[]; zipUnitCount: number };
  };
  const out: string[] = [];
  for (let u = 0; u < geo.units.zipUnitCount; u++) {
    const county = geo.counties[geo.units.county[u]];
    if (kind === 'state' ? geo.states[county.state].code === key : county.fips === key) out.push(geo.units.id[u]);
  }
  return out.sort();
}

async function unitIdsOf(page: Page, k: number): Promise<string[]> {
  return (await page.evaluate((t) => window.__tessera!.territoryUnitIds(t), k)).sort();
}

test('lasso and polygon select whole states and counties at those levels, like the brush', async ({ page }) => {
  await openPlanner(page);
  await page.getByRole('button', { name: 'Add territory' }).click();
  await page.getByRole('button', { name: 'State', exact: true }).click();
  await jumpAndSettle(page, [-98.4, 38.5], 6.5);
  const map = page.getByTestId('map');
  // a small lasso in the middle of Kansas: the whole state joins the territory
  await page.keyboard.press('l');
  const c = await lonLatOnScreen(page, map, -98.4, 38.5);
  await page.mouse.move(c.x - 25, c.y - 25);
  await page.mouse.down();
  for (const [dx, dy] of [
    [25, -25],
    [25, 25],
    [-25, 25],
    [-25, -24],
  ])
    await page.mouse.move(c.x + dx, c.y + dy, { steps: 3 });
  await page.mouse.up();
  const kansas = zipIdsBy('state', 'KS');
  expect(kansas.length).toBeGreaterThan(500);
  await expect.poll(() => unitIdsOf(page, 0)).toEqual(kansas);

  // a polygon around one point at County level: that county, whole, goes to a second territory
  await page.getByRole('button', { name: 'Add territory' }).click();
  await page.getByRole('button', { name: 'County', exact: true }).click();
  await jumpAndSettle(page, [-97.34, 37.69], 9); // Wichita, Sedgwick County (20173)
  await page.keyboard.press('p');
  const w = await lonLatOnScreen(page, map, -97.34, 37.69);
  for (const [dx, dy] of [
    [-12, -12],
    [12, -12],
    [12, 12],
  ])
    await page.mouse.click(w.x + dx, w.y + dy);
  await page.mouse.dblclick(w.x - 12, w.y + 12);
  const sedgwick = zipIdsBy('county', '20173');
  expect(sedgwick.length).toBeGreaterThan(10);
  await expect.poll(() => unitIdsOf(page, 1)).toEqual(sedgwick);
  expect(await unitIdsOf(page, 0)).toEqual(kansas.filter((id) => !sedgwick.includes(id)));
});

test('auto-balance from nothing says plainly which accounts outside the US it leaves out, and on which basis', async ({
  page,
}) => {
  // the test's own reading of the sample: accounts per country outside the US
  const rows = Papa.parse<Record<string, string>>(readFileSync('data/sample-accounts.csv', 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
  const seen = new Set<string>();
  const abroad = new Map<string, number>();
  for (const r of rows) {
    if (!r.Id || seen.has(r.Id)) continue;
    seen.add(r.Id);
    if (['United States', 'USA', 'US', 'U.S.', ''].includes(r.BillingCountry)) continue;
    abroad.set(r.BillingCountry, (abroad.get(r.BillingCountry) ?? 0) + 1);
  }
  const total = [...abroad.values()].reduce((a, b) => a + b, 0);
  expect(abroad.get('Canada')).toBeGreaterThan(0);

  await openPlanner(page);
  await page.getByRole('button', { name: 'Auto-balance…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Auto-balance' });
  await expect(dialog.getByLabel('Tolerance band ±')).toHaveValue('10'); // the plan's band
  await dialog.getByLabel('Number of territories').fill('4');
  await dialog.getByRole('button', { name: 'Run' }).click();
  const proposal = page.getByRole('dialog', { name: 'Proposal' });
  await expect(proposal).toBeVisible({ timeout: 60_000 });
  await expect(proposal.getByTestId('balance-left-abroad')).toContainText(
    `${total.toLocaleString('en-US')} accounts outside the US are left out: Canada ${abroad.get('Canada')}, `,
  );
  await expect(proposal.getByTestId('balance-basis')).toContainText('Totals by the map');
  // the proposal's figures are the ones the charts show after Apply
  const shown = await proposal
    .getByRole('table', { name: 'Gains and losses per territory' })
    .getByRole('row')
    .allInnerTexts();
  await proposal.getByRole('button', { name: 'Apply' }).click();
  for (let k = 0; k < 4; k++) {
    // the row reads "name, accounts, change, value, change"; the list fills in once the engine has the plan
    const proposed = shown[k + 1].split('\t')[1];
    expect(proposed).toMatch(/^[\d,]+$/);
    await expect(page.getByTestId(`territory-${k}-accounts`)).toHaveText(proposed);
  }
});
