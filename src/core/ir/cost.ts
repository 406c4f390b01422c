// The cost model: per node, the weight elements it reads (each weight counted once, by its first
// reader), its multiply-accumulates and the bytes of its outputs, from the inferred shapes.
// MACs stay null when the op or its shapes are unknown; they are never silently zero.
import type { Graph, Node, TensorType, Value } from './graph';
import { isTensorRef } from './attrs';
import { byteSize, elementCount } from './dtype';
import { ruleKey } from './opRules';
import type { ShapeInference } from './shapeInference';
import { elementsAssuming, isNumber } from './shapeMath';

/** Why a node's MACs are unknown. */
export type UnknownReason = 'no rule for this op' | 'shapes unknown' | 'trip count unknown';

/** Cost of one node; for control flow it includes the bodies. */
export interface NodeCost {
  params: number;
  macs: number | null;
  unknownReason?: UnknownReason;
  /** Output bytes with symbolic dims taken as 1; null when a shape is unknown. */
  outputBytes: number | null;
  outputTypes: (TensorType | undefined)[];
}

/** A stored tensor a node can read: an initializer or a Constant node's value. */
export interface Weight {
  key: object;
  elements: number;
  dtype: string;
}

/** Constant nodes' values are weights too (paddle2onnx and tf2onnx store weights that way). */
export function constantWeight(node: Node): Weight | undefined {
  if (node.op !== 'Constant' || node.domain) return undefined;
  const tensor = node.attrs.value ?? node.attrs.sparse_value;
  if (isTensorRef(tensor)) return { key: node, elements: elementCount(tensor.shape), dtype: tensor.dtype };
  const kinds: [string, string, boolean][] = [
    ['value_floats', 'float32', true], ['value_ints', 'int64', true], ['value_strings', 'string', true],
    ['value_float', 'float32', false], ['value_int', 'int64', false], ['value_string', 'string', false],
  ];
  for (const [name, dtype, list] of kinds) {
    const value = node.attrs[name];
    if (value === undefined) continue;
    return { key: node, elements: list ? (Array.isArray(value) ? value.length : 0) : 1, dtype };
  }
  return undefined;
}

function initializerWeight(value: Value): Weight | undefined {
  return value.initializer ? { key: value, elements: elementCount(value.initializer.shape), dtype: value.initializer.dtype } : undefined;
}

/**
 * The weights nodes of one graph read: its initializers and Constant nodes' values, each counted once, by its first
 * reader; a name the graph does not hold is looked up in the enclosing graphs'. `counted` spans the whole model.
 */
export class WeightClaims {
  private readonly constants = new Map<string, Weight>();

  constructor(
    private readonly graph: Graph,
    private readonly counted: Set<object>,
    private readonly parent?: WeightClaims,
  ) {
    for (const node of graph.nodes) {
      const weight = constantWeight(node);
      if (weight && node.outputs[0]) this.constants.set(node.outputs[0], weight);
    }
  }

  /** Elements of the weight `name` if no node read it before, else 0. */
  claim(name: string): number {
    const value = this.graph.values.get(name);
    if (!value) return this.parent?.claim(name) ?? 0;
    const weight = value.initializer ? initializerWeight(value) : this.constants.get(name);
    if (!weight || this.counted.has(weight.key)) return 0;
    this.counted.add(weight.key);
    return weight.elements;
  }
}

/** Costs every node of a graph (and, inside control flow, of its bodies); `counted` spans the whole model. */
export class CostModel {
  private readonly weights: WeightClaims;

  constructor(
    private readonly inference: ShapeInference,
    private readonly counted: Set<object>,
    parent?: CostModel,
  ) {
    this.weights = new WeightClaims(inference.graph, counted, parent?.weights);
  }

  /** Costs of the graph's nodes in topological order. */
  costAll(): Map<Node, NodeCost> {
    const costs = new Map<Node, NodeCost>();
    for (const node of this.inference.order) costs.set(node, this.cost(node));
    return costs;
  }

  private cost(node: Node): NodeCost {
    let params = 0;
    for (const input of node.inputs) if (input !== '') params += this.weights.claim(input);
    const bodies = new Map<Graph, Map<Node, NodeCost>>();
    for (const graph of node.subgraphs ? Object.values(node.subgraphs) : []) {
      const child = this.inference.children.get(graph);
      if (!child) continue;
      const costs = new CostModel(child, this.counted, this).costAll();
      bodies.set(graph, costs);
      for (const cost of costs.values()) params += cost.params;
    }
    const call = this.inference.calls.get(node);
    if (call) bodies.set(call.graph, new CostModel(call, this.counted).costAll());
    const outputTypes = node.outputs.map((output) => this.inference.type(output));
    const outputSizes = node.outputs.flatMap((output, i) => (output === '' ? [] : [sizeOf(outputTypes[i])]));
    const outputBytes = outputSizes.every((size) => size !== undefined) ? outputSizes.reduce((a, b) => a! + b!, 0)! : null;
    return { params, outputBytes, outputTypes, ...this.macs(node, bodies) };
  }

  private macs(node: Node, bodies: Map<Graph, Map<Node, NodeCost>>): { macs: number | null; unknownReason?: UnknownReason } {
    const key = ruleKey(node);
    const rules = this.inference.rules;
    if (bodies.size > 0 && (!node.domain || this.inference.calls.has(node))) return controlFlowMacs(node, bodies, this.inference);
    const rule = rules.macs[key];
    if (rule) {
      const context = this.inference.context(node, 'inferred');
      let macs: number | undefined;
      try {
        macs = rule(context);
      } catch {
        macs = undefined;
      }
      return macs !== undefined && Number.isFinite(macs) && macs >= 0 ? { macs } : { macs: null, unknownReason: 'shapes unknown' };
    }
    if (rules.noMacs.has(key)) return { macs: 0 };
    return { macs: null, unknownReason: 'no rule for this op' };
  }
}

/** If runs one branch (the known one, else the larger); a function call its body once; Loop and Scan once per iteration. */
function controlFlowMacs(node: Node, bodies: Map<Graph, Map<Node, NodeCost>>, inference: ShapeInference): { macs: number | null; unknownReason?: UnknownReason } {
  const branch = node.op === 'If' ? inference.ifBranch(node) : undefined;
  const counted = branch && bodies.has(branch) ? [bodies.get(branch)!] : [...bodies.values()];
  const totals = counted.map((costs) => {
    let sum = 0;
    for (const cost of costs.values()) {
      if (cost.macs === null) return null;
      sum += cost.macs;
    }
    return sum;
  });
  if (totals.some((total) => total === null)) return { macs: null, unknownReason: 'shapes unknown' };
  const body = Math.max(...(totals as number[]));
  if (node.op === 'If' || node.domain) return { macs: body };
  if (body === 0) return { macs: 0 };
  let iterations: number | undefined;
  if (node.op === 'Loop') iterations = node.inputs[0] ? inference.value(node.inputs[0])?.find(isNumber) : undefined;
  if (node.op === 'Scan') {
    const states = node.inputs.length - (typeof node.attrs.num_scan_inputs === 'number' ? node.attrs.num_scan_inputs : 0);
    const axes = node.attrs.scan_input_axes;
    const axis = Array.isArray(axes) && typeof axes[0] === 'number' ? axes[0] : 0;
    const shape = inference.type(node.inputs[states] ?? '')?.shape;
    const dim = shape?.[axis < 0 ? axis + shape.length : axis];
    iterations = isNumber(dim) ? dim : undefined;
  }
  return iterations === undefined ? { macs: null, unknownReason: 'trip count unknown' } : { macs: iterations * body };
}

/** Bytes of a tensor with symbolic dims taken as 1; undefined when the size is unknown. */
export function sizeOf(type: TensorType | undefined): number | undefined {
  if (!type) return undefined;
  const elements = elementsAssuming(type.shape);
  return elements === undefined ? undefined : byteSize(type.dtype, elements);
}
