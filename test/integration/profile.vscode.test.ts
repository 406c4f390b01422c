// Profiling in the real extension host: a real Kineto trace opens in the trace editor (its default editor), the trace
// worker's summary and timeline reach the page, and the figures match the file read here; a damaged trace shows its
// error; Profile Model… profiles a small ONNX model on ORT's cpu provider and shows it in the Profile panel. Expected
// figures come from the trace JSON and the ONNX file read in this test, never from the extension's own code.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorsightApi } from '../../src/extension';
import type { ModelProfile } from '../../src/core/profile/modelProfile';

const repoRoot = path.resolve(__dirname, '../../..');
const traces = path.join(repoRoot, 'test/fixtures/upstream/traces/pytorch');
const mnist = path.join(repoRoot, 'test/fixtures/upstream/onnx/migraphx_mnist-8.onnx');

async function api(): Promise<TensorsightApi> {
  const extension = vscode.extensions.getExtension<TensorsightApi>('tensorsight.tensorsight');
  assert.ok(extension);
  return extension.activate();
}

/** Resolves with `value()` once it is defined (checked every 50 ms); rejects after `ms`. */
async function until<T>(value: () => T | undefined | false, what: string, ms = 60_000): Promise<T> {
  const start = performance.now();
  for (;;) {
    const result = value();
    if (result !== undefined && result !== false) return result;
    if (performance.now() - start > ms) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const activeInput = () => vscode.window.tabGroups.activeTabGroup.activeTab?.input;

describe('Profiling', function () {
  this.timeout(120_000);
  let dir: string;

  before(async () => {
    await api();
    dir = mkdtempSync(path.join(tmpdir(), 'ts-profile-it-'));
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('opens a real Kineto trace in the trace editor, and the page gets its summary and timeline', async () => {
    const { profile, activationSteps } = await api();
    console.log(`[profile] registering profiling took ${activationSteps.profile?.toFixed(2)} ms of activation`);
    const file = path.join(traces, 'hta_alexnet_a100_benchmark.pt.trace.json');
    const events = (JSON.parse(readFileSync(file, 'utf8')) as { traceEvents: { cat?: string; ph?: string }[] }).traceEvents;
    const uri = vscode.Uri.file(file);
    await vscode.commands.executeCommand('vscode.open', uri);
    const input = await until(() => activeInput(), 'an editor tab');
    assert.ok(input instanceof vscode.TabInputCustom && input.viewType === 'tensorsight.trace', 'a .pt.trace.json opens in the trace editor');
    const probe = await until(() => profile.probes.latest(file), 'the trace editor');
    await until(() => probe.reached('summary'), 'the summary to reach the page');
    await until(() => probe.reached('timeline'), 'the timeline to reach the page');
    const summary = probe.summary!;
    assert.equal(summary.dialect, 'kineto');
    const kernels = events.filter((event) => event.cat === 'kernel' && event.ph === 'X').length;
    assert.equal(summary.kernels.reduce((sum, row) => sum + row.calls, 0), kernels, 'every kernel of the file is counted once');
    const cpuOps = events.filter((event) => event.cat === 'cpu_op' && event.ph === 'X').length;
    assert.equal(summary.ops.reduce((sum, row) => sum + row.calls, 0), cpuOps, 'every cpu_op of the file is counted once');
    const durations = events.filter((event) => event.ph === 'X').length;
    assert.ok(probe.timelineEvents !== undefined && probe.timelineEvents > 0 && probe.timelineEvents <= durations, `timeline events ${probe.timelineEvents} of ${durations}`);
  });

  it('opens a gzipped trace with Open Profiler Trace, and a damaged one shows where it broke', async () => {
    const { profile } = await api();
    const gz = path.join(traces, 'hta_cupti_profiler_benchmark_trace.json.gz');
    await vscode.commands.executeCommand('tensorsight.trace.open', vscode.Uri.file(gz));
    const probe = await until(() => profile.probes.latest(gz), 'the gzipped trace editor');
    await until(() => probe.reached('summary'), 'the gzipped trace summary');
    assert.ok(probe.summary!.events > 0);

    const broken = path.join(dir, 'broken.pt.trace.json');
    writeFileSync(broken, '{"traceEvents": [{"ph": "X", "name": "aten::mm", "ts": 1, "dur": 2}, {"ph": "X", "name": ');
    await vscode.commands.executeCommand('tensorsight.trace.open', vscode.Uri.file(broken));
    const failed = await until(() => profile.probes.latest(broken), 'the broken trace editor');
    await until(() => failed.reached('failure'), 'the failure to reach the page');
    assert.match(failed.failure!, /broken\.pt\.trace\.json/, 'the message names the file');
  });

  it('opens the profile JSON ONNX Runtime writes with Open Profiler Trace', async () => {
    const { profile } = await api();
    const ortJson = path.join(dir, 'onnxruntime_profile_mnist.json');
    const cli = spawnSync(process.execPath, [path.join(repoRoot, 'dist/cli.js'), 'profile', mnist, '--runs', '2', '--warmup', '0', '--ort-profile', ortJson, '--json'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(cli.status, 0, cli.stderr);
    const written = JSON.parse(readFileSync(ortJson, 'utf8')) as { cat?: string }[];
    await vscode.commands.executeCommand('tensorsight.trace.open', vscode.Uri.file(ortJson));
    const probe = await until(() => profile.probes.latest(ortJson), 'the ORT profile in the trace editor');
    await until(() => probe.reached('summary'), 'the ORT profile summary');
    assert.equal(probe.summary!.dialect, 'onnxruntime');
    assert.equal(probe.summary!.events, written.length, 'every event ORT wrote is read');
  });

  it('stops reading a big trace when its editor closes', async () => {
    const { profile } = await api();
    const big = path.join(dir, 'big.pt.trace.json');
    const made = spawnSync(process.execPath, [path.join(repoRoot, 'scripts/fixtures/bigTrace.mjs'), big, '150M'], { encoding: 'utf8', timeout: 120_000 });
    assert.equal(made.status, 0, made.stderr);
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(big));
    const probe = await until(() => profile.probes.latest(big), 'the big trace editor');
    await until(() => probe.bytesRead > 0, 'the reader to report progress');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await until(() => probe.cancelled, 'the read to be stopped', 10_000);
    assert.equal(probe.summary, undefined, 'no summary of a closed editor');
  });

  it('profiles an ONNX model on the cpu provider and shows it in the Profile panel', async () => {
    const { profile } = await api();
    const result = await vscode.commands.executeCommand<ModelProfile | undefined>('tensorsight.profile.model', vscode.Uri.file(mnist), { ep: 'cpu', dims: {}, runs: 5, warmup: 1 });
    assert.ok(result, 'a profile');
    assert.equal(result.ep, 'cpu');
    assert.equal(result.runs, 5);
    const onnx = readFileSync(mnist);
    // Every graph node a row stands for is a node of the model (names read from the file's bytes).
    for (const row of result.nodes) for (const node of row.graphNodes) assert.ok(onnx.includes(Buffer.from(node)), `${node} is a node name of the model`);
    assert.ok(result.nodes.some((row) => row.graphNodes.length > 0), 'rows map to graph nodes');
    // Shares are of the measured runs' model_run time: the op types' add up to the kernels' part of it, under 100 %.
    const pct = result.ops.reduce((sum, row) => sum + row.pct, 0);
    assert.ok(pct > 0 && pct <= 100.5, `op shares sum to at most 100 % (${pct})`);
    const byTime = result.ops.map((row) => row.pct / row.totalUs);
    for (const ratio of byTime) assert.ok(Math.abs(ratio / byTime[0] - 1) < 1e-9, 'every share is its time over one run total');
    const probe = await until(() => profile.probes.latest(mnist), 'the Profile panel');
    await until(() => probe.reached('profile'), 'the profile to reach the page');
    assert.equal(probe.profile, result);
  });

  it('binds symbolic input dims, and names the ones left without a value', async () => {
    const { profile } = await api();
    // A TransformerEncoderLayer export whose input is tokens [batch, seq, 32] (python3-onnx reads the same).
    const attention = vscode.Uri.file(path.join(repoRoot, 'test/fixtures/models/attention.onnx'));
    const result = await vscode.commands.executeCommand<ModelProfile | undefined>('tensorsight.profile.model', attention, { ep: 'cpu', dims: { batch: 2, seq: 16 }, runs: 2, warmup: 0 });
    assert.ok(result, 'a profile');
    assert.deepEqual(result.inputs.map((input) => [input.name, input.shape, input.source]), [['tokens', [2, 16, 32], 'random']]);
    const unbound = await vscode.commands.executeCommand<ModelProfile | undefined>('tensorsight.profile.model', attention, { ep: 'cpu', dims: { batch: 2 }, runs: 1, warmup: 0 });
    assert.equal(unbound, undefined);
    assert.match(profile.probes.errors.at(-1) ?? '', /seq/, 'the error names the unbound dim');
  });

  it('reports a model ORT cannot load as an error, and the host keeps running', async () => {
    const { profile } = await api();
    const bad = path.join(dir, 'not-a-model.onnx');
    writeFileSync(bad, 'this is not a protobuf');
    const result = await vscode.commands.executeCommand<ModelProfile | undefined>('tensorsight.profile.model', vscode.Uri.file(bad), { ep: 'cpu', dims: {} });
    assert.equal(result, undefined);
    assert.match(profile.probes.errors.at(-1) ?? '', /could not profile not-a-model\.onnx: .*not-a-model\.onnx/, 'the message names the model');
    const again = await vscode.commands.executeCommand<ModelProfile | undefined>('tensorsight.profile.model', vscode.Uri.file(mnist), { ep: 'cpu', dims: {}, runs: 2, warmup: 0 });
    assert.ok(again, 'a profile after the failure');
  });
});
