// Keras models stored in HDF5: full models (`model_config` attribute + `model_weights` group, as
// model.save('x.h5') writes them), Keras 2 weights-only files (`layer_names` at the root) and
// Keras 3 `.weights.h5` files (`layers/<key>/vars/<i>`). The HDF5 is read through h5wasm.
import type { Graph, Model, Node, TensorRef } from '../../ir/graph';
import { FormatError } from '../formatError';
import { Hdf5File, type Hdf5Dataset } from '../containers/hdf5File';
import { kerasGraph, type KerasWeight } from './kerasGraph';
import { parseModelConfig } from './kerasLayers';
import { hdf5WeightGroups, Keras3Weights, NamedKerasWeights } from './kerasWeights';

/** Reads a Keras HDF5 file at `path` into the IR; `fileBytes` is its size. */
export async function readKerasHdf5(path: string, fileBytes: number): Promise<Model> {
  return Hdf5File.with(path, (h5) => {
    const ref = (dataset: Hdf5Dataset): TensorRef => ({ dtype: dataset.dtype, shape: dataset.shape, file: path, byteLength: dataset.byteLength });
    const rootAttrs = new Set(h5.attrNames('/'));
    const metadata: Record<string, string> = {};
    const warnings: string[] = [];
    const kerasVersion = h5.stringAttr('/', 'keras_version') ?? h5.stringAttr('model_weights', 'keras_version');
    const backend = h5.stringAttr('/', 'backend') ?? h5.stringAttr('model_weights', 'backend');
    if (backend) metadata.backend = backend;
    if (rootAttrs.has('training_config')) metadata.trainingConfig = summarizeTraining(h5.stringAttr('/', 'training_config'));
    if (h5.kind('optimizer_weights') === 'group') metadata.optimizerWeights = String(h5.datasets('optimizer_weights').length);

    let graph: Graph;
    const modelConfig = h5.stringAttr('/', 'model_config');
    if (modelConfig !== undefined) {
      metadata.kind = 'full model (model_config)';
      const config = parseConfig(path, modelConfig);
      metadata.layers = String(config.layers.length);
      const hasWeights = h5.kind('model_weights') === 'group';
      if (!hasWeights) warnings.push('the file has a model_config but no model_weights group: layers are shown without weights');
      const weights = hasWeights ? new NamedKerasWeights(hdf5WeightGroups(h5, 'model_weights', ref)) : { weightsFor: () => [], unclaimed: () => [] };
      graph = kerasGraph(config, weights);
    } else if (rootAttrs.has('layer_names')) {
      metadata.kind = 'weights only (Keras 2 save_weights)';
      const weights = new NamedKerasWeights(hdf5WeightGroups(h5, '/', ref));
      graph = weightsOnlyGraph(weights.layerNames().map((layer) => [layer, weights.weightsOfGroup(layer)]));
    } else if (h5.kind('layers') === 'group') {
      metadata.kind = 'weights only (Keras 3 .weights.h5)';
      const weights = new Keras3Weights(h5, ref);
      graph = weightsOnlyGraph(h5.children('layers').map((key) => [key, weights.weightsFor([{ name: key, className: '', config: {}, calls: [], keras3Key: key }])]));
    } else {
      throw new FormatError(path, 'HDF5 file is not a Keras model: expected a model_config attribute, a layer_names attribute or a layers group at the root', { offset: 0 });
    }
    return {
      format: 'keras',
      producer: kerasVersion ? `keras ${kerasVersion}${backend ? ` (${backend})` : ''}` : undefined,
      versions: kerasVersion ? { keras: kerasVersion } : undefined,
      graph,
      metadata,
      path,
      fileBytes,
      warnings,
    };
  });
}

/** Parses the model_config JSON; a bad config is a FormatError naming the attribute. */
export function parseConfig(path: string, json: string, where = 'model_config attribute'): ReturnType<typeof parseModelConfig> {
  try {
    return parseModelConfig(JSON.parse(json));
  } catch (error) {
    throw new FormatError(path, `${where}: ${(error as Error).message}`);
  }
}

/** Without a config, each weight group becomes one node; its op is guessed from the weight names. */
export function weightsOnlyGraph(groups: [string, KerasWeight[]][]): Graph {
  const graph: Graph = { name: 'weights', nodes: [], values: new Map(), inputs: [], outputs: [] };
  for (const [layer, weights] of groups) {
    if (weights.length === 0) continue;
    const inputs = weights.map((weight) => {
      const name = `${layer}/${weight.name}`;
      graph.values.set(name, { name, type: { dtype: weight.ref.dtype, shape: weight.ref.shape }, initializer: weight.ref, trainable: weight.trainable });
      return name;
    });
    const op = guessLayer(weights);
    const node: Node = { id: `k${graph.nodes.length}`, op: op ?? 'Weights', domain: 'keras', name: layer, scope: [], attrs: op ? { opGuessedFromWeightNames: true } : {}, inputs, outputs: [] };
    graph.nodes.push(node);
  }
  return graph;
}

function guessLayer(weights: KerasWeight[]): string | undefined {
  const names = weights.map((weight) => weight.name.replace(/:\d+$/, '').split('/').pop());
  const kernel = weights[names.indexOf('kernel')]?.ref.shape;
  if (names.includes('moving_mean')) return 'BatchNormalization';
  if (names.includes('embeddings')) return 'Embedding';
  if (names.includes('recurrent_kernel')) return 'RNN';
  if (kernel?.length === 2) return 'Dense';
  if (kernel && kernel.length >= 3 && kernel.length <= 5) return `Conv${kernel.length - 2}D`;
  return undefined;
}

function summarizeTraining(json: string | undefined): string {
  try {
    const config = JSON.parse(json ?? '{}') as { loss?: unknown; optimizer_config?: { class_name?: string } };
    const optimizer = config.optimizer_config?.class_name;
    const loss = typeof config.loss === 'string' ? config.loss : undefined;
    return [optimizer && `optimizer ${optimizer}`, loss && `loss ${loss}`].filter(Boolean).join(', ') || 'present';
  } catch {
    return 'present (unreadable JSON)';
  }
}
