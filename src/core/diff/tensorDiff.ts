// The stored weights of two models, paired by name, then through paired layers (the i-th weight a layer reads
// pairs with the i-th its partner reads), with their dtype and shape compared, and their values' statistics when
// asked (streamed from the files by the graph editor's weightStats).
import { formatShape } from '../display/irText';
import { formatValue } from '../display/quantities';
import { weightStats } from '../graph/weightStats';
import type { StoredTensor } from '../ir/weightIndex';
import type { WeightStats } from '../protocol/graph';
import type { DiffTensorRef, FieldChange, TensorChange, TensorDiff } from './diffTypes';
import { tensorRefOf, type DiffSide } from './diffSide';
import type { NodeMatching } from './nodeMatcher';

function tensorRef(tensor: StoredTensor): DiffTensorRef {
  return { name: tensor.name, dtype: tensor.dtype, shape: tensor.shape, elements: tensor.elements };
}

async function withStats(tensor: StoredTensor): Promise<DiffTensorRef> {
  const described = tensorRef(tensor);
  const ref = tensorRefOf(tensor);
  if (!ref) return { ...described, statsError: 'no stored values' };
  try {
    return { ...described, stats: await weightStats(ref) };
  } catch (error) {
    return { ...described, statsError: error instanceof Error ? error.message : String(error) };
  }
}

function statsText(stats: WeightStats): string {
  return `min ${formatValue(stats.min)} max ${formatValue(stats.max)} mean ${formatValue(stats.mean)} std ${formatValue(stats.std)}`;
}

function statsDiffer(x: WeightStats, y: WeightStats): boolean {
  return (['min', 'max', 'mean', 'std', 'nonFinite'] as const).some((key) => x[key] !== y[key] && !(Number.isNaN(x[key]) && Number.isNaN(y[key])));
}

/** Pairs the parameters of `a` and `b` and compares each pair. */
export async function diffTensors(a: DiffSide, b: DiffSide, matching: NodeMatching, crossFormat: boolean, stats: boolean): Promise<TensorDiff> {
  const pairs = new Map<StoredTensor, { other: StoredTensor; by: 'name' | 'node' }>();
  const pairedB = new Set<StoredTensor>();
  const namesB = new Map(b.tensors.map((tensor) => [tensor.name, tensor]));
  for (const tensor of a.tensors) {
    const other = namesB.get(tensor.name);
    if (!other) continue;
    pairs.set(tensor, { other, by: 'name' });
    pairedB.add(other);
  }
  a.nodes.forEach((nodeA, x) => {
    const y = matching.aToB[x];
    if (y < 0) return;
    const readsB = b.nodes[y].weights;
    nodeA.weights.forEach((read, index) => {
      const other = readsB[index]?.tensor;
      if (!other || pairs.has(read.tensor) || pairedB.has(other)) return;
      pairs.set(read.tensor, { other, by: 'node' });
      pairedB.add(other);
    });
  });
  const changed: TensorChange[] = [];
  for (const [tensor, { other, by }] of pairs) {
    const changes: FieldChange[] = [];
    if (tensor.dtype !== other.dtype) changes.push({ field: 'dtype', a: tensor.dtype, b: other.dtype });
    const layoutOnly = crossFormat && tensor.elements === other.elements && [...tensor.shape].sort().join() === [...other.shape].sort().join();
    if (formatShape(tensor.shape) !== formatShape(other.shape) && !layoutOnly) changes.push({ field: 'shape', a: formatShape(tensor.shape), b: formatShape(other.shape) });
    let refA = tensorRef(tensor);
    let refB = tensorRef(other);
    if (stats) {
      [refA, refB] = await Promise.all([withStats(tensor), withStats(other)]);
      if (refA.stats && refB.stats) {
        // Equal statistics do not prove equal values, but different ones prove a change.
        if (statsDiffer(refA.stats, refB.stats)) changes.push({ field: 'values', a: statsText(refA.stats), b: statsText(refB.stats) });
      }
    }
    if (changes.length > 0) changed.push({ a: refA, b: refB, matchedBy: by, changes });
  }
  return {
    matched: pairs.size,
    added: b.tensors.filter((tensor) => !pairedB.has(tensor)).map(tensorRef),
    removed: a.tensors.filter((tensor) => !pairs.has(tensor)).map(tensorRef),
    changed,
  };
}
