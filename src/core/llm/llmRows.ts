// The LLM figures as label/description rows, read the same in the Model view (one tree item per row) and in
// `tensorsight summary`'s text output (one line per row): the architecture, and the memory check per GPU.
import { countOf, formatBytes, formatCount, formatExactCount } from '../display/quantities';
import type { FitRow } from './llmFit';
import { DEFAULT_CONTEXT_CAP, type LlmFit } from './llmFitReport';
import type { LlmReport } from './llmReport';

/** One row; `state` says how it reads (the view's icon): a fact, a GPU it fits on, one it does not, no GPU. */
export interface LlmRow {
  label: string;
  description: string;
  tooltip?: string;
  state: 'fact' | 'fits' | 'short' | 'none' | 'total';
}

const fact = (label: string, description: string, tooltip?: string): LlmRow => ({ label, description, state: 'fact', ...(tooltip ? { tooltip } : {}) });
const tokens = (count: number): string => countOf(count, 'token');

/** Architecture, layers, widths, heads, vocabulary, context, RoPE, experts, parameters, then params by type. */
export function architectureRows(report: LlmReport): LlmRow[] {
  const arch = report.architecture;
  const rows: LlmRow[] = [fact('Architecture', `${arch.architecture} (from ${arch.source === 'gguf' ? 'the GGUF metadata' : 'config.json'})`)];
  rows.push(fact('Layers', formatExactCount(arch.layers)));
  rows.push(fact('Hidden size', formatExactCount(arch.hiddenSize)));
  const varying = arch.kvHeadsPerLayer && new Set(arch.kvHeadsPerLayer).size > 1 ? arch.kvHeadsPerLayer : undefined;
  const grouped = arch.kvHeads > 0 && arch.kvHeads < arch.heads && arch.heads % arch.kvHeads === 0 ? ` (${arch.heads / arch.kvHeads} query heads per KV head)` : '';
  rows.push(fact('Heads / KV heads', varying ? `${arch.heads} / ${Math.min(...varying)}–${arch.kvHeads} (varies per layer)` : `${arch.heads} / ${arch.kvHeads}${grouped}`));
  rows.push(fact('Head size', arch.valueDim === arch.headDim ? String(arch.headDim) : `${arch.headDim} (keys), ${arch.valueDim} (values)`));
  if (arch.feedForward !== undefined) {
    const varies = arch.feedForwardPerLayer && new Set(arch.feedForwardPerLayer).size > 1 ? ' (largest layer; it varies per layer)' : '';
    rows.push(fact('Feed-forward', `${formatExactCount(arch.feedForward)}${arch.experts ? ' per expert' : ''}${arch.gatedFeedForward ? ', gated' : ''}${varies}`));
  }
  if (arch.vocabSize !== undefined) rows.push(fact('Vocabulary', tokens(arch.vocabSize)));
  if (arch.contextLength !== undefined) rows.push(fact('Context length', tokens(arch.contextLength)));
  const rope = ropeText(report);
  if (rope) rows.push(fact('RoPE', rope));
  if (arch.experts) rows.push(fact('Experts', `${arch.experts.count}, ${arch.experts.used} used per token`));
  rows.push(fact('Norm', arch.norm === 'rms' ? 'RMSNorm' : 'LayerNorm'));
  if (report.estimatedParams !== undefined) rows.push(fact('Parameters (from the architecture)', `${formatExactCount(report.estimatedParams)} (${formatCount(report.estimatedParams)})`, 'Embedding, blocks, final norm and head (unless tied), as the architecture implies them; biases left out'));
  rows.push(report.storedTensors > 0 ? fact('Parameters (stored)', `${formatExactCount(report.storedParams)} in ${countOf(report.storedTensors, 'tensor')}`) : fact('Parameters (stored)', 'none (a vocabulary-only file)'));
  for (const [type, totals] of Object.entries(report.paramsByType)) {
    rows.push(fact(`Weights ${type}`, `${formatCount(totals.elements)} params · ${formatBytes(totals.bytes)} · ${countOf(totals.tensors, 'tensor')}`));
  }
  return rows;
}

function ropeText(report: LlmReport): string | undefined {
  const rope = report.architecture.rope;
  if (!rope) return undefined;
  const parts: string[] = [];
  if (rope.base !== undefined) parts.push(`base ${rope.base}`);
  if (rope.dimensions !== undefined) parts.push(`${rope.dimensions} dims`);
  const scaling = [rope.scalingType, rope.scalingFactor !== undefined ? `×${rope.scalingFactor}` : undefined].filter((part) => part !== undefined).join(' ');
  if (scaling) parts.push(`scaling ${scaling}`);
  if (rope.originalContext !== undefined) parts.push(`original context ${tokens(rope.originalContext)}`);
  return parts.join(', ');
}

/** The need at `fit`'s context and batch: one line, e.g. "14.55 GiB at 4,096 tokens × batch 1". */
export function needText(fit: LlmFit): string {
  return `${formatBytes(fit.need.totalBytes)} at ${tokens(fit.need.context)} × batch ${fit.need.batch}`;
}

/** "fits, 12.30 GiB to spare" or "needs 4.10 GiB more", with the GPU's free memory. */
export function fitVerdict(row: FitRow): string {
  const verdict = row.fits ? `fits, ${formatBytes(row.marginBytes)} to spare` : `needs ${formatBytes(-row.marginBytes)} more`;
  return `${verdict} (${formatBytes(row.freeBytes)} free)`;
}

/** Weights, KV cache and total, then a row per GPU, or a row saying why no GPU was checked. */
export function fitRowsOf(report: LlmReport, fit: LlmFit): LlmRow[] {
  const { need } = fit;
  const rows: LlmRow[] = [
    fact('Context × batch', `${tokens(need.context)} × ${need.batch}${fit.defaultContext ? ' (default)' : ''}`, `The default context is the model's context length, at most ${formatExactCount(DEFAULT_CONTEXT_CAP)} tokens`),
    fact('Weights', report.weightsEstimated ? `${formatBytes(need.weightBytes)} (16-bit estimate: no weights in the file)` : formatBytes(need.weightBytes)),
    fact('KV cache', `${formatBytes(need.kvCacheBytes)} (16-bit keys and values)`, 'Keys and values of every layer for each token of context and each sequence of the batch'),
    { label: 'Total needed', description: needText(fit), state: 'total', tooltip: 'Weights plus KV cache; compute buffers and the runtime come on top. Context and batch: settings tensorsight.llm.contextLength and tensorsight.llm.batchSize (CLI --context and --batch)' },
  ];
  if (fit.noGpu) {
    rows.push({ label: fit.noGpu.kind === 'pending' ? 'GPUs not checked' : 'No GPU found', description: fit.noGpu.reason, tooltip: fit.noGpu.reason, state: 'none' });
    return rows;
  }
  if (fit.gpus.length === 0) rows.push({ label: 'No GPU found', description: 'nvidia-smi reported no GPU memory', state: 'none' });
  for (const row of fit.gpus) rows.push({ label: `GPU ${row.index}: ${row.name}`, description: fitVerdict(row), state: row.fits ? 'fits' : 'short', tooltip: `GPU ${row.index}: ${row.name}: ${fitVerdict(row)}\nFree memory is total less used, as nvidia-smi reports them` });
  return rows;
}

/** The text block of `summary`: a heading, then `label: description` lines. */
export function llmText(report: LlmReport, fit: LlmFit): string {
  const lines = (rows: LlmRow[]) => rows.map((row) => `  ${row.label}: ${row.description}`);
  return ['LLM architecture:', ...lines(architectureRows(report)), 'Fits on GPU:', ...lines(fitRowsOf(report, fit)), ''].join('\n');
}
