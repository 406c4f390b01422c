// Shape inference over the IR: walks the graph in topological order, applying the format's
// shape and value rules. Shapes the file declares win; inference only fills what is missing, and
// an op without a rule leaves its outputs as the file left them.
import type { Dim, Graph, Node, TensorType } from './graph';
import { NodeContext } from './nodeContext';
import { ruleKey, type RuleContext, type RuleSet } from './opRules';
import { isNumber } from './shapeMath';
import { readSmallTensor, SMALL_TENSOR_ELEMENTS } from './tensorData';
import { topoOrder } from './topoOrder';

const MAX_CALL_DEPTH = 16;

/** What inference needs besides the graph: the rules, the op set and the user's dim bindings. */
export interface InferenceSettings {
  readonly rules: RuleSet;
  readonly opset: number;
  /** Values for symbolic dims of the main graph's inputs (`batch` = 8), chosen by the user. */
  readonly bindings: ReadonlyMap<string, number>;
  /** Model-local functions keyed like rules (`domain::name`); calls are inferred through their bodies. */
  readonly functions: ReadonlyMap<string, Graph>;
}

/** Inferred types and small known values of one graph; subgraph and function-call results hang off it. */
export class ShapeInference {
  readonly types = new Map<string, TensorType>();
  private readonly values = new Map<string, Dim[] | null>();
  readonly children = new Map<Graph, ShapeInference>();
  /** Inference of a function body per call node. */
  readonly calls = new Map<Node, ShapeInference>();
  readonly order: Node[];
  /** Function calls nested around this graph; bounded because a file may declare recursive functions. */
  private readonly callDepth: number;

  /** `seeds` types a function body's inputs from its call; a function has no parent scope. */
  constructor(
    readonly graph: Graph,
    readonly settings: InferenceSettings,
    readonly parent?: ShapeInference,
    seeds?: { types: (TensorType | undefined)[]; values: (Dim[] | undefined)[]; depth: number },
  ) {
    this.callDepth = seeds?.depth ?? parent?.callDepth ?? 0;
    if (seeds) {
      graph.inputs.forEach((name, index) => {
        if (seeds.types[index]) this.types.set(name, seeds.types[index]!);
        if (seeds.values[index]) this.values.set(name, seeds.values[index]!);
      });
    } else if (!parent) this.bindInputs();
    this.order = topoOrder(graph);
    for (const node of this.order) this.inferNode(node);
  }

  get rules(): RuleSet {
    return this.settings.rules;
  }

  private bindInputs(): void {
    const bindings = this.settings.bindings;
    if (bindings.size === 0) return;
    for (const name of this.graph.inputs) {
      const type = this.graph.values.get(name)?.type;
      if (type?.shape) this.types.set(name, { dtype: type.dtype, shape: type.shape.map((dim) => (typeof dim === 'string' ? (bindings.get(dim) ?? dim) : dim)) });
    }
  }

  /** The best known type of `name`, looking through enclosing graphs for outer-scope values. */
  type(name: string): TensorType | undefined {
    if (name === '') return undefined;
    const own = this.types.get(name) ?? this.graph.values.get(name)?.type;
    if (own || this.graph.values.has(name)) return own;
    return this.parent?.type(name);
  }

  /** Known contents of a small tensor: propagated values, or a small initializer read on demand. */
  value(name: string): Dim[] | undefined {
    if (name === '') return undefined;
    const cached = this.values.get(name);
    if (cached !== undefined) return cached ?? undefined;
    const value = this.graph.values.get(name);
    if (!value) return this.parent?.value(name);
    const read = value.initializer ? readSmallTensor(value.initializer) : undefined;
    this.values.set(name, read ?? null);
    return read;
  }

  /** The context rules see for `node`, with the file's declared output types or the inferred ones. */
  context(node: Node, outputs: 'declared' | 'inferred'): RuleContext {
    return new NodeContext(node, this.settings.opset, this, outputs === 'declared' ? this.declaredType : this.inferredType);
  }

  private readonly declaredType = (name: string): TensorType | undefined => this.graph.values.get(name)?.type;
  private readonly inferredType = (name: string): TensorType | undefined => this.type(name);

  private inferNode(node: Node): void {
    for (const subgraph of Object.values(node.subgraphs ?? {})) {
      this.children.set(subgraph, new ShapeInference(subgraph, this.settings, this));
    }
    const key = ruleKey(node);
    const context = this.context(node, 'declared');
    const body = this.rules.shape[key] ? undefined : this.settings.functions.get(key);
    const inferred = body ? this.callOutputs(node, body) : node.op === 'If' && !node.domain ? this.ifOutputs(node) : attempt(() => this.rules.shape[key]?.(context));
    node.outputs.forEach((output, index) => {
      if (output === '') return;
      const type = mergeTypes(this.declaredType(output), sanitize(inferred?.[index]));
      if (type) this.types.set(output, type);
    });
    const valueRule = this.rules.value[key];
    const values = valueRule ? attempt(() => valueRule(this.context(node, 'inferred'))) : undefined;
    values?.forEach((value, index) => {
      if (value && value.length <= SMALL_TENSOR_ELEMENTS && node.outputs[index]) this.values.set(node.outputs[index], value);
    });
  }

  /** A call of a model-local function: its body inferred with the call's input types. */
  private callOutputs(node: Node, body: Graph): (TensorType | undefined)[] {
    if (this.callDepth >= MAX_CALL_DEPTH) return [];
    const seeds = { types: node.inputs.map((input) => this.type(input)), values: node.inputs.map((input) => this.value(input)), depth: this.callDepth + 1 };
    const call = new ShapeInference(body, this.settings, undefined, seeds);
    this.calls.set(node, call);
    return body.outputs.map((output) => call.type(output));
  }

  /** The If branch that runs when the condition is a known constant (exporters' "squeeze if dim is 1" guards). */
  ifBranch(node: Node): Graph | undefined {
    const condition = node.inputs[0] ? this.value(node.inputs[0]) : undefined;
    if (condition?.length !== 1 || !isNumber(condition[0])) return undefined;
    return node.subgraphs?.[condition[0] ? 'then_branch' : 'else_branch'];
  }

  /** If: the known branch's outputs; otherwise the dims both branches agree on, given equal dtype and rank. */
  private ifOutputs(node: Node): (TensorType | undefined)[] | undefined {
    const known = this.ifBranch(node);
    const branches = known ? [known, known] : ['then_branch', 'else_branch'].map((name) => node.subgraphs?.[name]);
    if (branches.some((branch) => !branch)) return undefined;
    const types = branches.map((branch) => branch!.outputs.map((output) => this.children.get(branch!)?.type(output)));
    return node.outputs.map((_, index) => {
      const [a, b] = [types[0][index], types[1][index]];
      if (!a || !b || a.dtype !== b.dtype) return undefined;
      if (!a.shape || !b.shape || a.shape.length !== b.shape.length) return { dtype: a.dtype };
      return { dtype: a.dtype, shape: a.shape.map((dim, i) => (dim === b.shape![i] ? dim : null)) };
    });
  }
}

/** Rules read attributes a malformed file may have filled with anything: a rule that throws knows nothing. */
function attempt<T>(body: () => T): T | undefined {
  try {
    return body();
  } catch {
    return undefined;
  }
}

/** Dims that came out negative, fractional or not finite are unknown, not wrong. */
function sanitize(type: TensorType | undefined): TensorType | undefined {
  if (!type?.shape || type.shape.every((dim) => !isNumber(dim) || (Number.isInteger(dim) && dim >= 0))) return type;
  return { dtype: type.dtype, shape: type.shape.map((dim) => (isNumber(dim) && !(Number.isInteger(dim) && dim >= 0) ? null : dim)) };
}

/** The file's declaration first; inference fills its unknown or symbolic dims and a missing shape or dtype. */
export function mergeTypes(declared: TensorType | undefined, inferred: TensorType | undefined): TensorType | undefined {
  if (!declared) return inferred;
  if (!inferred) return declared;
  const dtype = declared.dtype === 'undefined' ? inferred.dtype : declared.dtype;
  if (!declared.shape) return inferred.shape ? { dtype, shape: inferred.shape } : { dtype };
  if (!inferred.shape || inferred.shape.length !== declared.shape.length) return { dtype, shape: declared.shape };
  // A declared number wins; a declared symbol or unknown gives way to a number inferred from the inputs.
  return { dtype, shape: declared.shape.map((dim, i) => (isNumber(dim) ? dim : isNumber(inferred.shape![i]) ? inferred.shape![i] : (dim ?? inferred.shape![i]))) };
}
