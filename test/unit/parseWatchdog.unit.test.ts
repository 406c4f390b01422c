// The parse watchdog over real hostile files (test/fixtures/fuzz/MANIFEST.tsv):
// - keras2_nested_hang.h5 and hls4ml_mlp_heap_loop.h5 make HDF5 loop forever: walked by h5wasm alone they end in
//   the timeout error naming the file, within the limit, while this thread keeps running. The shipped workers
//   (Model view, graph editor, CLI summary) refuse both before HDF5 sees them, at the damaged offset;
// - keras2_nested_abort.h5 makes HDF5 abort: a FormatError, without Emscripten's text.
// Workers are bundled as esbuild.mjs bundles them; the shipped ones also meet a limit shorter than their start.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { parseTimeoutMessage, runWatched } from '../../src/core/parse/parseWatchdog';
import { bundleWorker } from '../fuzz/bundleWorker';

const root = path.resolve(__dirname, '../..');
const fuzzFixture = (name: string) => path.join(root, 'test/fixtures/fuzz', name);
const hang = fuzzFixture('keras2_nested_hang.h5');
const heapLoop = fuzzFixture('hls4ml_mlp_heap_loop.h5');
const abort = fuzzFixture('keras2_nested_abort.h5');
const original = path.join(root, 'test/fixtures/keras/keras2_nested_sequential.h5');
const LIMIT_MS = 2000;
// Generous: a control run loads h5wasm on a machine that may be busy.
const CONTROL_LIMIT_MS = 30_000;

const entries = {
  walk: 'test/fuzz/h5wasmWalkWorker.ts',
  modelOutline: 'src/core/ir/modelOutlineWorker.ts',
  graphPayload: 'src/core/graph/graphPayloadWorker.ts',
  modelSummary: 'src/core/parse/modelSummaryWorker.ts',
};
const shipped = ['modelOutline', 'graphPayload', 'modelSummary'] as const;
const bundles: Record<string, { file: string; dir: string }> = {};

before(async () => {
  for (const [name, entry] of Object.entries(entries)) bundles[name] = await bundleWorker(path.join(root, entry), name);
});
after(() => Object.values(bundles).forEach((bundle) => rmSync(bundle.dir, { recursive: true, force: true })));

type Reply = { ok: boolean; error?: string; formatError?: boolean; stop?: string };

/** Runs a bundled worker on `file` under the watchdog; counts this thread's timer ticks meanwhile. */
async function watched(bundle: keyof typeof entries, file: string, timeoutMs: number): Promise<{ reply: Reply; ms: number; ticks: number }> {
  let ticks = 0;
  const ticker = setInterval(() => ticks++, 100);
  const start = performance.now();
  const fail = (error: string, stop: string): Reply => ({ ok: false, error, stop });
  const reply = await runWatched<Reply>({ filename: bundles[bundle].file }, { path: file, options: {} }, { subject: file, timeoutMs, fail }).result;
  clearInterval(ticker);
  return { reply, ms: performance.now() - start, ticks };
}

test('HDF5 looping on real crafted files is stopped at the limit, with the file named, and this thread runs on', async () => {
  const control = await watched('walk', original, CONTROL_LIMIT_MS);
  assert.equal(control.reply.ok, true, control.reply.error);
  for (const file of [hang, heapLoop]) {
    const { reply, ms, ticks } = await watched('walk', file, LIMIT_MS);
    assert.equal(reply.stop, 'timeout', reply.error);
    assert.equal(reply.error, parseTimeoutMessage(file, LIMIT_MS));
    assert.match(reply.error!, new RegExp(`${path.basename(file).replace('.', '\\.')}: parsing stopped after 2 s \\(timeout\\)`));
    assert.ok(ms >= LIMIT_MS - 50 && ms < LIMIT_MS + 2000, `stopped after ${Math.round(ms)} ms`);
    assert.ok(ticks >= 8, `this thread ran only ${ticks} timer ticks while the worker spun`);
  }
});

for (const bundle of shipped) {
  test(`${bundle} worker: the looping files are refused at their offsets; a limit shorter than the parse stops it`, async () => {
    const control = await watched(bundle, original, CONTROL_LIMIT_MS);
    assert.equal(control.reply.ok, true, control.reply.error);
    const refusals: [string, RegExp][] = [
      [hang, /keras2_nested_hang\.h5 \(at byte 2048\): HDF5 global heap collection at byte 2048 \(13056 bytes\): its objects run \d+ bytes past its end/],
      [heapLoop, /hls4ml_mlp_heap_loop\.h5 \(at byte 4000\): HDF5 global heap collection at byte 2048 holds a free-space object of size 0/],
    ];
    for (const [file, message] of refusals) {
      const { reply } = await watched(bundle, file, CONTROL_LIMIT_MS);
      assert.equal(reply.ok, false);
      assert.equal(reply.stop, undefined, reply.error);
      assert.match(reply.error!, message);
    }
    // Starting a worker alone takes longer than 10 ms: the watchdog stops it and names the file.
    const { reply } = await watched(bundle, original, 10);
    assert.equal(reply.stop, 'timeout');
    assert.equal(reply.error, parseTimeoutMessage(original, 10));
  });
}

test('HDF5 aborting: a FormatError naming the object, without Emscripten text', async () => {
  for (const bundle of shipped) {
    const { reply } = await watched(bundle, abort, CONTROL_LIMIT_MS);
    assert.equal(reply.ok, false, bundle);
    assert.equal(reply.formatError, true, reply.error);
    assert.match(reply.error!, /keras2_nested_abort\.h5: HDF5 object .*the HDF5 library stopped on damaged data \(native abort\)/);
    assert.doesNotMatch(reply.error!, /Aborted\(/);
  }
});

test('summary --timeout takes positive seconds only (exit code 2)', async () => {
  let err = '';
  const code = await main(['summary', hang, '--timeout', '0'], { out: () => undefined, err: (text) => (err += text) });
  assert.equal(code, 2);
  assert.match(err, /--timeout needs a positive number of seconds, got '0'/);
});

// The built CLI end to end (npm test builds dist/ first): each run ends on its own with exit code 1.
const cli = path.join(root, 'dist/cli.js');
const built = existsSync(cli) && existsSync(path.join(root, 'dist/workers/modelSummary.js'));
const skip = built ? false : 'dist/cli.js or dist/workers/modelSummary.js not built (npm run build)';
const summary = (...args: string[]) => spawnSync(process.execPath, [cli, 'summary', ...args], { encoding: 'utf8', timeout: 60_000 });

test('dist/cli.js summary: damaged HDF5 files end in a FormatError, a parse past --timeout is stopped, no wasm text', { skip }, () => {
  const expected: [string[], RegExp][] = [
    [[hang, '--json'], /^tensorsight summary: \S*keras2_nested_hang\.h5 \(at byte 2048\): HDF5 global heap collection/],
    [[heapLoop, '--json'], /^tensorsight summary: \S*hls4ml_mlp_heap_loop\.h5 \(at byte 4000\): HDF5 global heap collection/],
    [[abort, '--json'], /^tensorsight summary: \S*keras2_nested_abort\.h5: HDF5 object .*\(native abort\)/],
    [[original, '--timeout', '0.01'], /^tensorsight summary: \S*keras2_nested_sequential\.h5: parsing stopped after 0\.01 s \(timeout\)/],
  ];
  for (const [args, message] of expected) {
    const start = performance.now();
    const run = summary(...args);
    assert.equal(run.status, 1, run.stderr);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, message);
    assert.doesNotMatch(run.stderr, /Aborted\(|RuntimeError|HDF5-DIAG/);
    assert.ok(performance.now() - start < 20_000);
  }
});

test('dist/workers: a Keras error thrown in the reader chunk is still a FormatError to the worker that loaded it', { skip }, async () => {
  // The Keras reader is built into dist/workers/chunks with its own copy of FormatError (esbuild.mjs).
  const fail = (error: string): Reply => ({ ok: false, error });
  const reply = await runWatched<Reply>({ filename: path.join(root, 'dist/workers/modelOutline.js') }, { path: abort }, { subject: abort, timeoutMs: CONTROL_LIMIT_MS, fail }).result;
  assert.equal(reply.ok, false);
  assert.equal(reply.formatError, true, reply.error);
});

test('the watchdog: partial messages go to onPartial, a throwing worker and a cancel end with their reason', async () => {
  const evalScript = (code: string) => ({ filename: code, options: { eval: true } });
  const fail = (error: string, stop: string) => ({ final: true, error, stop });
  const partials: unknown[] = [];
  const answered = runWatched<Record<string, unknown>>(evalScript("const { parentPort } = require('node:worker_threads'); parentPort.postMessage({ final: false, n: 1 }); parentPort.postMessage({ final: true, n: 2 });"), null, { subject: 'model.onnx', timeoutMs: CONTROL_LIMIT_MS, fail, onPartial: (message) => partials.push(message) });
  assert.deepEqual(await answered.result, { final: true, n: 2 });
  assert.deepEqual(partials, [{ final: false, n: 1 }]);
  const thrown = await runWatched(evalScript("throw new Error('bad tensor')"), null, { subject: 'model.onnx', timeoutMs: CONTROL_LIMIT_MS, fail }).result;
  assert.deepEqual(thrown, { final: true, error: 'model.onnx: the reader failed: bad tensor', stop: 'crash' });
  const cancelled = runWatched(evalScript('setInterval(() => {}, 1000)'), null, { subject: 'model.onnx', timeoutMs: CONTROL_LIMIT_MS, fail });
  cancelled.cancel();
  assert.deepEqual(await cancelled.result, { final: true, error: 'cancelled', stop: 'cancelled' });
});

test('a limit past what setTimeout holds (2^31 ms, about 25 days) does not fire at once', async () => {
  const fail = (error: string, stop: string) => ({ final: true, error, stop });
  const script = { filename: "setTimeout(() => require('node:worker_threads').parentPort.postMessage({ final: true, done: true }), 200);", options: { eval: true } };
  // 3,000,000 s, as `summary --timeout 3000000` asks: Node would clamp the timer to 1 ms and stop the parse at once.
  assert.deepEqual(await runWatched(script, null, { subject: 'model.onnx', timeoutMs: 3_000_000_000, fail }).result, { final: true, done: true });
});
