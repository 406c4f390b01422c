// Sets a built tfjs-layers model's weights from stored values, the way Keras' own loaders do: Keras 2 HDF5 by
// position within each top-level layer's group (load_weights_from_hdf5_group: the layer's trainable then
// non-trainable weights, which is also TF.js' order), Keras 3 by position within each leaf layer's `vars`.
// Every shape is checked, so a file that disagrees with its config fails naming the layer and weight.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** One stored weight: where it was read from (for messages), its shape and values. */
export interface StoredWeight {
  name: string;
  shape: number[];
  values: Float32Array;
}

/** Writes `stored` into `variables` in order; `where` names the file and layer in errors. */
export function assignInOrder(variables: tfl.LayerVariable[], stored: StoredWeight[], where: string): void {
  if (variables.length !== stored.length) {
    const wanted = variables.map((variable) => `${variable.originalName} [${variable.shape.join(', ')}]`).join(', ') || 'none';
    const found = stored.map((weight) => `${weight.name} [${weight.shape.join(', ')}]`).join(', ') || 'none';
    throw new Error(`${where}: the file holds ${stored.length} weights (${found}) where the model config makes ${variables.length} (${wanted})`);
  }
  variables.forEach((variable, index) => {
    const weight = stored[index];
    const same = weight.shape.length === variable.shape.length && weight.shape.every((dim, axis) => dim === variable.shape[axis]);
    if (!same) throw new Error(`${where}: weight ${weight.name} has shape [${weight.shape.join(', ')}] where the model config makes ${variable.originalName} [${variable.shape.join(', ')}]`);
  });
  variables.forEach((variable, index) => {
    const tensor = tf.tensor(stored[index].values, stored[index].shape, 'float32');
    variable.write(tensor);
    tensor.dispose();
  });
}

/** True for TF.js container layers (nested Sequential or functional models). */
export function isContainer(layer: tfl.layers.Layer): layer is tfl.LayersModel {
  return Array.isArray((layer as Partial<tfl.LayersModel>).layers);
}
