// The architecture from GGUF metadata: `general.architecture` names the prefix of the model's keys
// (`llama.block_count`, `llama.attention.head_count_kv`, ...), as llama.cpp's gguf-py constants write them.
import type { LlmArchitecture, RopeSettings } from './llmArchitecture';

/** A metadata value as the GGUF reader hands it over: scalars, and numeric arrays kept whole. */
export type MetadataValue = number | string | boolean | number[] | undefined;

// Families whose norms are LayerNorm and whose feed-forward is up/down without a gate (others: RMSNorm, gated).
const LAYER_NORM_FAMILIES = /^(bert|nomic-bert|jina-bert.*|gpt2|gptj|gptneox|falcon|starcoder|bloom|mpt|phi2|refact|stablelm|codeshell|command-r|olmo|t5.*)$/;

/** The architecture the metadata describes; undefined when block count, width or heads are missing. */
export function ggufArchitecture(get: (key: string) => MetadataValue, tensorNames: readonly string[], tokenCount: number | undefined): LlmArchitecture | undefined {
  const arch = get('general.architecture');
  if (typeof arch !== 'string' || arch === '') return undefined;
  const num = (key: string): number | undefined => {
    const value = get(`${arch}.${key}`);
    return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
  };
  const perLayer = (key: string): { max?: number; list?: number[] } => {
    const value = get(`${arch}.${key}`);
    if (typeof value === 'number') return { max: value };
    if (Array.isArray(value) && value.length > 0) return { max: Math.max(...value), list: value };
    return {};
  };
  const layers = num('block_count');
  const hiddenSize = num('embedding_length');
  const heads = perLayer('attention.head_count').max;
  if (!layers || !hiddenSize || !heads || layers <= 0 || hiddenSize <= 0 || heads <= 0) return undefined;
  const kv = perLayer('attention.head_count_kv');
  const ffn = perLayer('feed_forward_length');
  const headDim = num('attention.key_length') ?? hiddenSize / heads;
  const names = new Set(tensorNames);
  const rmsKey = get(`${arch}.attention.layer_norm_rms_epsilon`) !== undefined;
  const layerKey = get(`${arch}.attention.layer_norm_epsilon`) !== undefined;
  const norm = rmsKey ? 'rms' : layerKey || LAYER_NORM_FAMILIES.test(arch) ? 'layer' : 'rms';
  const hasGate = tensorNames.some((name) => /\.ffn_gate(_exps)?\.weight$/.test(name));
  const hasUpOnly = tensorNames.some((name) => /\.ffn_up(_exps)?\.weight$/.test(name));
  const expertCount = num('expert_count');
  const rope: RopeSettings = {
    dimensions: num('rope.dimension_count'),
    base: num('rope.freq_base'),
    scalingType: stringOf(get(`${arch}.rope.scaling.type`)),
    scalingFactor: num('rope.scaling.factor'),
    originalContext: num('rope.scaling.original_context_length'),
  };
  const vocabSize = tokenCount ?? num('vocab_size');
  const causal = get(`${arch}.attention.causal`) !== false;
  return {
    architecture: arch,
    source: 'gguf',
    layers,
    hiddenSize,
    heads,
    kvHeads: kv.max ?? heads,
    ...(kv.list ? { kvHeadsPerLayer: kv.list } : {}),
    headDim,
    valueDim: num('attention.value_length') ?? headDim,
    feedForward: num('expert_feed_forward_length') ?? ffn.max,
    ...(ffn.list ? { feedForwardPerLayer: ffn.list } : {}),
    vocabSize,
    contextLength: num('context_length'),
    ...(Object.values(rope).some((value) => value !== undefined) ? { rope: dropUndefined(rope) } : {}),
    ...(expertCount && expertCount > 0 ? { experts: { count: expertCount, used: num('expert_used_count') ?? 1 } } : {}),
    norm,
    // The tensors say it where there are some; a vocabulary-only file goes by the family.
    gatedFeedForward: hasGate || (!hasUpOnly && norm === 'rms'),
    causal,
    ...(tensorNames.length > 0 ? { tiedEmbeddings: !names.has('output.weight') } : {}),
  };
}

function stringOf(value: MetadataValue): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function dropUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
