// A sharded checkpoint's *.safetensors.index.json (transformers' save_pretrained): weight_map names, for each
// tensor, the shard file holding it, beside the index. Shards are grouped in first-mention order; a name that
// leaves the index's folder is refused.
import * as nodePath from 'node:path';
import { FormatError } from '../formatError';

/** One shard and the tensors the index says it holds. */
export interface IndexShard {
  file: string;
  path: string;
  tensors: string[];
}

/** The parsed index. */
export interface SafetensorsIndex {
  shards: IndexShard[];
  /** metadata.total_size: bytes of all tensors, when stated. */
  totalSize?: number;
  metadata: Record<string, string>;
  warnings: string[];
}

/** Parses index JSON text read from `path`. */
export function parseSafetensorsIndex(path: string, text: string): SafetensorsIndex {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new FormatError(path, `not valid JSON: ${(error as Error).message}`, { offset: 0 });
  }
  const record = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : {};
  const map = record.weight_map;
  if (typeof map !== 'object' || map === null || Array.isArray(map)) throw new FormatError(path, 'not a safetensors index: expected a weight_map object of tensor name -> shard file', { offset: 0 });
  const folder = nodePath.dirname(path);
  const shards = new Map<string, IndexShard>();
  const warnings: string[] = [];
  for (const [tensor, file] of Object.entries(map as Record<string, unknown>)) {
    if (typeof file !== 'string' || file === '') throw new FormatError(path, `weight_map[${JSON.stringify(tensor)}] is not a file name`, { offset: 0 });
    const resolved = nodePath.resolve(folder, file);
    if (nodePath.dirname(resolved) !== folder && !resolved.startsWith(folder + nodePath.sep)) {
      if (!shards.has(file)) warnings.push(`shard ${JSON.stringify(file)} lies outside the index's folder and is not read`);
      shards.set(file, { file, path: '', tensors: [] });
      continue;
    }
    const shard = shards.get(file) ?? { file, path: resolved, tensors: [] };
    shard.tensors.push(tensor);
    shards.set(file, shard);
  }
  const meta = typeof record.metadata === 'object' && record.metadata !== null ? (record.metadata as Record<string, unknown>) : {};
  const metadata = Object.fromEntries(Object.entries(meta).map(([key, value]) => [key, typeof value === 'string' ? value : JSON.stringify(value)]));
  const totalSize = typeof meta.total_size === 'number' ? meta.total_size : undefined;
  return { shards: [...shards.values()].filter((shard) => shard.path !== ''), totalSize, metadata, warnings };
}
