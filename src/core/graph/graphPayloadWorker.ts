// Worker-thread entry (dist/workers/graphPayload.js): parses one model, summarizes it and posts the
// graph payload, so neither parsing nor the cost model blocks the extension host. A large graph is drawn before
// shape inference ends: a graph that opens collapsed as its overview (graphOverview.ts: the top level, built from the
// payload as the file declares it), any other as that declared payload; the inferred payload follows. Payloads go compressed; progress (what it does now, with counts) and
// wall-clock stamps of each stage go along.
import { parentPort, workerData } from 'node:worker_threads';
import { gzipSync } from 'node:zlib';
import { openModel } from '../formats/registry';
import { FormatError } from '../formats/formatError';
import type { TensorRef } from '../ir/graph';
import { countNodes } from '../ir/summary';
import { formatExactCount } from '../display/quantities';
import type { GraphPayload, LoadStage, LoadStamps } from '../protocol/graph';
import { encodeGraphPayload } from '../protocol/graphPayloadCodec';
import { buildGraphPayload, type PayloadDepth } from './graphPayload';
import { buildOverview, opensCollapsed, type GraphOverview } from './graphOverview';

/** From this many nodes (main graph and bodies), inference takes long enough to be worth drawing without it first. */
export const DECLARED_FIRST_NODES = 5000;

/**
 * What the worker posts (`ok` on its answers, as every parsing worker's): a payload's bytes (encoded here, off the
 * host's thread, and transferred; `inferred` on the last), the overview, what it does now, then `done`, or the reader's
 * message. `done` comes after the inferred payload was posted and carries that payload's overview for the cache, so
 * building it never delays the inferred frame.
 */
export type GraphPayloadResult =
  | { kind: 'payload'; ok: true; final: false; inferred: boolean; payload: Uint8Array; weights: TensorRef[]; stamps: LoadStamps }
  | { kind: 'overview'; final: false; overview: GraphOverview; stamps: LoadStamps }
  | { kind: 'progress'; final: false; stage: LoadStage; text: string }
  | { kind: 'done'; ok: true; final: true; overview?: GraphOverview }
  | Failure;

type Failure = { kind: 'error'; ok: false; final: true; error: string; formatError: boolean };

function failure(error: unknown): Failure {
  return { kind: 'error', ok: false, final: true, error: error instanceof Error ? error.message : String(error), formatError: error instanceof FormatError };
}

/** Receives what loading does now. */
export type OnProgress = (stage: LoadStage, text: string) => void;

/** Receives a payload built (the declared one first for a large graph), with the overview of a graph that opens collapsed. */
export type OnPayload = (payload: GraphPayload, weights: TensorRef[], overview: GraphOverview | undefined) => void;

/**
 * Parses `path` and builds its payload; the declared payload of a graph of `declaredFirstNodes` nodes or more goes to
 * `onDeclared` first. For a graph that opens collapsed, `onOverview` gets the overview of the first payload built,
 * before that payload is encoded; the result carries it when that payload was the inferred one. `stamps` gets the
 * wall-clock time each stage ended. Never throws.
 */
export async function loadGraphPayload(
  path: string,
  onDeclared?: OnPayload,
  declaredFirstNodes = DECLARED_FIRST_NODES,
  onProgress: OnProgress = () => undefined,
  stamps: LoadStamps = {},
  onOverview: (overview: GraphOverview) => void = () => undefined,
): Promise<{ ok: true; payload: GraphPayload; weights: TensorRef[]; overview?: GraphOverview } | Failure> {
  try {
    const start = performance.now();
    const model = await openModel(path);
    stamps.parsed = Date.now();
    const count = countNodes(model.graph);
    let overviewSent = false;
    const build = (depth: PayloadDepth) => {
      const weights: TensorRef[] = [];
      const payload = buildGraphPayload(model, 0, weights, depth);
      payload.parseMs = performance.now() - start;
      stamps[`${depth}Built`] = Date.now();
      // Group tree and top-level layout in Node: tens of milliseconds here, and the page's first frame in kilobytes.
      if (overviewSent || !opensCollapsed(payload)) return { payload, weights };
      const overview = buildOverview(payload);
      overviewSent = true;
      stamps.overviewBuilt = Date.now();
      onOverview(overview);
      return { payload, weights, overview };
    };
    if (onDeclared && count >= declaredFirstNodes) {
      const declared = build('declared');
      onDeclared(declared.payload, declared.weights, declared.overview);
    }
    onProgress('infer', `Inferring shapes of ${formatExactCount(count)} nodes…`);
    return { ok: true, ...build('inferred') };
  } catch (error) {
    return failure(error);
  }
}

/**
 * The payload's bytes, gzip-compressed at the fastest level (a 40k-node payload: 15.5 MB of JSON in 1.5 MB, in about
 * 0.1 s), as a plain Uint8Array of its own buffer: postMessage serializes a Node Buffer through its toJSON.
 */
export function compressPayload(payload: GraphPayload): Uint8Array {
  const compressed = gzipSync(encodeGraphPayload(payload), { level: 1 });
  return new Uint8Array(compressed.buffer.byteLength === compressed.byteLength ? compressed.buffer : compressed.buffer.slice(compressed.byteOffset, compressed.byteOffset + compressed.byteLength));
}

if (parentPort) {
  const port = parentPort;
  const stamps: LoadStamps = { workerStarted: Date.now() };
  const post = (payload: GraphPayload, weights: TensorRef[]) => {
    const bytes = compressPayload(payload);
    stamps[`${payload.inferred ? 'inferred' : 'declared'}Encoded`] = Date.now();
    // Transferred, not copied: the host posts these bytes on to the webview and its cache.
    port.postMessage({ kind: 'payload', ok: true, final: false, inferred: payload.inferred, payload: bytes, weights, stamps: { ...stamps } } satisfies GraphPayloadResult, [bytes.buffer as ArrayBuffer]);
  };
  const progress: OnProgress = (stage, text) => port.postMessage({ kind: 'progress', final: false, stage, text } satisfies GraphPayloadResult);
  const overview = (shown: GraphOverview) => port.postMessage({ kind: 'overview', final: false, overview: shown, stamps: { ...stamps } } satisfies GraphPayloadResult);
  // A declared payload whose overview was posted is not posted: the page shows the overview until the inferred payload
  // comes, and neither encodes, decodes nor lays out a payload that is replaced a second later (on two cores that work
  // delayed the inferred frame by half a second).
  const declared: OnPayload = (payload, weights, shown) => shown === undefined && post(payload, weights);
  void loadGraphPayload((workerData as { path: string }).path, declared, DECLARED_FIRST_NODES, progress, stamps, overview).then((result) => {
    if (!result.ok) return port.postMessage(result);
    post(result.payload, result.weights);
    port.postMessage({ kind: 'done', ok: true, final: true, ...(cacheOverview(result) ?? {}) } satisfies GraphPayloadResult);
  });
}

/** The overview of the inferred payload of a graph that opens collapsed, for the cache; none when it cannot be built (the payload is shown already). */
export function cacheOverview(result: { payload: GraphPayload; overview?: GraphOverview }): { overview: GraphOverview } | undefined {
  if (!opensCollapsed(result.payload)) return undefined;
  try {
    return { overview: result.overview ?? buildOverview(result.payload) };
  } catch {
    return undefined;
  }
}
