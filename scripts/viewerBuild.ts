/**
 * Builds the published-map viewer (src/viewer/viewer.ts) as ONE script and ONE stylesheet, which
 * composeHtml inlines into every published file. `vite build` runs it after the app through the
 * publishedViewer() plugin (into dist/viewer/), `vite` serves it from memory, and Node (tests,
 * bench) reads it from disk or builds it on demand with readViewerBundle().
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build, type InlineConfig, type Plugin } from 'vite';
import { VIEWER_CSS, VIEWER_DIR, VIEWER_JS, type ViewerBundle } from '../src/viewer/viewerAssets.ts';

export type { ViewerBundle };

/**
 * The Vite config of the viewer: one ES module (MapLibre with its worker inlined as text) and one
 * stylesheet. An app build rather than a library build, because Vite keeps whitespace in ES libraries.
 */
export function viewerBuildConfig(root: string, outDir: string, write = true): InlineConfig {
  return {
    configFile: false,
    root,
    logLevel: 'warn',
    publicDir: false,
    build: {
      outDir,
      emptyOutDir: true,
      write,
      target: 'es2022',
      sourcemap: false,
      modulePreload: false,
      cssCodeSplit: false,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 4000,
      rolldownOptions: {
        input: resolve(root, 'src/viewer/viewer.ts'),
        output: {
          format: 'es',
          codeSplitting: false,
          entryFileNames: VIEWER_JS,
          assetFileNames: (asset) => (asset.names.some((n) => n.endsWith('.css')) ? VIEWER_CSS : '[name][extname]'),
        },
      },
    },
  };
}

type BuildOutput = { output: { fileName: string; type: string; code?: string; source?: string | Uint8Array }[] };

/** Builds the viewer in memory (dev server, Node without a dist/). */
async function buildInMemory(root: string): Promise<ViewerBundle> {
  const result = (await build(viewerBuildConfig(root, resolve(root, 'dist', VIEWER_DIR), false))) as
    BuildOutput | BuildOutput[];
  const outputs = (Array.isArray(result) ? result : [result]).flatMap((r) => r.output);
  const text = (name: string): string => {
    const file = outputs.find((o) => o.fileName === name);
    const body = file?.type === 'chunk' ? file.code : file?.source;
    if (body === undefined) throw new Error(`The viewer build wrote no ${name}.`);
    return typeof body === 'string' ? body : new TextDecoder().decode(body);
  };
  return { js: text(VIEWER_JS), css: text(VIEWER_CSS) };
}

/** The built viewer from dist/viewer/, built first (in memory) when it is missing. */
export async function readViewerBundle(root = process.cwd()): Promise<ViewerBundle> {
  const dir = resolve(root, 'dist', VIEWER_DIR);
  const js = resolve(dir, VIEWER_JS);
  const css = resolve(dir, VIEWER_CSS);
  if (existsSync(js) && existsSync(css)) return { js: readFileSync(js, 'utf8'), css: readFileSync(css, 'utf8') };
  return buildInMemory(root);
}

/**
 * Vite plugin: after the app's production build, builds the viewer into <outDir>/viewer/ so the app
 * can fetch it from its own origin at publish time; the dev server answers the same paths from memory.
 */
export function publishedViewer(): Plugin {
  let root = process.cwd();
  let outDir = 'dist';
  let building = false;
  let devBundle: Promise<ViewerBundle> | null = null;
  return {
    name: 'tessera-published-viewer',
    configResolved(config) {
      root = config.root;
      outDir = resolve(config.root, config.build.outDir);
    },
    async closeBundle() {
      // only after a production build of the app, and never from inside the viewer's own build
      if (building || this.meta.watchMode || process.env.VITEST) return;
      if (!existsSync(resolve(outDir, 'index.html'))) return;
      building = true;
      try {
        await build(viewerBuildConfig(root, resolve(outDir, VIEWER_DIR)));
      } finally {
        building = false;
      }
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        const path = (req.url ?? '').split('?')[0];
        const file = path.endsWith(`/${VIEWER_DIR}/${VIEWER_JS}`)
          ? 'js'
          : path.endsWith(`/${VIEWER_DIR}/${VIEWER_CSS}`)
            ? 'css'
            : null;
        if (!file) return next();
        devBundle ??= buildInMemory(root);
        devBundle.then(
          (bundle) => {
            res.setHeader('Content-Type', file === 'js' ? 'text/javascript' : 'text/css');
            res.end(bundle[file]);
          },
          (e: unknown) => {
            devBundle = null;
            next(e);
          },
        );
      });
    },
  };
}
