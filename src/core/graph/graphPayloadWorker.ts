// Worker-thread entry (dist/workers/graphPayload.js): parses one model, summarizes it and posts the
// graph payload, so neither parsing nor the cost model blocks the extension host.
import { parentPort, workerData } from 'node:worker_threads';
import { openModel } from '../formats/registry';
import { FormatError } from '../formats/formatError';
import type { TensorRef } from '../ir/graph';
import type { GraphPayload } from '../protocol/graph';
import { buildGraphPayload } from './graphPayload';

/** What the worker posts back: the payload as JSON text (made here, off the host's thread), or the reader's message. */
export type GraphPayloadResult = { ok: true; payloadJson: string; weights: TensorRef[] } | { ok: false; error: string; formatError: boolean };

/** Parses, summarizes and builds the payload of `path`; never throws. */
export async function loadGraphPayload(path: string): Promise<{ ok: true; payload: GraphPayload; weights: TensorRef[] } | Extract<GraphPayloadResult, { ok: false }>> {
  try {
    const start = performance.now();
    const model = await openModel(path);
    const weights: TensorRef[] = [];
    const payload = buildGraphPayload(model, 0, weights);
    payload.parseMs = performance.now() - start;
    return { ok: true, payload, weights };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error), formatError: error instanceof FormatError };
  }
}

if (parentPort) {
  const port = parentPort;
  void loadGraphPayload((workerData as { path: string }).path).then((result) => port.postMessage(result.ok ? ({ ok: true, payloadJson: JSON.stringify(result.payload), weights: result.weights } satisfies GraphPayloadResult) : result));
}
