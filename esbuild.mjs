// Bundles the extension host, the CLI and one script per webview panel.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Every folder under src/webview that has a main.ts is a panel entry; worker.ts files become workers. */
function webviewEntries() {
  const root = 'src/webview';
  const entries = {};
  if (!existsSync(root)) return entries;
  for (const panel of readdirSync(root, { withFileTypes: true })) {
    if (!panel.isDirectory()) continue;
    for (const file of ['main.ts', 'worker.ts']) {
      const path = join(root, panel.name, file);
      if (existsSync(path)) entries[`${panel.name}/${file.replace(/\.ts$/, '')}`] = path;
    }
  }
  return entries;
}

const common = {
  bundle: true,
  minify: production,
  sourcemap: true,
  logLevel: 'info',
  legalComments: 'none',
};

// ESM-only dependencies (h5wasm's Node build) read import.meta.url, which a cjs bundle lacks: give it the bundle's own URL.
const importMetaShim = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
const nodeCommon = {
  ...common,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  define: { 'import.meta.url': '__importMetaUrl' },
  banner: { js: importMetaShim },
};

const builds = [
  // The first line stamps the time, so activate() can report what evaluating the bundle cost.
  { ...nodeCommon, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', banner: { js: `globalThis.__tensorsightBundleStart = performance.now();\n${importMetaShim}` } },
  { ...nodeCommon, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: `#!/usr/bin/env node\n${importMetaShim}` } },
  // Worker threads of the extension host: heavy parsing runs here, never on the host's thread.
  { ...nodeCommon, entryPoints: { modelOutline: 'src/core/ir/modelOutlineWorker.ts' }, outdir: 'dist/workers' },
  { ...nodeCommon, entryPoints: { graphPayload: 'src/core/graph/graphPayloadWorker.ts' }, outdir: 'dist/workers' },
  { ...common, platform: 'browser', format: 'iife', target: 'chrome114', entryPoints: webviewEntries(), outdir: 'dist/webview' },
  // Extension-host tests are compiled, not bundled with the extension, so they exercise the shipped bundle through the vscode API.
  {
    ...common,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    bundle: false,
    minify: false,
    entryPoints: ['test/integration/**/*.ts'],
    outdir: 'dist/test/integration',
  },
];

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[esbuild] watching for changes');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
