// Worker-thread entry (dist/workers/graphPayload.js): parses one model, summarizes it and posts the
// graph payload, so neither parsing nor the cost model blocks the extension host. A large graph is posted
// twice: first as the file declares it, so the editor draws it while shape inference runs, then inferred.
import { parentPort, workerData } from 'node:worker_threads';
import { openModel } from '../formats/registry';
import { FormatError } from '../formats/formatError';
import type { TensorRef } from '../ir/graph';
import { countNodes } from '../ir/summary';
import type { GraphPayload } from '../protocol/graph';
import { buildGraphPayload, type PayloadDepth } from './graphPayload';

/** From this many nodes (main graph and bodies), inference takes long enough to be worth drawing without it first. */
export const DECLARED_FIRST_NODES = 5000;

/**
 * What the worker posts: a payload as JSON text (made here, off the host's thread), or the reader's message.
 * `final` is false on the declared payload that comes first for a large graph.
 */
export type GraphPayloadResult = { ok: true; final: boolean; payloadJson: string; weights: TensorRef[] } | { ok: false; final: true; error: string; formatError: boolean };

type Failure = Extract<GraphPayloadResult, { ok: false }>;

function failure(error: unknown): Failure {
  return { ok: false, final: true, error: error instanceof Error ? error.message : String(error), formatError: error instanceof FormatError };
}

/**
 * Parses `path` and builds its payload; the declared payload of a graph of `declaredFirstNodes` nodes or more goes to
 * `onDeclared` first. Never throws.
 */
export async function loadGraphPayload(path: string, onDeclared?: (payload: GraphPayload, weights: TensorRef[]) => void, declaredFirstNodes = DECLARED_FIRST_NODES): Promise<{ ok: true; payload: GraphPayload; weights: TensorRef[] } | Failure> {
  try {
    const start = performance.now();
    const model = await openModel(path);
    const build = (depth: PayloadDepth) => {
      const weights: TensorRef[] = [];
      const payload = buildGraphPayload(model, 0, weights, depth);
      payload.parseMs = performance.now() - start;
      return { payload, weights };
    };
    if (onDeclared && countNodes(model.graph) >= declaredFirstNodes) {
      const declared = build('declared');
      onDeclared(declared.payload, declared.weights);
    }
    return { ok: true, ...build('inferred') };
  } catch (error) {
    return failure(error);
  }
}

if (parentPort) {
  const port = parentPort;
  const post = (payload: GraphPayload, weights: TensorRef[], final: boolean) => port.postMessage({ ok: true, final, payloadJson: JSON.stringify(payload), weights } satisfies GraphPayloadResult);
  void loadGraphPayload((workerData as { path: string }).path, (payload, weights) => post(payload, weights, false)).then((result) => {
    if (result.ok) post(result.payload, result.weights, true);
    else port.postMessage(result);
  });
}
