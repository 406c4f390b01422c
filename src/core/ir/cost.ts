// The cost model: per node, the weights it reads (through aliases; a tensor several nodes read is
// each reader's), its multiply-accumulates and the bytes of its outputs, from the inferred shapes.
// MACs stay null when the op or its shapes are unknown; they are never silently zero.
import type { Graph, Node, TensorType } from './graph';
import { byteSize } from './dtype';
import { ruleKey } from './opRules';
import type { ShapeInference } from './shapeInference';
import { elementsAssuming, isNumber } from './shapeMath';
import { WeightIndex, type WeightRead } from './weightIndex';

/** Why a node's MACs are unknown. */
export type UnknownReason = 'no rule for this op' | 'shapes unknown' | 'trip count unknown';

/** Cost of one node; for control flow it includes the bodies. */
export interface NodeCost {
  /** Elements of the parameters the node reads, each name once; see `weights`. */
  params: number;
  weights: WeightRead[];
  macs: number | null;
  unknownReason?: UnknownReason;
  /** Output bytes with symbolic dims taken as 1; null when a shape is unknown. */
  outputBytes: number | null;
  outputTypes: (TensorType | undefined)[];
}

/** Costs every node of a graph (and, inside control flow, of its bodies); `weights` indexes that graph. */
export class CostModel {
  constructor(
    private readonly inference: ShapeInference,
    readonly weights: WeightIndex,
  ) {}

  /** Costs of the graph's nodes in topological order. */
  costAll(): Map<Node, NodeCost> {
    const costs = new Map<Node, NodeCost>();
    for (const node of this.inference.order) costs.set(node, this.cost(node));
    return costs;
  }

  private cost(node: Node): NodeCost {
    const weights = this.weights.reads(node);
    const params = weights.reduce((sum, read) => sum + read.tensor.elements, 0);
    const bodies = new Map<Graph, Map<Node, NodeCost>>();
    for (const graph of node.subgraphs ? Object.values(node.subgraphs) : []) {
      const child = this.inference.children.get(graph);
      if (child) bodies.set(graph, new CostModel(child, this.weights.body(graph)).costAll());
    }
    const call = this.inference.calls.get(node);
    if (call) bodies.set(call.graph, new CostModel(call, WeightIndex.of(call.graph)).costAll());
    const outputTypes = node.outputs.map((output) => this.inference.type(output));
    const outputSizes = node.outputs.flatMap((output, i) => (output === '' ? [] : [sizeOf(outputTypes[i])]));
    const outputBytes = outputSizes.every((size) => size !== undefined) ? outputSizes.reduce((a, b) => a! + b!, 0)! : null;
    return { params, weights, outputBytes, outputTypes, ...this.macs(node, bodies) };
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
