// A real ONNX Runtime profile matched to the graph the editor draws (profileTimes.ts): onnxruntime-node runs each
// model with profiling on and graph optimizations off (every node runs as itself, under its own name), and the
// test reads ORT's JSON: node rows are the sums of its `<node>_kernel_time` events, and the expected group sums are
// the sums of the events whose node names carry the group's scope (`/self_attn/…`), found without the group tree.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { buildGraphPayload } from '../../src/core/graph/graphPayload';
import { ancestorsOf, buildGroupTree } from '../../src/core/graph/groupTree';
import { profileOverlay } from '../../src/core/graph/profileOverlay';
import { openModel } from '../../src/core/formats/registry';
import { findPython } from '../../scripts/fixtures/generatedModels';
import type { NodeRow } from '../../src/core/profile/modelProfile';
import { graphTimes, groupTimes, nodeIndexByName } from '../../src/webview/graph/profileTimes';
import type { NodeTiming } from '../../src/core/protocol/graph';

interface OrtEvent {
  cat: string;
  name: string;
  dur: number;
  args?: { op_name?: string; provider?: string };
}

/** ORT's node events of `runs` runs of `file` on random inputs (symbolic dims 1), unoptimized. */
async function profileEvents(file: string, runs: number): Promise<OrtEvent[]> {
  const dir = mkdtempSync(path.join(tmpdir(), 'tensorsight-graph-profile-'));
  try {
    const session = await ort.InferenceSession.create(file, { enableProfiling: true, profileFilePrefix: path.join(dir, 'p'), graphOptimizationLevel: 'disabled' });
    const feeds: Record<string, ort.Tensor> = {};
    for (const meta of session.inputMetadata) {
      if (!meta.isTensor) throw new Error(`${meta.name} is not a tensor`);
      const shape = meta.shape.map((dim) => (typeof dim === 'number' ? dim : 1));
      feeds[meta.name] = new ort.Tensor('float32', Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => Math.random()), shape);
    }
    for (let run = 0; run < runs; run++) await session.run(feeds);
    session.endProfiling();
    await session.release();
    const [written] = readdirSync(dir);
    const events = JSON.parse(readFileSync(path.join(dir, written), 'utf8')) as OrtEvent[];
    return events.filter((event) => event.cat === 'Node' && event.name.endsWith('_kernel_time'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Node rows as a profile has them, one per ORT node name, each standing for the graph node of that name. */
function rowsOf(events: OrtEvent[]): NodeRow[] {
  const byName = new Map<string, { op: string; provider: string; totalUs: number; calls: number }>();
  for (const event of events) {
    const name = event.name.slice(0, -'_kernel_time'.length);
    const row = byName.get(name) ?? { op: event.args?.op_name ?? '', provider: event.args?.provider ?? '', totalUs: 0, calls: 0 };
    row.totalUs += event.dur;
    row.calls++;
    byName.set(name, row);
  }
  const total = [...byName.values()].reduce((sum, row) => sum + row.totalUs, 0);
  return [...byName].map(([name, row]) => ({ name, ...row, meanUs: row.totalUs / row.calls, p90Us: 0, pct: (100 * row.totalUs) / total, inputShapes: [], outputShapes: [], activationBytes: null, parameterBytes: null, fellBack: false, graphNodes: [name] }));
}

async function graphOf(file: string) {
  const payload = await buildGraphPayload(await openModel(file));
  return { payload, tree: buildGroupTree(payload.nodes) };
}

test('a transformer layer: every timed node is found, and each scope group sums the events under its scope', async () => {
  const file = path.resolve(__dirname, '../fixtures/models/attention.onnx');
  const events = await profileEvents(file, 3);
  const rows = rowsOf(events);
  const { payload, tree } = await graphOf(file);
  const times = graphTimes(payload.nodes, tree, profileOverlay({ ep: 'cpu', runs: 3, nodes: rows }));
  assert.equal(times.profiled, rows.length);
  assert.deepEqual(times.unmatched, []);
  for (const scope of ['self_attn', 'linear1', 'linear2']) {
    const inScope = events.filter((event) => event.name.startsWith(`/${scope}/`));
    const sum = times.groups.get(scope);
    assert.ok(sum, `group ${scope} has time`);
    assert.equal(sum.totalUs, inScope.reduce((total, event) => total + event.dur, 0), scope);
    assert.equal(sum.timed, new Set(inScope.map((event) => event.name)).size, `${scope}: timed nodes`);
  }
  const matmul = payload.nodes.findIndex((node) => node.name === '/self_attn/MatMul');
  assert.equal(times.nodes[matmul]?.totalUs, events.filter((event) => event.name === '/self_attn/MatMul_kernel_time').reduce((total, event) => total + event.dur, 0));
  assert.equal(times.nodes[matmul]?.calls, 3);
  // Nodes ORT never ran (Constant nodes become initializers) have no time.
  const constant = payload.nodes.findIndex((node) => node.op === 'Constant');
  assert.equal(times.nodes[constant], null);
  // The top level (groups and loose nodes) holds all the time.
  const top = tree.root.reduce<number>((total, item) => total + (typeof item === 'string' ? times.groups.get(item)?.totalUs ?? 0 : times.nodes[item]?.totalUs ?? 0), 0);
  assert.equal(top, events.reduce((total, event) => total + event.dur, 0));
});

const { python, reason } = findPython(['onnx']);

test('unnamed nodes are found under the names ORT makes for them, and rows of another graph are reported', { skip: python ? false : reason }, async () => {
  // SqueezeNet as onnx/models "light" stores it: 39 unnamed ConstantOfShape nodes make the weights, then n0, n1…
  const file = path.resolve(__dirname, '../fixtures/upstream/onnx/onnx_light_squeezenet.onnx');
  const events = await profileEvents(file, 1);
  const rows = rowsOf(events);
  const generated = rows.filter((row) => /^ConstantOfShape_\d+$/.test(row.name));
  assert.ok(generated.length > 30, 'ORT named the unnamed nodes ConstantOfShape_<k>');
  const { payload, tree } = await graphOf(file);
  const stray = { ...rows[0], name: 'ReorderOutput_token_7', graphNodes: ['ReorderOutput_token_7'] };
  const times = graphTimes(payload.nodes, tree, profileOverlay({ ep: 'cpu', runs: 1, nodes: [...rows, stray] }));
  assert.equal(times.profiled, rows.length);
  assert.deepEqual(times.unmatched, ['ReorderOutput_token_7']);
  // ConstantOfShape_<k> is the k-th node of the file without a name (python3-onnx reads the file): the one writing that output.
  const run = spawnSync(python!, ['-c', 'import json, sys, onnx\nm = onnx.load(sys.argv[1])\nprint(json.dumps([n.output[0] for n in m.graph.node if not n.name]))', file], { encoding: 'utf8', timeout: 120_000 });
  assert.equal(run.status, 0, run.stderr);
  const unnamedOutputs = JSON.parse(run.stdout) as string[];
  for (const row of generated) {
    const k = Number(row.name.split('_').at(-1));
    const node = payload.nodes[nodeIndexByName(payload.nodes, row.name)];
    assert.equal(node.outputs[0].name, unnamedOutputs[k], row.name);
    assert.equal(node.op, 'ConstantOfShape');
  }
  assert.equal(payload.nodes[nodeIndexByName(payload.nodes, 'n0')].op, 'Conv');
  assert.equal(nodeIndexByName(payload.nodes, 'nothing'), -1);
});

test('nested groups (Silero VAD: an If, its bodies, scopes inside them, 4 levels) sum every node below them once, bodies included (an If carries only its own time)', async () => {
  const { payload, tree } = await graphOf(path.resolve(__dirname, '../fixtures/upstream/onnx/silero_vad_legacy.onnx'));
  assert.ok(Math.max(...[...tree.groups.values()].map((group) => group.depth)) >= 3, 'the fixture nests groups');
  // Every third node timed, each with a distinct time; the expected sums walk each node's whole chain of groups: the
  // profile gives an If only its own time, so a body's nodes count in the groups above it too.
  const times: (NodeTiming | null)[] = payload.nodes.map((_, index) => (index % 3 === 0 ? { totalUs: index + 1, meanUs: 1, pct: (index + 1) / 1000, provider: 'CPUExecutionProvider', fellBack: false, calls: 1 } : null));
  const expected = new Map<string, { totalUs: number; timed: number }>();
  times.forEach((timing, index) => {
    if (!timing) return;
    for (const id of ancestorsOf(tree, index).reverse()) {
      const sum = expected.get(id) ?? { totalUs: 0, timed: 0 };
      expected.set(id, { totalUs: sum.totalUs + timing.totalUs, timed: sum.timed + 1 });
    }
  });
  assert.ok([...tree.groups.values()].some((group) => group.kind === 'body' && group.depth >= 2), 'bodies nested in bodies');
  const sums = groupTimes(tree, times);
  assert.deepEqual([...sums.keys()].sort(), [...expected.keys()].sort());
  for (const [id, sum] of expected) {
    assert.equal(sums.get(id)!.totalUs, sum.totalUs, id);
    assert.equal(sums.get(id)!.timed, sum.timed, id);
  }
});
