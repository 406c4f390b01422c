// What a transformer language model is, from its GGUF metadata or Hugging Face config.json: layers, widths, heads,
// vocabulary, context, RoPE. The readers fill it; the graph builder, the parameter estimate and the memory check
// read only this.

/** RoPE settings as the file states them; absent fields were not stated. */
export interface RopeSettings {
  dimensions?: number;
  base?: number;
  scalingType?: string;
  scalingFactor?: number;
  originalContext?: number;
}

/** A decoder (or encoder) transformer's shape. */
export interface LlmArchitecture {
  /** general.architecture or config.json model_type, e.g. 'llama'. */
  architecture: string;
  source: 'gguf' | 'config.json';
  layers: number;
  hiddenSize: number;
  heads: number;
  /** KV heads (grouped-query attention); the largest layer's when they differ per layer. */
  kvHeads: number;
  /** Per-layer KV heads when the file lists them per layer. */
  kvHeadsPerLayer?: number[];
  /** Width of one key head. */
  headDim: number;
  /** Width of one value head (equal to headDim in most models). */
  valueDim: number;
  /** Width of the feed-forward layer (of one expert for mixture-of-experts models). */
  feedForward?: number;
  feedForwardPerLayer?: number[];
  vocabSize?: number;
  contextLength?: number;
  rope?: RopeSettings;
  experts?: { count: number; used: number };
  /** RMSNorm (llama family) or LayerNorm (gpt2, bert, falcon). */
  norm: 'rms' | 'layer';
  /** A gated feed-forward (SwiGLU/GeGLU: gate, up, down) rather than up and down. */
  gatedFeedForward: boolean;
  /** False for encoders (bert): no language-model head. */
  causal: boolean;
  /** The head reuses the token embedding; undefined when the file does not say. */
  tiedEmbeddings?: boolean;
}

/** Feed-forward width of layer `layer`. */
export function feedForwardOf(arch: LlmArchitecture, layer: number): number | undefined {
  return arch.feedForwardPerLayer?.[layer] ?? arch.feedForward;
}

/** KV heads of layer `layer`. */
export function kvHeadsOf(arch: LlmArchitecture, layer: number): number {
  return arch.kvHeadsPerLayer?.[layer] ?? arch.kvHeads;
}

/** Weight elements of one block's attention projections (q, k, v, output), biases left out. */
export function attentionParams(arch: LlmArchitecture, layer: number): number {
  const kv = kvHeadsOf(arch, layer);
  return arch.hiddenSize * arch.heads * arch.headDim + arch.hiddenSize * kv * (arch.headDim + arch.valueDim) + arch.heads * arch.valueDim * arch.hiddenSize;
}

/** Weight elements of one block's feed-forward (every expert, and the router), biases left out; undefined without a width. */
export function feedForwardParams(arch: LlmArchitecture, layer: number): number | undefined {
  const width = feedForwardOf(arch, layer);
  if (width === undefined) return undefined;
  const experts = arch.experts?.count ?? 1;
  return (arch.gatedFeedForward ? 3 : 2) * arch.hiddenSize * width * experts + (arch.experts ? arch.hiddenSize * arch.experts.count : 0);
}

/**
 * Parameters the architecture implies (embedding, blocks, final norm, head unless tied), biases and learned
 * position embeddings left out: the figure for a vocabulary-only GGUF or a config.json without weights.
 */
export function estimatedParams(arch: LlmArchitecture): number | undefined {
  if (arch.vocabSize === undefined) return undefined;
  const norm = arch.norm === 'rms' ? arch.hiddenSize : 2 * arch.hiddenSize;
  let total = arch.vocabSize * arch.hiddenSize;
  for (let layer = 0; layer < arch.layers; layer++) {
    const ffn = feedForwardParams(arch, layer);
    if (ffn === undefined) return undefined;
    total += attentionParams(arch, layer) + ffn + 2 * norm;
  }
  if (arch.causal) total += norm + (arch.tiedEmbeddings ? 0 : arch.vocabSize * arch.hiddenSize);
  return total;
}
