import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import type { PNG } from 'pngjs';
import { routeAccounts } from '../src/engine/leadRouting.ts';
import { OWNERSHIP_REASON_LABELS } from '../src/engine/ownership.ts';
import { OWNERSHIP_REASONS } from '../src/domain/plan.ts';
import { stringAt } from '../src/io/accountTable.ts';
import { MAP_COLOURS } from '../src/map/palette.ts';
import { decodePng, distinctColours } from './helpers.ts';
import { writePublishedFiles } from './publishFiles.ts';

/** One account the search must explain: its name and what the viewer should say about it. */
interface Expected {
  name: string;
  owner: string;
  territory: string;
  reason: string;
}

let mapUrl = '';
let candidateUrl = '';
let candidateText = '';
let accounts: Expected[] = [];
let colours: { name: string; colour: string }[] = [];
let southeastColour = '';
let sampleRows: Record<string, string>[] = [];

test.beforeAll(async () => {
  // the published files are made in Node, as the planner will make them, from the bundled sample
  const files = await writePublishedFiles();
  const { plan, table } = files;
  ({ candidateText, mapUrl, candidateUrl } = files);

  // what the search should say, worked out with the same routing the planner uses
  const routed = routeAccounts(table, plan);
  const commercial = plan.teams[1];
  const repName = (r: number): string => plan.reps[r]?.name ?? '';
  const pick = (reason: string): Expected => {
    for (let a = 0; a < table.count; a++) {
      if (OWNERSHIP_REASONS[routed.reason[a]] !== reason || routed.team[a] !== 1 || routed.ownerRep[a] < 0) continue;
      const k = routed.territory[a];
      if (k < 0) continue;
      return {
        name: stringAt(table.name, a),
        owner: repName(routed.ownerRep[a]),
        territory: commercial.territories[k].name,
        reason: OWNERSHIP_REASON_LABELS[OWNERSHIP_REASONS[routed.reason[a]]],
      };
    }
    throw new Error(`no sample account with reason ${reason}`);
  };
  accounts = [pick('TERRITORY'), pick('CUSTOMER')];
  colours = commercial.territories.map((k) => ({ name: k.name, colour: k.colour }));
  southeastColour = commercial.territories.find((k) => k.id === 'southeast')!.colour;
  sampleRows = Papa.parse<Record<string, string>>(readFileSync('data/sample-accounts.csv', 'utf8'), {
    header: true,
    skipEmptyLines: true,
  }).data;
});

/**
 * Opens a published file with every request blocked but the file itself, and records every request
 * the page attempts (blob: and data: URLs stay inside the page and are not requests).
 */
async function openOffline(context: BrowserContext, page: Page, url: string): Promise<string[]> {
  const file = url.split('#')[0];
  const attempted: string[] = [];
  context.on('request', (r) => attempted.push(r.url()));
  await context.route('**/*', (route) => (route.request().url() === file ? route.continue() : route.abort()));
  await page.goto(url);
  await page.waitForFunction(() => window.__tesseraViewer?.ready === true, null, { timeout: 90_000 });
  expect(await page.evaluate(() => window.__tesseraViewer?.error ?? null)).toBeNull();
  return attempted;
}

function hexToRgb(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** Pixels within `tolerance` of a colour drawn with `alpha` over `base` (the map's land colour). */
function pixelsOf(png: PNG, hex: string, alpha: number, base: string = MAP_COLOURS.usLand, tolerance = 14): number {
  const c = hexToRgb(hex);
  const b = hexToRgb(base);
  const want = c.map((v, i) => v * alpha + b[i] * (1 - alpha));
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) {
    if (
      Math.abs(png.data[i] - want[0]) <= tolerance &&
      Math.abs(png.data[i + 1] - want[1]) <= tolerance &&
      Math.abs(png.data[i + 2] - want[2]) <= tolerance
    )
      n++;
  }
  return n;
}

/** Resolves when the viewer's map has finished moving and drawing. */
async function mapIdle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((resolve) => {
        const map = window.__tesseraViewer!.map!;
        if (map.loaded() && !map.isMoving()) resolve();
        else map.once('idle', () => resolve());
      }),
  );
}

/**
 * The needles that occur in a text. One pass over the text with a map from 6-character prefixes to
 * needles, instead of one search of the whole file per needle (40,000 of them).
 */
function occurring(text: string, needles: Iterable<string>): string[] {
  const byPrefix = new Map<string, string[]>();
  for (const n of needles) {
    const key = n.slice(0, 6);
    byPrefix.set(key, [...(byPrefix.get(key) ?? []), n]);
  }
  const found = new Set<string>();
  for (let i = 0; i + 6 <= text.length; i++) {
    const list = byPrefix.get(text.slice(i, i + 6));
    if (list) for (const n of list) if (text.startsWith(n, i)) found.add(n);
  }
  return [...found];
}

/** Every form control and link on the page has an accessible name. */
async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]'))
      .filter((el) => {
        const labelled =
          el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.getAttribute('title');
        const labels = (el as HTMLInputElement).labels;
        return !labelled && !(labels && labels.length > 0) && !(el.textContent ?? '').trim();
      })
      .map((el) => el.outerHTML.slice(0, 120)),
  );
}

test('published map opens offline, draws the territories and finds owners by account name and ZIP', async ({
  context,
  page,
}) => {
  const attempted = await openOffline(context, page, mapUrl);
  await expect(page.getByRole('heading', { name: 'FY27 North America territories', level: 1 })).toBeVisible();
  await expect(page.getByText('Version 2 · Published July 1, 2026')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Team' })).toHaveValue('1');

  // the map has drawn every territory in its colour (fills are 82% over the land colour)
  const shot = decodePng(await page.locator('.v-map').screenshot());
  expect(distinctColours(shot)).toBeGreaterThan(20);
  for (const { name, colour } of colours) expect(pixelsOf(shot, colour, 0.82), name).toBeGreaterThan(500);
  // labels with territory and rep, a legend, every territory's definition and the rules of engagement
  await expect(page.locator('.territory-label', { hasText: 'Northeast' })).toContainText('Rowan Larsen');
  await expect(page.getByRole('group', { name: 'Legend' })).toContainText('South Central');
  const southeast = page.getByRole('link', { name: /^Southeast/ });
  await expect(southeast).toContainText('Vacant · hire from September 1, 2026');
  await expect(southeast).toContainText('Florida, Georgia, Alabama, Arkansas, Louisiana and Mississippi');
  await expect(page.getByRole('link', { name: /^South Central/ })).toContainText('except 12 named accounts');
  await expect(page.getByRole('region', { name: 'Rules of engagement' })).toContainText('the regional VP decides');

  expect(await unnamedControls(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/publish-map.png' });

  // search by account name: owner, territory and the reason
  const search = page.getByRole('searchbox', { name: 'Who owns it?' });
  for (const account of accounts) {
    await search.fill(account.name);
    const result = page
      .locator('.v-result')
      .filter({ has: page.getByRole('button', { name: `Show ${account.name} on the map`, exact: true }) });
    await expect(result).toContainText(account.owner);
    await expect(result).toContainText(account.territory);
    await expect(result).toContainText(account.reason);
  }
  // search by ZIP: the territory of each team, and a pin on the map
  await search.fill('75201');
  const zip = page.locator('.v-result', { hasText: 'ZIP 75201' });
  await expect(zip).toContainText('Dallas, TX');
  await expect(zip).toContainText('South Central');
  await expect(zip).toContainText('Hayden Kim');
  await expect(zip).toContainText('Enterprise West');
  await expect(page.locator('.pin')).toHaveCount(1);
  // a found account is shown on the map
  await search.fill(accounts[0].name);
  await page.getByRole('button', { name: `Show ${accounts[0].name} on the map`, exact: true }).click();
  await expect(page.locator('.pin')).toContainText(accounts[0].name);
  await mapIdle(page);
  await page.screenshot({ path: 'test-results/publish-search.png' });
  // clearing the search takes the pin away
  await search.fill('');
  await expect(page.locator('.pin')).toHaveCount(0);
  // nothing but the file itself was ever requested
  expect(attempted.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([mapUrl]);
});

test('the #territory= deep link opens the rep view of one territory, the others dimmed', async ({ context, page }) => {
  await openOffline(context, page, `${mapUrl}#territory=southeast`);
  const view = page.getByRole('region', { name: 'Selected territory' });
  await expect(view.getByRole('heading', { name: 'Southeast' })).toBeVisible();
  await expect(view).toContainText('Florida, Georgia, Alabama, Arkansas, Louisiana and Mississippi');
  await expect(view).toContainText('Commercial team: every account not in the Enterprise team');
  await expect(page.locator('.territory-label.is-focus')).toHaveText(/Southeast/);
  await expect(page.locator('.territory-label.is-dimmed')).toHaveCount(5);
  await mapIdle(page);
  const shot = decodePng(await page.locator('.v-map').screenshot());
  expect(pixelsOf(shot, southeastColour, 0.88)).toBeGreaterThan(5000);
  // other territories lose their colours
  for (const { name, colour } of colours.filter((c) => c.colour !== southeastColour))
    expect(pixelsOf(shot, colour, 0.82, MAP_COLOURS.usLand, 8), name).toBeLessThan(200);
  await page.screenshot({ path: 'test-results/publish-rep-view.png' });

  // back to all territories through the link, without leaving the file
  await view.getByRole('link', { name: '← All territories' }).click();
  await expect(view).toBeHidden();
  await expect(page.locator('.territory-label.is-dimmed')).toHaveCount(0);
});

test('the candidate file holds no account names or Ids and no other rep, and renders its map', async ({
  context,
  page,
}) => {
  // scan the whole file: every Id, every account Name of 6+ characters and every owner in the sample
  const needles = new Set<string>();
  for (const row of sampleRows) {
    if (row.Id) needles.add(row.Id);
    if (row.Name && row.Name.length >= 6) needles.add(row.Name);
    if (row['Owner.Name']) needles.add(row['Owner.Name']);
  }
  expect(needles.size).toBeGreaterThan(20_000);
  const found = occurring(candidateText, needles);
  expect(found).toEqual([]);
  // the scan does find names where there are some
  expect(occurring(`x${sampleRows[5].Name}x`, needles)).toEqual([sampleRows[5].Name]);
  // and no other territory
  for (const other of ['Northeast', 'Mid-Atlantic', 'Central', 'West', 'Enterprise East'])
    expect(candidateText.includes(`"${other}"`), other).toBe(false);

  const attempted = await openOffline(context, page, candidateUrl);
  await expect(page.getByRole('heading', { name: 'Southeast', level: 1 })).toBeVisible();
  await expect(page.getByText('Florida, Georgia, Alabama, Arkansas, Louisiana and Mississippi')).toBeVisible();
  await expect(page.locator('.v-figure', { hasText: 'Accounts' }).first()).toContainText(/\d/);
  await expect(page.getByRole('region', { name: 'Segment' })).toContainText('SMB');
  const shot = decodePng(await page.locator('.v-map').screenshot());
  expect(pixelsOf(shot, southeastColour, 0.82)).toBeGreaterThan(5000);
  expect(await unnamedControls(page)).toEqual([]);
  await page.screenshot({ path: 'test-results/publish-candidate.png' });
  expect(attempted.filter((u) => !u.startsWith('blob:') && !u.startsWith('data:'))).toEqual([candidateUrl]);
});
