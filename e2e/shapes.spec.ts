import { expect, test, type Page } from '@playwright/test';
import { balanceInto, openPlanner } from './helpers.ts';

/** Each territory's Polsby-Popper and one-ZIP corridor as the engine's shape report shows them in the list. */
async function territoryShapes(page: Page, count: number): Promise<{ pp: number; corridorZip: string }[]> {
  const list = page.getByRole('list', { name: 'Territories' });
  const shapes: { pp: number; corridorZip: string }[] = [];
  for (let k = 0; k < count; k++) {
    const pp = Number(await list.getByTestId(`territory-${k}-compact`).getAttribute('data-polsby-popper'));
    const corridor = list.getByTestId(`territory-${k}-corridor`);
    shapes.push({
      pp,
      corridorZip: (await corridor.count()) ? ((await corridor.getAttribute('data-corridor-zip')) ?? '?') : '',
    });
  }
  return shapes;
}

test('rebalancing the 8 territories keeps every one at least as compact as the floor and without corridors', async ({
  page,
}) => {
  await openPlanner(page);
  await balanceInto(page, 8);
  const list = page.getByRole('list', { name: 'Territories' });
  // the shape report arrives with the engine's report after Apply
  await expect(list.getByTestId('territory-7-compact')).toBeAttached();
  const start = await territoryShapes(page, 8);
  for (const s of start) expect(s.pp).toBeGreaterThan(0);
  const compact = list.getByTestId('territory-0-compact');
  await expect(compact).toHaveText(/compact \d\.\d\d/);
  await expect(compact).toHaveAttribute('aria-description', /Polsby-Popper: 1 = a circle, 0\.785 = a square/);
  await expect(page.getByTestId('shape-summary')).toContainText(/compact: median \d\.\d\d, lowest \d\.\d\d/);

  await page.getByRole('button', { name: 'Auto-balance…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Auto-balance' });
  await dialog.getByRole('button', { name: 'Rebalance current 8 territories' }).click();
  // the plan was made inside the app's ±10% band; a tighter band makes the rebalance move areas, as in issue 16
  await dialog.getByLabel('Tolerance band ±').fill('5');
  const floorField = dialog.getByLabel('Keep every territory at least this compact (Polsby-Popper)');
  await expect(floorField).toHaveAccessibleDescription(/1 = a circle, 0\.785 = a square/);
  const floor = Number(await floorField.inputValue());
  expect(floor).toBe(0.15);
  await dialog.getByRole('button', { name: 'Run' }).click();
  const proposal = page.getByRole('dialog', { name: 'Proposal' });
  await expect(proposal).toBeVisible({ timeout: 30_000 });
  await expect(proposal.getByTestId('balance-shapes')).toContainText(
    /Compactness \(Polsby-Popper\): median \d\.\d\d → \d\.\d\d, lowest \d\.\d\d → \d\.\d\d \(floor 0\.15\)/,
  );
  console.log(`proposal: ${await proposal.getByTestId('balance-summary').innerText()}`);
  console.log(await proposal.getByTestId('balance-shapes').innerText());
  const proposed = await proposal
    .getByRole('table', { name: 'Gains and losses per territory' })
    .locator('td[data-polsby-popper]')
    .evaluateAll((cells) => cells.map((c) => Number(c.getAttribute('data-polsby-popper'))));
  expect(proposed).toHaveLength(8);
  await proposal.getByRole('button', { name: 'Apply' }).click();
  await expect(proposal).toHaveCount(0);

  // the list shows the engine's report of the applied plan: the figures the proposal promised
  await expect.poll(async () => (await territoryShapes(page, 8)).map((s) => s.pp)).toEqual(proposed);
  const after = await territoryShapes(page, 8);
  const names = await list.getByRole('button', { name: /^\d? ?Territory \d+$/ }).allTextContents();
  const report = after.map((s, k) => ({
    territory: names[k]?.trim() ?? `#${k + 1}`,
    start: Number(start[k].pp.toFixed(3)),
    after: Number(s.pp.toFixed(3)),
    required: Number(Math.min(floor, start[k].pp).toFixed(3)),
    corridorZip: s.corridorZip,
  }));
  console.log(`shape report after the rebalance (floor ${floor}):\n${JSON.stringify(report, null, 1)}`);
  const failures = report.filter((r) => r.after < r.required - 1e-9 || r.corridorZip !== '');
  expect(failures, 'territories below the floor (or their own start) or held together by one ZIP').toEqual([]);
  await expect(page.getByTestId('shape-summary')).toHaveAttribute('data-corridors', '0');
});
