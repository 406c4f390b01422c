// Bundles the extension host, the CLI and one script per webview panel.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

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

// Parts of the extension host used only on demand (the doctor, event files, nvidia-smi XML), each bundled into its own
// file under dist/chunks: activation then compiles a third of the code. A chunk must not be imported statically by
// the extension (checked below), or its module state would exist twice.
const hostChunks = {
  doctorReport: 'src/host/env/doctorReport.ts',
  logdirReader: 'src/core/events/logdirReader.ts',
  nvidiaSmiXml: 'src/core/gpu/nvidiaSmiXml.ts',
};
const chunkDir = 'dist/chunks';

/** Turns import() and require() of a chunk's source into a require() of the chunk file, relative to `outdir`. */
function hostChunkPlugin(outdir) {
  const chunkBySource = new Map(Object.entries(hostChunks).map(([name, source]) => [resolve(source), name]));
  return {
    name: 'host-chunks',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind !== 'dynamic-import' && args.kind !== 'require-call') return undefined;
        const name = chunkBySource.get(resolve(args.resolveDir, args.path).replace(/(\.js)?$/, '.ts'));
        if (name === undefined) return undefined;
        return { path: `./${join(relative(outdir, chunkDir), `${name}.js`)}`, external: true };
      });
    },
  };
}

const hostCommon = {
  ...nodeCommon,
  metafile: true,
  // import() becomes require(), so an external chunk loads as CommonJS beside the bundle.
  supported: { 'dynamic-import': false },
};

const builds = [
  // The first line stamps the time, so activate() can report what evaluating the bundle cost.
  { ...hostCommon, entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', plugins: [hostChunkPlugin('dist')], banner: { js: `globalThis.__tensorsightBundleStart = performance.now();\n${importMetaShim}` } },
  { ...hostCommon, entryPoints: hostChunks, outdir: chunkDir, plugins: [hostChunkPlugin(chunkDir)] },
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

/** Fails when a chunk's source is also bundled into the extension: a static import somewhere defeats the split. */
function checkChunksStayOut(result) {
  const bundled = new Set(Object.values(result.metafile.outputs).flatMap((output) => Object.keys(output.inputs)));
  const leaked = Object.entries(hostChunks).filter(([, source]) => bundled.has(source));
  if (leaked.length > 0) {
    throw new Error(`esbuild.mjs: ${leaked.map(([name, source]) => `${source} (chunk ${name})`).join(', ')} is imported statically by the extension; import it with import() so it stays in ${chunkDir}`);
  }
}

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[esbuild] watching for changes');
} else {
  const [extensionResult] = await Promise.all(builds.map((options) => esbuild.build(options)));
  checkChunksStayOut(extensionResult);
}
