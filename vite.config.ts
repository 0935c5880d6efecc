import { defineConfig, type Plugin } from 'vitest/config';
import react from '@vitejs/plugin-react';
import { publishedViewer } from './scripts/viewerBuild.ts';

/** The built app may only load what it ships with: no tile servers, fonts or geocoders. */
const OFFLINE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; worker-src 'self' blob:; connect-src 'self' data: blob:";

function offlineCsp(): Plugin {
  return {
    name: 'tessera-offline-csp',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${OFFLINE_CSP}" />`),
  };
}

export default defineConfig({
  // publishedViewer: the published-map viewer, built into dist/viewer/ after the app (issue 7)
  plugins: [react(), offlineCsp(), publishedViewer()],
  worker: { format: 'es' },
  build: { target: 'es2022', chunkSizeWarningLimit: 2000 },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'cli/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
