// The transformer as an IR graph, drawn from the architecture rather than from a traced computation: token
// embedding, N blocks (scope blocks/<i>: norm, attention, residual add, norm, feed-forward, residual add), final
// norm and language-model head. Stored tensors become the initializers of the node they belong to (by name,
// see llmTensors.ts), so per-block params come out of the summary; MACs come from the llm rules (llmRules.ts).
import type { Graph, Node, Value } from '../ir/graph';
import { feedForwardOf, kvHeadsOf, type LlmArchitecture } from './llmArchitecture';
import { LLM_DOMAIN } from './llmRules';
import { tensorRole, type LlmTensor } from './llmTensors';

const TOKENS = 'tokens';
const BATCH = 'batch';
const SEQUENCE = 'sequence';

/** Builds the graph; tensors the naming does not place (rope_freqs, ...) stay stored values no node reads. */
export function transformerGraph(name: string, arch: LlmArchitecture, tensors: readonly LlmTensor[]): Graph {
  const values = new Map<string, Value>();
  const nodes: Node[] = [];
  for (const tensor of tensors) values.set(tensor.name, { name: tensor.name, type: { dtype: tensor.dtype, shape: tensor.shape }, initializer: tensor.ref });
  const byPart = new Map<string, string[]>();
  for (const tensor of tensors) {
    const role = tensorRole(tensor.name);
    const key = role.block === undefined ? role.part : `${role.block}:${role.part}`;
    byPart.set(key, [...(byPart.get(key) ?? []), tensor.name]);
  }
  const weights = (key: string): string[] => byPart.get(key) ?? [];
  const hidden = (value: string): string => {
    values.set(value, { name: value, type: { dtype: 'float32', shape: [BATCH, SEQUENCE, arch.hiddenSize] } });
    return value;
  };
  const add = (op: string, nodeName: string, scope: string[], inputs: string[], output: string, attrs: Node['attrs'] = {}): string => {
    nodes.push({ id: `n${nodes.length}`, op, domain: LLM_DOMAIN, name: nodeName, scope, attrs, inputs, outputs: [output] });
    return output;
  };
  values.set(TOKENS, { name: TOKENS, type: { dtype: 'int32', shape: [BATCH, SEQUENCE] } });
  const normOp = arch.norm === 'rms' ? 'RMSNorm' : 'LayerNorm';
  let x = add('Embedding', 'token_embedding', ['embedding'], [TOKENS, ...weights('embedding')], hidden('embedding.out'), { hidden: arch.hiddenSize, vocab: arch.vocabSize ?? null });
  for (let i = 0; i < arch.layers; i++) {
    const scope = ['blocks', String(i)];
    const at = (part: string): string => `blocks.${i}.${part}`;
    const attnNorm = add(normOp, at('attention_norm'), scope, [x, ...weights(`${i}:attentionNorm`)], hidden(at('attention_norm.out')));
    const attention = add('Attention', at('attention'), scope, [attnNorm, ...weights(`${i}:attention`)], hidden(at('attention.out')), {
      hidden: arch.hiddenSize, heads: arch.heads, kv_heads: kvHeadsOf(arch, i), head_dim: arch.headDim, value_dim: arch.valueDim,
    });
    const residual = add('Add', at('attention_residual'), scope, [x, attention], hidden(at('attention_residual.out')));
    const ffnNorm = add(normOp, at('feed_forward_norm'), scope, [residual, ...weights(`${i}:feedForwardNorm`)], hidden(at('feed_forward_norm.out')));
    const ffn = add(arch.experts ? 'MoEFeedForward' : 'FeedForward', at('feed_forward'), scope, [ffnNorm, ...weights(`${i}:feedForward`)], hidden(at('feed_forward.out')), {
      hidden: arch.hiddenSize, intermediate: feedForwardOf(arch, i) ?? null, gated: arch.gatedFeedForward,
      ...(arch.experts ? { experts: arch.experts.count, experts_used: arch.experts.used } : {}),
    });
    x = add('Add', at('feed_forward_residual'), scope, [residual, ffn], hidden(at('out')));
  }
  const outputs: string[] = [];
  const headWeights = weights('head');
  const tied = headWeights.length === 0 && (tensors.length > 0 || arch.tiedEmbeddings === true);
  const embeddingMatrix = weights('embedding').find((tensor) => /(token_embd|embed_tokens|wte|word_embeddings|tok_embeddings)\.weight$/.test(tensor));
  if (weights('outputNorm').length > 0 || (tensors.length === 0 && arch.causal)) x = add(normOp, 'output_norm', ['output'], [x, ...weights('outputNorm')], hidden('output_norm.out'));
  if (headWeights.length > 0 || arch.causal) {
    const logits = 'logits';
    values.set(logits, { name: logits, type: { dtype: 'float32', shape: [BATCH, SEQUENCE, arch.vocabSize ?? null] } });
    // A tied head reads the token embedding: the summary counts that tensor once and marks it shared.
    const reads = headWeights.length > 0 ? headWeights : tied && embeddingMatrix ? [embeddingMatrix] : [];
    add('LMHead', 'lm_head', ['output'], [x, ...reads], logits, { hidden: arch.hiddenSize, vocab: arch.vocabSize ?? null, tied });
    outputs.push(logits);
  } else outputs.push(x);
  return { name, nodes, values, inputs: [TOKENS], outputs };
}
