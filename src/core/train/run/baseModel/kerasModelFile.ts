// Loads a Keras model for fine-tuning: a Keras 2 HDF5 file (model_config attribute + model_weights group, as
// model.save('x.h5') writes it) or a Keras 3 .keras zip (config.json + model.weights.h5). The config becomes a
// tfjs-layers model; the stored weights are then written into it. Recognized by content, not by extension.
import type * as tfl from '@tensorflow/tfjs-layers';
import { FormatError } from '../../../formats/formatError';
import type { Hdf5File } from '../../../formats/containers/hdf5File';
import { withExtractedEntry } from '../../../formats/keras/kerasArchive';
import { isHdf5 } from '../../../formats/keras/kerasDetect';
import { parseModelConfig, type KerasModelConfig } from '../../../formats/keras/kerasLayers';
import { ModelFile } from '../../../formats/containers/modelFile';
import { ZipArchive } from '../../../formats/containers/zipArchive';
import { assignInOrder, isContainer, type StoredWeight } from './assignWeights';
import { buildFromKerasConfig } from './buildFromKerasConfig';
import { kerasConfigForTfjs, UnsupportedLayerError } from './kerasConfigForTfjs';
import { withHdf5Values, type ReadValues } from './hdf5Values';

const CONFIG = 'config.json';
const WEIGHTS = 'model.weights.h5';

/** The Keras model in `path` (.h5/.hdf5/.keras) as a tfjs-layers model with its stored weights. */
export async function loadKerasModel(path: string): Promise<tfl.LayersModel> {
  const head = await ModelFile.with(path, (file) => file.head(8));
  if (isHdf5(head)) return loadKerasHdf5(path);
  if (ZipArchive.looksLikeZip(head)) return loadKerasArchive(path);
  throw new FormatError(path, 'not a Keras model: expected the HDF5 signature (Keras 2 .h5) or a zip archive (Keras 3 .keras)', { offset: 0 });
}

/** A config parsed and built; UnsupportedLayerError and TF.js' own errors are said with the file and where. */
async function buildModel(path: string, json: string, where: string): Promise<{ model: tfl.LayersModel; raw: unknown }> {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new FormatError(path, `${where} is not valid JSON: ${(error as Error).message}`);
  }
  try {
    return { model: await buildFromKerasConfig(kerasConfigForTfjs(raw)), raw };
  } catch (error) {
    const cannot = error instanceof UnsupportedLayerError ? 'cannot be fine-tuned' : 'could not be built in TF.js';
    throw new FormatError(path, `${where}: the model ${cannot}: ${(error as Error).message}`);
  }
}

async function loadKerasHdf5(path: string): Promise<tfl.LayersModel> {
  return withHdf5Values(path, async (h5, values) => {
    const modelConfig = h5.stringAttr('/', 'model_config');
    if (modelConfig === undefined) {
      const weightsOnly = h5.attrNames('/').includes('layer_names') || h5.kind('layers') === 'group';
      throw new FormatError(path, weightsOnly
        ? 'the file holds weights only (save_weights), no model_config: fine-tuning needs the whole model, saved with model.save()'
        : 'not a Keras model: expected a model_config attribute at the root', { offset: 0 });
    }
    const kerasVersion = h5.stringAttr('/', 'keras_version') ?? h5.stringAttr('model_weights', 'keras_version');
    if (kerasVersion?.startsWith('1.')) throw new FormatError(path, `written by Keras ${kerasVersion}: Keras 1 weight layouts are not supported; re-save the model with Keras 2 or later`);
    const { model } = await buildModel(path, modelConfig, 'model_config attribute');
    try {
      if (h5.kind('model_weights') !== 'group') throw new FormatError(path, 'the file has a model_config but no model_weights group: there are no weights to fine-tune');
      assignKeras2Weights(path, h5, values, model);
    } catch (error) {
      model.dispose();
      throw error;
    }
    return model;
  });
}

/** Keras 2: each top-level layer's group lists its weights in `weight_names`, in the order the layer holds them. */
function assignKeras2Weights(path: string, h5: Hdf5File, values: ReadValues, model: tfl.LayersModel): void {
  const listed = h5.stringsAttr('model_weights', 'layer_names');
  const groups = new Set(listed.length > 0 ? listed : h5.children('model_weights'));
  for (const layer of model.layers) {
    const group = `model_weights/${layer.name}`;
    const names = groups.has(layer.name) && h5.kind(group) === 'group' ? h5.stringsAttr(group, 'weight_names') : [];
    groups.delete(layer.name);
    const stored = names.map((name): StoredWeight => ({ name, shape: h5.dataset(`${group}/${name}`).shape, values: values(`${group}/${name}`) }));
    assignInOrder(layer.weights, stored, `${path}: layer ${JSON.stringify(layer.name)}`);
  }
  const extra = [...groups].filter((name) => h5.kind(`model_weights/${name}`) === 'group' && h5.stringsAttr(`model_weights/${name}`, 'weight_names').length > 0);
  if (extra.length > 0) throw new FormatError(path, `model_weights holds weights for ${extra.map((name) => JSON.stringify(name)).join(', ')}, which the model_config has no top-level layer of`);
}

async function loadKerasArchive(path: string): Promise<tfl.LayersModel> {
  return ModelFile.with(path, async (file) => {
    const zip = await ZipArchive.open(file);
    const configEntry = zip.entry(CONFIG);
    if (!configEntry) throw new FormatError(path, `zip archive is not a Keras 3 model: it has no ${CONFIG}`, { entry: CONFIG });
    const weightsEntry = zip.entry(WEIGHTS);
    if (!weightsEntry) throw new FormatError(path, `the Keras archive has no ${WEIGHTS}: there are no weights to fine-tune`, { entry: WEIGHTS });
    const { model, raw } = await buildModel(path, await zip.readText(configEntry), CONFIG);
    try {
      const layout = parseModelConfig(raw);
      await withExtractedEntry(zip, weightsEntry, (h5Path) =>
        withHdf5Values(h5Path, (h5, values) => assignKeras3Weights({ path, entry: WEIGHTS, h5, values }, model, layout, '')),
      );
    } catch (error) {
      model.dispose();
      if (error instanceof FormatError && error.file !== path) throw new FormatError(path, error.detail, { entry: WEIGHTS });
      throw error;
    }
    return model;
  });
}

interface Keras3Source { path: string; entry: string; h5: Hdf5File; values: ReadValues }

/** Keras 3: `layers/<key>/vars/<i>` per leaf layer, nested models as `layers/<key>/layers/...`; keys from the config. */
function assignKeras3Weights(source: Keras3Source, container: tfl.LayersModel, config: KerasModelConfig, prefix: string): void {
  const byName = new Map(config.layers.map((layer) => [layer.name, layer]));
  for (const layer of container.layers) {
    if (layer.getClassName() === 'InputLayer') continue;
    const entry = byName.get(layer.name);
    if (!entry) throw new FormatError(source.path, `${CONFIG}: layer ${JSON.stringify(layer.name)} not found in the config`, { entry: CONFIG });
    const group = `${prefix}layers/${entry.keras3Key}`;
    if (isContainer(layer) && entry.model) {
      assignKeras3Weights(source, layer, entry.model, `${group}/`);
      continue;
    }
    const datasets = source.h5.kind(group) === 'group' ? keras3Datasets(source.h5, group) : [];
    const stored = datasets.map((dataset): StoredWeight => ({ name: dataset, shape: source.h5.dataset(dataset).shape, values: source.values(dataset) }));
    assignInOrder(layer.weights, stored, `${source.path} (entry ${source.entry}): layer ${JSON.stringify(layer.name)}`);
  }
}

/** Datasets under a Keras 3 layer group in creation order: vars/0, vars/1, ... (numerically), then sub-layers. */
function keras3Datasets(h5: Hdf5File, group: string): string[] {
  const rank = (name: string): number => (name === 'vars' ? 0 : name === 'cell' ? 1 : name === 'forward_layer' ? 2 : name === 'backward_layer' ? 3 : 4);
  const children = h5.children(group).sort((a, b) => rank(a) - rank(b) || (/^\d+$/.test(a) && /^\d+$/.test(b) ? Number(a) - Number(b) : a.localeCompare(b)));
  return children.flatMap((name) => {
    const child = `${group}/${name}`;
    const kind = h5.kind(child);
    return kind === 'dataset' ? [child] : kind === 'group' ? keras3Datasets(h5, child) : [];
  });
}
