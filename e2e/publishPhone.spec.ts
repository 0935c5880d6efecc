import { expect, test, type Page } from '@playwright/test';
import { openPublished, viewerIdle, writePublishedFiles, type PublishedFiles } from './publishFiles.ts';

let files: PublishedFiles;

test.beforeAll(async () => {
  files = await writePublishedFiles();
});

test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** Page boxes of the territory labels a reader can see (hidden ones keep their box but are not drawn). */
const visibleLabels = (page: Page): Promise<(Box & { text: string })[]> =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.territory-label')]
      .filter((el) => getComputedStyle(el).visibility === 'visible' && el.getClientRects().length > 0)
      .map((el) => {
        const r = el.getBoundingClientRect();
        return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, text: el.innerText.replace(/\s+/g, ' ') };
      }),
  );

/** Pairs of labels whose boxes overlap. */
function overlaps(labels: (Box & { text: string })[]): string[] {
  const pairs: string[] = [];
  for (let i = 0; i < labels.length; i++)
    for (let j = i + 1; j < labels.length; j++) {
      const [a, b] = [labels[i], labels[j]];
      if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
        pairs.push(`${a.text} / ${b.text}`);
    }
  return pairs;
}

/** Page box of a territory's bounds (from the data embedded in the file) and of the map, for the rep's view. */
const territoryAndMap = (page: Page, territory: string | null): Promise<{ territory: Box; map: Box }> =>
  page.evaluate((id) => {
    const data = JSON.parse(document.getElementById('tessera-data')!.textContent!) as {
      context: { bounds: number[] };
      teams?: { territories: { id: string; bounds: number[] | null }[] }[];
    };
    const bounds =
      id === null ? data.context.bounds : data.teams!.flatMap((t) => t.territories).find((k) => k.id === id)!.bounds!;
    const map = window.__tesseraViewer!.map!;
    const box = map.getContainer().getBoundingClientRect();
    const sw = map.project([bounds[0], bounds[1]]);
    const ne = map.project([bounds[2], bounds[3]]);
    return {
      territory: { left: box.left + sw.x, right: box.left + ne.x, top: box.top + ne.y, bottom: box.top + sw.y },
      map: { left: box.left, right: box.right, top: box.top, bottom: box.bottom },
    };
  }, territory);

function expectInside(inner: Box, outer: Box): void {
  expect(inner.left).toBeGreaterThanOrEqual(outer.left - 1);
  expect(inner.top).toBeGreaterThanOrEqual(outer.top - 1);
  expect(inner.right).toBeLessThanOrEqual(outer.right + 1);
  expect(inner.bottom).toBeLessThanOrEqual(outer.bottom + 1);
  // and it is not a speck: the territory takes a fair part of the map
  expect((inner.right - inner.left) * (inner.bottom - inner.top)).toBeGreaterThan(
    0.15 * (outer.right - outer.left) * (outer.bottom - outer.top),
  );
}

test('published map on a phone: legend closed until opened, labels never overlap', async ({ context, page }) => {
  await openPublished(context, page, files.mapUrl);
  await viewerIdle(page);
  const map = page.getByRole('region', { name: 'Territory map' });
  const mapBox = (await map.boundingBox())!;
  expect(mapBox.width).toBeLessThanOrEqual(390);
  expect(mapBox.height).toBeGreaterThan(300);

  // the legend is a closed disclosure: its title is a control with a name, its entries hidden
  const legend = page.getByRole('group', { name: 'Legend' });
  const toggle = legend.locator('summary');
  await expect(toggle).toHaveText('Commercial team');
  await expect(legend.getByText('South Central')).toBeHidden();
  await page.screenshot({ path: 'test-results/publish-phone.png' });
  await toggle.focus();
  await page.keyboard.press('Enter');
  await expect(legend.getByText('South Central')).toBeVisible();
  await page.screenshot({ path: 'test-results/publish-phone-legend.png' });
  await toggle.click();
  await expect(legend.getByText('South Central')).toBeHidden();

  // labels: at the opening view and zoomed in and out, no two visible labels overlap, and some are shown
  for (const zoom of [null, 2.5, 3.5, 4.5, 5.5]) {
    if (zoom !== null) {
      await page.evaluate((z) => window.__tesseraViewer!.map!.jumpTo({ center: [-92, 38], zoom: z }), zoom);
      await viewerIdle(page);
    }
    const labels = await visibleLabels(page);
    expect(labels.length, `labels shown at zoom ${zoom ?? 'start'}`).toBeGreaterThan(0);
    expect(overlaps(labels), `overlapping labels at zoom ${zoom ?? 'start'}`).toEqual([]);
  }
  // at the opening view the labels did collide (else the check above proves nothing): some were held back
  await page.evaluate(() => window.__tesseraViewer!.map!.jumpTo({ center: [-96, 38], zoom: 2.5 }));
  await viewerIdle(page);
  expect(await page.locator('.territory-label.is-hidden').count()).toBeGreaterThan(0);
});

test('rep view on a phone: the rep’s own territory fills the map', async ({ context, page }) => {
  await openPublished(context, page, `${files.mapUrl}#territory=southeast`);
  await viewerIdle(page);
  const { territory, map } = await territoryAndMap(page, 'southeast');
  expectInside(territory, map);
  const own = page.locator('.territory-label.is-focus');
  await expect(own).toHaveText(/Southeast/);
  await expect(own).toBeInViewport();
  expect(await own.evaluate((el) => getComputedStyle(el).visibility)).toBe('visible');
  expect(overlaps(await visibleLabels(page))).toEqual([]);
  await page.screenshot({ path: 'test-results/publish-phone-rep.png' });
});

test('candidate view on a phone: the territory fills the map', async ({ context, page }) => {
  await openPublished(context, page, files.candidateUrl);
  await viewerIdle(page);
  const { territory, map } = await territoryAndMap(page, null);
  expectInside(territory, map);
  await expect(page.locator('.territory-label', { hasText: 'Southeast' })).toBeInViewport();
  await page.screenshot({ path: 'test-results/publish-phone-candidate.png' });
});
