// Keras model configs to the graph IR: one node per layer call, nested models inlined under
// their name as a scope, weights attached to the layer that owns them. Shared by Keras HDF5,
// Keras 3 archives and TF.js layers models; weights come from a KerasWeightSource.
import type { Dim, Graph, Node, TensorRef, Value } from '../../ir/graph';
import { configDtype, toShape, type KerasLayer, type KerasModelConfig, type KerasTensorRef } from './kerasLayers';

/** One stored weight of a layer. */
export interface KerasWeight {
  /** Name relative to its layer, e.g. `kernel:0` or `forward_lstm/kernel:0`. */
  name: string;
  ref: TensorRef;
  trainable?: boolean;
}

/** Finds the weights of a layer given its chain of enclosing layers (outermost first). */
export interface KerasWeightSource {
  weightsFor(path: KerasLayer[]): KerasWeight[];
  /** Weights no layer claimed (names that match no layer); shown on one extra node so none is lost. */
  unclaimed(): KerasWeight[];
}

/** Builds the IR graph of a Keras model config. */
export function kerasGraph(model: KerasModelConfig, weights: KerasWeightSource): Graph {
  const builder = new KerasGraphBuilder(weights);
  const inputs = builder.modelInputs(model);
  const outputs = builder.model(model, [], [], inputs.map((input) => input.name));
  const rest = weights.unclaimed();
  if (rest.length > 0) builder.weightNode('unassigned_weights', 'Weights', [], rest);
  return { name: model.name, nodes: builder.nodes, values: builder.values, inputs: inputs.map((input) => input.name), outputs };
}

class KerasGraphBuilder {
  readonly nodes: Node[] = [];
  readonly values = new Map<string, Value>();

  constructor(private readonly weights: KerasWeightSource) {}

  /** Graph inputs of the outermost model, with the shapes its config records. */
  modelInputs(model: KerasModelConfig): Value[] {
    const inputs: Value[] = [];
    if (model.sequential) {
      const first = model.layers[0];
      if (!first) return inputs;
      const name = first.className === 'InputLayer' ? first.name : `${first.name}_input`;
      inputs.push(this.value(name, first.config, inputShape(first.config) ?? model.buildInputShape));
    } else {
      for (const ref of model.inputs) {
        const layer = model.layers.find((item) => item.name === ref.layer);
        inputs.push(this.value(ref.layer, layer?.config ?? {}, layer && inputShape(layer.config)));
      }
    }
    return inputs;
  }

  /** Adds a model's layers under `scope`, reading `inputNames`; returns the names of its outputs. */
  model(model: KerasModelConfig, scope: string[], enclosing: KerasLayer[], inputNames: string[]): string[] {
    const prefix = scope.length > 0 ? `${scope.join('/')}/` : '';
    if (model.sequential) {
      let current = inputNames;
      for (const layer of model.layers) {
        if (layer.className === 'InputLayer') continue;
        current = this.layerCall(layer, 0, scope, enclosing, current, `${prefix}${layer.name}`);
      }
      return current;
    }
    // Functional: map each (layer, call, tensor) to a value name, calling layers in config order
    // (Keras writes layers topologically); input layers are bound to the caller's inputs.
    const produced = new Map<string, string>();
    const key = (ref: KerasTensorRef): string => `${ref.layer}:${ref.node}:${ref.tensor}`;
    model.inputs.forEach((ref, index) => produced.set(key(ref), inputNames[index] ?? `${prefix}${ref.layer}`));
    for (const layer of model.layers) {
      if (layer.className === 'InputLayer') {
        if (!produced.has(`${layer.name}:0:0`)) produced.set(`${layer.name}:0:0`, `${prefix}${layer.name}`);
        continue;
      }
      layer.calls.forEach((call, callIndex) => {
        const reads = call.map((ref) => produced.get(key(ref)) ?? `${prefix}${ref.layer}`);
        call.forEach((ref, index) => {
          const value = this.values.get(reads[index]);
          if (ref.shape && value && !value.type?.shape) value.type = { dtype: value.type?.dtype ?? 'float32', shape: ref.shape };
        });
        const base = `${prefix}${layer.name}${callIndex > 0 ? `:${callIndex}` : ''}`;
        const outputs = this.layerCall(layer, callIndex, scope, enclosing, reads, base, outputCount(model, layer.name, callIndex));
        outputs.forEach((output, tensor) => produced.set(`${layer.name}:${callIndex}:${tensor}`, output));
      });
    }
    return model.outputs.map((ref) => produced.get(key(ref)) ?? `${prefix}${ref.layer}`);
  }

  /** One call of a layer: a nested model is inlined, any other layer becomes a node. */
  private layerCall(layer: KerasLayer, callIndex: number, scope: string[], enclosing: KerasLayer[], inputs: string[], base: string, outputs = 1): string[] {
    for (const input of inputs) if (!this.values.has(input)) this.values.set(input, { name: input });
    if (layer.model) {
      const innerScope = [...scope, callIndex > 0 ? `${layer.name}:${callIndex}` : layer.name];
      return this.model(layer.model, innerScope, [...enclosing, layer], inputs);
    }
    const names = Array.from({ length: outputs }, (_, index) => (index === 0 ? base : `${base}:${index}`));
    for (const name of names) this.values.set(name, { name });
    // Weights belong to the layer, not the call: a shared layer's second call reads the same values.
    const weights = callIndex === 0 ? this.attachWeights(layer, scope, enclosing) : this.weightNamesOf(layer, scope);
    this.nodes.push({ id: `k${this.nodes.length}`, op: layer.className, domain: 'keras', name: base, scope, attrs: layerAttrs(layer), inputs: [...inputs, ...weights], outputs: names });
    return names;
  }

  private readonly weightNames = new Map<string, string[]>();

  private attachWeights(layer: KerasLayer, scope: string[], enclosing: KerasLayer[]): string[] {
    const names = this.addWeights([...scope, layer.name], this.weights.weightsFor([...enclosing, layer]));
    this.weightNames.set([...scope, layer.name].join('/'), names);
    return names;
  }

  private weightNamesOf(layer: KerasLayer, scope: string[]): string[] {
    return this.weightNames.get([...scope, layer.name].join('/')) ?? [];
  }

  private addWeights(path: string[], weights: KerasWeight[]): string[] {
    return weights.map((weight) => {
      const name = [...path, weight.name].join('/');
      this.values.set(name, { name, type: { dtype: weight.ref.dtype, shape: weight.ref.shape }, initializer: weight.ref, trainable: weight.trainable });
      return name;
    });
  }

  /** A node that only holds weights (weights the config does not place). */
  weightNode(name: string, op: string, scope: string[], weights: KerasWeight[]): void {
    const inputs = this.addWeights([...scope, name], weights);
    this.nodes.push({ id: `k${this.nodes.length}`, op, domain: 'keras', name, scope, attrs: {}, inputs, outputs: [] });
  }

  private value(name: string, config: Record<string, unknown>, shape: Dim[] | undefined): Value {
    const value: Value = { name, type: { dtype: configDtype(config), ...(shape ? { shape } : {}) } };
    this.values.set(name, value);
    return value;
  }
}

/** The input shape an InputLayer or first Sequential layer records. */
function inputShape(config: Record<string, unknown>): Dim[] | undefined {
  return toShape(config.batch_input_shape ?? config.batch_shape ?? config.build_input_shape) ??
    (Array.isArray(config.input_shape) ? toShape([null, ...config.input_shape]) : undefined);
}

/** How many outputs a call has: one more than the highest tensor index anything reads. */
function outputCount(model: KerasModelConfig, layer: string, call: number): number {
  let highest = 0;
  const visit = (ref: KerasTensorRef) => {
    if (ref.layer === layer && ref.node === call) highest = Math.max(highest, ref.tensor);
  };
  model.layers.forEach((item) => item.calls.forEach((refs) => refs.forEach(visit)));
  model.outputs.forEach(visit);
  return highest + 1;
}

/** The layer config as node attributes, minus bookkeeping that says nothing about the op. */
function layerAttrs(layer: KerasLayer): Node['attrs'] {
  const attrs: Node['attrs'] = {};
  for (const [key, value] of Object.entries(layer.config)) {
    if (key === 'name' || value === undefined) continue;
    attrs[key] = value as Node['attrs'][string];
  }
  return attrs;
}
