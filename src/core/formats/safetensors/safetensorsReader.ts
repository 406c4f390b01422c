// safetensors checkpoints to the IR: a single file or a sharded set through its index (a missing shard is a
// warning and the model is partial). With a Hugging Face config.json beside it, the transformer graph of that
// architecture (src/core/llm); otherwise a flat graph of the tensors. Tensor data is never read.
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import type { Model } from '../../ir/graph';
import { flatTensorGraph } from '../../llm/flatTensorGraph';
import { hfConfigArchitecture } from '../../llm/hfConfigArchitecture';
import type { LlmArchitecture } from '../../llm/llmArchitecture';
import type { LlmTensor } from '../../llm/llmTensors';
import { transformerGraph } from '../../llm/transformerGraph';
import { FormatError } from '../formatError';
import { ModelFile } from '../containers/modelFile';
import type { OpenOptions } from '../registry';
import { readSafetensorsHeader, type SafetensorsHeader } from './safetensorsHeader';
import { parseSafetensorsIndex } from './safetensorsIndex';
import { packedBytes, safetensorsDtype } from './safetensorsDtype';

const INDEX_SUFFIX = '.safetensors.index.json';
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

/** A safetensors checkpoint read: the Model plus the architecture and tensors the LLM surfaces show. */
export interface SafetensorsRead {
  model: Model;
  architecture?: LlmArchitecture;
  tensors: LlmTensor[];
  /** Shard files read (one for a single file). */
  shards: string[];
}

/** Parses a .safetensors file or a *.safetensors.index.json into the IR. */
export async function readSafetensors(path: string, options: OpenOptions = {}): Promise<Model> {
  return (await readSafetensorsFile(path, options)).model;
}

/** Parses a checkpoint, keeping the architecture and tensors beside the Model. */
export async function readSafetensorsFile(path: string, options: OpenOptions = {}): Promise<SafetensorsRead> {
  const warnings: string[] = [];
  const metadata: Record<string, string> = {};
  const tensors: LlmTensor[] = [];
  const shards: string[] = [];
  let partial: boolean;
  let fileBytes: number;
  if (path.toLowerCase().endsWith(INDEX_SUFFIX)) {
    const text = await ModelFile.with(path, async (file) => {
      if (file.size > MAX_INDEX_BYTES) throw new FormatError(path, `index is ${file.size} bytes, more than the ${MAX_INDEX_BYTES} an index of names can be`);
      return (await file.read(0, file.size, 'index JSON')).toString('utf8');
    });
    const index = parseSafetensorsIndex(path, text);
    warnings.push(...index.warnings);
    partial = index.warnings.length > 0;
    for (const [key, value] of Object.entries(index.metadata)) metadata[`index.${key}`] = value;
    fileBytes = Buffer.byteLength(text);
    for (const shard of index.shards) {
      options.signal?.throwIfAborted();
      if (!fs.existsSync(shard.path)) {
        warnings.push(`shard ${shard.file} is missing: its ${shard.tensors.length} tensors are not shown`);
        partial = true;
        continue;
      }
      const header = await ModelFile.with(shard.path, (file) => readSafetensorsHeader(file));
      shards.push(shard.file);
      fileBytes += fs.statSync(shard.path).size;
      const held = new Set(header.tensors.map((tensor) => tensor.name));
      const absent = shard.tensors.filter((name) => !held.has(name));
      if (absent.length > 0) {
        warnings.push(`shard ${shard.file} lacks ${absent.length} tensors the index puts there (${absent.slice(0, 3).join(', ')}${absent.length > 3 ? ', ...' : ''})`);
        partial = true;
      }
      partial = addHeader(header, shard.path, shard.file, tensors, warnings, metadata) || partial;
    }
    const bytes = tensors.reduce((sum, tensor) => sum + (tensor.bytes ?? 0), 0);
    if (!partial && index.totalSize !== undefined && index.totalSize !== bytes) warnings.push(`the index's total_size is ${index.totalSize} bytes, the shards' tensors take ${bytes}`);
  } else {
    const { header, size } = await ModelFile.with(path, async (file) => ({ header: await readSafetensorsHeader(file), size: file.size }));
    fileBytes = size;
    shards.push(nodePath.basename(path));
    partial = addHeader(header, path, undefined, tensors, warnings, metadata);
  }
  const config = readConfig(nodePath.join(nodePath.dirname(path), 'config.json'), warnings);
  const architecture = config === undefined ? undefined : hfConfigArchitecture(config);
  if (architecture) {
    if (architecture.tiedEmbeddings === undefined) architecture.tiedEmbeddings = !tensors.some((tensor) => /(^|\.)lm_head\.weight$/.test(tensor.name));
    metadata['config.model_type'] = architecture.architecture;
    metadata['llm.graph'] = 'transformer drawn from config.json';
  }
  metadata['safetensors.tensors'] = String(tensors.length);
  metadata['safetensors.shards'] = String(shards.length);
  const name = architecture?.architecture ?? nodePath.basename(path);
  const graph = architecture ? transformerGraph(name, architecture, tensors) : flatTensorGraph(name, 'safetensors', tensors);
  const model: Model = { format: 'safetensors', graph, metadata, path, fileBytes, warnings, ...(partial ? { partial: true } : {}) };
  return { model, architecture, tensors, shards };
}

/** Adds one file's tensors and metadata; true when the file is truncated. A tensor name seen in an earlier shard is skipped. */
function addHeader(header: SafetensorsHeader, file: string, shard: string | undefined, tensors: LlmTensor[], warnings: string[], metadata: Record<string, string>): boolean {
  const known = new Set(tensors.map((tensor) => tensor.name));
  for (const tensor of header.tensors) {
    if (known.has(tensor.name)) {
      warnings.push(`tensor ${tensor.name} is in more than one shard; the first is kept`);
      continue;
    }
    const bytes = packedBytes(safetensorsDtype(tensor.typeName)!.bits, tensor.elements);
    tensors.push({
      name: tensor.name, dtype: tensor.dtype, shape: tensor.shape, elements: tensor.elements, typeName: tensor.typeName, bytes,
      ref: { dtype: tensor.dtype, shape: tensor.shape, file, offset: tensor.begin, byteLength: bytes },
    });
  }
  for (const [key, value] of Object.entries(header.metadata)) if (!(key in metadata)) metadata[key] = value;
  warnings.push(...header.warnings.map((warning) => (shard ? `${shard}: ${warning}` : warning)));
  return header.truncated;
}

/** config.json beside the weights, when there is one; a broken one is a warning, not an error. */
function readConfig(path: string, warnings: string[]): unknown {
  let text: string;
  try {
    const stat = fs.statSync(path);
    if (!stat.isFile()) return undefined;
    if (stat.size > MAX_CONFIG_BYTES) {
      warnings.push(`config.json is ${stat.size} bytes: not read`);
      return undefined;
    }
    text = fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    warnings.push(`config.json is not valid JSON (${(error as Error).message}): the tensors are shown without an architecture`);
    return undefined;
  }
}
