// The model a spec's `model: { from, freeze }` fine-tunes: a Keras model (.h5 Keras 2 HDF5, .keras Keras 3 zip)
// or a TF.js layers model.json, loaded as a tfjs-layers model with its stored weights, then with the layers
// `freeze` names made non-trainable. The file is untrusted input: configs are only read (Lambda and other
// code-carrying layers are refused), and every failure names the file.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { FromModelSpec } from '../spec/trainSpec';
import { freezeLayers } from './baseModel/freezeLayers';
import { loadKerasModel } from './baseModel/kerasModelFile';
import { loadTfjsLayersModel } from './baseModel/tfjsLayersFile';
import { registerOrthogonalChainedOps } from './orthogonalChainedOps';

/** Loads `from.from` (an absolute path; a folder means its model.json) and applies `from.freeze`; call before compile. */
export async function loadBaseModel(from: FromModelSpec, specFile: string): Promise<tfl.LayersModel> {
  let file = from.from;
  let isFolder: boolean;
  try {
    isFolder = statSync(file).isDirectory();
  } catch (error) {
    throw new Error(`${specFile}: model.from: cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  if (isFolder) file = join(file, 'model.json');
  registerOrthogonalChainedOps();
  const model = /\.json$/i.test(file) ? await loadTfjsLayersModel(file) : await loadKerasModel(file);
  try {
    freezeLayers(model, from.freeze, specFile);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
