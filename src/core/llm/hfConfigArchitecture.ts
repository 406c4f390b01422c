// The architecture from a Hugging Face config.json (transformers' PretrainedConfig): the llama-style names
// (num_hidden_layers, hidden_size, ...) with the GPT-2/Falcon aliases (n_layer, n_embd, ...). Multimodal configs
// nest the language model under text_config.
import type { LlmArchitecture, RopeSettings } from './llmArchitecture';

const LAYER_NORM_TYPES = /^(bert|roberta|gpt2|gptj|gpt_neox|gpt_bigcode|falcon|bloom|mpt|phi|opt|stablelm|starcoder2|olmo|xlm-roberta|distilbert)$/;
const ENCODERS = /^(bert|roberta|xlm-roberta|distilbert|electra|deberta.*|nomic_bert)$/;

/** The architecture a config.json describes; undefined when it is no transformer config (no layers, width or heads). */
export function hfConfigArchitecture(config: unknown): LlmArchitecture | undefined {
  if (!isRecord(config)) return undefined;
  const nested = isRecord(config.text_config) && !has(config, 'num_hidden_layers', 'n_layer', 'num_layers') ? { ...config.text_config, tie_word_embeddings: config.tie_word_embeddings ?? config.text_config.tie_word_embeddings } : config;
  const num = (...keys: string[]): number | undefined => {
    for (const key of keys) {
      const value = nested[key];
      if (typeof value === 'number' && Number.isFinite(value)) return value;
    }
    return undefined;
  };
  const layers = num('num_hidden_layers', 'n_layer', 'num_layers');
  const hiddenSize = num('hidden_size', 'n_embd', 'd_model');
  const heads = num('num_attention_heads', 'n_head', 'num_heads');
  if (!layers || !hiddenSize || !heads || layers <= 0 || hiddenSize <= 0 || heads <= 0) return undefined;
  const type = typeof nested.model_type === 'string' ? nested.model_type : typeof config.model_type === 'string' ? config.model_type : 'unknown';
  const multiQuery = nested.multi_query === true ? 1 : undefined;
  const kvHeads = num('num_key_value_heads', 'num_kv_heads', 'n_head_kv') ?? multiQuery ?? heads;
  const headDim = num('head_dim') ?? hiddenSize / heads;
  const norm = num('rms_norm_eps') !== undefined ? 'rms' : num('layer_norm_eps', 'layer_norm_epsilon') !== undefined || LAYER_NORM_TYPES.test(type) ? 'layer' : 'rms';
  const act = String(nested.hidden_act ?? nested.activation_function ?? '');
  const scaling = isRecord(nested.rope_scaling) ? nested.rope_scaling : undefined;
  const rope: RopeSettings = {
    base: num('rope_theta'),
    scalingType: typeof scaling?.rope_type === 'string' ? scaling.rope_type : typeof scaling?.type === 'string' ? scaling.type : undefined,
    scalingFactor: typeof scaling?.factor === 'number' ? scaling.factor : undefined,
    originalContext: typeof scaling?.original_max_position_embeddings === 'number' ? scaling.original_max_position_embeddings : undefined,
  };
  const experts = num('num_local_experts', 'num_experts', 'n_routed_experts');
  const partial = num('partial_rotary_factor');
  if (partial !== undefined) rope.dimensions = Math.round(headDim * partial);
  const encoder = ENCODERS.test(type);
  return {
    architecture: type,
    source: 'config.json',
    layers,
    hiddenSize,
    heads,
    kvHeads,
    headDim,
    valueDim: headDim,
    feedForward: num('moe_intermediate_size', 'intermediate_size', 'n_inner', 'ffn_dim') ?? 4 * hiddenSize,
    vocabSize: num('vocab_size'),
    contextLength: num('max_position_embeddings', 'n_positions', 'max_seq_len', 'seq_length'),
    ...(Object.values(rope).some((value) => value !== undefined) ? { rope: Object.fromEntries(Object.entries(rope).filter(([, v]) => v !== undefined)) } : {}),
    ...(experts && experts > 1 ? { experts: { count: experts, used: num('num_experts_per_tok', 'num_experts_per_token') ?? 1 } } : {}),
    norm,
    // Llama-family MLPs gate (SiLU/GELU with gate_proj); GPT-2-style ones do not, whatever the activation.
    gatedFeedForward: norm === 'rms' || /glu/i.test(act),
    causal: !encoder,
    ...(typeof nested.tie_word_embeddings === 'boolean' ? { tiedEmbeddings: nested.tie_word_embeddings } : {}),
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function has(record: Record<string, unknown>, ...keys: string[]): boolean {
  return keys.some((key) => record[key] !== undefined);
}
