// Bundles a worker entry with esbuild, as esbuild.mjs bundles the shipped workers, into a folder the caller
// removes. Tests use it where a worker must start fast: under tsx a worker loads h5wasm's 4 MB of JavaScript
// in ~4 s, a bundle in ~0.2 s, so a time limit measures the parse and not the loading.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';

/** Bundles `entry` (a .ts worker entry) to `<dir>/<name>.js` in a new temporary folder. */
export async function bundleWorker(entry: string, name: string): Promise<{ file: string; dir: string }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tensorsight-worker-'));
  const file = path.join(dir, `${name}.js`);
  await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    // h5wasm's Node build reads import.meta.url, which a cjs bundle lacks (as in esbuild.mjs).
    define: { 'import.meta.url': '__importMetaUrl' },
    banner: { js: "const __importMetaUrl = require('url').pathToFileURL(__filename).href;" },
  });
  return { file, dir };
}
