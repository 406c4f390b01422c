// Bundles the extension host, the CLI and one script per webview panel.
// Usage: node esbuild.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

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

// Code used only on demand, bundled into its own file so the bundle that loads it compiles less at start. In the
// extension host: the doctor, Set Up Environment, event files and nvidia-smi XML (activation compiles a third of the code). In the parsing
// workers: the Keras reader, whose HDF5 library embeds 5.6 MB of WebAssembly that every other format skipped.
// A chunk must not be imported statically by its bundle (checked below), or its module state would exist twice.
const hostChunks = { chunks: {
  doctorReport: 'src/host/env/doctorReport.ts',
  setUpEnvironment: 'src/host/env/setUpEnvironment.ts',
  logdirReader: 'src/core/events/logdirReader.ts',
  nvidiaSmiXml: 'src/core/gpu/nvidiaSmiXml.ts',
  // The graph editor's content sniffing (pickle machine, zip and HDF5 header reads), loaded when a model file opens.
  sniffModel: 'src/core/formats/sniffModel.ts',
}, dir: 'dist/chunks' };
const workerChunks = { chunks: { kerasReader: 'src/core/formats/keras/kerasReader.ts' }, dir: 'dist/workers/chunks' };

/** Turns import() and require() of a chunk's source into a require() of the chunk file, relative to `outdir`. */
function chunkPlugin({ chunks, dir }, outdir) {
  const chunkBySource = new Map(Object.entries(chunks).map(([name, source]) => [resolve(source), name]));
  return {
    name: 'chunks',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind !== 'dynamic-import' && args.kind !== 'require-call') return undefined;
        const name = chunkBySource.get(resolve(args.resolveDir, args.path).replace(/(\.js)?$/, '.ts'));
        if (name === undefined) return undefined;
        return { path: `./${join(relative(outdir, dir), `${name}.js`)}`, external: true };
      });
    },
  };
}

/**
 * The format registry's readers (`open` imports `./<name>Reader.js` on demand) stay out of the extension host's
 * bundles: the host only detects formats (sniffModel); every parse runs in a worker, whose bundle has the readers.
 * An import that slipped through fails loudly instead of parsing on the host's thread.
 */
const readersStayInWorkers = {
  name: 'readers-stay-in-workers',
  setup(build) {
    build.onResolve({ filter: /Reader\.js$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !/src[\\/]core[\\/]formats/.test(args.resolveDir)) return undefined;
      return { path: `tensorsight-reader-not-on-the-extension-host:${args.path}`, external: true };
    });
  },
};

/** Options of a bundle that loads `split`'s chunks, and of the build of the chunks themselves. */
function chunked(split, options, extraPlugins = []) {
  const base = {
    ...nodeCommon,
    metafile: true,
    // import() becomes require(), so an external chunk loads as CommonJS beside the bundle.
    supported: { 'dynamic-import': false },
  };
  return [
    { ...base, ...options, plugins: [chunkPlugin(split, options.outdir), ...extraPlugins], split },
    { ...base, entryPoints: split.chunks, outdir: split.dir, plugins: [chunkPlugin(split, split.dir), ...extraPlugins] },
  ];
}

const builds = [
  // The first line stamps the time, so activate() can report what evaluating the bundle cost.
  ...chunked(hostChunks, { entryPoints: { extension: 'src/extension.ts' }, outdir: 'dist', banner: { js: `globalThis.__tensorsightBundleStart = performance.now();\n${importMetaShim}` } }, [readersStayInWorkers]),
  { ...nodeCommon, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: `#!/usr/bin/env node\n${importMetaShim}` } },
  // Worker threads of the extension host and the CLI: every parse of a user's file runs here, under a watchdog
  // (src/core/parse/parseWatchdog.ts), never on the host's or the CLI's thread.
  ...chunked(workerChunks, { entryPoints: { modelOutline: 'src/core/ir/modelOutlineWorker.ts', graphPayload: 'src/core/graph/graphPayloadWorker.ts', modelSummary: 'src/core/parse/modelSummaryWorker.ts', modelDiff: 'src/core/diff/modelDiffWorker.ts', sniffModel: 'src/core/formats/sniffModelWorker.ts', traceSummary: 'src/core/profile/traceWorker.ts' }, outdir: 'dist/workers' }),
  // The ONNX Runtime profiler's child process (src/core/profile/ort/ortChild.ts forks it): its native addon is loaded
  // from node_modules at run time, never bundled.
  { ...nodeCommon, entryPoints: { ortProfile: 'src/core/profile/ort/ortProfileWorker.ts' }, outdir: 'dist/workers', external: [...nodeCommon.external, 'onnxruntime-node'] },
  // The trainer's child process (src/core/train/run/trainChild.ts forks it): TF.js training runs here, killed to cancel.
  // TF.js backends register themselves on import; their package.json `sideEffects` lists only the ESM files, so
  // esbuild would drop the cjs build's registration: ignore those annotations here.
  // webgpu (Dawn's native binding) is never bundled: it is imported at run time from dist/webgpu or node_modules
  // (backends/dawnGpu.ts); tfjs-backend-wasm reads its .wasm files from dist/workers/tfjs-wasm (copied below).
  { ...nodeCommon, entryPoints: { trainModel: 'src/core/train/run/trainModelWorker.ts' }, outdir: 'dist/workers', ignoreAnnotations: true, external: [...nodeCommon.external, 'webgpu'] },
  // The same trainer on the user's TF.js, forked where tfjs-node(-gpu) is installed: tfjs-core, -layers and
  // -backend-cpu stay external and are redirected at run time to the user's copies (backends/userTfjs.ts).
  { ...nodeCommon, entryPoints: { trainModelUserTfjs: 'src/core/train/run/backends/userTfjsWorker.ts' }, outdir: 'dist/workers', ignoreAnnotations: true, external: [...nodeCommon.external, 'webgpu', '@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu'] },
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

/** Fails when a chunk's source is also in the bundle that loads it: a static import somewhere defeats the split. */
function checkChunksStayOut(result, { chunks, dir }) {
  const bundled = new Set(Object.values(result.metafile.outputs).flatMap((output) => Object.keys(output.inputs)));
  const leaked = Object.entries(chunks).filter(([, source]) => bundled.has(source));
  if (leaked.length > 0) {
    throw new Error(`esbuild.mjs: ${leaked.map(([name, source]) => `${source} (chunk ${name})`).join(', ')} is imported statically; import it with import() so it stays in ${dir}`);
  }
}

/**
 * tfjs-backend-wasm's binaries, beside the trainer bundle that loads them (backends/wasmSupport.ts). Node never
 * takes the threaded build (the backend disables threads there), so only the plain and SIMD ones are copied.
 */
function copyTfjsWasm() {
  const from = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
  mkdirSync('dist/workers/tfjs-wasm', { recursive: true });
  for (const file of ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm']) copyFileSync(join(from, file), join('dist/workers/tfjs-wasm', file));
}
copyTfjsWasm();

if (watch) {
  const contexts = await Promise.all(builds.map(({ split: _split, ...options }) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('[esbuild] watching for changes');
} else {
  const results = await Promise.all(builds.map(({ split: _split, ...options }) => esbuild.build(options)));
  builds.forEach((options, i) => options.split && checkChunksStayOut(results[i], options.split));
}
