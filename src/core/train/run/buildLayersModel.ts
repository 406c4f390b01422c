// Builds a tf.layers Sequential model from the spec's `model.layers`: each layer type maps to the tf.layers
// factory of the same name (Dense -> tf.layers.dense) with the spec's fields as its arguments. Weights start
// from seeded initializers so a seeded run starts from the same weights every time.
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { LayerSpec, LayerType, LayersModelSpec } from '../spec/trainSpec';
import { registerOrthogonalChainedOps } from './orthogonalChainedOps';

type LayerFactory = (args: Record<string, unknown>) => tfl.layers.Layer;

const FACTORIES: Record<LayerType, LayerFactory> = {
  Dense: (args) => tfl.layers.dense(args as never),
  Conv2D: (args) => tfl.layers.conv2d(args as never),
  MaxPooling2D: (args) => tfl.layers.maxPooling2d(args as never),
  AveragePooling2D: (args) => tfl.layers.averagePooling2d(args as never),
  Flatten: (args) => tfl.layers.flatten(args as never),
  Dropout: (args) => tfl.layers.dropout(args as never),
  BatchNormalization: (args) => tfl.layers.batchNormalization(args as never),
  LSTM: (args) => tfl.layers.lstm(args as never),
  GRU: (args) => tfl.layers.gru(args as never),
  SimpleRNN: (args) => tfl.layers.simpleRNN(args as never),
  Embedding: (args) => tfl.layers.embedding(args as never),
  Reshape: (args) => tfl.layers.reshape(args as never),
  GlobalAveragePooling2D: (args) => tfl.layers.globalAveragePooling2d(args as never),
  Activation: (args) => tfl.layers.activation(args as never),
};

/**
 * Seeded initializers for the layer's weights (TF.js draws unseeded ones from Math.random). Dropout gets no seed:
 * a seeded tf.layers.dropout draws the same mask on every batch; epochLoop reseeds Math.random per step instead.
 */
function seededInitializers(layer: LayerSpec, seed: number): Record<string, unknown> {
  switch (layer.type) {
    case 'Dense':
    case 'Conv2D':
      return { kernelInitializer: tfl.initializers.glorotUniform({ seed }) };
    case 'LSTM':
    case 'GRU':
    case 'SimpleRNN':
      return { kernelInitializer: tfl.initializers.glorotUniform({ seed }), recurrentInitializer: tfl.initializers.orthogonal({ seed: seed + 1 }) };
    case 'Embedding':
      return { embeddingsInitializer: tfl.initializers.randomUniform({ minval: -0.05, maxval: 0.05, seed }) };
    default:
      return {};
  }
}

/** The model for `spec` taking samples of `inputShape` (no batch dimension); `seed` seeds the initial weights. */
export function buildLayersModel(spec: LayersModelSpec, inputShape: readonly number[], seed: number): tfl.Sequential {
  registerOrthogonalChainedOps();
  const model = tfl.sequential();
  spec.layers.forEach((layer, index) => {
    const { type, ...fields } = layer;
    const args: Record<string, unknown> = { ...fields, ...seededInitializers(layer, seed + 7919 * index) };
    if (index === 0) args.inputShape = [...inputShape];
    model.add(FACTORIES[type](args));
  });
  return model;
}

/** The optimizer the spec names, with its learning rate and options. */
export function buildOptimizer(spec: import('../spec/trainSpec').OptimizerSpec): tf.Optimizer {
  switch (spec.type) {
    case 'sgd':
      return spec.momentum > 0 ? tf.train.momentum(spec.learningRate, spec.momentum, spec.nesterov) : tf.train.sgd(spec.learningRate);
    case 'adam':
      return tf.train.adam(spec.learningRate, spec.beta1, spec.beta2, spec.epsilon);
    case 'rmsprop':
      return tf.train.rmsprop(spec.learningRate, spec.rho, spec.momentum, spec.epsilon, spec.centered);
    case 'adagrad':
      return tf.train.adagrad(spec.learningRate, spec.initialAccumulatorValue);
  }
}
