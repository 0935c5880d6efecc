import { existsSync } from 'node:fs';

/**
 * Chromium flags that give headless WebGL through SwiftShader and keep it off the (closed) network.
 * The GPU process stays on (no --disable-gpu): with it off, the compositor reads every WebGL frame
 * back into the page's main thread (about 90 ms per frame here), which is not what users' browsers do.
 */
export const chromiumArgs = [
  '--no-sandbox',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--ignore-gpu-blocklist',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** The system Chromium when present, else undefined so Playwright uses its own browser. */
export function chromiumExecutable(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  return candidates.find((c): c is string => !!c && existsSync(c));
}
