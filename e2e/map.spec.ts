import { expect, test } from '@playwright/test';
import {
  changedShare,
  decodePng,
  distinctColours,
  jumpAndSettle,
  lonLatOnScreen,
  openPlanner,
  settle,
  unitOnScreen,
} from './helpers.ts';

test.describe('planner map', () => {
  test('loads the bundled sample, draws a real map and makes no outside request', async ({ page, baseURL }) => {
    const outside: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(`${baseURL}/`) && !r.url().startsWith('data:') && !r.url().startsWith('blob:'))
        outside.push(r.url());
    });
    await openPlanner(page);
    const imported = Number((await page.getByTestId('accounts-imported').innerText()).replace(/,/g, ''));
    const placed = Number((await page.getByTestId('accounts-placed').innerText()).replace(/,/g, ''));
    expect(imported).toBeGreaterThan(19_000);
    expect(placed).toBeGreaterThan(0.99 * imported);
    await expect(page.getByText(/rows need attention/)).toBeVisible();

    const png = decodePng(await page.getByTestId('map').screenshot());
    // WebGL really drew: sea, land, value shading and lines give many colours, a blank canvas gives one
    expect(distinctColours(png)).toBeGreaterThan(40);
    const webgl = await page.evaluate(() => {
      const gl = window.__tessera!.map.map.getCanvas().getContext('webgl2');
      return gl ? String(gl.getParameter(gl.RENDERER)) : 'none';
    });
    expect(webgl).not.toBe('none');
    expect(outside).toEqual([]);
  });

  test('hovering a ZIP area shows its ZIP, city, county and state', async ({ page }) => {
    await openPlanner(page);
    await jumpAndSettle(page, [-71.13, 42.355], 11);
    const map = page.getByTestId('map');
    const { x, y } = await unitOnScreen(page, map, '02134');
    await page.mouse.move(x, y);
    const card = page.getByTestId('hover-card');
    await expect(card).toBeVisible();
    await expect(card).toContainText('ZIP 02134');
    await expect(card).toContainText('Suffolk, MA');
    await expect(card).toContainText(/accounts/);

    // at county level the same spot describes the whole county
    await page.getByRole('button', { name: 'County', exact: true }).click();
    await page.mouse.move(x + 1, y + 1);
    await expect(card).toContainText('Suffolk, MA');
    await expect(card).toContainText(/\d+ ZIP areas/);
  });

  test('switching level changes the outlines drawn on the map', async ({ page }) => {
    await openPlanner(page);
    await jumpAndSettle(page, [-83.0, 40.2], 6.5);
    const map = page.getByTestId('map');
    const shots = new Map<string, ReturnType<typeof decodePng>>();
    for (const level of ['State', 'County', 'ZIP3', 'ZIP']) {
      const button = page.getByRole('button', { name: level, exact: true });
      await button.click();
      await expect(button).toHaveAttribute('aria-pressed', 'true');
      await settle(page);
      shots.set(level, decodePng(await map.screenshot()));
    }
    const pairs: [string, string][] = [
      ['State', 'County'],
      ['County', 'ZIP3'],
      ['ZIP3', 'ZIP'],
    ];
    for (const [a, b] of pairs)
      expect(changedShare(shots.get(a)!, shots.get(b)!), `${a} vs ${b}`).toBeGreaterThan(0.01);
  });

  test('non-US countries are visible and selectable', async ({ page }) => {
    await openPlanner(page);
    await jumpAndSettle(page, [-106, 56], 3.5);
    const map = page.getByTestId('map');
    // a point inside Canada away from its centre, where the account bubble sits
    const { x, y } = await lonLatOnScreen(page, map, -112, 60);
    await page.mouse.move(x, y);
    await expect(page.getByTestId('hover-card')).toContainText('Canada');
    await page.mouse.click(x, y);
    const selection = page.getByTestId('selection-card');
    await expect(selection).toContainText('Canada');
    await expect(selection).toContainText('Country');
    await page.keyboard.press('Escape');
    await expect(selection).toHaveCount(0);
  });
});
