// "Does it fit?" for one model at one context and batch: its memory need (llmFit.ts) and a row per GPU, or why
// there are no GPUs to check. The one computation behind the Model view's Fits section and `summary`'s llm block.
import { fitRows, memoryNeed, type FitRow, type GpuFreeMemory, type MemoryNeed } from './llmFit';
import type { LlmReport } from './llmReport';

/** The context used when the user sets none: the model's own, capped here (a 128k context's cache dwarfs most weights). */
export const DEFAULT_CONTEXT_CAP = 4096;

/** What the user asked for; absent or non-positive values take the defaults. */
export interface FitSettings {
  context?: number;
  batch?: number;
}

/** The GPUs to check: a list (maybe empty), or why none can be listed (no nvidia-smi, no driver, not sampled yet). */
export type GpuList = { kind: 'gpus'; gpus: GpuFreeMemory[] } | { kind: 'unavailable'; reason: string } | { kind: 'pending'; reason: string };

/** The need at one context and batch, and the answer per GPU. */
export interface LlmFit {
  need: MemoryNeed;
  /** True when the context was not given: the model's own, capped at DEFAULT_CONTEXT_CAP. */
  defaultContext: boolean;
  gpus: FitRow[];
  /** Why no GPU was checked; absent when `gpus` comes from a GPU list. */
  noGpu?: { kind: 'unavailable' | 'pending'; reason: string };
}

/** The context of the check: the setting when positive, else the model's context capped at DEFAULT_CONTEXT_CAP. */
export function fitContext(report: LlmReport, requested?: number): number {
  if (requested !== undefined && Number.isFinite(requested) && requested > 0) return Math.floor(requested);
  return Math.min(report.architecture.contextLength ?? DEFAULT_CONTEXT_CAP, DEFAULT_CONTEXT_CAP);
}

/** The memory need of `report` at `settings` against `gpus`. */
export function llmFit(report: LlmReport, settings: FitSettings, gpus: GpuList): LlmFit {
  const context = fitContext(report, settings.context);
  const batch = settings.batch !== undefined && Number.isFinite(settings.batch) && settings.batch > 0 ? Math.floor(settings.batch) : 1;
  const need = memoryNeed(report.architecture, report.weightBytes, { context, batch });
  const defaultContext = !(settings.context !== undefined && settings.context > 0);
  if (gpus.kind !== 'gpus') return { need, defaultContext, gpus: [], noGpu: { kind: gpus.kind, reason: gpus.reason } };
  return { need, defaultContext, gpus: fitRows(need.totalBytes, gpus.gpus) };
}
