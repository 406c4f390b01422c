// The part of caffe.proto (BVLC/caffe src/caffe/proto/caffe.proto) the reader needs, by field
// number: NetParameter, LayerParameter (V2, field 100), V1LayerParameter (field 2), BlobProto and
// the *_param messages that decide shapes. Fields not listed here are skipped.

/** How one field is decoded; `message` fields decode with their own schema. */
export interface FieldSpec {
  name: string;
  kind: 'string' | 'int' | 'float' | 'double' | 'bool' | 'enum' | 'message' | 'blob';
  enumNames?: readonly string[];
  message?: Schema;
}

/** Field number -> how to decode it. */
export type Schema = Readonly<Record<number, FieldSpec>>;

const int = (name: string): FieldSpec => ({ name, kind: 'int' });
const float = (name: string): FieldSpec => ({ name, kind: 'float' });
const bool = (name: string): FieldSpec => ({ name, kind: 'bool' });
const message = (name: string, schema: Schema): FieldSpec => ({ name, kind: 'message', message: schema });
const enumOf = (name: string, names: readonly string[]): FieldSpec => ({ name, kind: 'enum', enumNames: names });

const blobShape: Schema = { 1: int('dim') };
const stateRule: Schema = { 1: enumOf('phase', ['TRAIN', 'TEST']), 4: { name: 'stage', kind: 'string' } };

const convolution: Schema = {
  1: int('num_output'), 2: bool('bias_term'), 3: int('pad'), 4: int('kernel_size'), 5: int('group'), 6: int('stride'),
  9: int('pad_h'), 10: int('pad_w'), 11: int('kernel_h'), 12: int('kernel_w'), 13: int('stride_h'), 14: int('stride_w'),
  16: int('axis'), 18: int('dilation'),
};
const pooling: Schema = {
  1: enumOf('pool', ['MAX', 'AVE', 'STOCHASTIC']), 2: int('kernel_size'), 3: int('stride'), 4: int('pad'), 5: int('kernel_h'), 6: int('kernel_w'),
  7: int('stride_h'), 8: int('stride_w'), 9: int('pad_h'), 10: int('pad_w'), 12: bool('global_pooling'),
  // Not in BVLC master; OpenCV's and several forks' caffe.proto carry it.
  13: enumOf('round_mode', ['CEIL', 'FLOOR']),
};
const innerProduct: Schema = { 1: int('num_output'), 2: bool('bias_term'), 5: int('axis'), 6: bool('transpose') };
const concat: Schema = { 1: int('concat_dim'), 2: int('axis') };
const eltwise: Schema = { 1: enumOf('operation', ['PROD', 'SUM', 'MAX']), 2: float('coeff') };
const lrn: Schema = { 1: int('local_size'), 2: float('alpha'), 3: float('beta'), 4: enumOf('norm_region', ['ACROSS_CHANNELS', 'WITHIN_CHANNEL']), 5: float('k') };
const dropout: Schema = { 1: float('dropout_ratio') };
const batchNorm: Schema = { 1: bool('use_global_stats'), 2: float('moving_average_fraction'), 3: float('eps') };
const scale: Schema = { 1: int('axis'), 2: int('num_axes'), 4: bool('bias_term') };
const bias: Schema = { 1: int('axis'), 2: int('num_axes') };
const flatten: Schema = { 1: int('axis'), 2: int('end_axis') };
const reshape: Schema = { 1: message('shape', blobShape), 2: int('axis'), 3: int('num_axes') };
const input: Schema = { 1: message('shape', blobShape) };
const softmax: Schema = { 2: int('axis') };
const prelu: Schema = { 2: bool('channel_shared') };
const relu: Schema = { 1: float('negative_slope') };
const slice: Schema = { 1: int('slice_dim'), 2: int('slice_point'), 3: int('axis') };
const embed: Schema = { 1: int('num_output'), 2: int('input_dim'), 3: bool('bias_term') };
const crop: Schema = { 1: int('axis'), 2: int('offset') };
const argmax: Schema = { 1: bool('out_max_val'), 2: int('top_k'), 3: int('axis') };
const memoryData: Schema = { 1: int('batch_size'), 2: int('channels'), 3: int('height'), 4: int('width') };

/** BVLC LayerParameter (the `layer` field of NetParameter). */
export const layerSchema: Schema = {
  1: { name: 'name', kind: 'string' }, 2: { name: 'type', kind: 'string' }, 3: { name: 'bottom', kind: 'string' }, 4: { name: 'top', kind: 'string' },
  7: { name: 'blobs', kind: 'blob' }, 8: message('include', stateRule), 9: message('exclude', stateRule),
  103: message('argmax_param', argmax), 104: message('concat_param', concat), 106: message('convolution_param', convolution), 108: message('dropout_param', dropout),
  110: message('eltwise_param', eltwise), 117: message('inner_product_param', innerProduct), 118: message('lrn_param', lrn), 119: message('memory_data_param', memoryData),
  121: message('pooling_param', pooling), 123: message('relu_param', relu), 125: message('softmax_param', softmax), 126: message('slice_param', slice),
  131: message('prelu_param', prelu), 133: message('reshape_param', reshape), 135: message('flatten_param', flatten), 137: message('embed_param', embed),
  139: message('batch_norm_param', batchNorm), 141: message('bias_param', bias), 142: message('scale_param', scale), 143: message('input_param', input),
  144: message('crop_param', crop),
};

/** V1LayerParameter's LayerType enum, by number (caffe.proto keeps the numbers stable). */
export const V1_TYPES: Readonly<Record<number, string>> = {
  0: 'NONE', 1: 'ACCURACY', 2: 'BNLL', 3: 'CONCAT', 4: 'CONVOLUTION', 5: 'DATA', 6: 'DROPOUT', 7: 'EUCLIDEAN_LOSS', 8: 'FLATTEN', 9: 'HDF5_DATA',
  10: 'HDF5_OUTPUT', 11: 'IM2COL', 12: 'IMAGE_DATA', 13: 'INFOGAIN_LOSS', 14: 'INNER_PRODUCT', 15: 'LRN', 16: 'MULTINOMIAL_LOGISTIC_LOSS', 17: 'POOLING',
  18: 'RELU', 19: 'SIGMOID', 20: 'SOFTMAX', 21: 'SOFTMAX_LOSS', 22: 'SPLIT', 23: 'TANH', 24: 'WINDOW_DATA', 25: 'ELTWISE', 26: 'POWER',
  27: 'SIGMOID_CROSS_ENTROPY_LOSS', 28: 'HINGE_LOSS', 29: 'MEMORY_DATA', 30: 'ARGMAX', 31: 'THRESHOLD', 32: 'DUMMY_DATA', 33: 'SLICE', 34: 'MVN',
  35: 'ABSVAL', 36: 'SILENCE', 37: 'CONTRASTIVE_LOSS', 38: 'EXP', 39: 'DECONVOLUTION',
};

/** The V2 type string of each V1 enum name (caffe's UpgradeV1LayerType). */
export const V1_TO_V2: Readonly<Record<string, string>> = {
  ACCURACY: 'Accuracy', BNLL: 'BNLL', CONCAT: 'Concat', CONVOLUTION: 'Convolution', DATA: 'Data', DROPOUT: 'Dropout', EUCLIDEAN_LOSS: 'EuclideanLoss',
  FLATTEN: 'Flatten', HDF5_DATA: 'HDF5Data', HDF5_OUTPUT: 'HDF5Output', IM2COL: 'Im2col', IMAGE_DATA: 'ImageData', INFOGAIN_LOSS: 'InfogainLoss',
  INNER_PRODUCT: 'InnerProduct', LRN: 'LRN', MULTINOMIAL_LOGISTIC_LOSS: 'MultinomialLogisticLoss', POOLING: 'Pooling', RELU: 'ReLU', SIGMOID: 'Sigmoid',
  SOFTMAX: 'Softmax', SOFTMAX_LOSS: 'SoftmaxWithLoss', SPLIT: 'Split', TANH: 'TanH', WINDOW_DATA: 'WindowData', ELTWISE: 'Eltwise', POWER: 'Power',
  SIGMOID_CROSS_ENTROPY_LOSS: 'SigmoidCrossEntropyLoss', HINGE_LOSS: 'HingeLoss', MEMORY_DATA: 'MemoryData', ARGMAX: 'ArgMax', THRESHOLD: 'Threshold',
  DUMMY_DATA: 'DummyData', SLICE: 'Slice', MVN: 'MVN', ABSVAL: 'AbsVal', SILENCE: 'Silence', CONTRASTIVE_LOSS: 'ContrastiveLoss', EXP: 'Exp',
  DECONVOLUTION: 'Deconvolution',
};

/** V1LayerParameter (the deprecated `layers` field): same *_param messages under other numbers. */
export const v1LayerSchema: Schema = {
  2: { name: 'bottom', kind: 'string' }, 3: { name: 'top', kind: 'string' }, 4: { name: 'name', kind: 'string' },
  5: enumOf('type', Array.from({ length: 40 }, (_, i) => V1_TYPES[i] ?? String(i))), 6: { name: 'blobs', kind: 'blob' },
  9: message('concat_param', concat), 10: message('convolution_param', convolution), 12: message('dropout_param', dropout), 17: message('inner_product_param', innerProduct),
  18: message('lrn_param', lrn), 19: message('pooling_param', pooling), 22: message('memory_data_param', memoryData), 23: message('argmax_param', argmax),
  24: message('eltwise_param', eltwise), 30: message('relu_param', relu), 31: message('slice_param', slice), 32: message('include', stateRule),
  33: message('exclude', stateRule), 39: message('softmax_param', softmax),
};

/** NetParameter. */
export const netSchema: Schema = {
  1: { name: 'name', kind: 'string' }, 2: message('layers', v1LayerSchema), 3: { name: 'input', kind: 'string' }, 4: int('input_dim'),
  8: message('input_shape', blobShape), 100: message('layer', layerSchema),
};
