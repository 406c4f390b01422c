// tfjs-layers' Orthogonal initializer (Keras' default for LSTM/GRU/SimpleRNN recurrent kernels) calls chained
// tensor methods (x.flatten().stridedSlice(...), x.sign(), x.transpose(), x.reshape(...)). tfjs-core's Node entry
// registers no chained ops (the full @tensorflow/tfjs package does, and importing tfjs-core's ESM files would load a
// second copy of core), so the trainer adds these on the Tensor class of the core it uses, once.
import * as tf from '@tensorflow/tfjs-core';

type Method = (this: tf.Tensor, ...args: never[]) => tf.Tensor;

const ORTHOGONAL_METHODS: Record<string, Method> = {
  flatten(this: tf.Tensor) {
    return tf.reshape(this, [this.size]);
  },
  stridedSlice(this: tf.Tensor, begin: number[], end: number[], strides: number[]) {
    return tf.stridedSlice(this, begin, end, strides);
  },
  sign(this: tf.Tensor) {
    return tf.sign(this);
  },
  transpose(this: tf.Tensor, perm?: number[]) {
    return tf.transpose(this, perm);
  },
  reshape(this: tf.Tensor, shape: number[]) {
    return tf.reshape(this, shape);
  },
};

export function registerOrthogonalChainedOps(): void {
  const proto = tf.Tensor.prototype as unknown as Record<string, Method | undefined>;
  for (const [name, method] of Object.entries(ORTHOGONAL_METHODS)) proto[name] ??= method;
}
