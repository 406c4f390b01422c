// A TF.js weightsManifest to lazy tensor references. Each manifest group concatenates its
// shard files in order, and its weights follow one another in that byte stream; a weight's
// cumulative offset is mapped to the shard that holds it. Missing shards become warnings and
// their weights keep shape and dtype but no offset.
import { promises as fs } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { TensorRef } from '../../ir/graph';
import { tfjsDtype } from './tfjsDtype';

/** One manifest weight with its reference. */
export interface TfjsWeight {
  name: string;
  ref: TensorRef;
  /** Index of the manifest group holding it. */
  group: number;
}

interface ManifestWeight {
  name?: unknown;
  shape?: unknown;
  dtype?: unknown;
  quantization?: { dtype?: unknown; scale?: unknown; min?: unknown; original_dtype?: unknown };
}

/** Bytes per stored element of the dtypes a manifest (or its quantization) names. */
const WIDTH: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, uint16: 2, float16: 2, int8: 1, int16: 2, complex64: 8 };

/** Resolves every weight of `manifest` (the model.json's weightsManifest) relative to `modelPath`. */
export async function readWeightsManifest(modelPath: string, manifest: unknown, warnings: string[]): Promise<TfjsWeight[]> {
  const weights: TfjsWeight[] = [];
  if (manifest === undefined || manifest === null) return weights;
  if (!Array.isArray(manifest)) {
    warnings.push('weightsManifest is not a list of groups; weights are not shown');
    return weights;
  }
  for (const [group, entry] of manifest.entries()) {
    const paths = Array.isArray(entry?.paths) ? entry.paths.map(String) : [];
    const shards = await Promise.all(paths.map(async (path: string) => {
      const file = resolve(dirname(modelPath), decodeURIComponent(path));
      const size = await fs.stat(file).then((stat) => (stat.isFile() ? stat.size : undefined), () => undefined);
      if (size === undefined) warnings.push(`weights shard ${path} (manifest group ${group}) is missing next to ${modelPath}: its weights are shown without data`);
      return { file, size };
    }));
    let offset: number | undefined = 0;
    for (const raw of (Array.isArray(entry?.weights) ? entry.weights : []) as ManifestWeight[]) {
      const shape = Array.isArray(raw.shape) ? raw.shape.map(Number) : [];
      const dtype = typeof raw.dtype === 'string' ? raw.dtype : 'float32';
      const stored = typeof raw.quantization?.dtype === 'string' ? raw.quantization.dtype : dtype;
      const width = WIDTH[stored];
      const elements = shape.reduce((product, dim) => product * dim, 1);
      // String weights are length-prefixed, so everything after one has no computable offset.
      const byteLength = width === undefined ? undefined : elements * width;
      const ref: TensorRef = { dtype: tfjsDtype(typeof raw.quantization?.original_dtype === 'string' ? raw.quantization.original_dtype : dtype), shape, file: shards[0]?.file ?? modelPath };
      if (byteLength !== undefined) ref.byteLength = byteLength;
      if (raw.quantization) ref.encoding = quantizationEncoding(raw.quantization);
      if (offset !== undefined && byteLength !== undefined) placeInShards(ref, offset, byteLength, shards);
      offset = offset === undefined || byteLength === undefined ? undefined : offset + byteLength;
      weights.push({ name: String(raw.name ?? `weight_${weights.length}`), ref, group });
    }
    const total = shards.reduce<number | undefined>((sum, shard) => (sum === undefined || shard.size === undefined ? undefined : sum + shard.size), 0);
    if (offset !== undefined && total !== undefined && total < offset) {
      warnings.push(`manifest group ${group} needs ${offset} bytes of weights but its shards hold ${total} (truncated shard?)`);
    }
  }
  return weights;
}

/** Sets file and offset when the weight lies inside one present shard; a weight spanning two shards keeps no offset. */
function placeInShards(ref: TensorRef, offset: number, byteLength: number, shards: { file: string; size?: number }[]): void {
  let start = 0;
  for (const shard of shards) {
    if (shard.size === undefined) return;
    if (offset < start + shard.size || (byteLength === 0 && offset === start + shard.size)) {
      ref.file = shard.file;
      if (offset + byteLength <= start + shard.size) ref.offset = offset - start;
      return;
    }
    start += shard.size;
  }
}

/** TF.js affine quantization as a readable encoding, e.g. `uint8 affine (scale 0.0039, min -0.5)`. */
function quantizationEncoding(quantization: NonNullable<ManifestWeight['quantization']>): string {
  const dtype = String(quantization.dtype ?? 'unknown');
  if (dtype === 'float16') return 'float16';
  return `${dtype} affine (scale ${Number(quantization.scale)}, min ${Number(quantization.min)})`;
}
