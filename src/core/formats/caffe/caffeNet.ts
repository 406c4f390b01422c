// A NetParameter (from prototxt text or caffemodel binary, both as field lists) normalized into
// layers: V1 `layers` upgraded to V2 type names, layers outside the TEST phase dropped, declared
// inputs (input + input_dim / input_shape, Input layers) collected, blobs sized.
import type { BlobData } from './caffeBinary';
import { V1_TO_V2 } from './caffeSchema';
import type { ProtoMessage, ProtoValue } from './protoText';

/** One weight blob of a layer: its shape and, from a caffemodel, where its values are. */
export interface CaffeBlob {
  shape: number[];
  data?: BlobData;
}

/** One layer of the net, as Caffe would instantiate it for inference. */
export interface CaffeLayer {
  name: string;
  type: string;
  bottoms: string[];
  tops: string[];
  /** The layer's *_param message (the one its type reads), or empty. */
  params: ProtoMessage;
  /** Every *_param message by field name (a Convolution may still carry others). */
  allParams: Record<string, ProtoMessage>;
  blobs: CaffeBlob[];
}

/** A declared network input. */
export interface CaffeInput {
  name: string;
  shape?: number[];
}

/** A normalized net. */
export interface CaffeNet {
  name?: string;
  inputs: CaffeInput[];
  layers: CaffeLayer[];
  /** V1 or V2 layer fields. */
  layerFormat: 'V1' | 'V2' | 'none';
  /** Layers left out because their include/exclude rules keep them out of the TEST phase. */
  skipped: string[];
}

/** The param message each type reads (Caffe's LayerParameter field names). */
const PARAM_OF: Record<string, string> = {
  Convolution: 'convolution_param', Deconvolution: 'convolution_param', Pooling: 'pooling_param', InnerProduct: 'inner_product_param',
  Concat: 'concat_param', Eltwise: 'eltwise_param', LRN: 'lrn_param', Dropout: 'dropout_param', BatchNorm: 'batch_norm_param', Scale: 'scale_param',
  Bias: 'bias_param', Flatten: 'flatten_param', Reshape: 'reshape_param', Input: 'input_param', Softmax: 'softmax_param', PReLU: 'prelu_param',
  ReLU: 'relu_param', Slice: 'slice_param', Embed: 'embed_param', Crop: 'crop_param', ArgMax: 'argmax_param', MemoryData: 'memory_data_param',
};

/** Values of a field as messages (non-messages dropped). */
export function messages(message: ProtoMessage | undefined, field: string): ProtoMessage[] {
  return (message?.[field] ?? []).filter((value): value is ProtoMessage => typeof value === 'object' && value !== null);
}

/** Numeric values of a field. */
export function numbers(message: ProtoMessage | undefined, field: string): number[] {
  return (message?.[field] ?? []).filter((value): value is number => typeof value === 'number');
}

/** The last value of a scalar field (protobuf: the last one written wins), or undefined. */
export function scalar(message: ProtoMessage | undefined, field: string): ProtoValue | undefined {
  const values = message?.[field];
  return values && values.length > 0 ? values[values.length - 1] : undefined;
}

export function strings(message: ProtoMessage | undefined, field: string): string[] {
  return (message?.[field] ?? []).filter((value): value is string => typeof value === 'string');
}

/** Normalizes a decoded NetParameter. */
export function caffeNet(net: ProtoMessage, options: { allPhases?: boolean } = {}): CaffeNet {
  const v2 = messages(net, 'layer');
  const v1 = messages(net, 'layers');
  const skipped: string[] = [];
  const inputs: CaffeInput[] = [];
  const names = strings(net, 'input');
  const shapes = messages(net, 'input_shape').map((shape) => numbers(shape, 'dim'));
  const dims = numbers(net, 'input_dim');
  names.forEach((name, index) => {
    const shape = shapes[index] ?? (dims.length >= 4 * (index + 1) ? dims.slice(4 * index, 4 * index + 4) : undefined);
    inputs.push({ name, shape });
  });
  const layers: CaffeLayer[] = [];
  for (const raw of [...v1, ...v2]) {
    const layer = toLayer(raw, v1.includes(raw));
    if (!options.allPhases && !inTestPhase(raw)) {
      skipped.push(layer.name);
      continue;
    }
    if (layer.type === 'Input') {
      const shapes = messages(layer.params, 'shape');
      layer.tops.forEach((top, index) => inputs.push({ name: top, shape: numbers(shapes[Math.min(index, shapes.length - 1)], 'dim') }));
      continue;
    }
    layers.push(layer);
  }
  return { name: typeof scalar(net, 'name') === 'string' ? (scalar(net, 'name') as string) : undefined, inputs, layers, layerFormat: v2.length > 0 ? 'V2' : v1.length > 0 ? 'V1' : 'none', skipped };
}

function toLayer(raw: ProtoMessage, v1: boolean): CaffeLayer {
  const rawType = scalar(raw, 'type');
  const typeName = rawType === undefined ? '' : String(rawType);
  const type = v1 ? (V1_TO_V2[typeName] ?? typeName) : typeName;
  const allParams: Record<string, ProtoMessage> = {};
  for (const [field, values] of Object.entries(raw)) {
    const last = values[values.length - 1];
    if (field.endsWith('_param') && typeof last === 'object') allParams[field] = last;
  }
  const name = typeof scalar(raw, 'name') === 'string' ? (scalar(raw, 'name') as string) : '';
  return {
    name,
    type,
    bottoms: strings(raw, 'bottom'),
    tops: strings(raw, 'top'),
    params: allParams[PARAM_OF[type] ?? ''] ?? (Object.create(null) as ProtoMessage),
    allParams,
    blobs: messages(raw, 'blobs').map(toBlob),
  };
}

/** A BlobProto's shape: BlobShape dims, else the legacy 4-D num/channels/height/width. */
function toBlob(blob: ProtoMessage): CaffeBlob {
  const data = messages(blob, 'data')[0] as unknown as BlobData | undefined;
  const shape = messages(blob, 'shape')[0];
  if (shape) return { shape: numbers(shape, 'dim'), data };
  const legacy = ['num', 'channels', 'height', 'width'].map((field) => Number(scalar(blob, field) ?? 0));
  // Old files write 1x1xNxM for a matrix and 1x1x1xN for a vector; an empty legacy shape with data is a vector.
  if (legacy.every((dim) => dim === 0)) return { shape: data && data.count > 0 ? [data.count] : [], data };
  return { shape: legacy, data };
}

/**
 * Caffe's Net::StateMeetsRule for the TEST phase (deploy): a layer with include rules needs one whose
 * phase is TEST or unset; a layer with exclude rules must match none. Stage and level rules are ignored.
 */
function inTestPhase(raw: ProtoMessage): boolean {
  const phaseOf = (rule: ProtoMessage) => scalar(rule, 'phase');
  const matches = (rule: ProtoMessage) => {
    const phase = phaseOf(rule);
    return phase === undefined || phase === 'TEST' || phase === 1;
  };
  const include = messages(raw, 'include');
  const exclude = messages(raw, 'exclude');
  if (include.length > 0) return include.some(matches);
  return !exclude.some(matches);
}
