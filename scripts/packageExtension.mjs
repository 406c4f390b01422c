// `npm run package`: a platform-specific .vsix (vsce --target) holding the extension, the ONNX Runtime of that
// platform (scripts/stageOrtRuntime.mjs, run by vscode:prepublish with TENSORSIGHT_VSIX_TARGET set here) and
// Dawn's WebGPU binding for the trainer (scripts/stageTrainerRuntime.mjs, staged here before vsce runs).
// Usage: node scripts/packageExtension.mjs [--target linux-x64]   (default: this machine) -> dist/tensorsight-<target>.vsix
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { currentTarget } from './stageOrtRuntime.mjs';
import { stageTrainerRuntime } from './stageTrainerRuntime.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const at = process.argv.indexOf('--target');
const target = at >= 0 ? process.argv[at + 1] : currentTarget();
const out = `dist/tensorsight-${target}.vsix`;
// vscode:prepublish rebuilds dist/ but leaves dist/webgpu alone, so staging it first is enough.
try {
  stageTrainerRuntime(target);
} catch (error) {
  console.error(`packageExtension: ${error.message}`);
  process.exit(1);
}
const vsce = join(root, 'node_modules/.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
const args = ['package', '--no-dependencies', '--target', target, '--allow-missing-repository', '--no-rewrite-relative-links', '--out', out];
const result = spawnSync(vsce, args, { cwd: root, stdio: 'inherit', env: { ...process.env, TENSORSIGHT_VSIX_TARGET: target }, shell: process.platform === 'win32' });
process.exit(result.status ?? 1);
