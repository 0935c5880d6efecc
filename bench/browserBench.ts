import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { chromiumArgs, chromiumExecutable } from '../e2e/browser.ts';

/** Serves dist/ with `vite preview` on a port and resolves once it answers. */
export async function startPreview(port: number): Promise<ChildProcess> {
  const server = spawn(
    process.execPath,
    ['node_modules/vite/bin/vite.js', 'preview', '--host', '127.0.0.1', '--port', String(port), '--strictPort'],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      return server;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  server.kill();
  throw new Error('vite preview did not start');
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumExecutable(), args: chromiumArgs });
}

/** Opens the built planner and waits until the sample is drawn. */
export async function openPlanner(browser: Browser, port: number): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => window.__tessera?.ready === true, null, { timeout: 120_000 });
  return page;
}

/**
 * Samples the JS heap of the page's main thread and of one of its workers (found by URL) through
 * the DevTools protocol, and keeps the peak of their sum.
 */
export class HeapSampler {
  peakBytes = 0;
  private timer: NodeJS.Timeout | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, (bytes: number) => void>();

  private constructor(
    private readonly pageSession: CDPSession,
    private readonly browserSession: CDPSession,
    private readonly workerSessionId: string | null,
  ) {
    browserSession.on('Target.receivedMessageFromTarget', (e) => {
      const message = JSON.parse(e.message) as { id?: number; result?: { usedSize: number } };
      if (message.id !== undefined) this.pending.get(message.id)?.(message.result?.usedSize ?? 0);
    });
  }

  static async attach(browser: Browser, page: Page, workerUrlPart: string): Promise<HeapSampler> {
    const pageSession = await page.context().newCDPSession(page);
    const browserSession = await browser.newBrowserCDPSession();
    const { targetInfos } = await browserSession.send('Target.getTargets');
    const worker = targetInfos.find((t) => t.type === 'worker' && t.url.includes(workerUrlPart));
    // non-flattened attach lets a plain CDP session talk to a dedicated worker
    const sessionId = worker
      ? (await browserSession.send('Target.attachToTarget', { targetId: worker.targetId, flatten: false })).sessionId
      : null;
    return new HeapSampler(pageSession, browserSession, sessionId);
  }

  private workerHeap(): Promise<number> {
    if (!this.workerSessionId) return Promise.resolve(0);
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      void this.browserSession
        .send('Target.sendMessageToTarget', {
          sessionId: this.workerSessionId as string,
          message: JSON.stringify({ id, method: 'Runtime.getHeapUsage' }),
        })
        .catch(() => resolve(0));
      setTimeout(() => resolve(0), 2000);
    });
  }

  async sample(): Promise<number> {
    const [main, worker] = await Promise.all([
      this.pageSession
        .send('Runtime.getHeapUsage')
        .then((r) => r.usedSize)
        .catch(() => 0),
      this.workerHeap(),
    ]);
    this.peakBytes = Math.max(this.peakBytes, main + worker);
    return main + worker;
  }

  start(intervalMs = 100): void {
    this.timer = setInterval(() => void this.sample(), intervalMs);
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }
}

/** Starts recording main-thread long tasks in the page; returns a function that reads the longest so far. */
export async function watchLongTasks(page: Page): Promise<() => Promise<number>> {
  await page.evaluate(() => {
    const w = window as unknown as { __longestTask: number };
    w.__longestTask = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.__longestTask = Math.max(w.__longestTask, e.duration);
    }).observe({ type: 'longtask', buffered: false });
  });
  return () => page.evaluate(() => (window as unknown as { __longestTask: number }).__longestTask);
}
