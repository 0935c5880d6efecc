import { statSync } from 'node:fs';
import type { BenchResults } from './results.ts';
import { HeapSampler, launchChromium, openPlanner, startPreview, watchLongTasks } from './browserBench.ts';
import { ensureMillionRowFile } from './millionRowFile.ts';

const PORT = 4180;

/** A 1,000,000-row Salesforce-style export imported through the real file input of the built app. */
export async function importSuite(measured: string): Promise<BenchResults> {
  const FILE = ensureMillionRowFile();
  const server = await startPreview(PORT);
  const browser = await launchChromium();
  try {
    const page = await openPlanner(browser, PORT);
    await page.getByLabel('Accounts file (CSV)').setInputFiles(FILE);
    const start = page.getByRole('button', { name: 'Import', exact: true });
    await start.waitFor({ timeout: 60_000 });
    const sampler = await HeapSampler.attach(browser, page, 'importWorker');
    await sampler.sample();
    const longestTask = await watchLongTasks(page);
    sampler.start(100);
    const t0 = Date.now();
    await start.click();
    const rowsRead = page.getByTestId('report-rows-read');
    await rowsRead.waitFor({ timeout: 300_000 });
    const seconds = (Date.now() - t0) / 1000;
    sampler.stop();
    await sampler.sample();
    const rows = Number((await rowsRead.innerText()).replace(/,/g, ''));
    const longest = await longestTask();
    // applying: the accounts replace the sample and are drawn
    await page.evaluate(() => (window.__tessera!.ready = false));
    const t1 = Date.now();
    await page.getByRole('button', { name: /Replace/ }).click();
    await page.waitForFunction(() => window.__tessera?.ready === true, null, { timeout: 300_000 });
    const applySeconds = (Date.now() - t1) / 1000;
    const longestApply = await longestTask();
    const size = (statSync(FILE).size / 1e6).toFixed(0);
    return {
      'import.seconds_1m': {
        value: Math.round(seconds * 100) / 100,
        unit: 's',
        measured,
        note: `${rows.toLocaleString('en-US')} rows, ${size} MB, click Import to report shown; goal <= 10 s`,
      },
      'import.rows_per_s_1m': {
        value: Math.round(rows / seconds),
        unit: 'rows/s',
        measured,
        note: 'rows read / import.seconds_1m',
      },
      'import.peak_heap_mb_1m': {
        value: Math.round(sampler.peakBytes / 1e6),
        unit: 'MB',
        measured,
        note: 'peak JS heap, main thread + import worker, sampled every 100 ms; goal < 1500',
      },
      'import.longest_main_task_ms_1m': {
        value: Math.round(longest),
        unit: 'ms',
        measured,
        note: 'longest main-thread task while importing; goal < 200',
      },
      'import.apply_seconds_1m': {
        value: Math.round(applySeconds * 100) / 100,
        unit: 's',
        measured,
        note: 'Replace clicked to map drawn with 1M accounts',
      },
      'import.apply_longest_main_task_ms_1m': {
        value: Math.round(longestApply),
        unit: 'ms',
        measured,
        note: 'longest main-thread task from import start to map drawn with 1M accounts',
      },
    };
  } finally {
    await browser.close();
    server.kill();
  }
}
