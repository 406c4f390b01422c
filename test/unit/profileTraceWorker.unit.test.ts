// The trace worker through its client (run from source under tsx, as the CLI's tests do): progress while it reads a
// trace of a few tens of MB (written by scripts/fixtures/bigTrace.mjs), a cancel that ends it, the timeline's typed
// arrays arriving whole; and an ONNX Runtime profile, made here by onnxruntime-node, read as the onnxruntime dialect
// with json.load's event count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readTrace } from '../../src/core/profile/traceReader';
import { summarizeTraceInWorker } from '../../src/core/profile/traceWorkerClient';

const root = path.resolve(__dirname, '../..');
const alexnet = path.join(root, 'test/fixtures/upstream/traces/pytorch/hta_alexnet_a100_benchmark.pt.trace.json');

test('the worker reports progress, and a cancel stops it', async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'tensorsight-trace-worker-'));
  try {
    const file = path.join(scratch, 'big.pt.trace.json');
    const { writeBigTrace } = (await import(pathToFileURL(path.join(root, 'scripts/fixtures/bigTrace.mjs')).href)) as { writeBigTrace(out: string, bytes: number): Promise<{ events: number }> };
    const written = await writeBigTrace(file, 24 * 2 ** 20);
    const progress: number[] = [];
    const whole = await summarizeTraceInWorker({ path: file }, { onProgress: (bytesRead) => progress.push(bytesRead) }).result;
    assert.ok(whole.ok, whole.ok ? '' : whole.error);
    assert.equal(whole.summary.events, written.events);
    // The first chunk always reports; later ones at most every 100 ms, counting up to the file's size.
    assert.ok(progress.length >= 1);
    for (let i = 1; i < progress.length; i++) assert.ok(progress[i] >= progress[i - 1]);
    assert.ok(progress[progress.length - 1] <= whole.summary.fileBytes);
    let cancel = (): void => undefined;
    const request = summarizeTraceInWorker({ path: file }, { onProgress: () => cancel() });
    cancel = request.cancel;
    setTimeout(() => request.cancel(), 50);
    const stopped = await request.result;
    assert.deepEqual(stopped, { ok: false, error: 'cancelled', formatError: false });
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('the timeline comes back from the worker as typed arrays', async () => {
  const result = await summarizeTraceInWorker({ path: alexnet, timeline: { limit: 500 } }).result;
  assert.ok(result.ok, result.ok ? '' : result.error);
  const timeline = result.timeline!;
  assert.ok(timeline.startUs instanceof Float64Array);
  assert.ok(timeline.track instanceof Uint16Array);
  assert.equal(timeline.startUs.length, 500);
  assert.equal(timeline.dropped, 868 - 500); // the file's 868 'X' events (MANIFEST.tsv)
  assert.equal(result.summary.events, 1408);
});

test('a bad file comes back as a format error naming the file', async () => {
  const result = await summarizeTraceInWorker({ path: path.join(root, 'package.json') }).result;
  assert.equal(result.ok, false);
  assert.ok(!result.ok && result.formatError && result.error.includes('package.json: at byte'), JSON.stringify(result));
});

const python = '/usr/bin/python3';
const squeezenet = path.join(root, 'test/fixtures/upstream/onnx/onnx_light_squeezenet.onnx');

test('an ONNX Runtime profile reads as the onnxruntime dialect', { skip: existsSync(python) ? false : `${python} is missing` }, async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'tensorsight-ort-trace-'));
  try {
    // onnxruntime-node in a child process: its native addon stays out of the test runner.
    const script = `
const ort = require('onnxruntime-node');
(async () => {
  const session = await ort.InferenceSession.create(process.argv[1], { enableProfiling: true, profileFilePrefix: require('path').join(process.argv[2], 'ort') });
  const feeds = {};
  for (const name of session.inputNames) {
    feeds[name] = new ort.Tensor('float32', new Float32Array(1 * 3 * 224 * 224), [1, 3, 224, 224]);
  }
  await session.run(feeds);
  session.endProfiling();
})().catch((error) => { console.error(error); process.exit(1); });`;
    execFileSync(process.execPath, ['-e', script, squeezenet, scratch], { cwd: root, stdio: 'pipe' });
    const profile = readdirSync(scratch).find((name) => name.endsWith('.json'));
    assert.ok(profile, `ORT wrote no profile in ${scratch}`);
    const file = path.join(scratch, profile);
    const count = Number(execFileSync(python, ['-c', 'import json,sys; print(len(json.load(open(sys.argv[1]))))', file], { encoding: 'utf8' }));
    const read = await readTrace(file, [{ event: () => undefined, finish: () => undefined }]);
    assert.equal(read.metadata.dialect, 'onnxruntime');
    assert.equal(read.events, count);
    assert.ok(count > 10);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
