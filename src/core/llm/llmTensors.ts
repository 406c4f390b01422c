// The stored tensors of an LLM file, as the graph builder and the parameter table see them, and which part of
// the transformer each belongs to, by its name in llama.cpp's (blk.3.attn_q.weight) or transformers'
// (model.layers.3.self_attn.q_proj.weight) naming.
import type { TensorRef } from '../ir/graph';

/** One stored tensor. */
export interface LlmTensor {
  name: string;
  /** The IR dtype (float16, q4_k). */
  dtype: string;
  /** Row-major, outermost first (GGUF's ggml dims reversed). */
  shape: number[];
  elements: number;
  /** The file's own type name: 'Q4_K', 'F16', 'BF16'. */
  typeName: string;
  /** Stored bytes; undefined for a type of unknown width. */
  bytes?: number;
  ref: TensorRef;
}

/** Where a tensor goes: a part of block `block`, or a part outside the blocks. */
export type TensorRole =
  | { block: number; part: 'attentionNorm' | 'attention' | 'feedForwardNorm' | 'feedForward' }
  | { block?: undefined; part: 'embedding' | 'outputNorm' | 'head' | 'other' };

const BLOCK = /(?:^|\.)(?:blk|layers|layer|h|blocks|block)\.(\d+)\.(.+)$/;

/** The part of the transformer the tensor `name` belongs to. */
export function tensorRole(name: string): TensorRole {
  const block = BLOCK.exec(name);
  if (block) {
    const index = Number(block[1]);
    const rest = block[2];
    if (/^(attn_norm|input_layernorm|ln_1|attention_norm|ln_attn|norm1)\b/.test(rest)) return { block: index, part: 'attentionNorm' };
    if (/^(ffn_norm|post_attention_layernorm|pre_feedforward_layernorm|ln_2|ln_mlp|norm2)\b/.test(rest)) return { block: index, part: 'feedForwardNorm' };
    if (/^(ffn|mlp|feed_forward|block_sparse_moe|moe|experts|layer_output|post_ffw|post_feedforward)/.test(rest)) return { block: index, part: 'feedForward' };
    return { block: index, part: 'attention' };
  }
  if (/(^|\.)(token_embd|embed_tokens|wte|wpe|word_embeddings|position_embeddings|token_type_embeddings|tok_embeddings|position_embd|token_types|embeddings)(\.|$)/.test(name)) return { part: 'embedding' };
  if (/^(output|lm_head)(\.weight|\.bias)?$/.test(name) || /(^|\.)lm_head\./.test(name)) return { part: 'head' };
  if (/(^|\.)(output_norm|norm|ln_f|final_layernorm|final_norm)(\.|$)/.test(name)) return { part: 'outputNorm' };
  return { part: 'other' };
}

/** Per file type name: tensors, elements and bytes (the "params by quantization type" table). */
export interface TypeTotals {
  tensors: number;
  elements: number;
  /** Null when a tensor of this type has no known width. */
  bytes: number | null;
}

/** Totals per type name, largest byte count first. */
export function paramsByType(tensors: readonly LlmTensor[]): Record<string, TypeTotals> {
  const totals = new Map<string, TypeTotals>();
  for (const tensor of tensors) {
    const entry = totals.get(tensor.typeName) ?? { tensors: 0, elements: 0, bytes: 0 };
    entry.tensors++;
    entry.elements += tensor.elements;
    entry.bytes = entry.bytes === null || tensor.bytes === undefined ? null : entry.bytes + tensor.bytes;
    totals.set(tensor.typeName, entry);
  }
  return Object.fromEntries([...totals.entries()].sort(([, a], [, b]) => (b.bytes ?? 0) - (a.bytes ?? 0)));
}

/** Sum of the stored bytes (tensors of unknown width left out). */
export function weightBytes(tensors: readonly LlmTensor[]): number {
  return tensors.reduce((sum, tensor) => sum + (tensor.bytes ?? 0), 0);
}
