// Specs shared by trainSpec.unit.test.ts (our validator) and trainSpecSchema.unit.test.ts (the same specs through
// ajv, an independent draft-07 implementation): three valid specs and a table of broken ones, each naming the field
// its error must name.

type Json = Record<string, unknown>;

/** A small CNN on the 8×8 digits, IDX files beside the spec (the demo's shape). */
export function digitsCnn(): Json {
  return {
    model: {
      inputShape: [8, 8, 1],
      layers: [
        { type: 'Conv2D', filters: 16, kernelSize: 3, activation: 'relu', padding: 'same' },
        { type: 'MaxPooling2D', poolSize: 2 },
        { type: 'Flatten' },
        { type: 'Dropout', rate: 0.25 },
        { type: 'Dense', units: 10, activation: 'softmax' },
      ],
    },
    data: { format: 'idx', features: 'data/digits-images.idx', labels: 'data/digits-labels.idx', normalize: { scale: 16 }, validationSplit: 0.2 },
    loss: 'sparseCategoricalCrossentropy',
    optimizer: 'adam',
    metrics: ['accuracy'],
    seed: 7,
  };
}

/** An LSTM regressor on a CSV time series, each row reshaped to [steps, 1]. */
export function csvLstm(): Json {
  return {
    name: 'sine-lstm',
    model: {
      layers: [
        { type: 'LSTM', units: 32, returnSequences: true },
        { type: 'GRU', units: 16 },
        { type: 'Dense', units: 1 },
      ],
    },
    data: { format: 'csv', file: 'series.csv', labelColumn: 'target', sampleShape: [10, 1], shuffle: { seed: 3 }, normalize: 'standardize', labelKind: 'regression', validation: { file: 'series-val.csv' } },
    loss: 'meanSquaredError',
    optimizer: { type: 'rmsprop', learningRate: 0.01 },
    epochs: 5,
    batchSize: 64,
    earlyStopping: { patience: 3 },
    checkpoint: {},
    backend: 'cpu',
  };
}

/** Fine-tuning a Keras model on an image folder, the first two layers frozen, resumed from a checkpoint. */
export function fineTune(): Json {
  return {
    model: { from: '../models/base.h5', freeze: 2 },
    data: { format: 'images', folder: 'images/train', imageSize: [32, 32], validation: { folder: 'images/val' }, shuffle: false },
    loss: 'categoricalCrossentropy',
    optimizer: { type: 'sgd', learningRate: 0.005, momentum: 0.9, nesterov: true },
    metrics: ['accuracy', 'precision'],
    epochs: 3,
    resumeFrom: 'runs/base/checkpoints/epoch-2',
    backend: 'webgpu',
  };
}

/** A broken spec: `edit` breaks a copy of `base`; the error must name `field` and match `message`. */
export interface BrokenCase {
  name: string;
  base: () => Json;
  edit: (spec: Json) => void;
  field: string;
  message: RegExp;
  /** A rule between fields that the schema cannot state: ajv accepts the spec, our cross-field checks do not. */
  crossField?: boolean;
}

const layers = (spec: Json): Json[] => (spec.model as { layers: Json[] }).layers;
const data = (spec: Json): Json => spec.data as Json;

export const brokenCases: BrokenCase[] = [
  { name: 'a count written as a string', base: digitsCnn, edit: (s) => { layers(s)[0].filters = '8'; }, field: 'model.layers[0].filters', message: /^expected a positive integer, got "8"$/ },
  { name: 'a snake_case Keras argument', base: digitsCnn, edit: (s) => { layers(s)[1].pool_size = 2; }, field: 'model.layers[1].pool_size', message: /unknown field; did you mean "poolSize"\?/ },
  { name: 'a layer type in the wrong case', base: digitsCnn, edit: (s) => { layers(s)[0].type = 'Conv2d'; }, field: 'model.layers[0].type', message: /got "Conv2d"; did you mean "Conv2D"\?/ },
  { name: 'a layer without a type', base: digitsCnn, edit: (s) => { delete layers(s)[2].type; }, field: 'model.layers[2].type', message: /required field missing: expected one of "Dense", "Conv2D"/ },
  { name: 'a misspelled activation', base: digitsCnn, edit: (s) => { layers(s)[4].activation = 'softmx'; }, field: 'model.layers[4].activation', message: /did you mean "softmax"\?/ },
  { name: 'a required layer argument missing', base: digitsCnn, edit: (s) => { delete layers(s)[4].units; }, field: 'model.layers[4].units', message: /required field missing: expected a positive integer/ },
  { name: 'a dropout rate of 1.5', base: digitsCnn, edit: (s) => { layers(s)[3].rate = 1.5; }, field: 'model.layers[3].rate', message: /expected a number from 0 up to \(not including\) 1, got 1\.5/ },
  { name: 'a pool size with one axis', base: digitsCnn, edit: (s) => { layers(s)[1].poolSize = [2]; }, field: 'model.layers[1].poolSize', message: /expected a list of 2 positive integers, got a list of 1/ },
  { name: 'a kernel size of 0', base: digitsCnn, edit: (s) => { layers(s)[0].kernelSize = 0; }, field: 'model.layers[0].kernelSize', message: /expected a positive integer, got 0/ },
  { name: 'an empty layer list', base: digitsCnn, edit: (s) => { (s.model as Json).layers = []; }, field: 'model.layers', message: /expected a non-empty list of objects, got an empty list/ },
  { name: 'an unknown data format', base: digitsCnn, edit: (s) => { data(s).format = 'hdf5'; }, field: 'data.format', message: /expected one of "csv", "npy", "npz", "idx", "images", got "hdf5"/ },
  { name: 'IDX data without labels', base: digitsCnn, edit: (s) => { delete data(s).labels; }, field: 'data.labels', message: /required field missing/ },
  { name: 'a validation split of 1', base: digitsCnn, edit: (s) => { data(s).validationSplit = 1; }, field: 'data.validationSplit', message: /up to \(not including\) 1, got 1$/ },
  { name: 'normalize by zero', base: digitsCnn, edit: (s) => { data(s).normalize = { scale: 0 }; }, field: 'data.normalize.scale', message: /expected a positive number, got 0/ },
  { name: 'an unknown normalization', base: digitsCnn, edit: (s) => { data(s).normalize = 'minmax'; }, field: 'data.normalize', message: /expected one of "none", "standardize", got "minmax"/ },
  { name: 'a CSV spec without its label column', base: csvLstm, edit: (s) => { delete data(s).labelColumn; }, field: 'data.labelColumn', message: /required field missing: expected a non-empty string or a non-negative integer/ },
  { name: 'a loss by its Keras alias', base: digitsCnn, edit: (s) => { s.loss = 'meanSquareError'; }, field: 'loss', message: /did you mean "meanSquaredError"\?/ },
  { name: 'no loss', base: digitsCnn, edit: (s) => { delete s.loss; }, field: 'loss', message: /required field missing: expected one of "categoricalCrossentropy"/ },
  { name: 'momentum on adam', base: csvLstm, edit: (s) => { s.optimizer = { type: 'adam', momentum: 0.9 }; }, field: 'optimizer.momentum', message: /unknown field \(known here: type, learningRate, beta1, beta2, epsilon\)/ },
  { name: 'an unknown optimizer name', base: digitsCnn, edit: (s) => { s.optimizer = 'adamw'; }, field: 'optimizer', message: /expected one of "sgd", "adam", "rmsprop", "adagrad", got "adamw"; did you mean "adam"\?/ },
  { name: 'a negative learning rate', base: csvLstm, edit: (s) => { (s.optimizer as Json).learningRate = -0.1; }, field: 'optimizer.learningRate', message: /expected a positive number, got -0\.1/ },
  { name: 'an unknown metric', base: digitsCnn, edit: (s) => { s.metrics = ['acc']; }, field: 'metrics[0]', message: /expected one of "accuracy"/ },
  { name: 'zero epochs', base: digitsCnn, edit: (s) => { s.epochs = 0; }, field: 'epochs', message: /expected a positive integer, got 0/ },
  { name: 'a fractional batch size', base: digitsCnn, edit: (s) => { s.batchSize = 32.5; }, field: 'batchSize', message: /expected a positive integer, got 32\.5/ },
  { name: 'a misspelled top-level field', base: digitsCnn, edit: (s) => { s.earlyStoping = { patience: 3 }; }, field: 'earlyStoping', message: /did you mean "earlyStopping"\?/ },
  { name: 'a checkpoint every 0 epochs', base: digitsCnn, edit: (s) => { s.checkpoint = { everyEpochs: 0 }; }, field: 'checkpoint.everyEpochs', message: /expected a positive integer, got 0/ },
  { name: 'an unknown backend', base: digitsCnn, edit: (s) => { s.backend = 'cuda'; }, field: 'backend', message: /expected one of "auto", "tfjs-node-gpu", "webgpu"/ },
  { name: 'a model with layers and from', base: fineTune, edit: (s) => { (s.model as Json).layers = [{ type: 'Flatten' }]; }, field: 'model', message: /give "layers" or "from", not both/ },
  { name: 'a model with neither', base: fineTune, edit: (s) => { s.model = { freeze: 1 }; }, field: 'model', message: /expected a field "layers" or "from"/ },
  { name: 'freeze written as a string', base: fineTune, edit: (s) => { (s.model as Json).freeze = '2'; }, field: 'model.freeze', message: /expected a non-negative integer or a list of non-empty strings, got "2"/ },
  { name: 'a fine-tune source that is not a Keras or TF.js model', base: fineTune, edit: (s) => { (s.model as Json).from = 'base.onnx'; }, field: 'model.from', message: /expected a Keras \.h5\/\.keras file or a TF\.js layers model\.json, got "base\.onnx"/, crossField: true },
  { name: 'validation files and a validation split', base: csvLstm, edit: (s) => { data(s).validationSplit = 0.1; }, field: 'data.validationSplit', message: /not both/, crossField: true },
  { name: 'early stopping on validation loss without validation data', base: digitsCnn, edit: (s) => { delete data(s).validationSplit; s.earlyStopping = { patience: 2 }; }, field: 'earlyStopping', message: /"val_loss" is measured on validation data, and there is none/, crossField: true },
  { name: 'two layers with one name', base: digitsCnn, edit: (s) => { layers(s)[0].name = 'x'; layers(s)[4].name = 'x'; }, field: 'model.layers[4].name', message: /"x" is already the name of model\.layers\[0\]/, crossField: true },
  { name: 'a reshape with two inferred sizes', base: digitsCnn, edit: (s) => { layers(s).splice(2, 0, { type: 'Reshape', targetShape: [-1, -1] }); }, field: 'model.layers[2].targetShape', message: /at most one size may be -1/, crossField: true },
  { name: 'Nesterov without momentum', base: fineTune, edit: (s) => { delete (s.optimizer as Json).momentum; }, field: 'optimizer.nesterov', message: /needs optimizer\.momentum > 0/, crossField: true },
];
