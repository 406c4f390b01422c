// Turns a Keras model config (Keras 2 `model_config`, Keras 3 `config.json`) into the Keras 2 JSON shape that
// tfjs-layers' modelFromJSON reads. Keras 3 wraps objects in {module, class_name, config, registered_name},
// writes dtypes as DTypePolicy objects, InputLayer shapes as `batch_shape` and calls as {args, kwargs} holding
// `__keras_tensor__` entries; each is rewritten to its Keras 2 form. Layer classes TF.js does not implement
// (Lambda and other code-carrying layers among them) are refused by name: nothing in the config is executed.
// Initializers are replaced by Zeros (see ZEROS), so a fine-tuned model's saved config records zeros there.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-layers'; // registers the layer classes checked below

type Json = Record<string, unknown>;

const MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);
/** Keras 3 class names TF.js registers under another name. */
const RENAMED: Record<string, string> = { Functional: 'Model' };
/**
 * Every initializer becomes Zeros: the stored weights replace the initial ones anyway, so drawing them is wasted work
 * (Orthogonal runs a QR decomposition per recurrent kernel), and tfjs-layers' Orthogonal calls Tensor.flatten(), a
 * chained op that tfjs-core alone never registers ("rMat.flatten is not a function").
 */
const ZEROS = { class_name: 'Zeros', config: {} };
/** Models nested deeper than this are refused (a hostile config could nest thousands). */
const MAX_NESTING = 64;

/** A config TF.js cannot build; `layer` and `className` name the culprit. */
export class UnsupportedLayerError extends Error {
  constructor(readonly layer: string, readonly className: string, detail: string) {
    super(`layer ${JSON.stringify(layer)} (${className}): ${detail}`);
  }
}

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The registered TF.js layer classes (tfjs-layers registers each with tf.serialization at import). */
function registeredClasses(): Set<string> {
  const map = tf.serialization.SerializationMap.getMap().classNameMap as Record<string, unknown>;
  return new Set(Object.keys(map));
}

/** The Keras 2 form of a whole model config (`{class_name, config}`); throws UnsupportedLayerError or Error. */
export function kerasConfigForTfjs(raw: unknown): Json {
  if (!isRecord(raw) || !MODEL_CLASSES.has(String(raw.class_name))) {
    throw new Error(`expected a Sequential or functional model config, found class_name ${JSON.stringify(isRecord(raw) ? raw.class_name ?? null : null)}`);
  }
  return normalizeLayer(raw, registeredClasses(), 0) as Json;
}

function normalizeLayer(entry: Json, known: Set<string>, depth: number): Json {
  if (depth > MAX_NESTING) throw new Error(`models nest more than ${MAX_NESTING} levels deep`);
  const className = RENAMED[String(entry.class_name)] ?? String(entry.class_name);
  const rawConfig = entry.config;
  const name = String((isRecord(rawConfig) ? rawConfig.name : undefined) ?? entry.name ?? className);
  if (!known.has(className)) {
    const why = className === 'Lambda' ? 'Lambda layers hold Python code, which is never run here' : 'TF.js has no layer of this class';
    throw new UnsupportedLayerError(name, className, `${why}; fine-tuning needs every layer to be one TF.js implements`);
  }
  const result: Json = { class_name: className };
  if (typeof entry.name === 'string') result.name = entry.name;
  if (MODEL_CLASSES.has(String(entry.class_name))) {
    // Keras 2.0-2.1 wrote a Sequential config as the bare list of layers.
    const config = Array.isArray(rawConfig) ? { layers: rawConfig } : isRecord(rawConfig) ? rawConfig : {};
    const layers = (Array.isArray(config.layers) ? config.layers : []).map((layer) => {
      if (!isRecord(layer)) throw new Error(`model ${JSON.stringify(name)}: a layers entry is not an object`);
      return normalizeLayer(layer, known, depth + 1);
    });
    if (className === 'Sequential') foldInputLayer(layers);
    const modelConfig: Json = { name, layers };
    if (className !== 'Sequential') {
      modelConfig.input_layers = tensorRefList(config.input_layers);
      modelConfig.output_layers = tensorRefList(config.output_layers);
      shiftNestedModelNodes(layers, modelConfig);
    }
    result.config = modelConfig;
  } else {
    result.config = normalizeValue(isRecord(rawConfig) ? layerConfig(rawConfig, name, className) : {});
  }
  if (Array.isArray(entry.inbound_nodes)) result.inbound_nodes = entry.inbound_nodes.map(inboundNode);
  return result;
}

/**
 * Keras numbers a nested model's calls from 0 in its parent's config, but a model TF.js builds already has one
 * node of its own (inputs to outputs) before the parent calls it, and TF.js' fromConfig indexes nodes directly:
 * references to a nested model's calls move up by one.
 */
function shiftNestedModelNodes(layers: Json[], modelConfig: Json): void {
  const models = new Set(layers.filter((layer) => MODEL_CLASSES.has(String(layer.class_name))).map((layer) => String((layer.config as Json).name)));
  if (models.size === 0) return;
  const shift = (ref: unknown): unknown => (Array.isArray(ref) && models.has(String(ref[0])) ? [ref[0], Number(ref[1]) + 1, ...ref.slice(2)] : ref);
  for (const layer of layers) {
    if (Array.isArray(layer.inbound_nodes)) layer.inbound_nodes = layer.inbound_nodes.map((node) => (Array.isArray(node) ? node.map(shift) : node));
  }
  modelConfig.output_layers = (modelConfig.output_layers as unknown[]).map(shift);
}

/**
 * A Sequential's leading InputLayer becomes the next layer's batch_input_shape: TF.js builds a nested Sequential
 * that starts with an InputLayer as a separate graph ("Graph disconnected") when an outer model calls it.
 */
function foldInputLayer(layers: Json[]): void {
  const [first, second] = layers;
  if (first?.class_name !== 'InputLayer' || second === undefined || !isRecord(first.config) || !isRecord(second.config)) return;
  if (second.config.batch_input_shape === undefined && first.config.batch_input_shape !== undefined) {
    second.config = { ...second.config, batch_input_shape: first.config.batch_input_shape };
  }
  layers.shift();
}

/** A layer's own config, with Keras 3 names turned into Keras 2 ones and options TF.js would ignore refused. */
function layerConfig(config: Json, name: string, className: string): Json {
  const out: Json = { ...config };
  if (className === 'InputLayer' && out.batch_shape !== undefined && out.batch_input_shape === undefined) {
    out.batch_input_shape = out.batch_shape;
    delete out.batch_shape;
  }
  if (typeof out.groups === 'number' && out.groups !== 1) throw new UnsupportedLayerError(name, className, `groups=${out.groups} (grouped convolution) is not implemented by TF.js`);
  if (out.data_format === 'channels_first' && /^(Conv|Separable|Depthwise|MaxPooling|AveragePooling|Global)/.test(className)) {
    // TF.js implements channels_first only partly on its CPU and WebGPU kernels; refuse rather than train wrongly.
    throw new UnsupportedLayerError(name, className, 'data_format channels_first is not supported for fine-tuning; save the model channels_last');
  }
  if (typeof out.dtype === 'string') out.dtype = trainingDtype(out.dtype);
  for (const key of ['lora_rank', 'quantization_config']) {
    if (out[key] !== undefined && out[key] !== null) throw new UnsupportedLayerError(name, className, `${key} is a Keras 3 feature TF.js does not implement`);
    delete out[key];
  }
  return out;
}

/** TF.js layers compute in float32: half, bfloat16 and mixed-precision policies train in float32 here. */
function trainingDtype(name: unknown): string {
  const dtype = String(name ?? 'float32').replace(/^mixed_/, '');
  return /^(b?float(16|32|64))$/.test(dtype) ? 'float32' : dtype;
}

/** Keras 3 serialized objects to their Keras 2 form: DTypePolicy -> its name, {module, registered_name} dropped. */
function normalizeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeValue);
  if (!isRecord(value)) return value;
  if ((value.class_name === 'DTypePolicy' || value.class_name === 'Policy') && isRecord(value.config)) return trainingDtype(value.config.name);
  const out: Json = {};
  for (const [key, item] of Object.entries(value)) {
    if (key === 'module' || key === 'registered_name') continue;
    out[key] = key.endsWith('_initializer') && item !== null ? ZEROS : normalizeValue(item);
  }
  return out;
}

/** One call of a layer: Keras 2 `[[layer, node, tensor, kwargs], ...]` stays; Keras 3 `{args, kwargs}` is flattened. */
function inboundNode(node: unknown): unknown[] {
  if (Array.isArray(node)) return node;
  const refs: unknown[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (isRecord(value)) {
      if (value.class_name === '__keras_tensor__' && isRecord(value.config) && Array.isArray(value.config.keras_history)) {
        const [layer, index, tensor] = value.config.keras_history as unknown[];
        refs.push([String(layer), Number(index ?? 0), Number(tensor ?? 0), {}]);
      } else Object.values(value).forEach(visit);
    }
  };
  visit(isRecord(node) ? node.args : node);
  return refs;
}

/** input_layers/output_layers as a list of [layer, node, tensor]; Keras 3 writes a single one unwrapped. */
function tensorRefList(raw: unknown): unknown[] {
  if (!Array.isArray(raw)) return [];
  return raw.length === 3 && typeof raw[0] === 'string' ? [raw] : raw;
}
