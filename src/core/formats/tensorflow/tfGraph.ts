// GraphDef / FunctionDef node lists to IR graphs. Placeholders become graph inputs; Consts that hold
// weights (read at a weight input, or frozen variables read through `<name>/read`) and variables found in
// the checkpoint become initializers; every other node is an op in the `tf` domain. Inputs `x:0` name
// value `x`, `x:k` the k-th output; control inputs `^x` carry no tensor and are kept in `control_inputs`.
// Calls of library functions (StatefulPartitionedCall, PartitionedCall, or an op named like a function)
// become ops keyed like their body in Model.functions (`tf::<function>`), so inference goes through it.
import type { AttrValue, Dim, Graph, Node, TensorRef, TensorType, Value } from '../../ir/graph';
import { scopeFromName } from '../../ir/scope';
import { isTensorRef } from '../../ir/attrs';
import { elementCount } from '../../ir/dtype';
import type { AttrMsg, FunctionMsg, NodeMsg } from './tfSchema';
import { attrValue, tfDtype, tensorRef, type Source } from './tfValues';

/** Inputs of common ops that hold a layer's weights. */
const WEIGHT_SLOTS: Record<string, readonly number[]> = {
  Conv2D: [1], DepthwiseConv2dNative: [1], MatMul: [0, 1], BiasAdd: [1], Conv2DBackpropInput: [1],
  FusedBatchNorm: [1, 2, 3, 4], FusedBatchNormV2: [1, 2, 3, 4], FusedBatchNormV3: [1, 2, 3, 4],
};
const ELEMENTWISE = new Set(['Add', 'AddV2', 'Mul', 'Sub']);
const CALL_OPS = new Set(['StatefulPartitionedCall', 'PartitionedCall']);
const FLOATING = /^(float|bfloat)/;

/** What the graph builder needs besides the nodes. */
export interface GraphContext {
  source: Source;
  /** Names of the library's functions (calls to them are rewritten). */
  functionNames: Set<string>;
  /** The checkpoint value of a variable node (VariableV2, VarHandleOp), when the bundle holds it. */
  variable?: (node: NodeMsg) => TensorRef | undefined;
}

/** The function-graph name a call of `name` is keyed by (ir/opRules ruleKey of a `tf` op). */
export const functionKey = (name: string): string => `tf::${name}`;

/** Builds an IR graph from NodeDefs; `portOf` maps a FunctionDef-style input (`node:arg:k`) to an output index. */
export function buildGraph(name: string, defs: NodeMsg[], context: GraphContext, functionBody = false): Graph {
  const graph: Graph = { name, nodes: [], values: new Map(), inputs: [], outputs: [] };
  const byName = new Map(defs.map((def) => [def.name ?? '', def]));
  const ports = functionBody ? functionPorts(defs) : undefined;
  const ref = (input: string): string => canonical(input, ports);
  const weights = weightConsts(defs, byName, ref, context.source);
  const consumed = new Set<string>();
  for (const [index, def] of defs.entries()) {
    const nodeName = def.name || `node_${index}`;
    const op = def.op || 'Unknown';
    const attrs = decodeAttrs(def.attr, context.source);
    if (op === 'Placeholder' && !functionBody) {
      graph.inputs.push(nodeName);
      graph.values.set(nodeName, { name: nodeName, type: inputType(nodeName, typeOf(attrs.dtype, attrs.shape ?? firstShape(attrs._output_shapes))) });
      continue;
    }
    const weight = weights.get(nodeName);
    const variable = weight ? undefined : context.variable?.(def);
    if (weight || variable) {
      const initializer = (weight ?? variable)!;
      graph.values.set(nodeName, { name: nodeName, type: { dtype: initializer.dtype, shape: initializer.shape }, initializer });
      continue;
    }
    const inputs: string[] = [];
    const control: string[] = [];
    for (const input of def.input ?? []) {
      if (input.startsWith('^')) control.push(input.slice(1));
      else inputs.push(ref(input));
    }
    inputs.forEach((input) => consumed.add(input));
    if (control.length > 0) attrs.control_inputs = control;
    if (def.device) attrs.device = def.device;
    const callee = CALL_OPS.has(op) && typeof attrs.f === 'string' ? attrs.f : op;
    const isCall = context.functionNames.has(callee);
    const node: Node = { id: `t${graph.nodes.length}`, op: isCall ? callee : op, domain: 'tf', name: nodeName, scope: scopeFromName(nodeName), attrs, inputs, outputs: [nodeName] };
    if (isCall && callee !== op) attrs.call_op = op;
    graph.nodes.push(node);
    const shapes = Array.isArray(attrs._output_shapes) ? (attrs._output_shapes as (Dim[] | null)[]) : [];
    const dtype = outputDtype(op, attrs);
    shapes.forEach((shape, i) => {
      while (node.outputs.length <= i) node.outputs.push(`${nodeName}:${node.outputs.length}`);
      if (Array.isArray(shape)) graph.values.set(node.outputs[i], { name: node.outputs[i], type: { dtype: i === 0 ? dtype : 'undefined', shape } });
    });
    if (!graph.values.has(nodeName)) graph.values.set(nodeName, { name: nodeName, ...(op === 'Const' ? constType(attrs.value) : {}) });
  }
  // Outputs `node:k` beyond the first name extra outputs of their node.
  const nodes = new Map(graph.nodes.map((node) => [node.name, node]));
  for (const input of consumed) {
    const match = /^(.*):(\d+)$/.exec(input);
    const node = match ? nodes.get(match[1]) : undefined;
    if (!node || !match) continue;
    while (node.outputs.length <= Number(match[2])) node.outputs.push(`${node.name}:${node.outputs.length}`);
  }
  for (const node of graph.nodes) for (const output of node.outputs) if (!graph.values.has(output)) graph.values.set(output, { name: output });
  graph.outputs = graph.nodes.filter((node) => node.op !== 'Const' && node.op !== 'NoOp' && !node.outputs.some((output) => consumed.has(output))).map((node) => node.outputs[0]);
  return graph;
}

/** A library function as a graph: inputs from its signature (typed by arg attrs), outputs from `ret`. */
export function buildFunction(fn: FunctionMsg, context: GraphContext): Graph {
  const signature = fn.signature ?? {};
  const name = signature.name ?? 'function';
  const defs = fn.nodeDef ?? [];
  const graph = buildGraph(functionKey(name), defs, context, true);
  const ports = functionPorts(defs);
  graph.inputs = (signature.inputArg ?? []).map((arg, index) => {
    const argName = arg.name ?? `arg${index}`;
    const attrs = decodeAttrs(fn.argAttr?.[String(index)]?.attr, context.source);
    const dtype = arg.type ? tfDtype(arg.type) : undefined;
    const shape = firstShape(attrs._output_shapes);
    graph.values.set(argName, { name: argName, ...(dtype ? { type: { dtype, ...(shape ? { shape } : {}) } } : {}) });
    return argName;
  });
  graph.outputs = (signature.outputArg ?? []).map((arg) => canonical(fn.ret?.[arg.name ?? ''] ?? arg.name ?? '', ports));
  for (const output of graph.outputs) if (!graph.values.has(output)) graph.values.set(output, { name: output });
  return graph;
}

export function decodeAttrs(raw: Record<string, AttrMsg> | undefined, source: Source): Record<string, AttrValue> {
  const attrs: Record<string, AttrValue> = {};
  for (const [key, value] of Object.entries(raw ?? {})) attrs[key] = attrValue(value, source);
  return attrs;
}

/**
 * FunctionDef inputs name outputs by op argument (`mul:z:0`, `split:output:2`); the op registry is not at hand,
 * so each distinct argument of a node gets the next output index in order of first use (one-argument ops, the
 * common case, come out exact).
 */
function functionPorts(defs: NodeMsg[]): Map<string, Map<string, number>> {
  const ports = new Map<string, Map<string, number>>();
  for (const def of defs) {
    for (const input of def.input ?? []) {
      const parts = input.replace(/^\^/, '').split(':');
      if (parts.length < 2) continue;
      const args = ports.get(parts[0]) ?? new Map<string, number>();
      if (!args.has(parts[1])) args.set(parts[1], args.size);
      ports.set(parts[0], args);
    }
  }
  return ports;
}

/** `x:0` and `x` name output 0 of node x (value `x`); `x:k` output k; in functions `x:arg:k` maps through `ports`. */
function canonical(input: string, ports?: Map<string, Map<string, number>>): string {
  const parts = input.split(':');
  let node = parts[0];
  let index = 0;
  if (ports && parts.length === 3) {
    index = (ports.get(node)?.get(parts[1]) ?? 0) + Number(parts[2]);
  } else if (parts.length === 2 && /^\d+$/.test(parts[1])) {
    index = Number(parts[1]);
  } else if (parts.length > 1) {
    node = input;
  }
  return index === 0 ? node : `${node}:${index}`;
}

/** Consts that hold weights: read at a weight input, as an elementwise bias/scale, or frozen variables (`<name>/read`). */
function weightConsts(defs: NodeMsg[], byName: Map<string, NodeMsg>, ref: (input: string) => string, source: Source): Map<string, TensorRef> {
  const weights = new Map<string, TensorRef>();
  const constOf = (input: string): { def: NodeMsg; tensor: TensorRef } | undefined => {
    let def = byName.get(ref(input));
    for (let hops = 0; def?.op === 'Identity' && hops < 32; hops++) def = byName.get(ref(def.input?.[0] ?? ''));
    const value = def?.op === 'Const' ? def.attr?.value : undefined;
    return def && value?.tensor ? { def, tensor: tensorRef(value.tensor, source) } : undefined;
  };
  for (const def of defs) {
    (def.input ?? []).forEach((input, index) => {
      if (input.startsWith('^')) return;
      const found = constOf(input);
      if (!found || !FLOATING.test(found.tensor.dtype)) return;
      const read = def.op === 'Identity' && def.name === `${found.def.name}/read`;
      const slot = WEIGHT_SLOTS[def.op ?? '']?.includes(index) ?? false;
      const elementwise = ELEMENTWISE.has(def.op ?? '') && elementCount(found.tensor.shape) > 1;
      if (read || slot || elementwise) weights.set(found.def.name ?? '', found.tensor);
    });
  }
  return weights;
}

/**
 * A graph input's unknown dims (-1) as symbols, so that costs take them as 1 and the user can bind them:
 * `batch` for the leading dim, `<input>_dim<k>` for the others.
 */
export function inputType(name: string, type: TensorType): TensorType {
  if (!type.shape) return type;
  return { dtype: type.dtype, shape: type.shape.map((dim, axis) => (dim === null ? (axis === 0 ? 'batch' : `${name}_dim${axis}`) : dim)) };
}

function typeOf(dtype: AttrValue | undefined, shape: AttrValue | undefined): TensorType {
  return { dtype: typeof dtype === 'string' ? dtype : 'float32', ...(Array.isArray(shape) ? { shape: shape as Dim[] } : {}) };
}

function firstShape(shapes: AttrValue | undefined): Dim[] | undefined {
  return Array.isArray(shapes) && Array.isArray(shapes[0]) ? (shapes[0] as Dim[]) : undefined;
}

/** The dtype of output 0 where the attributes say it; 'undefined' lets inference fill it. */
function outputDtype(op: string, attrs: Record<string, AttrValue>): string {
  const named = op === 'Const' && isTensorRef(attrs.value) ? attrs.value.dtype : (attrs.dtype ?? attrs.T ?? attrs.out_type ?? attrs.DstT);
  return typeof named === 'string' ? named : 'undefined';
}

function constType(value: AttrValue | undefined): Pick<Value, 'type'> {
  return isTensorRef(value) ? { type: { dtype: value.dtype, shape: value.shape } } : {};
}
