// Shape and MAC rules of the ops the transformer graph invents (domain `llm`), from the node's attributes. MACs
// are per application at the input's shape; with batch and sequence left symbolic (taken as 1) they are the MACs
// of one token, the attention scores over that one position included.
import type { Dim, TensorType } from '../ir/graph';
import { inDomain, type MacRule, type RuleContext, type RuleSet, type ShapeRule } from '../ir/opRules';
import { elementsAssuming } from '../ir/shapeMath';

/** Domain of the ops transformerGraph writes. */
export const LLM_DOMAIN = 'llm';

const attr = (context: RuleContext, name: string): number | undefined => {
  const value = context.attr(name);
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
};
const withLast = (context: RuleContext, last: Dim, dtype = 'float32'): (TensorType | undefined)[] | undefined => {
  const shape = context.shape(0);
  return shape && shape.length >= 1 ? [{ dtype, shape: [...shape.slice(0, -1), last] }] : undefined;
};
const same: ShapeRule = (context) => (context.input(0) ? [{ dtype: context.input(0)!.dtype, shape: context.shape(0) }] : undefined);
/** Tokens in the input: every dim but the last (hidden), symbols as 1. */
const tokens = (context: RuleContext): number | undefined => elementsAssuming(context.shape(0)?.slice(0, -1));

const shape: Record<string, ShapeRule> = {
  Embedding: (context) => {
    const ids = context.shape(0);
    return ids ? [{ dtype: 'float32', shape: [...ids, attr(context, 'hidden') ?? null] }] : undefined;
  },
  RMSNorm: same,
  LayerNorm: same,
  Attention: same,
  FeedForward: same,
  MoEFeedForward: same,
  Add: same,
  LMHead: (context) => withLast(context, attr(context, 'vocab') ?? null),
};

/** q, k, v and output projections plus scores (q.k) and the weighted sum of values over the sequence. */
const attention: MacRule = (context) => {
  const [n, hidden, heads, kv, headDim, valueDim] = [tokens(context), attr(context, 'hidden'), attr(context, 'heads'), attr(context, 'kv_heads'), attr(context, 'head_dim'), attr(context, 'value_dim')];
  if (n === undefined || !hidden || !heads || kv === undefined || !headDim || !valueDim) return undefined;
  const shapeIn = context.shape(0);
  const sequence = elementsAssuming(shapeIn?.slice(-2, -1)) ?? 1;
  const projections = hidden * heads * headDim + hidden * kv * (headDim + valueDim) + heads * valueDim * hidden;
  return n * projections + n * sequence * heads * (headDim + valueDim);
};

const feedForward: MacRule = (context) => {
  const [n, hidden, width] = [tokens(context), attr(context, 'hidden'), attr(context, 'intermediate')];
  if (n === undefined || !hidden || !width) return undefined;
  const matrices = context.attr('gated') === true ? 3 : 2;
  const experts = attr(context, 'experts');
  const used = experts ? (attr(context, 'experts_used') ?? 1) : 1;
  return n * (matrices * hidden * width * used + (experts ? hidden * experts : 0));
};

const macs: Record<string, MacRule> = {
  Attention: attention,
  FeedForward: feedForward,
  MoEFeedForward: feedForward,
  LMHead: (context) => {
    const [n, hidden, vocab] = [tokens(context), attr(context, 'hidden'), attr(context, 'vocab')];
    return n === undefined || !hidden || !vocab ? undefined : n * hidden * vocab;
  },
};

/** The rules of GGUF and safetensors-with-config models (their transformer graphs); flat tensor graphs have none. */
export const llmRuleSet: RuleSet = {
  opsetKey: '',
  defaultOpset: 0,
  shape: inDomain(LLM_DOMAIN, shape),
  value: {},
  macs: inDomain(LLM_DOMAIN, macs),
  // A lookup, norms and residual adds: no multiply-accumulates counted, as for ONNX's Gather, LayerNormalization and Add.
  noMacs: new Set(['Embedding', 'RMSNorm', 'LayerNorm', 'Add'].map((op) => `${LLM_DOMAIN}::${op}`)),
};
