// Which values of a model are stored tensors, which of them are parameters, and who reads them.
// Exporters alias weights through Identity nodes (PyTorch shares equal initializers that way), so
// a name is resolved through such aliases to the tensor that stores it; the node that reads the
// alias owns the weight, and a tensor read by several nodes is counted once in the totals.
import type { Graph, Node, TensorType } from './graph';
import { isTensorRef } from './attrs';
import { byteSize, elementCount } from './dtype';

/** A tensor the file stores: an initializer, or the value of a node that only holds a value (Constant). */
export interface StoredTensor {
  /** Identity of the storage, shared by every alias of it. */
  key: object;
  /** The initializer's name or the Constant node's output. */
  name: string;
  shape: number[];
  elements: number;
  dtype: string;
  /** Null for variable-width dtypes (string). */
  bytes: number | null;
  kind: 'initializer' | 'constant';
  trainable?: boolean;
  /** A framework buffer (PyTorch): stored state, counted apart from the parameters. */
  buffer?: boolean;
}

/** One weight a node reads: `ref` is the name it reads (an alias keeps its own name), `tensor` the storage behind it. */
export interface WeightRead {
  ref: string;
  tensor: StoredTensor;
}

// Inputs that hold a layer's weights, per ONNX op: a Constant read there is a parameter (paddle2onnx and
// tf2onnx store weights as Constant nodes), anywhere else it is a constant (shapes, axes, Clip bounds).
const WEIGHT_INPUTS: Record<string, readonly number[]> = {
  Conv: [1, 2], ConvTranspose: [1, 2], ConvInteger: [1], DeformConv: [1, 2], Gemm: [0, 1, 2], MatMul: [0, 1], MatMulInteger: [0, 1],
  BatchNormalization: [1, 2, 3, 4], InstanceNormalization: [1, 2], LayerNormalization: [1, 2], GroupNormalization: [1, 2],
  PRelu: [1], LSTM: [1, 2, 3], GRU: [1, 2, 3], RNN: [1, 2, 3], Gather: [0],
};
// A bias or scale applied elementwise: a floating tensor of more than one element.
const ELEMENTWISE_WEIGHT = new Set(['Add', 'Mul']);
const FLOATING = /^(float|bfloat|complex)/;

/** True for a node that only holds a value: ONNX Constant, TensorFlow Const, TorchScript prim::Constant. */
export function isConstantNode(node: Node): boolean {
  if (node.op === 'Constant') return !node.domain || node.domain === 'prim';
  return node.op === 'Const' && node.domain === 'tf';
}

/** The value a constant node holds, or undefined when it cannot be sized. */
function constantValue(node: Node, declared: TensorType | undefined): { shape: number[]; elements: number; dtype: string } | undefined {
  const tensor = node.attrs.value ?? node.attrs.sparse_value;
  if (isTensorRef(tensor)) return { shape: tensor.shape, elements: elementCount(tensor.shape), dtype: tensor.dtype };
  const kinds: [string, string, boolean][] = [
    ['value_floats', 'float32', true], ['value_ints', 'int64', true], ['value_strings', 'string', true],
    ['value_float', 'float32', false], ['value_int', 'int64', false], ['value_string', 'string', false],
  ];
  for (const [name, dtype, list] of kinds) {
    const value = node.attrs[name];
    if (value === undefined) continue;
    const shape = list ? [Array.isArray(value) ? value.length : 0] : [];
    return { shape, elements: elementCount(shape), dtype };
  }
  // TensorFlow Const nodes keep small values inline; their declared type sizes them.
  const shape = declared?.shape;
  return declared && shape?.every((dim): dim is number => typeof dim === 'number') ? { shape, elements: elementCount(shape), dtype: declared.dtype } : undefined;
}

function isAliasOp(node: Node): boolean {
  return node.op === 'Identity' && (!node.domain || node.domain === 'tf') && node.inputs.length === 1 && node.outputs.length === 1;
}

/**
 * The stored tensors of one graph and the aliases of them; a name the graph does not hold is looked
 * up in the enclosing graphs'. Build the main graph's with `WeightIndex.of(graph)`: that indexes every
 * body too and decides which Constants are parameters from all their readers.
 */
export class WeightIndex {
  private readonly stored = new Map<string, StoredTensor>();
  private readonly aliases = new Map<string, StoredTensor>();
  private readonly constantNodes = new Set<Node>();
  private readonly aliasNodes = new Set<Node>();
  private readonly bodies = new Map<Graph, WeightIndex>();
  /** A body's own inputs and node outputs, which shadow the enclosing graphs' names (a body may declare outer names' types too). */
  private readonly local?: Set<string>;
  /** Constants read at a weight input somewhere in the model (shared by every index of one model). */
  private readonly weightConstants: Set<object>;

  private constructor(
    readonly graph: Graph,
    private readonly parent: WeightIndex | undefined,
  ) {
    this.weightConstants = parent?.weightConstants ?? new Set();
    if (parent) this.local = new Set([...graph.inputs, ...graph.nodes.flatMap((node) => node.outputs)]);
    for (const value of graph.values.values()) {
      const ref = value.initializer;
      if (!ref) continue;
      const elements = elementCount(ref.shape);
      const flags = { ...(value.trainable === undefined ? {} : { trainable: value.trainable }), ...(value.buffer ? { buffer: true } : {}) };
      this.stored.set(value.name, { key: value, name: value.name, shape: ref.shape, elements, dtype: ref.dtype, bytes: byteSize(ref.dtype, elements) ?? null, kind: 'initializer', ...flags });
    }
    for (const node of graph.nodes) {
      if (!isConstantNode(node) || !node.outputs[0]) continue;
      this.constantNodes.add(node);
      const value = constantValue(node, graph.values.get(node.outputs[0])?.type);
      if (value) this.stored.set(node.outputs[0], { key: node, name: node.outputs[0], ...value, bytes: byteSize(value.dtype, value.elements) ?? null, kind: 'constant' });
    }
    // Aliases may be listed before what they alias (a file need not be sorted), so resolve to a fixed point.
    for (let changed = true; changed; ) {
      changed = false;
      for (const node of graph.nodes) {
        if (this.aliasNodes.has(node) || !isAliasOp(node)) continue;
        const tensor = this.resolve(node.inputs[0]);
        if (!tensor) continue;
        this.aliases.set(node.outputs[0], tensor);
        this.aliasNodes.add(node);
        changed = true;
      }
    }
    for (const node of graph.nodes) {
      for (const body of Object.values(node.subgraphs ?? {})) this.bodies.set(body, new WeightIndex(body, this));
    }
  }

  /** The index of `graph` and of every body inside it. */
  static of(graph: Graph): WeightIndex {
    const index = new WeightIndex(graph, undefined);
    index.markWeightConstants();
    return index;
  }

  /** The index of a control-flow body of this graph (indexed with it); a graph from elsewhere gets its own. */
  body(graph: Graph): WeightIndex {
    return this.bodies.get(graph) ?? WeightIndex.of(graph);
  }

  /** The stored tensor `name` refers to here (directly or through aliases); undefined for activations. */
  resolve(name: string): StoredTensor | undefined {
    if (name === '') return undefined;
    const own = this.stored.get(name) ?? this.aliases.get(name);
    if (own || !this.parent || this.local?.has(name)) return own;
    return this.parent.resolve(name);
  }

  /** True for an Identity whose input is a stored tensor: its readers own the weight, it is no layer. */
  isAlias(node: Node): boolean {
    return this.aliasNodes.has(node);
  }

  /** True for a node that only holds a value (counted under constants or params, never as a layer). */
  isConstant(node: Node): boolean {
    return this.constantNodes.has(node);
  }

  /** A node that does work: neither a holder of a value (Constant) nor an alias of a stored tensor. */
  isLayer(node: Node): boolean {
    return !this.isAlias(node) && !this.isConstant(node);
  }

  /** Initializers other than buffers; a Constant's value only where some node reads it as a weight. */
  isParam(tensor: StoredTensor): boolean {
    return (tensor.kind === 'initializer' && !tensor.buffer) || this.weightConstants.has(tensor.key);
  }

  /** The parameters `node` reads (its bodies' included), each name once. */
  reads(node: Node): WeightRead[] {
    const seen = new Map<string, WeightRead>();
    const visit = (index: WeightIndex, each: Node): void => {
      if (!index.isLayer(each)) return;
      for (const name of each.inputs) {
        const tensor = index.resolve(name);
        if (tensor && index.isParam(tensor) && !seen.has(name)) seen.set(name, { ref: name, tensor });
      }
      for (const body of Object.values(each.subgraphs ?? {})) for (const child of body.nodes) visit(index.body(body), child);
    };
    visit(this, node);
    return [...seen.values()];
  }

  /** Every tensor stored in this graph and its bodies, each once. */
  *tensors(): Generator<StoredTensor> {
    yield* this.stored.values();
    for (const body of this.bodies.values()) yield* body.tensors();
  }

  /** Alias nodes in this graph and its bodies. */
  aliasCount(): number {
    let count = this.aliasNodes.size;
    for (const body of this.bodies.values()) count += body.aliasCount();
    return count;
  }

  private markWeightConstants(): void {
    for (const node of this.graph.nodes) {
      if (!this.isLayer(node)) continue;
      const slots = WEIGHT_INPUTS[node.op];
      node.inputs.forEach((name, index) => {
        const tensor = this.resolve(name);
        if (!tensor || tensor.kind !== 'constant' || node.domain) return;
        const floating = FLOATING.test(tensor.dtype);
        const elementwise = ELEMENTWISE_WEIGHT.has(node.op) && tensor.elements > 1 && floating;
        // An embedding table is floating; Gather over an integer constant picks shape entries.
        if ((slots?.includes(index) && (floating || node.op !== 'Gather')) || elementwise) this.weightConstants.add(tensor.key);
      });
    }
    for (const body of this.bodies.values()) body.markWeightConstants();
  }
}
