// Torch7 nn modules to the graph IR: containers (Sequential, ConcatTable, ParallelTable, Concat,
// nngraph's gModule) are walked, every other module becomes a node reading its weight and bias
// tensors (running statistics as buffers). Output shapes come from each module's `output` tensor
// when the file kept one from its last forward pass.
import type { AttrValue, Graph, Node, TensorRef, Value } from '../../ir/graph';
import { field, isObject, isTensor, list, type T7Object, type T7Tensor, type T7Value } from './t7Values';

const WIDTH: Record<string, number> = { uint8: 1, int8: 1, int16: 2, int32: 4, int64: 8, float32: 4, float64: 8, float16: 2 };
/** Module fields that hold learned parameters, and those that hold statistics (buffers). */
const PARAMS = ['weight', 'bias'];
const BUFFERS = ['running_mean', 'running_var', 'running_std'];
const SEQUENTIAL = new Set(['nn.Sequential']);
const SAME_INPUT_TABLE = new Set(['nn.ConcatTable']);
const CONCATENATING = new Set(['nn.Concat', 'nn.DepthConcat', 'nn.Parallel']);
const PER_INPUT = new Set(['nn.ParallelTable']);
/** Modules nested deeper than this are refused (containers can be built into cycles by a hostile file). */
const MAX_NESTING = 256;

/** The class name as domain and op: `nn.SpatialConvolution` -> nn, SpatialConvolution. */
export function splitClass(className: string): { domain: string; op: string } {
  const dot = className.lastIndexOf('.');
  return dot < 0 ? { domain: 'torch', op: className } : { domain: className.slice(0, dot), op: className.slice(dot + 1) };
}

/** True when the root object is an nn module this builder walks. */
export function isModule(value: T7Value): value is T7Object {
  return isObject(value) && /^(nn|cudnn|cunn|nngraph|rnn|dpnn|inn|fbnn)\./.test(value.className) && value.className !== 'nngraph.Node';
}

/** A TensorRef for a tensor's bytes; the byte range is given only for a contiguous view. */
export function tensorRef(tensor: T7Tensor, file: string): TensorRef | undefined {
  if (tensor.size.length === 0 || !tensor.storage) return undefined;
  const width = WIDTH[tensor.dtype] ?? 4;
  const elements = tensor.size.reduce((a, b) => a * b, 1);
  let expected = 1;
  let contiguous = true;
  for (let i = tensor.size.length - 1; i >= 0; i--) {
    if (tensor.size[i] !== 1 && tensor.stride[i] !== expected) contiguous = false;
    expected *= tensor.size[i];
  }
  const inRange = tensor.storageOffset >= 0 && tensor.storageOffset + elements <= tensor.storage.size;
  return {
    dtype: tensor.dtype,
    shape: tensor.size,
    file,
    ...(contiguous && inRange ? { offset: tensor.storage.offset + tensor.storageOffset * width, byteLength: elements * width } : {}),
  };
}

/** Builds the graph of an nn module tree. */
export class T7GraphBuilder {
  readonly nodes: Node[] = [];
  readonly values = new Map<string, Value>();
  private readonly active = new Set<T7Object>();
  private readonly names = new Map<string, number>();

  constructor(
    private readonly file: string,
    private readonly warnings: string[],
  ) {}

  graph(root: T7Object): Graph {
    const inputs = root.className === 'nn.gModule' ? Array.from({ length: Math.max(1, numberField(root, 'nInputs') ?? 1) }, (_, i) => `input${i + 1}`) : ['input'];
    for (const name of inputs) this.values.set(name, { name, type: { dtype: 'float32' } });
    const outputs = this.module(root, inputs, [], 0);
    return { name: root.className, nodes: this.nodes, values: this.values, inputs, outputs: outputs.filter((name) => !inputs.includes(name)) };
  }

  /** Adds `module` reading `inputs` under `scope`; returns its output values. */
  private module(module: T7Object, inputs: string[], scope: string[], depth: number): string[] {
    if (depth > MAX_NESTING || this.active.has(module)) {
      this.warnings.push(`${module.className} nested in itself or deeper than ${MAX_NESTING} levels: left out`);
      return inputs;
    }
    this.active.add(module);
    try {
      const children = list(field(module, 'modules')).filter(isObject);
      const name = this.unique([...scope, splitClass(module.className).op].join('/'));
      const inner = [...scope, name.split('/').pop()!];
      if (module.className === 'nn.gModule') return this.gModule(module, inputs, inner, depth);
      if (SEQUENTIAL.has(module.className)) return children.reduce((current, child) => this.module(child, current, inner, depth + 1), inputs);
      if (SAME_INPUT_TABLE.has(module.className)) return children.flatMap((child) => this.module(child, inputs, inner, depth + 1));
      if (PER_INPUT.has(module.className)) return children.flatMap((child, i) => this.module(child, inputs[i] !== undefined ? [inputs[i]] : [], inner, depth + 1));
      if (CONCATENATING.has(module.className)) {
        const parts = children.flatMap((child) => this.module(child, inputs, inner, depth + 1));
        return this.leaf(module, parts, scope, name, ['Concat']);
      }
      // Other containers (Bottle, Sequencer, decorators) run their children in turn.
      if (children.length > 0) return children.reduce((current, child) => this.module(child, current, inner, depth + 1), inputs);
      return this.leaf(module, inputs, scope, name);
    } finally {
      this.active.delete(module);
    }
  }

  /** One node for a module that holds no children (or the joining step of a concatenating container). */
  private leaf(module: T7Object, inputs: string[], scope: string[], name: string, opOverride?: [string]): string[] {
    const { domain, op } = splitClass(module.className);
    const weights: string[] = [];
    const attrs: Record<string, AttrValue> = {};
    for (const key of [...PARAMS, ...BUFFERS]) {
      const tensor = field(module, key);
      if (!isTensor(tensor)) continue;
      const ref = tensorRef(tensor, this.file);
      if (!ref) continue;
      const valueName = `${name}/${key}`;
      this.values.set(valueName, { name: valueName, type: { dtype: ref.dtype, shape: ref.shape }, initializer: ref, ...(BUFFERS.includes(key) ? { buffer: true } : {}) });
      weights.push(valueName);
    }
    const state = module.state;
    if (state && typeof state === 'object' && state.kind === 'table') {
      for (const [key, value] of state.entries) {
        if (typeof key !== 'string' || key.startsWith('_')) continue;
        if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'string') attrs[key] = value;
      }
    }
    // Linear keeps no sizes besides its weight: (outputSize, inputSize).
    const weight = field(module, 'weight');
    if (op === 'Linear' && isTensor(weight) && weight.size.length === 2) Object.assign(attrs, { outputSize: weight.size[0], inputSize: weight.size[1] });
    const outputName = name;
    const output = field(module, 'output');
    const recorded = isTensor(output) && output.size.length > 0 ? { dtype: output.dtype, shape: output.size } : undefined;
    this.values.set(outputName, { name: outputName, ...(recorded ? { type: recorded } : {}) });
    this.nodes.push({ id: `t${this.nodes.length}`, op: opOverride?.[0] ?? op, domain, name, scope, attrs, inputs: [...inputs, ...weights], outputs: [outputName] });
    return [outputName];
  }

  /** nngraph: forward nodes in topological order, each reading its parents (data.mapindex). */
  private gModule(module: T7Object, inputs: string[], scope: string[], depth: number): string[] {
    const nodes = list(field(module, 'forwardnodes'));
    const dataOf = new Map<T7Value, T7Value>();
    for (const node of nodes) dataOf.set(field(node, 'data') ?? null, node);
    const outputsOf = new Map<T7Value, string[]>();
    const pending = [...nodes];
    let progress = true;
    while (pending.length > 0 && progress) {
      progress = false;
      for (let i = 0; i < pending.length; i++) {
        const node = pending[i];
        const data = field(node, 'data');
        const parents = list(field(data, 'mapindex')).map((parent) => dataOf.get(parent));
        if (parents.some((parent) => parent === undefined || !outputsOf.has(parent))) continue;
        let reads = parents.length === 0 ? inputs : parents.flatMap((parent) => outputsOf.get(parent!)!);
        const select = numberField(data, 'selectindex');
        if (select !== undefined) reads = reads[select - 1] !== undefined ? [reads[select - 1]] : reads;
        const inner = field(data, 'module');
        outputsOf.set(node, isObject(inner) ? this.module(inner, reads, scope, depth + 1) : reads);
        pending.splice(i--, 1);
        progress = true;
      }
    }
    if (pending.length > 0) this.warnings.push(`${pending.length} nngraph node(s) whose inputs never resolve (a cycle or a missing parent): left out`);
    const last = nodes.filter((node) => outputsOf.has(node) && list(field(node, 'children')).length === 0);
    return last.flatMap((node) => outputsOf.get(node)!);
  }

  private unique(name: string): string {
    const count = this.names.get(name) ?? 0;
    this.names.set(name, count + 1);
    return count === 0 ? name : `${name}_${count}`;
  }
}

function numberField(value: T7Value | undefined, key: string): number | undefined {
  const found = field(value, key);
  return typeof found === 'number' ? found : undefined;
}
