// Copies the ONNX Runtime the profiler's child process loads (onnxruntime-node's JS and its native library for
// one platform, with onnxruntime-common nested as npm would) into dist/ort/onnxruntime-node, where
// dist/workers/ortProfile.js loads it when the extension has no node_modules (ortProfileWorker.ts). vsce packs
// dist/ (.vscodeignore) but never the root node_modules with --no-dependencies, so without this a packaged
// extension cannot profile. Run by vscode:prepublish.
// Usage: node scripts/stageOrtRuntime.mjs [--target linux-x64]   (default: $TENSORSIGHT_VSIX_TARGET, else this machine)
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));

/** vsce's target names (linux-x64, darwin-arm64, win32-x64, …) are `${process.platform}-${process.arch}`. */
export function currentTarget() {
  return process.env.TENSORSIGHT_VSIX_TARGET || `${process.platform}-${process.arch}`;
}

/** Copies `from` (a file or folder) to `to`, skipping what `skip` says; returns the bytes copied. */
function copy(from, to, skip = () => false) {
  if (skip(from)) return 0;
  if (statSync(from).isDirectory()) {
    return readdirSync(from).reduce((bytes, name) => bytes + copy(join(from, name), join(to, name), skip), 0);
  }
  mkdirSync(dirname(to), { recursive: true });
  copyFileSync(from, to);
  return statSync(from).size;
}

/** Stages the runtime for `target` into `<root>/dist/ort`; returns the staged folder and its size. */
export function stageOrtRuntime(target = currentTarget()) {
  const [platform, arch] = target.split('-');
  const ortDir = dirname(require.resolve('onnxruntime-node/package.json'));
  // onnxruntime-common's exports map hides its package.json: walk up from its main file instead.
  let commonDir = dirname(createRequire(join(ortDir, 'package.json')).resolve('onnxruntime-common'));
  while (!existsSync(join(commonDir, 'package.json')) || JSON.parse(readFileSync(join(commonDir, 'package.json'), 'utf8')).name !== 'onnxruntime-common') commonDir = dirname(commonDir);
  const binaries = join(ortDir, 'bin/napi-v6', platform, arch);
  if (!existsSync(binaries)) {
    const built = readdirSync(join(ortDir, 'bin/napi-v6')).flatMap((os) => readdirSync(join(ortDir, 'bin/napi-v6', os)).map((cpu) => `${os}-${cpu}`));
    throw new Error(`onnxruntime-node has no native build for ${target} (it has ${built.join(', ')})`);
  }
  const out = join(root, 'dist/ort');
  rmSync(out, { recursive: true, force: true });
  const common = join(out, 'onnxruntime-node/node_modules/onnxruntime-common');
  const maps = (file) => /\.(map|d\.ts)$/.test(file);
  // The CUDA and TensorRT providers (postinstall downloads them, hundreds of MB) stay out: the vsix is for any
  // machine of the target, and the provider list says why cuda is missing.
  const providers = (file) => /libonnxruntime_providers_(cuda|tensorrt)/.test(file) || /onnxruntime_providers_(cuda|tensorrt)\.dll$/.test(file);
  let bytes = 0;
  bytes += copy(join(ortDir, 'package.json'), join(out, 'onnxruntime-node/package.json'));
  bytes += copy(join(ortDir, 'dist'), join(out, 'onnxruntime-node/dist'), maps);
  bytes += copy(binaries, join(out, 'onnxruntime-node/bin/napi-v6', platform, arch), providers);
  bytes += copy(join(commonDir, 'package.json'), join(common, 'package.json'));
  bytes += copy(join(commonDir, 'dist/cjs'), join(common, 'dist/cjs'), maps);
  for (const [from, to] of [[ortDir, join(out, 'onnxruntime-node')], [commonDir, common]]) {
    for (const name of readdirSync(from).filter((file) => /^(LICENSE|ThirdPartyNotices)/i.test(file))) bytes += copy(join(from, name), join(to, name));
  }
  return { dir: out, bytes };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const at = process.argv.indexOf('--target');
  const target = at >= 0 ? process.argv[at + 1] : currentTarget();
  try {
    const { dir, bytes } = stageOrtRuntime(target);
    console.log(`onnxruntime-node for ${target} staged in ${relative(root, dir)} (${(bytes / 2 ** 20).toFixed(1)} MiB)`);
  } catch (error) {
    console.error(`stageOrtRuntime: ${error.message}`);
    process.exit(1);
  }
}
