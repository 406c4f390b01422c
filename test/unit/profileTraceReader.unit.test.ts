// The streaming trace reader over every real trace fixture, plain and gzip: the events it hands out per phase agree
// with Python's json.load of the same file (Debian's /usr/bin/python3, independent of our code). Damaged files (cut
// JSON, cut gzip, garbage, a broken event) fail with the file, the byte offset and what was expected there; the
// scanner gives the same values whatever the chunking; 'B'/'E' pairs become one 'X'.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { TraceEvent, TraceVisitor } from '../../src/core/profile/traceEvent';
import { readTrace } from '../../src/core/profile/traceReader';
import { TraceReadError } from '../../src/core/profile/traceReadError';
import { TraceScanner } from '../../src/core/profile/traceScanner';

const fixtures = path.resolve(__dirname, '../fixtures');
const python = '/usr/bin/python3';
const skip = existsSync(python) ? false : `${python} is missing (Debian's python3 gives the independent counts)`;

function traceFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return traceFiles(full);
    return /\.json(\.gz)?$/.test(entry.name) ? [full] : [];
  });
}

const files = [...traceFiles(path.join(fixtures, 'upstream/traces')), ...traceFiles(path.join(fixtures, 'traces'))];

/** json.load's view of each file: the number of events, per phase ('' for none). */
function pythonCounts(paths: string[]): Record<string, Record<string, number>> {
  const script = `
import gzip, json, sys, collections
out = {}
for f in sys.argv[1:]:
    raw = open(f, 'rb').read()
    if raw[:2] == b'\\x1f\\x8b': raw = gzip.decompress(raw)
    d = json.loads(raw)
    events = d if isinstance(d, list) else d['traceEvents']
    out[f] = dict(collections.Counter(e.get('ph') or '' for e in events))
print(json.dumps(out))`;
  return JSON.parse(execFileSync(python, ['-c', script, ...paths], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })) as Record<string, Record<string, number>>;
}

/** Counts what visitors receive, per phase. */
function phaseCounter(): TraceVisitor<Record<string, number>> {
  const counts: Record<string, number> = {};
  return { event: (event: TraceEvent) => void (counts[event.ph] = (counts[event.ph] ?? 0) + 1), finish: () => counts };
}

/** 'B' and 'E' reach visitors as one 'X' per pair. */
function expectedSeen(counts: Record<string, number>): Record<string, number> {
  const seen = { ...counts };
  const pairs = Math.min(seen.B ?? 0, seen.E ?? 0);
  delete seen.B;
  delete seen.E;
  if (pairs > 0) seen.X = (seen.X ?? 0) + pairs;
  return seen;
}

const total = (counts: Record<string, number>): number => Object.values(counts).reduce((a, b) => a + b, 0);

test('every trace fixture reads, plain and gzip, with the events json.load finds', { skip }, async () => {
  assert.ok(files.length >= 10, `expected the trace fixtures, found ${files.length}`);
  const scratch = mkdtempSync(path.join(tmpdir(), 'tensorsight-trace-reader-'));
  try {
    // Each fixture also in its other form: gzip for plain files, plain for gzip ones.
    const twins = files.map((file, i) => {
      const bytes = readFileSync(file);
      const gz = bytes[0] === 0x1f && bytes[1] === 0x8b;
      const twin = path.join(scratch, `${i}-${path.basename(file)}${gz ? '.plain.json' : '.gz'}`);
      writeFileSync(twin, gz ? gunzipSync(bytes) : gzipSync(bytes));
      return { file, twin, gz };
    });
    const counts = pythonCounts(files);
    for (const { file, twin, gz } of twins) {
      for (const [variant, isGzip] of [[file, gz], [twin, !gz]] as const) {
        const read = await readTrace(variant, [phaseCounter()] as const);
        assert.equal(read.events, total(counts[file]), `${file}: event count`);
        assert.equal(read.gzip, isGzip, `${variant}: gzip detected by magic bytes`);
        assert.deepEqual(read.results[0], expectedSeen(counts[file]), `${variant}: events per phase`);
        assert.equal(read.fileBytes, statSync(variant).size);
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});

test('dialects and file-level metadata come from the files', async () => {
  const at = (name: string): string => files.find((file) => file.endsWith(name))!;
  const alexnet = await readTrace(at('hta_alexnet_a100_benchmark.pt.trace.json'), []);
  assert.equal(alexnet.metadata.dialect, 'kineto');
  assert.equal(alexnet.metadata.deviceProperties.length, 8);
  assert.equal(alexnet.metadata.deviceProperties[0].name, 'NVIDIA A100-PG509-200');
  assert.deepEqual(alexnet.metadata.fields.distributedInfo, { rank: 0 });
  assert.equal(alexnet.metadata.fields.traceName, 'benchmark_result_2869224_1695835535_trace.json');
  assert.equal((await readTrace(at('kineto_tb_plugin_gpu_metrics_input.json'), [])).metadata.dialect, 'kineto-legacy');
  const tf = await readTrace(at('tfx_keras_profile_penguin.trace.json.gz'), []);
  assert.equal(tf.metadata.dialect, 'tensorflow');
  assert.equal(tf.metadata.fields.displayTimeUnit, 'ns');
  assert.equal((await readTrace(at('torch113_cpu_train.trace.json'), [])).metadata.dialect, 'torch-autograd');
});

/** A trace written by the test: its events are what the assertions expect. */
function withTrace(text: string | Buffer, run: (file: string) => Promise<void>): Promise<void> {
  const scratch = mkdtempSync(path.join(tmpdir(), 'tensorsight-trace-case-'));
  const file = path.join(scratch, 'case.json');
  writeFileSync(file, text);
  return run(file).finally(() => rmSync(scratch, { recursive: true, force: true }));
}

async function readError(file: string): Promise<TraceReadError> {
  const error = await readTrace(file, []).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  assert.ok(error instanceof TraceReadError, `expected a TraceReadError, got ${String(error)}`);
  assert.ok(error.message.startsWith(`${file}: at byte ${error.offset}: expected `), error.message);
  return error;
}

test('a truncated trace names the end of the file and the event left open', async () => {
  const text = readFileSync(files.find((file) => file.endsWith('hta_alexnet_a100_benchmark.pt.trace.json'))!);
  const cut = Math.floor(text.length / 2);
  await withTrace(text.subarray(0, cut), async (file) => {
    const error = await readError(file);
    assert.equal(error.offset, cut);
    assert.match(error.message, /truncated/);
    // The open event began at the last '{' of an event line before the cut.
    const eventStart = text.subarray(0, cut).lastIndexOf('\n  {') + 3;
    assert.match(error.expected, new RegExp(`began at byte ${eventStart}\\b`));
  });
  await withTrace(text.subarray(0, text.lastIndexOf(']')), async (file) => assert.match((await readError(file)).expected, /closing the events array/));
});

test('a truncated gzip trace says so', async () => {
  const gz = gzipSync(readFileSync(files.find((file) => file.endsWith('hta_alexnet_a100_benchmark.pt.trace.json'))!));
  await withTrace(gz.subarray(0, Math.floor(gz.length / 2)), async (file) => {
    const error = await readError(file);
    assert.match(error.message, /gzip/);
    assert.match(error.message, /truncated/);
  });
});

test('garbage and JSON that is not a trace fail at the offending byte', async () => {
  await withTrace('hello, world', async (file) => {
    const error = await readError(file);
    assert.equal(error.offset, 0);
    assert.match(error.message, /not a trace file/);
  });
  await withTrace(Buffer.from([0x00, 0xff, 0x13, 0x37, 0x42]), async (file) => assert.equal((await readError(file)).offset, 0));
  await withTrace('', async (file) => assert.match((await readError(file)).message, /empty/));
  await withTrace('{"schemaVersion": 1}', async (file) => assert.match((await readError(file)).message, /traceEvents/));
  await withTrace('{"traceEvents": [1, 2]}', async (file) => {
    const error = await readError(file);
    assert.equal(error.offset, '{"traceEvents": ['.length);
    assert.match(error.expected, /an event object/);
  });
  // A broken number inside the tenth event: the offset is the byte where JSON stops making sense.
  const events = Array.from({ length: 20 }, (_, i) => `{"ph": "X", "name": "op${i}", "ts": ${100 + i}, "dur": 1, "pid": 1, "tid": 1}`);
  events[9] = events[9].replace('"ts": 109', '"ts": 1x9');
  const text = `{"traceEvents": [\n${events.join(',\n')}\n]}`;
  await withTrace(text, async (file) => {
    const error = await readError(file);
    assert.equal(error.offset, text.indexOf('x9'));
    assert.match(error.expected, /valid JSON event object/);
  });
});

test('the scanner gives the same values whatever the chunk boundaries', () => {
  // Strings holding the seam and escapes, nested args, a bare-array trace and an object trace with keys both sides.
  const events = [
    { ph: 'X', name: 'void k<{lambda()#1}, {lambda()#2}>() }, {', ts: 1, dur: 2, pid: 0, tid: 7, args: { grid: [1, 2, 3], 'Call stack': 'a.py(1): f\\"x\\"' } },
    { ph: 'i', name: 'quote \\" and backslash \\\\ and \u00e9\u4e2d', ts: 2.5, pid: 'CPU functions', tid: 'main', args: { nested: { deep: [{ a: 1 }, { b: null }] }, ok: true, no: false } },
    { ph: 'X', name: '', ts: -3e2, dur: 1e-3, pid: 1, tid: 1 },
  ];
  const documents = [
    { text: JSON.stringify({ schemaVersion: 1, deviceProperties: [{ id: 0 }], traceEvents: events, traceName: 'x' }, null, 2), shape: 'object' },
    { text: JSON.stringify(events), shape: 'array' },
  ];
  for (const { text, shape } of documents) {
    const bytes = Buffer.from(text);
    for (const size of [1, 2, 3, 7, 64, bytes.length]) {
      const got: unknown[] = [];
      const fields: Record<string, unknown> = {};
      const scanner = new TraceScanner('doc', { events: (values) => got.push(...values), field: (key, value) => (fields[key] = value) });
      for (let at = 0; at < bytes.length; at += size) scanner.push(bytes.subarray(at, at + size));
      scanner.end();
      assert.deepEqual(got, JSON.parse(JSON.stringify(events)), `chunks of ${size} bytes`);
      assert.equal(scanner.shape, shape);
      if (shape === 'object') assert.deepEqual(fields, { schemaVersion: 1, deviceProperties: [{ id: 0 }], traceName: 'x' });
    }
  }
});

test("'B'/'E' pairs become one 'X' per thread, innermost first; an unmatched 'B' lasts to the end", async () => {
  const trace = {
    traceEvents: [
      { ph: 'B', name: 'outer', ts: 10, pid: 1, tid: 1, args: { a: 1 } },
      { ph: 'B', name: 'inner', ts: 12, pid: 1, tid: 1 },
      { ph: 'B', name: 'other thread', ts: 13, pid: 1, tid: 2 },
      { ph: 'E', ts: 15, pid: 1, tid: 1 },
      { ph: 'E', ts: 18, pid: 1, tid: 2 },
      { ph: 'E', ts: 20, pid: 1, tid: 1, args: { b: 2 } },
      { ph: 'E', ts: 21, pid: 9, tid: 9 },
      { ph: 'B', name: 'never ends', ts: 25, pid: 1, tid: 1 },
      { ph: 'X', name: 'last', ts: 30, dur: 10, pid: 1, tid: 3 },
    ],
  };
  await withTrace(JSON.stringify(trace), async (file) => {
    const seen: TraceEvent[] = [];
    const read = await readTrace(file, [{ event: (event: TraceEvent) => void seen.push(event), finish: () => undefined }] as const);
    assert.equal(read.events, 9);
    assert.equal(read.metadata.dialect, 'chrome');
    const spans = seen.map((event) => [event.ph, event.name, event.ts, event.dur]);
    assert.deepEqual(spans, [
      ['X', 'inner', 12, 3],
      ['X', 'other thread', 13, 5],
      ['X', 'outer', 10, 10],
      ['X', 'last', 30, 10],
      ['X', 'never ends', 25, 15],
    ]);
    assert.deepEqual(seen[2].args, { a: 1, b: 2 });
    assert.equal(read.warnings.length, 2, read.warnings.join('\n'));
  });
});

test('a cancelled read stops with "cancelled"', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(readTrace(files[0], [], { signal: controller.signal }), /^Error: cancelled$|cancelled/);
});
