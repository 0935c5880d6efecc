import { chromium, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumArgs, chromiumExecutable } from './browser.ts';
import { jumpAndSettle, openPlanner } from './helpers.ts';

test('a rename survives a reload issued right after it', async ({ page }) => {
  await openPlanner(page);
  await page.getByRole('button', { name: 'Add territory' }).click();
  await page.getByRole('button', { name: 'Rename Territory 1' }).click();
  await page.getByLabel('Territory name').fill('Lakeshore');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('territory-0')).toContainText('Lakeshore');
  await page.reload();
  await page.waitForFunction(() => window.__tessera?.ready === true, null, { timeout: 90_000 });
  await expect(page.getByTestId('territory-0')).toContainText('Lakeshore');
});

/** The browser's main process for a profile: the Chromium process on it without a --type (no renderer, GPU...). */
function browserProcessId(profile: string): number {
  const lines = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' }).split('\n');
  const main = lines.find((l) => l.includes(`--user-data-dir=${profile}`) && !l.includes('--type='));
  expect(main, 'the browser process of the profile is running').toBeTruthy();
  return Number(main!.trim().split(/\s+/)[0]);
}

test('a stroke survives the browser process being killed 100 ms after mouse-up', async ({ baseURL }) => {
  test.setTimeout(240_000);
  const profile = mkdtempSync(join(tmpdir(), 'tessera-profile-'));
  const launch = () =>
    chromium.launchPersistentContext(profile, {
      executablePath: chromiumExecutable(),
      args: chromiumArgs,
      baseURL,
      viewport: { width: 1400, height: 900 },
    });
  try {
    const first = await launch();
    const page = first.pages()[0] ?? (await first.newPage());
    await openPlanner(page);
    await page.getByRole('button', { name: 'Add territory' }).click();
    await page.getByRole('button', { name: 'ZIP', exact: true }).click();
    await jumpAndSettle(page, [-87.75, 41.85], 10);
    await page.keyboard.press('1');
    await page.keyboard.press('b');
    const box = (await page.getByTestId('map').boundingBox())!;
    await page.mouse.move(box.x + 300, box.y + 300);
    await page.mouse.down();
    await page.mouse.move(box.x + 600, box.y + 360, { steps: 10 });
    const pid = browserProcessId(profile);
    await page.mouse.up();
    const upAt = Date.now();
    const painted = await page.evaluate(() => window.__tessera!.territoryUnitIds(0));
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 100 - (Date.now() - upAt))));
    process.kill(pid, 'SIGKILL');
    expect(painted.length).toBeGreaterThan(5);
    await first.close().catch(() => {}); // the process is gone; Playwright only tidies up

    const second = await launch();
    const again = second.pages()[0] ?? (await second.newPage());
    await openPlanner(again);
    const restored = await again.evaluate(() => window.__tessera!.territoryUnitIds(0));
    expect(restored.sort()).toEqual([...painted].sort());
    await second.close();
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
});
