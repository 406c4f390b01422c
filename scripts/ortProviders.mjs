// postinstall: onnxruntime-node's CUDA (and TensorRT) provider libraries are too big for npm, so its own install
// script downloads them from NuGet. package.json's allowScripts keeps that script from running on every
// install (it would fail offline and warn); this runs it only where it can help: on a linux x64 machine with an
// NVIDIA driver. Without one, or when the download fails (offline), it prints one line and exits 0, so
// `npm ci` stays offline-safe. ONNXRUNTIME_NODE_INSTALL=skip skips it, as with onnxruntime-node itself.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const PROVIDER_FILES = ['libonnxruntime_providers_cuda.so', 'libonnxruntime_providers_shared.so'];
const say = (text) => console.log(`tensorsight: ${text}`);

function onPath(command) {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && existsSync(path.join(dir, command)));
}

function main() {
  const flag = process.env.ONNXRUNTIME_NODE_INSTALL ?? process.env.npm_config_onnxruntime_node_install;
  if (flag === 'skip' || process.platform !== 'linux' || process.arch !== 'x64') return;
  let ortRoot;
  try {
    ortRoot = path.dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
  } catch {
    say('onnxruntime-node is not installed; model profiling is unavailable.');
    return;
  }
  const binDir = path.join(ortRoot, 'bin', 'napi-v6', 'linux', 'x64');
  if (PROVIDER_FILES.every((file) => existsSync(path.join(binDir, file)))) return;
  if (!onPath('nvidia-smi')) {
    say('no NVIDIA driver (nvidia-smi) here, so onnxruntime-node\'s CUDA provider is not downloaded; profiling uses cpu (and webgpu where a GPU has Vulkan).');
    return;
  }
  // Without npm's local-install variables, onnxruntime-node's script treats this as an ordinary dependency install.
  const env = { ...process.env };
  delete env.npm_config_local_prefix;
  delete env.npm_package_json;
  const result = spawnSync(process.execPath, [path.join(ortRoot, 'script', 'install.js')], { cwd: ortRoot, env, encoding: 'utf8', timeout: 15 * 60 * 1000 });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim();
  const installed = PROVIDER_FILES.every((file) => existsSync(path.join(binDir, file)));
  if (result.status === 0 && installed) {
    say(`onnxruntime-node's CUDA provider installed in ${binDir}.`);
    return;
  }
  // An uncaught rejection prints a stack; its `Error: ...` line says what went wrong (getaddrinfo ENOTFOUND offline).
  const lines = output.split('\n').map((line) => line.trim()).filter((line) => line !== '');
  const why = result.error?.message ?? lines.find((line) => /^\w*Error\b/.test(line)) ?? lines.pop() ?? `exit code ${result.status}`;
  say(`could not download onnxruntime-node's CUDA provider (${why}); profiling uses cpu. Retry with network: node node_modules/onnxruntime-node/script/install.js`);
}

main();
