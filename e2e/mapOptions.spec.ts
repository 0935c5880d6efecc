import { expect, test } from '@playwright/test';
import { changedShare, decodePng, jumpAndSettle, openPlanner, settle } from './helpers.ts';

test('account dots: heat map toggle, colour by owner, dots in view at street level', async ({ page }) => {
  await openPlanner(page);
  const map = page.getByTestId('map');
  const before = decodePng(await map.screenshot());
  await page.getByLabel('Value heat map').check();
  await settle(page);
  const heat = decodePng(await map.screenshot());
  expect(changedShare(before, heat)).toBeGreaterThan(0.02);
  await expect(page.getByRole('heading', { name: /density/ })).toBeVisible();
  await page.getByLabel('Value heat map').uncheck();

  const legend = page.getByRole('list', { name: /Dot colours by/ });
  await expect(legend).toContainText('SMB');
  await page.getByLabel('Colour dots by').selectOption({ label: 'Owner' });
  await expect(page.getByRole('list', { name: 'Dot colours by Owner' })).not.toContainText('SMB');
  await expect(page.getByRole('list', { name: 'Dot colours by Owner' }).getByRole('listitem')).toHaveCount(12);

  // at street level the single accounts in view are drawn and clickable
  await jumpAndSettle(page, [-87.65, 41.88], 11);
  await page.waitForFunction(() => window.__tessera!.map.map.querySourceFeatures('accounts').length > 0);
  const point = await page.evaluate(() => {
    const m = window.__tessera!.map.map;
    const f = m.queryRenderedFeatures({ layers: ['account-points'] })[0];
    const [lon, lat] = (f.geometry as unknown as { coordinates: [number, number] }).coordinates;
    const p = m.project([lon, lat]);
    return { x: p.x, y: p.y };
  });
  const box = (await map.boundingBox())!;
  await page.mouse.click(box.x + point.x, box.y + point.y);
  await expect(page.getByRole('dialog', { name: /^Account / })).toContainText('Owner');
});
