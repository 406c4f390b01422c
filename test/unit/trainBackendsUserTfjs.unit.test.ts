// The trainer on the user's TF.js (the path to tfjs-node, which registers with the user's tfjs-core): which install
// the ladder would use, found from the search folders, and the redirect that makes the trainer, its layers and its
// backends load the user's copies. tfjs-node itself cannot be installed here (its install downloads libtensorflow),
// so the redirect is shown on a second, real copy of tfjs-core, -layers and -backend-cpu in a user folder.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { promisify } from 'node:util';
import { userTfjsNodeFor } from '../../src/core/train/run/backends/userTfjs';

const dir = mkdtempSync(join(tmpdir(), 'tensorsight-user-tfjs-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const requireHere = createRequire(__filename);

/** A package folder holding only a package.json and an entry, for resolution: never loaded. */
function packageAt(root: string, name: string): string {
  const folder = join(root, 'node_modules', name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'package.json'), JSON.stringify({ name, version: '4.22.0', main: 'index.js' }));
  writeFileSync(join(folder, 'index.js'), '');
  return join(folder, 'index.js');
}

test('the install the ladder would use: tfjs-node-gpu before tfjs-node in auto, from any search folder', () => {
  const workspace = join(dir, 'workspace');
  const userFolder = join(dir, 'user-folder');
  mkdirSync(workspace, { recursive: true });
  const node = packageAt(userFolder, '@tensorflow/tfjs-node');
  assert.equal(userTfjsNodeFor('auto', [workspace]), undefined);
  assert.deepEqual(userTfjsNodeFor('auto', [workspace, userFolder]), { backend: 'tfjs-node', entry: node });
  assert.deepEqual(userTfjsNodeFor('tfjs-node', [workspace, userFolder]), { backend: 'tfjs-node', entry: node });
  assert.equal(userTfjsNodeFor('tfjs-node-gpu', [workspace, userFolder]), undefined);
  for (const bundled of ['webgpu', 'wasm', 'cpu'] as const) assert.equal(userTfjsNodeFor(bundled, [userFolder]), undefined);
  const gpu = packageAt(workspace, '@tensorflow/tfjs-node-gpu');
  assert.deepEqual(userTfjsNodeFor('auto', [workspace, userFolder]), { backend: 'tfjs-node-gpu', entry: gpu });
});

/** Copies a TF.js package's package.json and its Node builds (dist/*.node.js) into `root`'s node_modules. */
function copyTfjsPackage(root: string, name: string): void {
  const from = dirname(requireHere.resolve(`${name}/package.json`));
  const to = join(root, 'node_modules', name);
  mkdirSync(join(to, 'dist'), { recursive: true });
  copyFileSync(join(from, 'package.json'), join(to, 'package.json'));
  for (const file of readdirSync(join(from, 'dist')).filter((f) => f.endsWith('.node.js'))) copyFileSync(join(from, 'dist', file), join(to, 'dist', file));
}

test("redirected to a user's TF.js, the trainer trains on that copy of tfjs-core, -layers and -backend-cpu", async () => {
  const user = join(dir, 'user');
  for (const name of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu']) copyTfjsPackage(user, name);
  // Their one plain dependency at load, as npm would have installed it beside them.
  for (const name of ['seedrandom']) symlinkSync(dirname(requireHere.resolve(`${name}/package.json`)), join(user, 'node_modules', name), 'dir');
  const specFile = join(dir, 'dense.train.json');
  const digits = resolve('test/fixtures/digits');
  writeFileSync(specFile, JSON.stringify({
    model: { inputShape: [64], layers: [{ type: 'Dense', units: 32, activation: 'relu' }, { type: 'Dense', units: 10, activation: 'softmax' }] },
    data: { format: 'idx', features: join(digits, 'digits-images-idx3-ubyte'), labels: join(digits, 'digits-labels-idx1-ubyte'), validationSplit: 0.2, normalize: 'standardize' },
    loss: 'sparseCategoricalCrossentropy', optimizer: 'adam', metrics: ['accuracy'], epochs: 2, batchSize: 32, seed: 5,
  }));
  // A fresh process, as the training child is: the redirect must come before anything loads TF.js.
  const script = `
    const { redirectTfjsTo } = require('./src/core/train/run/backends/userTfjs.ts');
    const core = redirectTfjsTo(process.argv[1]);
    const { trainFromSpec } = require('./src/core/train/run/trainRun.ts');
    const messages = [];
    trainFromSpec({ specFile: process.argv[2], runsRoot: process.argv[3], backend: 'cpu', searchDirs: [] }, (m) => messages.push(m)).then((final) => {
      const loaded = Object.keys(require.cache).filter((file) => /tfjs-(core|layers|backend-cpu)[\\\\/]dist/.test(file));
      process.stdout.write(JSON.stringify({ core, final, loaded, report: messages.find((m) => m.kind === 'backend').report }));
      process.exit(0);
    });`;
  const tfjsNodeEntry = join(user, 'node_modules/@tensorflow/tfjs-node/dist/index.js');
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', '-e', script, tfjsNodeEntry, specFile, join(dir, 'runs')], { cwd: resolve('.'), maxBuffer: 1 << 24 });
  const { core, final, loaded, report } = JSON.parse(stdout) as { core: string; final: { kind: string; values: Record<string, number> }; loaded: string[]; report: { chosen: string; tfjsFrom?: string } };
  const userCore = join(user, 'node_modules/@tensorflow/tfjs-core/dist/tf-core.node.js');
  assert.equal(core, userCore);
  assert.equal(report.tfjsFrom, userCore);
  assert.equal(report.chosen, 'cpu');
  assert.equal(final.kind, 'done');
  assert.ok(final.values.val_accuracy > 0.5, `val_accuracy ${final.values.val_accuracy}`);
  const ours = loaded.filter((file) => !file.startsWith(user) && /tfjs-(core|layers|backend-cpu)[\\/]/.test(file));
  assert.deepEqual(ours, [], 'no TF.js of the extension loaded');
  for (const name of ['tfjs-core', 'tfjs-layers', 'tfjs-backend-cpu']) assert.ok(loaded.some((file) => file.startsWith(join(user, 'node_modules/@tensorflow', name))), `${name} from the user's folder`);
});
