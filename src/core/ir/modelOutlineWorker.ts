// Worker-thread entry (dist/workers/modelOutline.js): parses one model and posts its outline, so a
// large file never blocks the extension host. One worker per request; the host terminates it after.
import { parentPort, workerData } from 'node:worker_threads';
import { FormatError } from '../formats/formatError';
import { openModelWithLlm } from '../llm/openLlmModel';
import { buildModelOutline, type ModelOutline } from './modelOutline';

/** What the worker posts back: the outline, or the reason it could not be built. */
export type ModelOutlineResult = { ok: true; outline: ModelOutline } | { ok: false; error: string; formatError: boolean };

async function outline(path: string): Promise<ModelOutlineResult> {
  try {
    const { model, llm } = await openModelWithLlm(path);
    return { ok: true, outline: buildModelOutline(model, llm) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), formatError: error instanceof FormatError };
  }
}

if (parentPort) {
  const port = parentPort;
  void outline((workerData as { path: string }).path).then((result) => port.postMessage(result));
}
