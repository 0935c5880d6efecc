import { expect, type Locator, type Page } from '@playwright/test';
import { PNG } from 'pngjs';

/** Opens the planner and waits until the map has drawn the sample data (no fixed sleeps). */
export async function openPlanner(page: Page): Promise<void> {
  await page.goto('/');
  await page.waitForFunction(() => window.__tessera?.ready === true, null, { timeout: 90_000 });
}

/** Moves the camera and resolves when MapLibre reports idle. */
export async function jumpAndSettle(page: Page, center: [number, number], zoom: number): Promise<void> {
  await page.evaluate(
    ([lon, lat, z]) =>
      new Promise<void>((resolve) => {
        const map = window.__tessera!.map.map;
        map.once('idle', () => resolve());
        map.jumpTo({ center: [lon, lat], zoom: z });
      }),
    [center[0], center[1], zoom] as const,
  );
}

/** Resolves when the map has finished drawing after a change. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(() => window.__tessera!.map.whenIdle());
}

/** Screen position (page pixels) of a unit's centre. */
export async function unitOnScreen(page: Page, map: Locator, unitId: string): Promise<{ x: number; y: number }> {
  const point = await page.evaluate((id) => {
    const t = window.__tessera!;
    const u = t.geo.unitOf(id);
    const p = t.map.map.project([t.geo.lon[u], t.geo.lat[u]]);
    return { x: p.x, y: p.y };
  }, unitId);
  const box = await map.boundingBox();
  expect(box).not.toBeNull();
  return { x: box!.x + point.x, y: box!.y + point.y };
}

/** Screen position (page pixels) of a longitude/latitude. */
export async function lonLatOnScreen(
  page: Page,
  map: Locator,
  lon: number,
  lat: number,
): Promise<{ x: number; y: number }> {
  const point = await page.evaluate(([x, y]) => window.__tessera!.map.map.project([x, y]), [lon, lat] as const);
  const box = await map.boundingBox();
  expect(box).not.toBeNull();
  return { x: box!.x + point.x, y: box!.y + point.y };
}

/** Decodes a PNG screenshot. */
export function decodePng(buffer: Buffer): PNG {
  return PNG.sync.read(buffer);
}

/** Number of distinct colours (quantised to 4 bits per channel) in an image. */
export function distinctColours(png: PNG): number {
  const seen = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4)
    seen.add(((png.data[i] >> 4) << 8) | ((png.data[i + 1] >> 4) << 4) | (png.data[i + 2] >> 4));
  return seen.size;
}

/** Share of pixels that differ (any channel by more than 24) between two same-sized images. */
export function changedShare(a: PNG, b: PNG): number {
  expect(a.width).toBe(b.width);
  expect(a.height).toBe(b.height);
  let changed = 0;
  for (let i = 0; i < a.data.length; i += 4) {
    if (
      Math.abs(a.data[i] - b.data[i]) > 24 ||
      Math.abs(a.data[i + 1] - b.data[i + 1]) > 24 ||
      Math.abs(a.data[i + 2] - b.data[i + 2]) > 24
    )
      changed++;
  }
  return changed / (a.width * a.height);
}

/** Creates N territories with the auto-balancer (from nothing) and applies the proposal. */
export async function balanceInto(page: Page, territories: number): Promise<void> {
  await page.getByRole('button', { name: 'Auto-balance…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Auto-balance' });
  await dialog.getByLabel('Number of territories').fill(String(territories));
  await dialog.getByRole('button', { name: 'Run' }).click();
  const proposal = page.getByRole('dialog', { name: 'Proposal' });
  await expect(proposal).toBeVisible({ timeout: 30_000 });
  await proposal.getByRole('button', { name: 'Apply' }).click();
  await expect(page.getByTestId(`territory-${territories - 1}`)).toBeVisible();
}

/** Makes every account owner of the data a rep, through the Ownership rules dialog. */
export async function addOwnersAsReps(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Ownership rules…' }).click();
  const rules = page.getByRole('dialog', { name: 'Ownership rules' });
  await rules.getByRole('button', { name: /Add \d+ owners as reps/ }).click();
  await rules.getByRole('button', { name: 'Done' }).click();
}
