// The graph editor's payload cache and the payload's wire form: a reopened, unchanged file reads back the bytes and
// weights that were built for it; a changed file, another build of the worker, or a damaged entry reads nothing.
// The loader reports what it does, with the node count python3-onnx gives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GraphPayloadCache } from '../../src/core/graph/graphPayloadCache';
import { compressPayload, loadGraphPayload } from '../../src/core/graph/graphPayloadWorker';
import { decodeGraphPayload, encodeGraphPayload } from '../../src/core/protocol/graphPayloadCodec';

const silero = path.resolve(__dirname, '../fixtures/upstream/onnx/silero_vad_legacy.onnx');

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'graph-cache-'));
}

test('a payload survives encoding to bytes, compressed or not, and back; bytes that are no payload fail clearly', async () => {
  const result = await loadGraphPayload(silero);
  assert.ok(result.ok);
  const plain = JSON.parse(JSON.stringify(result.payload));
  const bytes = encodeGraphPayload(result.payload);
  assert.deepEqual(await decodeGraphPayload(bytes), plain);
  const compressed = compressPayload(result.payload);
  assert.equal(Object.getPrototypeOf(compressed), Uint8Array.prototype, 'a plain Uint8Array, not a Buffer');
  assert.ok(compressed.byteLength < bytes.byteLength / 3, `${compressed.byteLength} compressed bytes of ${bytes.byteLength}`);
  assert.deepEqual(await decodeGraphPayload(compressed), plain);
  await assert.rejects(decodeGraphPayload(bytes.subarray(0, 100)), /graph payload \(100 bytes\) is not JSON/);
  await assert.rejects(decodeGraphPayload(compressed.subarray(0, 100)), /100 bytes of gzip\) could not be inflated/);
  await assert.rejects(decodeGraphPayload(new TextEncoder().encode('{"nodes": 3}')), /holds no nodes array/);
});

test('inputs travel as references to the producer output they equal, and come back whole', async () => {
  // Silero: bodies reading their owner's values; attention: an exporter's transformer block.
  for (const file of [silero, path.resolve(__dirname, '../fixtures/models/attention.onnx')]) {
    const result = await loadGraphPayload(file);
    assert.ok(result.ok);
    const plain = JSON.stringify(result.payload);
    const bytes = encodeGraphPayload(result.payload);
    assert.deepEqual(await decodeGraphPayload(bytes), JSON.parse(plain), path.basename(file));
    const linked = result.payload.nodes.reduce((count, node) => count + node.inputs.filter((input) => (input.from ?? -1) >= 0 && !input.weight).length, 0);
    const references = (new TextDecoder().decode(bytes).match(/"out":/g) ?? []).length;
    assert.ok(references > 0 && references <= linked, `${path.basename(file)}: ${references} references for ${linked} inputs from producers`);
    assert.ok(bytes.byteLength < plain.length * 0.9, `${path.basename(file)}: ${bytes.byteLength} bytes against ${plain.length} of plain JSON`);
  }
});

test('the cache gives back what was written for an unchanged file, and nothing once the file or the build changed', async () => {
  const dir = scratch();
  try {
    const model = path.join(dir, 'silero.onnx');
    fs.copyFileSync(silero, model);
    const result = await loadGraphPayload(model);
    assert.ok(result.ok);
    const cache = new GraphPayloadCache(path.join(dir, 'cache'), 'build-1');
    assert.equal(await cache.read(model), undefined, 'nothing cached yet');
    const key = await cache.key(model);
    const payload = compressPayload(result.payload);
    await cache.write(model, { payload, weights: result.weights }, key);
    const back = await cache.read(model);
    assert.ok(back);
    assert.deepEqual(await decodeGraphPayload(back.payload), await decodeGraphPayload(payload));
    assert.deepEqual(back.weights, result.weights);
    assert.equal(await new GraphPayloadCache(path.join(dir, 'cache'), 'build-2').read(model), undefined, 'another build of the payload code');
    // The same size, a later modification time: the file changed.
    const later = new Date(fs.statSync(model).mtimeMs + 5000);
    fs.utimesSync(model, later, later);
    assert.equal(await cache.read(model), undefined, 'the file changed since');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that changed while it was parsed is not cached, and a damaged entry reads as none', async () => {
  const dir = scratch();
  try {
    const model = path.join(dir, 'silero.onnx');
    fs.copyFileSync(silero, model);
    const cache = new GraphPayloadCache(path.join(dir, 'cache'), 'build-1');
    const keyBefore = await cache.key(model);
    fs.appendFileSync(model, Buffer.alloc(1));
    await cache.write(model, { payload: new Uint8Array([123, 125]), weights: [] }, keyBefore);
    assert.equal(await cache.read(model), undefined);
    const key = await cache.key(model);
    await cache.write(model, { payload: new Uint8Array([1]), weights: [] }, key);
    fs.writeFileSync(path.join(dir, 'cache', `${key}.json`), '{"weights": [');
    assert.equal(await cache.read(model), undefined);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the loader says it infers shapes, with the node count of the file', async (context) => {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import sys, onnx\ng = onnx.load(sys.argv[1]).graph\ndef count(g): return sum(1 + sum(count(a.g) for a in n.attribute if a.type == onnx.AttributeProto.GRAPH) for n in g.node)\nprint(count(g))', silero], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status !== 0) return context.skip('needs /usr/bin/python3 with python3-onnx');
  const reported: string[] = [];
  const stamps: Record<string, number> = {};
  const result = await loadGraphPayload(silero, undefined, undefined, (stage, text) => reported.push(`${stage}: ${text}`), stamps);
  assert.ok(result.ok);
  assert.deepEqual(reported, [`infer: Inferring shapes of ${Number(probe.stdout.trim()).toLocaleString('en-US')} nodes…`]);
  assert.ok(stamps.parsed <= stamps.inferredBuilt, 'parse, then the inferred payload');
});
