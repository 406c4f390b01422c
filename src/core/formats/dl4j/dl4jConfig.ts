// DL4J's configuration.json: a MultiLayerConfiguration (`confs[].layer`) or a
// ComputationGraphConfiguration (`vertices`, `vertexInputs`, `networkInputs/Outputs`). Layers come
// wrapped by type name (`{"dense": {...}}`, DL4J before 1.0) or tagged with `@class`. Each layer's
// parameters are sized as DL4J's ParamInitializers lay them out in the flattened coefficients.

/** One parameter of a layer, in the order it sits in the flattened vector. */
export interface Dl4jParam {
  name: string;
  shape: number[];
}

/** A layer (or a parameterless vertex) of the network. */
export interface Dl4jLayer {
  name: string;
  /** Canonical class name: DenseLayer, OutputLayer, ConvolutionLayer, LSTM, ... */
  type: string;
  inputs: string[];
  config: Record<string, unknown>;
  /** Undefined when the layer type's parameters are unknown here. */
  params?: Dl4jParam[];
  activation?: string;
}

/** The parsed configuration. */
export interface Dl4jNetwork {
  kind: 'MultiLayerNetwork' | 'ComputationGraph';
  inputs: string[];
  outputs: string[];
  /** In the order of their parameters in coefficients.bin. */
  layers: Dl4jLayer[];
}

const record = (value: unknown): Record<string, unknown> => (value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {});

/** Wrapper keys (Jackson WRAPPER_OBJECT names of DL4J 0.x) and their classes. */
const WRAPPERS: Record<string, string> = {
  dense: 'DenseLayer', output: 'OutputLayer', rnnoutput: 'RnnOutputLayer', loss: 'LossLayer', convolution: 'ConvolutionLayer', convolution1d: 'Convolution1DLayer',
  subsampling: 'SubsamplingLayer', subsampling1d: 'Subsampling1DLayer', batchNormalization: 'BatchNormalization', gravesLSTM: 'GravesLSTM', LSTM: 'LSTM',
  gravesBidirectionalLSTM: 'GravesBidirectionalLSTM', embedding: 'EmbeddingLayer', activation: 'ActivationLayer', dropout: 'DropoutLayer',
  GlobalPooling: 'GlobalPoolingLayer', localResponseNormalization: 'LocalResponseNormalization', zeroPadding: 'ZeroPaddingLayer', autoEncoder: 'AutoEncoder',
  rbm: 'RBM', centerLossOutputLayer: 'CenterLossOutputLayer', VariationalAutoencoder: 'VariationalAutoencoder',
};

const num = (config: Record<string, unknown>, ...keys: string[]): number | undefined => {
  for (const key of keys) if (typeof config[key] === 'number') return config[key] as number;
  return undefined;
};
const pair = (value: unknown, fallback: number): number[] => (Array.isArray(value) ? value.map((item) => (typeof item === 'number' ? item : fallback)) : [fallback, fallback]);

/** The class and config of a serialized layer, either style. */
export function unwrapLayer(raw: unknown): { type: string; config: Record<string, unknown> } | undefined {
  const layer = record(raw);
  if (typeof layer['@class'] === 'string') return { type: (layer['@class'] as string).split('.').pop()!, config: layer };
  const keys = Object.keys(layer);
  if (keys.length === 1 && typeof layer[keys[0]] === 'object') return { type: WRAPPERS[keys[0]] ?? keys[0], config: record(layer[keys[0]]) };
  return undefined;
}

/** Activation name from `activationFn` ({"TanH": {}} or {"@class": "...ActivationReLU"}) or the older `activationFunction`. */
function activation(config: Record<string, unknown>): string | undefined {
  const fn = record(config.activationFn);
  if (typeof fn['@class'] === 'string') return (fn['@class'] as string).split('.').pop()!.replace(/^Activation/, '');
  const keys = Object.keys(fn);
  if (keys.length === 1) return keys[0];
  return typeof config.activationFunction === 'string' ? config.activationFunction : undefined;
}

/** Parameters of a layer as DL4J's ParamInitializer orders them; undefined for an unknown type. */
export function layerParams(type: string, config: Record<string, unknown>): Dl4jParam[] | undefined {
  const nIn = num(config, 'nIn', 'nin') ?? 0;
  const nOut = num(config, 'nOut', 'nout') ?? 0;
  const bias = config.hasBias !== false;
  switch (type) {
    case 'DenseLayer':
    case 'OutputLayer':
    case 'RnnOutputLayer':
    case 'EmbeddingLayer':
    case 'EmbeddingSequenceLayer':
    case 'AutoEncoder':
      return [{ name: 'W', shape: [nIn, nOut] }, ...(bias ? [{ name: 'b', shape: [1, nOut] }] : [])];
    case 'CenterLossOutputLayer':
      return [{ name: 'W', shape: [nIn, nOut] }, { name: 'b', shape: [1, nOut] }, { name: 'cL', shape: [nOut, nIn] }];
    case 'LSTM':
      return [{ name: 'W', shape: [nIn, 4 * nOut] }, { name: 'RW', shape: [nOut, 4 * nOut] }, { name: 'b', shape: [1, 4 * nOut] }];
    case 'GravesLSTM':
      // Three peephole columns ride on the recurrent weights.
      return [{ name: 'W', shape: [nIn, 4 * nOut] }, { name: 'RW', shape: [nOut, 4 * nOut + 3] }, { name: 'b', shape: [1, 4 * nOut] }];
    case 'GravesBidirectionalLSTM':
      return ['F', 'B'].flatMap((side) => [{ name: `W${side}`, shape: [nIn, 4 * nOut] }, { name: `RW${side}`, shape: [nOut, 4 * nOut + 3] }, { name: `b${side}`, shape: [1, 4 * nOut] }]);
    case 'SimpleRnn':
      return [{ name: 'W', shape: [nIn, nOut] }, { name: 'RW', shape: [nOut, nOut] }, { name: 'b', shape: [1, nOut] }];
    case 'ConvolutionLayer':
    case 'Convolution1DLayer':
    case 'Deconvolution2D': {
      const kernel = type === 'Convolution1DLayer' ? [pair(config.kernelSize, 1)[0], 1] : pair(config.kernelSize, 1);
      const weight = type === 'Deconvolution2D' ? [nIn, nOut, ...kernel] : [nOut, nIn, ...kernel];
      // ConvolutionParamInitializer puts the bias first.
      return [...(bias ? [{ name: 'b', shape: [1, nOut] }] : []), { name: 'W', shape: weight }];
    }
    case 'BatchNormalization': {
      const lock = config.lockGammaBeta === true;
      return [...(lock ? [] : [{ name: 'gamma', shape: [1, nOut] }, { name: 'beta', shape: [1, nOut] }]), { name: 'mean', shape: [1, nOut] }, { name: 'var', shape: [1, nOut] }];
    }
    case 'SubsamplingLayer':
    case 'Subsampling1DLayer':
    case 'ActivationLayer':
    case 'DropoutLayer':
    case 'GlobalPoolingLayer':
    case 'LocalResponseNormalization':
    case 'ZeroPaddingLayer':
    case 'ZeroPadding1DLayer':
    case 'Upsampling2D':
    case 'LossLayer':
    case 'CnnLossLayer':
    case 'RnnLossLayer':
      return [];
    default:
      return undefined;
  }
}

function toLayer(name: string, raw: unknown, inputs: string[]): Dl4jLayer {
  const unwrapped = unwrapLayer(raw) ?? { type: 'Unknown', config: {} };
  return { name, type: unwrapped.type, inputs, config: unwrapped.config, params: layerParams(unwrapped.type, unwrapped.config), activation: activation(unwrapped.config) };
}

/** Parses configuration.json; throws Error with a reason when it is neither network kind. */
export function parseDl4jConfig(json: unknown): Dl4jNetwork {
  const config = record(json);
  if (Array.isArray(config.confs)) {
    const layers: Dl4jLayer[] = [];
    config.confs.forEach((conf, index) => {
      const layer = record(conf).layer;
      const named = unwrapLayer(layer);
      const name = typeof named?.config.layerName === 'string' ? (named.config.layerName as string) : `layer${index}`;
      layers.push(toLayer(name, layer, [index === 0 ? 'input' : layers[index - 1].name]));
    });
    return { kind: 'MultiLayerNetwork', inputs: ['input'], outputs: layers.length > 0 ? [layers[layers.length - 1].name] : [], layers };
  }
  if (config.vertices && typeof config.vertices === 'object') {
    const vertices = record(config.vertices);
    const vertexInputs = record(config.vertexInputs);
    const inputs = Array.isArray(config.networkInputs) ? config.networkInputs.map(String) : [];
    const outputs = Array.isArray(config.networkOutputs) ? config.networkOutputs.map(String) : [];
    const layers = Object.entries(vertices).map(([name, raw]) => {
      const reads = Array.isArray(vertexInputs[name]) ? (vertexInputs[name] as unknown[]).map(String) : [];
      const vertex = record(raw);
      // {"LayerVertex": {"layerConf": {...}}} or {"@class": "...LayerVertex", "layerConf": {...}}
      const wrapped = typeof vertex['@class'] === 'string' ? { type: (vertex['@class'] as string).split('.').pop()!, body: vertex } : (() => {
        const key = Object.keys(vertex)[0] ?? 'Unknown';
        return { type: key, body: record(vertex[key]) };
      })();
      if (wrapped.type === 'LayerVertex') return toLayer(name, record(wrapped.body.layerConf).layer, reads);
      return { name, type: wrapped.type, inputs: reads, config: wrapped.body, params: [] } satisfies Dl4jLayer;
    });
    return { kind: 'ComputationGraph', inputs, outputs, layers: topological(layers, inputs) };
  }
  throw new Error('expected confs (MultiLayerNetwork) or vertices (ComputationGraph)');
}

/** ComputationGraph flattens parameters in topological order of its vertices (ties in the file's order). */
function topological(layers: Dl4jLayer[], inputs: string[]): Dl4jLayer[] {
  const done = new Set(inputs);
  const ordered: Dl4jLayer[] = [];
  const pending = [...layers];
  while (pending.length > 0) {
    const index = pending.findIndex((layer) => layer.inputs.every((input) => done.has(input)));
    if (index < 0) {
      ordered.push(...pending);
      break;
    }
    const [layer] = pending.splice(index, 1);
    ordered.push(layer);
    done.add(layer.name);
  }
  return ordered;
}

/** Elements of a layer's parameters (undefined when its type is unknown). */
export function paramCount(layer: Dl4jLayer): number | undefined {
  return layer.params?.reduce((sum, param) => sum + param.shape.reduce((a, b) => a * b, 1), 0);
}
