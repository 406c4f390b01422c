// Where Keras keeps each layer's weights in HDF5. Keras 2 (and tf.keras) write one group per
// top-level layer with a `weight_names` attribute; nested models put their inner layers'
// weights in the outer group, named after the inner layer. Keras 3 writes `layers/<snake_case
// class>[_n]/vars/<i>`, nested as `layers/functional/layers/dense/vars/0`.
import type { TensorRef } from '../../ir/graph';
import type { Hdf5Dataset, Hdf5File } from '../containers/hdf5File';
import type { KerasWeight, KerasWeightSource } from './kerasGraph';
import type { KerasLayer } from './kerasLayers';

/** Weights Keras marks non-trainable by name (batch-norm statistics). */
const NON_TRAINABLE = /(^|\/)(moving_mean|moving_variance|moving_var)(:\d+)?$/;

/** One stored weight before a layer claims it. */
export interface NamedWeight {
  /** Full stored name, e.g. `dense_1/kernel:0` or `bidirectional/forward_lstm/kernel:0`. */
  name: string;
  ref: TensorRef;
}

/** Keras 2 HDF5 weights: `<root>/<layer>/<weight name>`, listed by each group's `weight_names`. */
export function hdf5WeightGroups(h5: Hdf5File, root: string, ref: (dataset: Hdf5Dataset) => TensorRef): Map<string, NamedWeight[]> {
  const groups = new Map<string, NamedWeight[]>();
  const prefix = root === '/' ? '' : root;
  const layers = h5.stringsAttr(root, 'layer_names');
  for (const layer of layers.length > 0 ? layers : h5.children(root)) {
    const group = `${prefix}/${layer}`;
    if (h5.kind(group) !== 'group') continue;
    groups.set(layer, h5.stringsAttr(group, 'weight_names').map((name) => ({ name, ref: ref(h5.dataset(`${group}/${name}`)) })));
  }
  return groups;
}

/**
 * Weights found by name (Keras 2 HDF5, TF.js manifests): a top-level layer owns its group; an
 * inner layer of a nested model owns the names in its outer group that mention it.
 */
export class NamedKerasWeights implements KerasWeightSource {
  private readonly groups: Map<string, (NamedWeight & { claimed: boolean })[]>;

  constructor(groups: Map<string, NamedWeight[]>) {
    this.groups = new Map([...groups].map(([layer, weights]) => [layer, weights.map((weight) => ({ ...weight, claimed: false }))]));
  }

  /** Group names in file order (for weights-only files, which have no config). */
  layerNames(): string[] {
    return [...this.groups.keys()];
  }

  weightsFor(path: KerasLayer[]): KerasWeight[] {
    const entries = this.groups.get(path[0].name) ?? [];
    const layer = path[path.length - 1];
    const frozen = path.some((item) => item.config.trainable === false);
    const picked: KerasWeight[] = [];
    for (const entry of entries) {
      if (entry.claimed) continue;
      const segments = entry.name.split('/');
      const at = segments.lastIndexOf(layer.name, segments.length - 2);
      if (path.length > 1 && at < 0) continue;
      entry.claimed = true;
      picked.push({ name: at >= 0 ? segments.slice(at + 1).join('/') : entry.name, ref: entry.ref, trainable: frozen || NON_TRAINABLE.test(entry.name) ? false : true });
    }
    return picked;
  }

  /** Weights of a group by layer name, for weights-only files. */
  weightsOfGroup(layer: string): KerasWeight[] {
    return this.weightsFor([{ name: layer, className: 'Layer', config: {}, calls: [], keras3Key: layer }]);
  }

  unclaimed(): KerasWeight[] {
    return [...this.groups.values()].flat().filter((entry) => !entry.claimed).map((entry) => {
      entry.claimed = true;
      return { name: entry.name, ref: entry.ref, trainable: NON_TRAINABLE.test(entry.name) ? false : undefined };
    });
  }
}

/** Variable names by position for common Keras 3 layers (the file stores only indices). */
const KERAS3_VARS: Record<string, string[]> = {
  Dense: ['kernel', 'bias'],
  EinsumDense: ['kernel', 'bias'],
  Embedding: ['embeddings'],
  BatchNormalization: ['gamma', 'beta', 'moving_mean', 'moving_variance'],
  LayerNormalization: ['gamma', 'beta'],
  Conv1D: ['kernel', 'bias'], Conv2D: ['kernel', 'bias'], Conv3D: ['kernel', 'bias'],
  Conv1DTranspose: ['kernel', 'bias'], Conv2DTranspose: ['kernel', 'bias'], Conv3DTranspose: ['kernel', 'bias'],
  DepthwiseConv2D: ['kernel', 'bias'],
  SeparableConv2D: ['depthwise_kernel', 'pointwise_kernel', 'bias'],
};

/** Keras 3 weights: every dataset under the layer's `layers/<key>` group. */
export class Keras3Weights implements KerasWeightSource {
  private readonly claimed = new Set<string>();

  constructor(
    private readonly h5: Hdf5File,
    private readonly ref: (dataset: Hdf5Dataset) => TensorRef,
  ) {}

  weightsFor(path: KerasLayer[]): KerasWeight[] {
    const group = path.map((layer) => `layers/${layer.keras3Key}`).join('/');
    if (this.h5.kind(group) !== 'group') return [];
    const layer = path[path.length - 1];
    const frozen = path.some((item) => item.config.trainable === false);
    const known = KERAS3_VARS[layer.className];
    const weights: KerasWeight[] = [];
    for (const dataset of this.h5.datasets(group)) {
      if (this.claimed.has(dataset.path)) continue;
      this.claimed.add(dataset.path);
      const relative = dataset.path.slice(group.length + 1).replace(/(^|\/)vars\//, '$1');
      const index = /^\d+$/.test(relative) ? Number(relative) : undefined;
      const name = index !== undefined && known?.[index] ? known[index] : relative;
      weights.push({ name, ref: this.ref(dataset), trainable: frozen || NON_TRAINABLE.test(name) ? false : known ? true : undefined });
    }
    return weights;
  }

  unclaimed(): KerasWeight[] {
    if (this.h5.kind('layers') !== 'group') return [];
    return this.h5.datasets('layers').filter((dataset) => !this.claimed.has(dataset.path)).map((dataset) => {
      this.claimed.add(dataset.path);
      return { name: dataset.path, ref: this.ref(dataset) };
    });
  }
}
