import { expect, test, type Locator, type Page } from '@playwright/test';
import { openPlanner } from './helpers.ts';

/** True when the page's focused element sits inside the dialog. */
const focusInside = (dialog: Locator): Promise<boolean> =>
  dialog.evaluate((d) => document.activeElement !== null && d.contains(document.activeElement));

/** Where a Tab put focus: inside the dialog, out of the page to the browser's own UI (no element), or on the page. */
const focusPlace = (dialog: Locator): Promise<'dialog' | 'browser' | 'page'> =>
  dialog.evaluate((d) => {
    const el = document.activeElement;
    if (el && d.contains(el)) return 'dialog';
    return el === null || el === document.body ? 'browser' : 'page';
  });

/** Describes the focused element, for the failure message. */
const focused = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const el = document.activeElement;
    return el ? `${el.tagName} ${el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 40) ?? ''}` : 'none';
  });

/** Number of elements a Tab can reach inside the dialog. */
const tabStops = (dialog: Locator): Promise<number> =>
  dialog.evaluate(
    (d) =>
      [
        ...d.querySelectorAll<HTMLElement>(
          'button, input, select, textarea, a[href], summary, [tabindex]:not([tabindex="-1"])',
        ),
      ].filter((el) => !el.matches(':disabled') && el.getClientRects().length > 0).length,
  );

/** Opens a dialog from its button with the keyboard, walks Tab and Shift+Tab round it, closes it with Escape. */
async function checkDialog(page: Page, opener: string, title: string): Promise<void> {
  const button = page.getByRole('button', { name: opener });
  await button.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: title });
  await expect(dialog).toBeVisible();
  await expect.poll(() => focusInside(dialog)).toBe(true);
  expect(await dialog.evaluate((d) => d instanceof HTMLDialogElement && d.matches(':modal'))).toBe(true);

  // one full round and a bit each way: focus never lands on the page behind the dialog. Past the last stop Chrome
  // lets focus go to its own UI (no element has focus, as the HTML spec allows) and the next Tab comes back inside.
  const stops = await tabStops(dialog);
  expect(stops).toBeGreaterThan(1);
  for (const key of ['Tab', 'Shift+Tab']) {
    let outOfPage = 0;
    for (let i = 0; i < stops + 3; i++) {
      await page.keyboard.press(key);
      const place = await focusPlace(dialog);
      expect(place, `${key} #${i + 1} moved focus to ${await focused(page)}`).not.toBe('page');
      if (place === 'browser') outOfPage++;
    }
    expect(outOfPage, `${key}: focus left the dialog more than once per round`).toBeLessThanOrEqual(1);
    if (!(await focusInside(dialog))) await page.keyboard.press(key);
    expect(await focusInside(dialog)).toBe(true);
  }

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(button).toBeFocused();
}

test('dialogs: keyboard opens them, focus stays inside, Escape closes and focus returns to the opener', async ({
  page,
}) => {
  await openPlanner(page);
  // the planner's shortcuts listen on window: an Escape that closes a dialog must not reach them
  await page.evaluate(() => {
    window.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') document.body.dataset.escapes = String(Number(document.body.dataset.escapes ?? 0) + 1);
    });
  });
  await checkDialog(page, 'Ownership rules…', 'Ownership rules');
  await checkDialog(page, 'Routing tester…', 'Routing tester');
  await checkDialog(page, 'Publish & export…', 'Publish & export');
  expect(await page.evaluate(() => document.body.dataset.escapes ?? '0')).toBe('0');
});
