// Copies Dawn's Node binding (the `webgpu` package: its ESM entry and the native dawn.node of one platform, with
// the DirectX compiler DLLs it needs on Windows) into dist/webgpu, where the trainer's child process
// (dist/workers/trainModel.js, src/core/train/run/backends/dawnGpu.ts) loads it when the extension has no
// node_modules. vsce packs dist/ (.vscodeignore) but never node_modules with --no-dependencies, so without this a
// packaged extension could not train on WebGPU. tfjs-backend-wasm's .wasm files need no staging: esbuild.mjs
// copies them beside the trainer bundle for every build. Run by scripts/packageExtension.mjs.
// Usage: node scripts/stageTrainerRuntime.mjs [--target linux-x64]   (default: $TENSORSIGHT_VSIX_TARGET, else this machine)
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentTarget } from './stageOrtRuntime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** The webgpu package's folder for a vsce target: macOS ships one universal binary for both architectures. */
export function dawnFolder(target) {
  const [platform, arch] = target.split('-');
  return platform === 'darwin' ? 'darwin-universal' : `${platform}-${arch}`;
}

/** Stages Dawn for `target` into `<root>/dist/webgpu`; returns the staged folder and its size. */
export function stageTrainerRuntime(target = currentTarget()) {
  const webgpuDir = dirname(require.resolve('webgpu/package.json'));
  const binaries = join(webgpuDir, 'dist', dawnFolder(target));
  if (!existsSync(join(binaries, 'dawn.node'))) {
    const built = readdirSync(join(webgpuDir, 'dist')).filter((name) => existsSync(join(webgpuDir, 'dist', name, 'dawn.node')));
    throw new Error(`the webgpu package has no dawn.node for ${target} (it has ${built.join(', ')})`);
  }
  const out = join(root, 'dist/webgpu');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'dist', dawnFolder(target)), { recursive: true });
  let bytes = 0;
  // index.js imports only Node's built-ins and its own dist/<platform>/dawn.node.
  for (const file of ['package.json', 'index.js', 'LICENSE.md']) bytes += copy(join(webgpuDir, file), join(out, file));
  for (const file of readdirSync(binaries)) bytes += copy(join(binaries, file), join(out, 'dist', dawnFolder(target), file));
  return { dir: out, bytes };
}

function copy(from, to) {
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  return statSync(from).size;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--target');
  const target = at >= 0 ? process.argv[at + 1] : currentTarget();
  try {
    const { dir, bytes } = stageTrainerRuntime(target);
    console.log(`Dawn (webgpu) for ${target} staged in ${relative(root, dir)} (${(bytes / 2 ** 20).toFixed(1)} MiB)`);
  } catch (error) {
    console.error(`stageTrainerRuntime: ${error.message}`);
    process.exit(1);
  }
}
