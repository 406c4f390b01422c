// The spec's `model.freeze`: a count freezes the model's first N layers (input layers not counted), a list
// freezes the layers of those names (top-level or inside a nested model). Must run before compile, which
// collects the trainable weights.
import type * as tfl from '@tensorflow/tfjs-layers';
import { didYouMean } from '../../spec/didYouMean';
import { isContainer } from './assignWeights';

/** The model's layers that hold computation, in order (TF.js lists a functional model's InputLayers too). */
export function trainableLayerList(model: tfl.LayersModel): tfl.layers.Layer[] {
  return model.layers.filter((layer) => layer.getClassName() !== 'InputLayer');
}

/** Every layer by name, nested models' layers included. */
function layersByName(model: tfl.LayersModel, into = new Map<string, tfl.layers.Layer>()): Map<string, tfl.layers.Layer> {
  for (const layer of trainableLayerList(model)) {
    if (!into.has(layer.name)) into.set(layer.name, layer);
    if (isContainer(layer)) layersByName(layer, into);
  }
  return into;
}

/** Sets trainable=false on the layers `freeze` names; errors name `specFile` and the field. */
export function freezeLayers(model: tfl.LayersModel, freeze: number | string[] | undefined, specFile: string): void {
  if (freeze === undefined) return;
  const top = trainableLayerList(model);
  if (typeof freeze === 'number') {
    if (!Number.isInteger(freeze) || freeze < 0) throw new Error(`${specFile}: model.freeze: expected a count of layers (0 or more), got ${freeze}`);
    if (freeze > top.length) throw new Error(`${specFile}: model.freeze: ${freeze} is more than the model's ${top.length} layers (${top.map((layer) => layer.name).join(', ')})`);
    top.slice(0, freeze).forEach((layer) => (layer.trainable = false));
    return;
  }
  const byName = layersByName(model);
  const missing = freeze.filter((name) => !byName.has(name));
  if (missing.length > 0) {
    const names = [...byName.keys()];
    const hints = missing.map((name) => {
      const close = didYouMean(name, names);
      return close ? `${JSON.stringify(name)} (did you mean ${JSON.stringify(close)}?)` : JSON.stringify(name);
    });
    throw new Error(`${specFile}: model.freeze: no layer named ${hints.join(', ')} in the model; its layers are ${names.join(', ')}`);
  }
  for (const name of freeze) byName.get(name)!.trainable = false;
}
