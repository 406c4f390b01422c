// The measuring half of graphLayout.bench.mjs: graph-view work on ~1k, ~10k and ~40k-node graphs made
// by chaining copies of a real PyTorch export (test/fixtures/models/attention.onnx, a TransformerEncoderLayer),
// each copy under its own `layers.N` scope as a deep nn.TransformerEncoder would be exported.
// Times: payload (shape inference + cost), group tree + levels, the first scene (top level laid out),
// expanding one block and a nested group; and dagre vs elkjs on the same levels.
import ELK from 'elkjs/lib/elk.bundled.js';
import { buildGraphPayload } from '../src/core/graph/graphPayload';
import { buildGraphLevels, type GraphLevel } from '../src/core/graph/graphLevels';
import { buildGroupTree } from '../src/core/graph/groupTree';
import { HierarchicalLayout, defaultMeasure, type Measure } from '../src/core/graph/hierarchicalLayout';
import { layeredLayout } from '../src/core/graph/layeredLayout';
import { openModel } from '../src/core/formats/registry';
import type { Graph, Model, Node, Value } from '../src/core/ir/graph';

/** `copies` copies of `block`'s graph in a chain: copy i reads copy i-1's output. */
export function chainCopies(block: Model, copies: number): Model {
  const graph = block.graph;
  const [input] = graph.inputs.filter((name) => !graph.values.get(name)?.initializer);
  const [output] = graph.outputs;
  const nodes: Node[] = [];
  const values = new Map<string, Value>();
  for (let i = 0; i < copies; i++) {
    const rename = (name: string) => (name === '' ? '' : name === input ? (i === 0 ? input : `layers.${i - 1}/${output}`) : `layers.${i}/${name}`);
    for (const node of graph.nodes) {
      nodes.push({ ...node, id: `${i}:${node.id}`, name: `/layers.${i}${node.name}`, scope: [`layers.${i}`, ...node.scope], inputs: node.inputs.map(rename), outputs: node.outputs.map(rename) });
    }
    for (const [name, value] of graph.values) if (name !== input || i === 0) values.set(rename(name), { ...value, name: rename(name) });
  }
  const chained: Graph = { name: 'chain', nodes, values, inputs: [input], outputs: [`layers.${copies - 1}/${output}`] };
  return { ...block, graph: chained };
}

const time = <T>(work: () => T): [T, number] => {
  const start = performance.now();
  const result = work();
  return [result, performance.now() - start];
};

async function elkLayout(level: GraphLevel, measure: Measure): Promise<number> {
  const elk = new ELK();
  const graph = {
    id: 'root',
    layoutOptions: { 'elk.algorithm': 'layered', 'elk.direction': 'DOWN' },
    children: level.items.map((key) => ({ id: key, ...measure(key) })),
    edges: level.edges.map((edge, index) => ({ id: `e${index}`, sources: [edge.from], targets: [edge.to] })),
  };
  const start = performance.now();
  await elk.layout(graph);
  return performance.now() - start;
}

/** Measures one graph size; `copies` copies of the block. */
export async function measureGraph(blockPath: string, copies: number) {
  const block = await openModel(blockPath);
  const model = chainCopies(block, copies);
  const [payload, payloadMs] = time(() => buildGraphPayload(model));
  const [tree, treeMs] = time(() => buildGroupTree(payload.nodes));
  const [levels, levelsMs] = time(() => buildGraphLevels(tree, payload.nodes));
  const measure = defaultMeasure(tree, payload.nodes);
  const layout = new HierarchicalLayout(levels, measure);
  const [first, firstSceneMs] = time(() => layout.scene(new Set()));
  // Expand a block in the middle of the chain (its parent chunk first, when the top level was chunked).
  const blockId = [...tree.groups.keys()].find((id) => id.endsWith(`layers.${Math.floor(copies / 2)}`))!;
  const chain: string[] = [];
  for (let id: string | null = blockId; id; id = tree.groups.get(id)!.parent) chain.unshift(id);
  const open = new Set(chain.slice(0, -1));
  if (open.size) layout.scene(open);
  open.add(blockId);
  const [expanded, expandMs] = time(() => layout.scene(open));
  const nested = `${blockId}/self_attn`;
  open.add(nested);
  const [, expandNestedMs] = time(() => layout.scene(open));
  open.delete(nested);
  const [, reExpandCachedMs] = time(() => layout.scene(new Set([...open, nested])));
  // dagre vs elk on the same two levels: the top level and the block's interior.
  const compare = async (level: GraphLevel) => {
    const boxes = level.items.map((key) => ({ key, ...measure(key) }));
    const [, dagreMs] = time(() => layeredLayout(boxes, level.edges));
    return { items: level.items.length, edges: level.edges.length, dagreMs: round(dagreMs), elkMs: round(await elkLayout(level, measure)) };
  };
  return {
    nodes: payload.nodes.length,
    groups: tree.groups.size,
    topLevelItems: first.items.length,
    payloadMs: round(payloadMs),
    treeAndLevelsMs: round(treeMs + levelsMs),
    firstSceneMs: round(firstSceneMs),
    expandMs: round(expandMs),
    expandedItems: expanded.items.length,
    expandNestedMs: round(expandNestedMs),
    reExpandCachedMs: round(reExpandCachedMs),
    layouts: { topLevel: await compare(levels.get('')!), block: await compare(levels.get(blockId)!), blockAttention: await compare(levels.get(nested)!) },
  };
}

/** dagre vs elk on one big flat level (no grouping), the case that stalls other viewers. */
export async function flatLevel(blockPath: string, copies: number) {
  const model = chainCopies(await openModel(blockPath), copies);
  const payload = buildGraphPayload(model);
  const tree = buildGroupTree(payload.nodes.map((node) => ({ ...node, group: [] })), Infinity);
  const level = buildGraphLevels(tree, payload.nodes).get('')!;
  const measure = defaultMeasure(tree, payload.nodes);
  const [, dagreMs] = time(() => layeredLayout(level.items.map((key) => ({ key, ...measure(key) })), level.edges));
  return { items: level.items.length, edges: level.edges.length, dagreMs: round(dagreMs), elkMs: round(await elkLayout(level, measure)) };
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** The payload the host would post for `copies` chained copies, as JSON text (for the Chromium paint benchmark). */
export async function payloadJson(blockPath: string, copies: number): Promise<string> {
  const start = performance.now();
  const model = chainCopies(await openModel(blockPath), copies);
  const payload = buildGraphPayload(model);
  payload.parseMs = performance.now() - start;
  return JSON.stringify(payload);
}
