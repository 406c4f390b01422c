// TF.js graph models: `modelTopology` is a TensorFlow GraphDef in JSON (node list with op,
// input and attr, plus library.function for control flow). Placeholders become graph inputs,
// Consts whose values are in the weights manifest become initializers, every other node an op.
import type { AttrValue, Dim, Graph, Node, Value } from '../../ir/graph';
import { scopeFromName } from '../../ir/scope';
import { asRecord } from '../keras/kerasLayers';
import { tfjsDtype } from './tfjsDtype';
import type { TfjsWeight } from './tfjsWeights';

interface NodeDef {
  name?: unknown;
  op?: unknown;
  input?: unknown;
  attr?: unknown;
  device?: unknown;
}

/** Builds the main graph and the library functions of a graph model topology. */
export function tfjsGraph(topology: Record<string, unknown>, weights: TfjsWeight[], signature: Record<string, unknown>): { graph: Graph; functions: Graph[] } {
  const byName = new Map(weights.map((weight) => [weight.name, weight]));
  const graph = graphFromNodes('main', asArray(topology.node) as NodeDef[], byName);
  applySignature(graph, signature);
  // Manifest weights no Const node names are still stored tensors of the model.
  for (const weight of weights) {
    if (!graph.values.has(weight.name)) graph.values.set(weight.name, { name: weight.name, type: { dtype: weight.ref.dtype, shape: weight.ref.shape }, initializer: weight.ref });
  }
  const library = asRecord(topology.library);
  const functions = asArray(library.function).map((raw) => {
    const fn = asRecord(raw);
    const sig = asRecord(fn.signature);
    const body = graphFromNodes(String(sig.name ?? 'function'), asArray(fn.nodeDef) as NodeDef[], byName);
    body.inputs = asArray(sig.inputArg).map((arg) => String(asRecord(arg).name));
    body.outputs = Object.values(asRecord(fn.ret)).map((ret) => valueName(String(ret)));
    return body;
  });
  return { graph, functions };
}

function graphFromNodes(name: string, defs: NodeDef[], weights: Map<string, TfjsWeight>): Graph {
  const graph: Graph = { name, nodes: [], values: new Map(), inputs: [], outputs: [] };
  const consumed = new Set<string>();
  for (const def of defs) {
    const nodeName = String(def.name ?? `node_${graph.nodes.length}`);
    const op = String(def.op ?? 'Unknown');
    const attrs = decodeAttrs(asRecord(def.attr));
    if (op === 'Placeholder') {
      graph.inputs.push(nodeName);
      graph.values.set(nodeName, { name: nodeName, type: { dtype: tfjsDtype(attrs.dtype ?? 'DT_FLOAT'), ...shapeOf(attrs.shape) } });
      continue;
    }
    const weight = op === 'Const' ? weights.get(nodeName) : undefined;
    if (weight) {
      graph.values.set(nodeName, { name: nodeName, type: { dtype: weight.ref.dtype, shape: weight.ref.shape }, initializer: weight.ref });
      continue;
    }
    // Control inputs (`^name`) order execution but carry no tensor.
    const inputs = asArray(def.input).map(String).filter((input) => !input.startsWith('^')).map(valueName);
    inputs.forEach((input) => consumed.add(input));
    const node: Node = { id: `t${graph.nodes.length}`, op, domain: 'tf', name: nodeName, scope: scopeFromName(nodeName), attrs, inputs, outputs: [nodeName] };
    if (typeof def.device === 'string' && def.device) node.attrs.device = def.device;
    graph.nodes.push(node);
    graph.values.set(nodeName, { name: nodeName, ...(op === 'Const' ? constType(attrs) : {}) });
  }
  // Outputs `node:k` beyond the first name extra outputs of their node.
  const byName = new Map(graph.nodes.map((node) => [node.name, node]));
  for (const input of consumed) {
    const match = /^(.*):(\d+)$/.exec(input);
    const node = match ? byName.get(match[1]) : undefined;
    if (!node || !match) continue;
    const index = Number(match[2]);
    while (node.outputs.length <= index) node.outputs.push(`${node.name}:${node.outputs.length}`);
    for (const output of node.outputs) if (!graph.values.has(output)) graph.values.set(output, { name: output });
  }
  graph.outputs = graph.nodes.filter((node) => node.op !== 'Const' && !node.outputs.some((output) => consumed.has(output))).map((node) => node.outputs[0]);
  return graph;
}

/** The model.json signature (inputs/outputs with shapes) refines the inputs and outputs found in the nodes. */
function applySignature(graph: Graph, signature: Record<string, unknown>): void {
  const declare = (entries: unknown): string[] =>
    Object.values(asRecord(entries)).map((raw) => {
      const entry = asRecord(raw);
      const name = valueName(String(entry.name ?? ''));
      const type = { dtype: tfjsDtype(entry.dtype ?? 'DT_FLOAT'), ...shapeOf(decodeShape(entry.tensorShape)) };
      const value: Value = graph.values.get(name) ?? { name };
      if (!value.type?.shape) value.type = type;
      graph.values.set(name, value);
      return name;
    });
  const inputs = declare(signature.inputs);
  const outputs = declare(signature.outputs);
  if (inputs.length > 0) graph.inputs = inputs;
  if (outputs.length > 0) graph.outputs = outputs;
}

/** TensorFlow names output 0 of node `a` both `a` and `a:0`. */
function valueName(input: string): string {
  return input.endsWith(':0') ? input.slice(0, -2) : input;
}

/** Decodes a TF AttrValue in JSON (`{b}`, `{i}`, `{f}`, `{s}` base64, `{type}`, `{shape}`, `{list}`, `{tensor}`, `{func}`). */
export function decodeAttrs(raw: Record<string, unknown>): Record<string, AttrValue> {
  const attrs: Record<string, AttrValue> = {};
  for (const [key, value] of Object.entries(raw)) attrs[key] = decodeAttr(asRecord(value));
  return attrs;
}

function decodeAttr(value: Record<string, unknown>): AttrValue {
  if ('b' in value) return Boolean(value.b);
  if ('i' in value) return Number(value.i);
  if ('f' in value) return Number(value.f);
  if ('s' in value) return Buffer.from(String(value.s), 'base64').toString('utf8');
  if ('type' in value) return tfjsDtype(value.type);
  if ('shape' in value) return decodeShape(value.shape) ?? null;
  if ('func' in value) return String(asRecord(value.func).name ?? '');
  if ('tensor' in value) {
    const tensor = asRecord(value.tensor);
    return { dtype: tfjsDtype(tensor.dtype), shape: decodeShape(tensor.tensorShape) ?? [] };
  }
  if ('list' in value) {
    const list = asRecord(value.list);
    if (Array.isArray(list.i)) return list.i.map(Number);
    if (Array.isArray(list.f)) return list.f.map(Number);
    if (Array.isArray(list.s)) return list.s.map((item) => Buffer.from(String(item), 'base64').toString('utf8'));
    if (Array.isArray(list.type)) return list.type.map(tfjsDtype);
    if (Array.isArray(list.shape)) return list.shape.map((item) => (decodeShape(item) ?? []) as AttrValue);
    return [];
  }
  return null;
}

/** TensorShapeProto JSON to dims: size -1 is unknown, unknownRank gives undefined. */
function decodeShape(raw: unknown): Dim[] | undefined {
  const shape = asRecord(raw);
  if (shape.unknownRank) return undefined;
  return asArray(shape.dim).map((dim) => {
    const size = Number(asRecord(dim).size ?? 0);
    return size < 0 ? null : size;
  });
}

function shapeOf(shape: AttrValue | Dim[] | undefined): { shape?: Dim[] } {
  return Array.isArray(shape) ? { shape: shape as Dim[] } : {};
}

function constType(attrs: Record<string, AttrValue>): Pick<Value, 'type'> {
  const tensor = asRecord(attrs.value);
  return { type: { dtype: tfjsDtype(tensor.dtype ?? attrs.dtype ?? 'DT_FLOAT'), ...shapeOf(tensor.shape as Dim[] | undefined) } };
}

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
