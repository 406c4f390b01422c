// The overview the host's worker posts before a large graph's payload (graphOverview.ts): on a real chained ONNX
// (95 copies of a TransformerEncoderLayer export, ~10k nodes, scripts/fixtures/chainOnnx.py with python3-onnx), its
// scene is the scene the page lays out later from the payload it receives (same keys, positions, sizes and edges),
// for the declared payload drawn first and for the inferred one the cache keeps; it says what the page would say;
// and it survives the payload cache. Small graphs, which open expanded, get none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildOverview, EXPAND_AT_OPEN, type GraphOverview } from '../../src/core/graph/graphOverview';
import { GraphPayloadCache } from '../../src/core/graph/graphPayloadCache';
import { cacheOverview, loadGraphPayload } from '../../src/core/graph/graphPayloadWorker';
import { groupLabel } from '../../src/core/graph/groupLabel';
import { buildGroupTree } from '../../src/core/graph/groupTree';
import { createGraphLayout, type Scene } from '../../src/core/graph/hierarchicalLayout';
import { summaryFigures, summaryLine } from '../../src/core/graph/summaryLine';
import type { GraphPayload } from '../../src/core/protocol/graph';
import { decodeGraphPayload, encodeGraphPayload } from '../../src/core/protocol/graphPayloadCodec';

const python = '/usr/bin/python3';
const block = path.resolve(__dirname, '../fixtures/models/attention.onnx');
const onnxMissing = (() => {
  const probe = spawnSync(python, ['-c', 'import onnx'], { encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0 ? undefined : `${python} cannot import onnx (install python3-onnx)`;
})();

/** What the page computes from the payload bytes it receives: decoded, grouped, laid out with nothing expanded. */
async function pageScene(payload: GraphPayload): Promise<{ scene: Scene; received: GraphPayload }> {
  const received = await decodeGraphPayload(encodeGraphPayload(payload));
  const tree = buildGroupTree(received.nodes);
  return { scene: createGraphLayout(received, tree).scene(new Set()), received };
}

/** Keys, boxes and edges of a scene, as they are drawn. */
function drawn(scene: Pick<Scene, 'items' | 'edges' | 'bounds'>) {
  return {
    items: scene.items.map(({ key, kind, x, y, width, height, depth, expanded, label }) => ({ key, kind, x, y, width, height, depth, expanded, label })),
    edges: scene.edges.map(({ from, to, points, count, tensor }) => ({ from, to, points, count, tensor })),
    bounds: scene.bounds,
  };
}

/** The overview as the page receives it (it travels as JSON). */
const wire = (overview: GraphOverview): GraphOverview => JSON.parse(JSON.stringify(overview)) as GraphOverview;

test('on a 95-copy chained ONNX the overview is the scene the page lays out from each payload', { skip: onnxMissing }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'graph-overview-'));
  try {
    const file = path.join(dir, 'chain-95.onnx');
    const made = spawnSync(python, [path.resolve(__dirname, '../../scripts/fixtures/chainOnnx.py'), block, '95', file], { encoding: 'utf8', timeout: 300_000 });
    assert.equal(made.status, 0, made.stderr);
    const nodes = Number(/(\d+) nodes/.exec(made.stdout)?.[1]);
    const overviews: GraphOverview[] = [];
    const declared: GraphPayload[] = [];
    const result = await loadGraphPayload(file, (payload) => declared.push(payload), undefined, undefined, {}, (overview) => overviews.push(wire(overview)));
    assert.ok(result.ok, result.ok ? '' : result.error);
    assert.equal(overviews.length, 1, 'one overview is posted, before the first payload');
    assert.equal(declared.length, 1, 'a 10k-node graph is posted declared first');
    assert.equal(result.overview, undefined, 'the overview posted was the declared payload\'s');
    const cached = cacheOverview(result)?.overview;
    assert.ok(cached, 'the worker builds the inferred payload\'s overview for the cache');
    const [first] = overviews;
    assert.equal(first.summary.nodes, nodes, 'as many nodes as python3-onnx wrote');
    assert.ok(first.summary.nodes > EXPAND_AT_OPEN);
    for (const [payload, overview] of [[declared[0], first], [result.payload, wire(cached)]] as const) {
      const { scene, received } = await pageScene(payload);
      assert.ok(scene.items.some((item) => item.kind === 'group') && scene.items.some((item) => item.kind === 'input'), 'groups and the graph input at the top level');
      assert.deepEqual(drawn(overview), drawn(scene), `the ${payload.inferred ? 'inferred' : 'declared'} overview is the page's scene`);
      const tree = buildGroupTree(received.nodes);
      for (const item of scene.items) {
        if (item.kind === 'group') assert.deepEqual(overview.groups[item.key], groupLabel(tree.groups.get(item.key.slice(2))!, received.inferred), item.key);
        if (item.kind === 'node') assert.equal(overview.ops[item.key], received.nodes[Number(item.key.slice(2))].op, item.key);
      }
      assert.equal(summaryLine(overview.summary), summaryLine(summaryFigures(received, tree)), 'the same summary line');
    }
    assert.match(summaryLine(first.summary), new RegExp(`^onnx · ${nodes} nodes · \\d+ groups · .* params · inferring shapes and MACs…$`));

    // The cache keeps the inferred payload's overview beside it.
    const cache = new GraphPayloadCache(path.join(dir, 'cache'), 'build-1');
    const key = await cache.key(file);
    await cache.write(file, { payload: encodeGraphPayload(result.payload), weights: result.weights, overview: cached }, key);
    const read = await cache.read(file);
    assert.deepEqual(read?.overview, wire(cached));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a graph that opens expanded gets no overview', async () => {
  const overviews: GraphOverview[] = [];
  const result = await loadGraphPayload(block, undefined, undefined, undefined, {}, (overview) => overviews.push(overview));
  assert.ok(result.ok);
  assert.ok(result.payload.nodes.length <= EXPAND_AT_OPEN);
  assert.equal(overviews.length, 0);
  assert.equal(result.overview, undefined);
  assert.equal(cacheOverview(result), undefined, 'nor in the cache');
  // Built anyway, it is still the collapsed top level of that graph.
  const { scene } = await pageScene(result.payload);
  assert.deepEqual(drawn(wire(buildOverview(result.payload))), drawn(scene));
});
