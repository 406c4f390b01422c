// Worker-thread entry (dist/workers/modelSummary.js): parses one model and summarizes it for the CLI's
// `summary`, so the CLI can stop a parse that never ends (parseWatchdog.ts) and still print its error.
import { parentPort, workerData } from 'node:worker_threads';
import { FormatError } from '../formats/formatError';
import { summarizeModel, type ModelSummary, type SummaryOptions } from '../ir/summary';
import type { LlmReport } from '../llm/llmReport';
import { openModelWithLlm } from '../llm/openLlmModel';

/** What the CLI sends: the model's path and the summary's options. */
export interface ModelSummaryRequest {
  path: string;
  options: SummaryOptions;
}

/** What the worker posts back: the summary (with a GGUF or safetensors transformer's LLM report), or the reader's message (`formatError`: the file is bad). */
export type ModelSummaryResult = { ok: true; summary: ModelSummary; llm?: LlmReport } | { ok: false; error: string; formatError: boolean };

/** Parses and summarizes; never throws. */
export async function summarizeFile(request: ModelSummaryRequest): Promise<ModelSummaryResult> {
  try {
    const { model, llm } = await openModelWithLlm(request.path);
    return { ok: true, summary: summarizeModel(model, request.options), ...(llm ? { llm } : {}) };
  } catch (error) {
    if (error instanceof FormatError) return { ok: false, error: error.message, formatError: true };
    return { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error), formatError: false };
  }
}

if (parentPort) {
  const port = parentPort;
  void summarizeFile(workerData as ModelSummaryRequest).then((result) => port.postMessage(result));
}
