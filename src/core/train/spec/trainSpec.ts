// The training spec (`*.train.json`) after readTrainSpec: validated against schemas/train.schema.json, defaults
// filled, paths absolute, shorthands expanded (optimizer 'adam' -> { type: 'adam', ... }, shuffle true -> {}).
// The schema is the source of truth for the fields; each interface names its schema location with @schema, and
// trainSpecSchema.unit.test.ts checks that both list the same properties.

/** TF.js activation identifiers (Keras names in camelCase). */
export type Activation = 'elu' | 'hardSigmoid' | 'linear' | 'relu' | 'relu6' | 'selu' | 'sigmoid' | 'softmax' | 'softplus' | 'softsign' | 'tanh' | 'swish' | 'mish' | 'gelu';
/** One integer for both axes, or [height, width]. */
export type Size2 = number | [number, number];
export type Padding = 'valid' | 'same';

/** @schema #/definitions/Dense */
export interface DenseLayer { type: 'Dense'; name?: string; units: number; activation: Activation; useBias: boolean }
/** @schema #/definitions/Conv2D */
export interface Conv2DLayer { type: 'Conv2D'; name?: string; filters: number; kernelSize: Size2; strides: Size2; padding: Padding; activation: Activation; useBias: boolean }
/** @schema #/definitions/MaxPooling2D */
export interface MaxPooling2DLayer { type: 'MaxPooling2D'; name?: string; poolSize: Size2; strides?: Size2; padding: Padding }
/** @schema #/definitions/AveragePooling2D */
export interface AveragePooling2DLayer { type: 'AveragePooling2D'; name?: string; poolSize: Size2; strides?: Size2; padding: Padding }
/** @schema #/definitions/Flatten */
export interface FlattenLayer { type: 'Flatten'; name?: string }
/** @schema #/definitions/Dropout */
export interface DropoutLayer { type: 'Dropout'; name?: string; rate: number }
/** @schema #/definitions/BatchNormalization */
export interface BatchNormalizationLayer { type: 'BatchNormalization'; name?: string; axis: number; momentum: number; epsilon: number }
/** Fields shared by LSTM, GRU and SimpleRNN. */
interface RecurrentFields { name?: string; units: number; activation: Activation; returnSequences: boolean; dropout: number; recurrentDropout: number }
/** @schema #/definitions/LSTM */
export interface LSTMLayer extends RecurrentFields { type: 'LSTM' }
/** @schema #/definitions/GRU */
export interface GRULayer extends RecurrentFields { type: 'GRU' }
/** @schema #/definitions/SimpleRNN */
export interface SimpleRNNLayer extends RecurrentFields { type: 'SimpleRNN' }
/** @schema #/definitions/Embedding */
export interface EmbeddingLayer { type: 'Embedding'; name?: string; inputDim: number; outputDim: number; maskZero: boolean }
/** @schema #/definitions/Reshape */
export interface ReshapeLayer { type: 'Reshape'; name?: string; targetShape: number[] }
/** @schema #/definitions/GlobalAveragePooling2D */
export interface GlobalAveragePooling2DLayer { type: 'GlobalAveragePooling2D'; name?: string }
/** @schema #/definitions/Activation */
export interface ActivationLayer { type: 'Activation'; name?: string; activation: Activation }

/** One layer of a layers model, told apart by `type`. */
export type LayerSpec = DenseLayer | Conv2DLayer | MaxPooling2DLayer | AveragePooling2DLayer | FlattenLayer | DropoutLayer | BatchNormalizationLayer
  | LSTMLayer | GRULayer | SimpleRNNLayer | EmbeddingLayer | ReshapeLayer | GlobalAveragePooling2DLayer | ActivationLayer;
export type LayerType = LayerSpec['type'];

/** A model built from a Keras-style list of layers. @schema #/properties/model/oneOf/0 */
export interface LayersModelSpec { inputShape?: number[]; layers: LayerSpec[] }
/** An existing model to fine-tune; `freeze` keeps leading layers (a count) or named layers fixed. @schema #/properties/model/oneOf/1 */
export interface FromModelSpec { from: string; freeze?: number | string[] }
export type ModelSpec = LayersModelSpec | FromModelSpec;

/** Feature scaling: divide by a number, or standardize per feature with the training statistics. */
export type Normalize = 'none' | 'standardize' | { scale: number };
/** Whether labels are class indexes/names or regression targets; 'auto' decides from the values. */
export type LabelKind = 'auto' | 'classification' | 'regression';

/** Fields every data format has. */
interface DataFields {
  /** false, or shuffled with `seed` (absent: the spec's seed). */
  shuffle: false | { seed?: number };
  validationSplit?: number;
  normalize: Normalize;
  labelKind: LabelKind;
}
/** @schema #/definitions/csv */
export interface CsvData extends DataFields { format: 'csv'; file: string; labelColumn: string | number; delimiter: string; sampleShape?: number[]; validation?: CsvValidation }
/** @schema #/definitions/csv/properties/validation */
export interface CsvValidation { file: string }
/** @schema #/definitions/npy */
export interface NpyData extends DataFields { format: 'npy'; features: string; labels: string; validation?: TensorFilesValidation }
/** @schema #/definitions/idx */
export interface IdxData extends DataFields { format: 'idx'; features: string; labels: string; validation?: TensorFilesValidation }
/** Validation features and labels files (npy, idx). @schema #/definitions/npy/properties/validation @schema #/definitions/idx/properties/validation */
export interface TensorFilesValidation { features: string; labels: string }
/** @schema #/definitions/npz */
export interface NpzData extends DataFields { format: 'npz'; file: string; features: string; labels: string; validation?: NpzValidation }
/** Array names in `file` (absent: the training archive). @schema #/definitions/npz/properties/validation */
export interface NpzValidation { file?: string; features: string; labels: string }
/** @schema #/definitions/images */
export interface ImagesData extends DataFields { format: 'images'; folder: string; imageSize?: [number, number]; channels: 1 | 3; validation?: ImagesValidation }
/** @schema #/definitions/images/properties/validation */
export interface ImagesValidation { folder: string }
export type DataSpec = CsvData | NpyData | NpzData | IdxData | ImagesData;

/** @schema #/definitions/sgd */
export interface SgdOptimizer { type: 'sgd'; learningRate: number; momentum: number; nesterov: boolean }
/** @schema #/definitions/adam */
export interface AdamOptimizer { type: 'adam'; learningRate: number; beta1: number; beta2: number; epsilon: number }
/** @schema #/definitions/rmsprop */
export interface RmspropOptimizer { type: 'rmsprop'; learningRate: number; rho: number; momentum: number; epsilon: number; centered: boolean }
/** @schema #/definitions/adagrad */
export interface AdagradOptimizer { type: 'adagrad'; learningRate: number; initialAccumulatorValue: number }
export type OptimizerSpec = SgdOptimizer | AdamOptimizer | RmspropOptimizer | AdagradOptimizer;

export type LossName = 'categoricalCrossentropy' | 'sparseCategoricalCrossentropy' | 'binaryCrossentropy' | 'meanSquaredError' | 'meanAbsoluteError';
export type MetricName = 'accuracy' | 'binaryAccuracy' | 'categoricalAccuracy' | 'sparseCategoricalAccuracy' | 'precision' | 'recall' | 'meanSquaredError' | 'meanAbsoluteError';
export type BackendChoice = 'auto' | 'tfjs-node-gpu' | 'webgpu' | 'tfjs-node' | 'wasm' | 'cpu';

/** @schema #/properties/earlyStopping */
export interface EarlyStoppingSpec { monitor: string; patience: number; minDelta: number }
/** @schema #/properties/checkpoint */
export interface CheckpointSpec { everyEpochs: number }

/** A validated training spec, as the trainer and the CLI consume it. @schema # */
export interface TrainSpec {
  $schema?: string;
  /** Run name (default: the spec file name without .train.json). */
  name: string;
  model: ModelSpec;
  data: DataSpec;
  loss: LossName;
  optimizer: OptimizerSpec;
  metrics: MetricName[];
  epochs: number;
  batchSize: number;
  earlyStopping?: EarlyStoppingSpec;
  checkpoint?: CheckpointSpec;
  /** Absolute path of a checkpoint folder. */
  resumeFrom?: string;
  backend: BackendChoice;
  /** Absent: the trainer picks a random seed and records it in the run. */
  seed?: number;
}
