// A normalized Caffe net to the graph IR: one node per layer, its blobs as stored weights read
// after the data inputs. Caffe reuses a blob name for in-place layers (ReLU conv1 -> conv1); the
// IR needs one producer per value, so a rewritten blob gets a new name (`conv1:1`).
import type { Graph, Node, TensorRef, Value } from '../../ir/graph';
import { elementCount } from '../../ir/dtype';
import { layerAttrs } from './caffeAttrs';
import type { CaffeBlob, CaffeNet } from './caffeNet';

/** What each blob of a layer type holds, in Caffe's order. */
const BLOB_NAMES: Record<string, readonly string[]> = {
  Convolution: ['weight', 'bias'], Deconvolution: ['weight', 'bias'], InnerProduct: ['weight', 'bias'], Embed: ['weight', 'bias'],
  BatchNorm: ['mean', 'variance', 'moving_average_factor'], Scale: ['scale', 'bias'], Bias: ['bias'], PReLU: ['slope'],
};

/** Weights for a layer by name, from the caffemodel beside a prototxt (or the net itself). */
export type BlobSource = (layerName: string) => CaffeBlob[] | undefined;

/** Builds the IR graph; `weightsFile` is the caffemodel the blob offsets point into. */
export function caffeGraph(net: CaffeNet, blobsOf: BlobSource, weightsFile: string | undefined, warnings: string[]): Graph {
  const values = new Map<string, Value>();
  const nodes: Node[] = [];
  /** Blob name -> the value that holds its latest contents. */
  const current = new Map<string, string>();
  const versions = new Map<string, number>();
  const produce = (blob: string): string => {
    let name = blob;
    if (values.has(name)) {
      let version = versions.get(blob) ?? 0;
      do name = `${blob}:${++version}`;
      while (values.has(name));
      versions.set(blob, version);
    }
    values.set(name, { name });
    current.set(blob, name);
    return name;
  };
  const inputs: string[] = [];
  for (const input of net.inputs) {
    const name = produce(input.name);
    values.set(name, { name, type: { dtype: 'float32', ...(input.shape && input.shape.length > 0 ? { shape: input.shape } : {}) } });
    inputs.push(name);
  }
  const consumed = new Set<string>();
  const seenNames = new Map<string, number>();
  for (const layer of net.layers) {
    const reads = layer.bottoms.map((bottom) => {
      let name = current.get(bottom);
      if (name === undefined) {
        // A blob nothing declares (a data layer the phase rules dropped): a graph input of unknown shape.
        name = produce(bottom);
        values.set(name, { name, type: { dtype: 'float32' } });
        inputs.push(name);
      }
      consumed.add(name);
      return name;
    });
    const count = seenNames.get(layer.name) ?? 0;
    seenNames.set(layer.name, count + 1);
    const nodeName = count === 0 ? layer.name : `${layer.name}:${count}`;
    const blobs = blobsOf(layer.name) ?? layer.blobs;
    const names = BLOB_NAMES[layer.type] ?? [];
    const weights = blobs.map((blob, index) => {
      const name = `${nodeName}/${names[index] ?? `blob${index}`}`;
      values.set(name, { name, type: { dtype: blob.data?.dtype ?? 'float32', shape: blob.shape }, initializer: tensorRef(blob, weightsFile) });
      if (blob.data && blob.data.count > 0 && blob.data.count !== elementCount(blob.shape)) {
        warnings.push(`layer ${layer.name}: blob ${index} declares shape [${blob.shape.join(', ')}] but stores ${blob.data.count} values`);
      }
      return name;
    });
    const outputs = layer.tops.map(produce);
    nodes.push({ id: `c${nodes.length}`, op: layer.type, domain: 'caffe', name: nodeName, scope: [], attrs: layerAttrs(layer), inputs: [...reads, ...weights], outputs });
  }
  // Outputs: the latest value of every blob no later layer reads.
  const outputs = [...current.values()].filter((name) => !consumed.has(name) && !inputs.includes(name));
  return { name: net.name ?? 'caffe', nodes, values, inputs, outputs };
}

function tensorRef(blob: CaffeBlob, file: string | undefined): TensorRef {
  const dtype = blob.data?.dtype ?? 'float32';
  return {
    dtype,
    shape: blob.shape,
    file: file ?? '',
    ...(blob.data?.offset !== undefined && blob.data.byteLength !== undefined ? { offset: blob.data.offset, byteLength: blob.data.byteLength } : {}),
  };
}
