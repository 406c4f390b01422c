// Keras model configs as Keras 2 (tf.keras, HDF5 `model_config`), Keras 3 (`config.json` in a
// .keras zip) and TF.js layers models write them, normalized into one shape: layers with their
// class, config, and the calls (inbound nodes) that connect them.
import type { Dim } from '../../ir/graph';

/** Which tensor a call reads: output `tensor` of call `node` of layer `layer` (Keras' keras_history). */
export interface KerasTensorRef {
  layer: string;
  node: number;
  tensor: number;
  /** Shape recorded with the reference (Keras 3 writes it); batch first. */
  shape?: Dim[];
}

/** One layer of a model config. */
export interface KerasLayer {
  name: string;
  className: string;
  config: Record<string, unknown>;
  /** One entry per call of the layer; each lists the tensors that call reads. */
  calls: KerasTensorRef[][];
  /** The nested model when this layer is itself a Sequential or functional model. */
  model?: KerasModelConfig;
  /** Where Keras 3 keeps this layer's variables under its parent: snake_case class name plus a counter. */
  keras3Key: string;
}

/** A Sequential or functional model config. */
export interface KerasModelConfig {
  name: string;
  className: string;
  sequential: boolean;
  layers: KerasLayer[];
  inputs: KerasTensorRef[];
  outputs: KerasTensorRef[];
  /** Input shape a Sequential model records outside its layers (build_input_shape, build_config). */
  buildInputShape?: Dim[];
}

const MODEL_CLASSES = new Set(['Sequential', 'Model', 'Functional']);

/** True when a layer entry is itself a model. */
export function isModelClass(className: string): boolean {
  return MODEL_CLASSES.has(className);
}

/** Models nested deeper than this are refused rather than walked (a hostile config could nest thousands). */
const MAX_NESTING = 64;

/** Normalizes `{class_name, config}`; throws an Error (the caller adds file context) for a config that is no model. */
export function parseModelConfig(raw: unknown, depth = 0): KerasModelConfig {
  if (depth > MAX_NESTING) throw new Error(`models nest more than ${MAX_NESTING} levels deep`);
  const entry = asRecord(raw);
  const className = String(entry.class_name ?? '');
  if (!isModelClass(className)) throw new Error(`expected a Sequential, Model or Functional config, found class_name ${JSON.stringify(entry.class_name ?? null)}`);
  // Keras 2.0-2.1 wrote a Sequential config as the bare list of layers.
  const config = Array.isArray(entry.config) ? { layers: entry.config } : asRecord(entry.config);
  const rawLayers = Array.isArray(config.layers) ? config.layers : [];
  const counters = new Map<string, number>();
  const layers = rawLayers.map((item) => parseLayer(asRecord(item), counters, depth));
  const sequential = className === 'Sequential';
  const buildConfig = asRecord(entry.build_config ?? {});
  return {
    name: String(config.name ?? entry.name ?? className.toLowerCase()),
    className,
    sequential,
    layers,
    inputs: sequential ? [] : refList(config.input_layers),
    outputs: sequential ? [] : refList(config.output_layers),
    buildInputShape: toShape(config.build_input_shape ?? buildConfig.input_shape),
  };
}

function parseLayer(entry: Record<string, unknown>, counters: Map<string, number>, depth: number): KerasLayer {
  const className = String(entry.class_name ?? 'Unknown');
  const config = asRecord(entry.config ?? {});
  const name = String(config.name ?? entry.name ?? className);
  const snake = toSnakeCase(className);
  const seen = counters.get(snake);
  counters.set(snake, seen === undefined ? 0 : seen + 1);
  const buildShape = toShape(asRecord(entry.build_config ?? {}).input_shape);
  const layerConfig = buildShape && !config.batch_input_shape && !config.batch_shape ? { ...config, build_input_shape: buildShape } : config;
  return {
    name,
    className,
    config: layerConfig,
    calls: (Array.isArray(entry.inbound_nodes) ? entry.inbound_nodes : []).map(parseCall),
    model: isModelClass(className) ? parseModelConfig(entry, depth + 1) : undefined,
    keras3Key: seen === undefined ? snake : `${snake}_${seen + 1}`,
  };
}

/** One inbound node: Keras 2 `[[layer, node, tensor, kwargs], ...]` or Keras 3 `{args, kwargs}` holding `__keras_tensor__` entries. */
function parseCall(raw: unknown): KerasTensorRef[] {
  const refs: KerasTensorRef[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      if (value.length >= 3 && typeof value[0] === 'string' && typeof value[1] === 'number' && typeof value[2] === 'number') {
        refs.push({ layer: value[0], node: value[1], tensor: value[2] });
        if (value.length > 3) visit(value[3]);
      } else value.forEach(visit);
    } else if (value && typeof value === 'object') {
      const record = value as Record<string, unknown>;
      if (record.class_name === '__keras_tensor__') {
        const config = asRecord(record.config);
        const history = Array.isArray(config.keras_history) ? config.keras_history : [];
        if (typeof history[0] === 'string') refs.push({ layer: history[0], node: Number(history[1] ?? 0), tensor: Number(history[2] ?? 0), shape: toShape(config.shape) });
      } else Object.values(record).forEach(visit);
    }
  };
  visit(raw);
  return refs;
}

function refList(raw: unknown): KerasTensorRef[] {
  const refs: KerasTensorRef[] = [];
  if (!Array.isArray(raw)) return refs;
  // A single output is sometimes written unwrapped: ['dense', 0, 0].
  const items = raw.length === 3 && typeof raw[0] === 'string' ? [raw] : raw;
  for (const item of items) if (Array.isArray(item) && typeof item[0] === 'string') refs.push({ layer: item[0], node: Number(item[1] ?? 0), tensor: Number(item[2] ?? 0) });
  return refs;
}

/** A Keras shape (None for unknown) as IR dims: a leading None is the batch, others unknown. */
export function toShape(raw: unknown): Dim[] | undefined {
  if (!Array.isArray(raw) || raw.some((dim) => dim !== null && typeof dim !== 'number')) return undefined;
  return raw.map((dim, index) => (dim === null ? (index === 0 ? 'batch' : null) : (dim as number)));
}

/** Keras' naming.to_snake_case: `Conv2D` -> `conv2d`, `BatchNormalization` -> `batch_normalization`. */
export function toSnakeCase(name: string): string {
  return name
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** The config's dtype: a plain string, or Keras 3's DTypePolicy object. */
export function configDtype(config: Record<string, unknown>): string {
  const dtype = config.dtype;
  if (typeof dtype === 'string') return dtype.replace(/^mixed_/, '');
  const policy = asRecord(asRecord(dtype).config);
  return typeof policy.name === 'string' ? policy.name.replace(/^mixed_/, '') : 'float32';
}

export function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
