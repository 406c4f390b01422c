// `tensorsight trace` through the CLI's entry (the trace worker runs from source under tsx): the JSON holds the
// names docs/cli.md promises, with figures from the file (json.load's event count, Python's own sums of the 'X'
// events of each operator); text for people; --diff; exit codes 1 for a bad file and 2 for bad usage.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { main } from '../../src/cli/main';

const traces = path.resolve(__dirname, '../fixtures/upstream/traces/pytorch');
const alexnet = path.join(traces, 'hta_alexnet_a100_benchmark.pt.trace.json');
const python = '/usr/bin/python3';
const skip = existsSync(python) ? false : `${python} is missing (Debian's python3 gives the independent figures)`;

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(args, { out: (text) => void (out += text), err: (text) => void (err += text) });
  return { code, out, err };
}

test('trace --json prints the documented shape with the file\'s figures', { skip }, async () => {
  const { code, out, err } = await cli(['trace', alexnet, '--json']);
  assert.equal(code, 0, err);
  const summary = JSON.parse(out) as Record<string, unknown> & { ops: Record<string, unknown>[]; events: number; spanUs: number };
  for (const key of ['file', 'fileBytes', 'dialect', 'events', 'startUs', 'spanUs', 'steps', 'ops', 'kernels', 'memory', 'idle', 'gpus', 'deviceProperties', 'warnings']) assert.ok(key in summary, key);
  const script = `
import json, sys
events = json.load(open(sys.argv[1]))['traceEvents']
ops = {}
for e in events:
    if e['ph'] == 'X' and e.get('cat') == 'cpu_op':
        row = ops.setdefault(e['name'], [0, 0])
        row[0] += 1
        row[1] += e['dur']
print(json.dumps({'events': len(events), 'ops': ops}))`;
  const expected = JSON.parse(execFileSync(python, ['-c', script, alexnet], { encoding: 'utf8' })) as { events: number; ops: Record<string, [number, number]> };
  assert.equal(summary.events, expected.events);
  assert.equal(summary.dialect, 'kineto');
  assert.ok(summary.spanUs > 0);
  for (const [name, [calls, totalUs]] of Object.entries(expected.ops)) {
    const row = summary.ops.find((op) => op.name === name);
    assert.ok(row, name);
    assert.equal(row.calls, calls, `${name}: calls`);
    assert.equal(row.totalUs, totalUs, `${name}: totalUs`);
    assert.equal(row.totalUs, row.hostTotalUs);
    assert.equal(row.selfUs, row.hostSelfUs);
    assert.equal(typeof row.selfUs, 'number');
  }
});

test('trace prints tables for people, and --diff compares two traces', async () => {
  const text = await cli(['trace', alexnet]);
  assert.equal(text.code, 0, text.err);
  assert.match(text.out, /kineto trace, .* 1,408 events/);
  assert.match(text.out, /Operators \(\d+; top/);
  assert.match(text.out, /Kernels \(\d+; top/);
  const other = path.join(traces, 'hta_cupti_profiler_benchmark_trace.json.gz');
  const diff = await cli(['trace', alexnet, '--diff', other, '--json']);
  assert.equal(diff.code, 0, diff.err);
  const parsed = JSON.parse(diff.out) as { a: string; b: string; ops: unknown[]; kernels: unknown[] };
  assert.ok(parsed.a.endsWith('hta_alexnet_a100_benchmark.pt.trace.json'));
  assert.ok(parsed.b.endsWith('hta_cupti_profiler_benchmark_trace.json.gz'));
  assert.ok(parsed.ops.length > 0);
});

test('trace exit codes: 1 for a missing or bad file (with the byte offset), 2 for bad usage', async () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'tensorsight-trace-cli-'));
  try {
    const garbage = path.join(scratch, 'garbage.json');
    writeFileSync(garbage, 'not json at all');
    const bad = await cli(['trace', garbage, '--json']);
    assert.equal(bad.code, 1);
    assert.equal(bad.out, '');
    assert.match(bad.err, /garbage\.json: at byte 0: expected a trace/);
    const missing = await cli(['trace', path.join(scratch, 'none.json')]);
    assert.equal(missing.code, 1);
    assert.match(missing.err, /none\.json/);
    assert.equal((await cli(['trace'])).code, 2);
    assert.equal((await cli(['trace', alexnet, '--frobnicate'])).code, 2);
    assert.equal((await cli(['trace', alexnet, '--timeout', '-1'])).code, 2);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
});
