// Control-flow bodies counted once: ORT times each node of an If body and the If running it, whose event spans
// theirs. Checked on Silero VAD (If nodes with nested bodies) against ORT's own profile JSON, read here with plain
// code: the body nodes are the model's nodes inside subgraph attributes, and the kernel events of the other nodes
// (the main graph's, containers whole) must equal the op table's total and sum to within 5% of model_run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readOnnx } from '../../src/core/formats/onnx/onnxReader';
import type { Graph } from '../../src/core/ir/graph';
import { profileModel } from '../../src/core/profile/ort/profileModel';
import { ortMeasuredRuns, type OrtEvent } from './ortProfileRuns';

const silero = path.resolve(__dirname, '../fixtures/upstream/onnx/silero_vad_legacy.onnx');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tensorsight-ort-cf-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

function namesInBodies(graph: Graph, inBody = false, names = new Set<string>()): Set<string> {
  for (const node of graph.nodes) {
    if (inBody) names.add(node.name);
    for (const body of Object.values(node.subgraphs ?? {})) namesInBodies(body, true, names);
  }
  return names;
}

test('Silero VAD: If bodies counted once, op totals within 5% of ORT\'s model_run, shares of the run', async () => {
  const warmup = 2;
  const profile = await profileModel({ model: silero, runs: 5, warmup, dims: { batch: 1, sequence: 1536 }, keepProfileFile: true, profileDir: dir });
  const bodies = namesInBodies((await readOnnx(silero)).graph);
  assert.ok(bodies.size > 100, 'the fixture holds If bodies');
  const measured = ortMeasuredRuns(profile.profileFile!, warmup);
  const perRun = measured.map(({ run, kernels: inside }) => {
    const outer = inside.filter((event) => !bodies.has(event.name.slice(0, -'_kernel_time'.length)));
    const sum = (list: OrtEvent[]): number => list.reduce((total, event) => total + event.dur, 0);
    return { runUs: run.dur, allUs: sum(inside), outerUs: sum(outer), bodyEvents: inside.length - outer.length };
  });
  assert.ok(perRun.every((run) => run.bodyEvents > 0), 'ORT timed body nodes in every run');
  const median = (values: number[]): number => values.sort((a, b) => a - b)[(values.length - 1) >> 1];
  // Summing every event counts the bodies twice: well over the run.
  assert.ok(median(perRun.map((run) => run.allUs / run.runUs)) > 1.3);
  const opTotal = profile.ops.reduce((sum, row) => sum + row.totalUs, 0);
  const outerTotal = perRun.reduce((sum, run) => sum + run.outerUs, 0);
  // Rounding: a container may come out a microsecond below its bodies, clamped at zero.
  assert.ok(Math.abs(opTotal - outerTotal) <= profile.nodes.filter((row) => row.bodyUs !== undefined).length * 5, `op total ${opTotal} µs, ORT's outer events ${outerTotal} µs`);
  const ratio = median(perRun.map((run) => run.outerUs / run.runUs));
  assert.ok(Math.abs(ratio - 1) < 0.05, `op time / model_run per run, median ${ratio.toFixed(3)}`);
  const runTotal = perRun.reduce((sum, run) => sum + run.runUs, 0);
  assert.ok(Math.abs(profile.ops.reduce((sum, row) => sum + row.pct, 0) - (100 * opTotal) / runTotal) < 1e-9);
  for (const row of profile.nodes) assert.ok(Math.abs(row.pct - (100 * row.totalUs) / runTotal) < 1e-9, row.name);
  // Each If row keeps its own time, and its own time plus its bodies' is ORT's event time for it.
  const ifs = profile.nodes.filter((row) => row.op === 'If' && row.bodyUs !== undefined);
  assert.ok(ifs.length > 0);
  for (const row of ifs) {
    const ort = measured.flatMap(({ kernels }) => kernels.filter((event) => event.name === `${row.name}_kernel_time`));
    assert.equal(row.totalUs + row.bodyUs!, ort.reduce((sum, event) => sum + event.dur, 0), row.name);
  }
  // Body rows name the If that ran them and map to the graph's body node of their name.
  const inBody = profile.nodes.filter((row) => bodies.has(row.name));
  assert.ok(inBody.length > 0 && inBody.every((row) => row.container !== undefined && row.graphNodes.includes(row.name)), 'body rows carry their container');
  assert.ok(profile.nodes.filter((row) => !bodies.has(row.name)).every((row) => row.container === undefined));
});
