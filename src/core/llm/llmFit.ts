// "Does it fit?": the memory a model needs (its weights plus the KV cache at a chosen context and batch) against
// each GPU's free memory. Pure: the GPU list comes from the GPU monitor, the weight bytes from the reader.
import { kvHeadsOf, type LlmArchitecture } from './llmArchitecture';

const MIB = 1024 * 1024;

/** A GPU as the monitor reports it: what this check needs of it. */
export interface GpuFreeMemory {
  index: number;
  name: string;
  memoryFreeMiB: number;
}

/** The settings of the KV cache: tokens of context, sequences at once, bytes per cached element (2: f16). */
export interface KvCacheSettings {
  context: number;
  batch?: number;
  bytesPerElement?: number;
}

/** What running the model needs, in bytes. */
export interface MemoryNeed {
  weightBytes: number;
  kvCacheBytes: number;
  /** Reserved on top (compute buffers, the runtime's context); 0 unless given. */
  overheadBytes: number;
  totalBytes: number;
  context: number;
  batch: number;
}

/** One GPU's answer. */
export interface FitRow {
  index: number;
  name: string;
  freeBytes: number;
  neededBytes: number;
  fits: boolean;
  /** Free minus needed: the room left when it fits, the shortfall (negative) when not. */
  marginBytes: number;
}

/** KV cache bytes: per layer, keys and values of every KV head for each token of context and sequence of the batch. */
export function kvCacheBytes(arch: LlmArchitecture, settings: KvCacheSettings): number {
  const batch = settings.batch ?? 1;
  const width = settings.bytesPerElement ?? 2;
  let elementsPerToken = 0;
  for (let layer = 0; layer < arch.layers; layer++) elementsPerToken += kvHeadsOf(arch, layer) * (arch.headDim + arch.valueDim);
  return elementsPerToken * settings.context * batch * width;
}

/** Weights plus KV cache (plus overhead); the context defaults to the model's own. */
export function memoryNeed(arch: LlmArchitecture, weightBytes: number, settings: Partial<KvCacheSettings> & { overheadBytes?: number } = {}): MemoryNeed {
  const context = settings.context ?? arch.contextLength ?? 4096;
  const batch = settings.batch ?? 1;
  const kv = kvCacheBytes(arch, { context, batch, bytesPerElement: settings.bytesPerElement });
  const overheadBytes = settings.overheadBytes ?? 0;
  return { weightBytes, kvCacheBytes: kv, overheadBytes, totalBytes: weightBytes + kv + overheadBytes, context, batch };
}

/** A row per GPU, in the order given: does `neededBytes` fit in its free memory, and by how much. */
export function fitRows(neededBytes: number, gpus: readonly GpuFreeMemory[]): FitRow[] {
  return gpus.map((gpu) => {
    const freeBytes = Math.max(0, gpu.memoryFreeMiB) * MIB;
    return { index: gpu.index, name: gpu.name, freeBytes, neededBytes, fits: neededBytes <= freeBytes, marginBytes: freeBytes - neededBytes };
  });
}
