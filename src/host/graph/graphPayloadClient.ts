// Loads one model's graph payload for an editor: from the host's cache of payloads when the file is unchanged since
// it was last built, else from the graph-payload worker (under the parse watchdog, off the extension host's thread),
// whose inferred payload is then cached. Reports progress, the overview of a graph that opens collapsed, each payload
// (twice for a large graph) and the error.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TensorRef } from '../../core/ir/graph';
import { formatBytes } from '../../core/display/quantities';
import type { GraphOverview } from '../../core/graph/graphOverview';
import type { GraphPayloadCache } from '../../core/graph/graphPayloadCache';
import type { GraphPayloadResult } from '../../core/graph/graphPayloadWorker';
import type { LoadStage, LoadStamps } from '../../core/protocol/graph';
import { parseTimeoutSetting, requestFromWorker } from '../workerRequest';

/**
 * Parses `modelPath` in a worker thread; resolves with the payload or the reader's error, never throws. Progress and a
 * large graph's declared payload (drawn while inference runs) go to `onPartial` first.
 */
export function loadGraphPayloadInWorker(extensionPath: string, modelPath: string, onPartial: (result: GraphPayloadResult) => void, timeoutMs = parseTimeoutSetting()): { result: Promise<GraphPayloadResult>; cancel(): void } {
  return requestFromWorker<GraphPayloadResult>(extensionPath, 'graphPayload', { path: modelPath }, (error) => ({ kind: 'error', ok: false, final: true, error, formatError: false }), timeoutMs, onPartial);
}

/** What a load reports, in order. */
export type GraphLoadEvent =
  | { kind: 'progress'; stage: LoadStage; text: string }
  | { kind: 'overview'; overview: GraphOverview; stamps: LoadStamps; cached: boolean }
  | { kind: 'payload'; payload: Uint8Array; weights: TensorRef[]; stamps: LoadStamps; cached: boolean; final: boolean }
  | { kind: 'error'; message: string };

/**
 * Loads `file` and reports to `onEvent`; `stamps` (wall-clock, by stage) go with each payload. Resolves once the last
 * event is reported; cancel() stops the worker and reports nothing more.
 */
export function loadGraph(extensionPath: string, file: string, cache: GraphPayloadCache | undefined, stamps: LoadStamps, onEvent: (event: GraphLoadEvent) => void): { done: Promise<void>; cancel(): void } {
  let cancelled = false;
  let worker: { cancel(): void } | undefined;
  const report = (event: GraphLoadEvent) => {
    if (!cancelled) onEvent(event);
  };
  const run = async (): Promise<void> => {
    const key = await cache?.key(file).catch(() => undefined);
    const cached = key ? await cache?.read(file) : undefined;
    stamps.cacheChecked = Date.now();
    if (cached) {
      const { overview, ...entry } = cached;
      if (overview) report({ kind: 'overview', overview, stamps: { ...stamps }, cached: true });
      report({ kind: 'payload', ...entry, stamps: { ...stamps }, cached: true, final: true });
      return;
    }
    const size = await fs.stat(file).then((stat) => ` (${formatBytes(stat.size)})`, () => '');
    report({ kind: 'progress', stage: 'parse', text: `Parsing ${path.basename(file)}${size}…` });
    const merged = (more: LoadStamps) => ({ ...stamps, ...more });
    let inferred: Extract<GraphPayloadResult, { kind: 'payload' }> | undefined;
    const load = loadGraphPayloadInWorker(extensionPath, file, (partial) => {
      if (partial.kind === 'progress') report(partial);
      else if (partial.kind === 'overview') report({ ...partial, stamps: merged(partial.stamps), cached: false });
      else if (partial.kind === 'payload') {
        if (partial.inferred) inferred = partial;
        report({ kind: 'payload', payload: partial.payload, weights: partial.weights, stamps: merged(partial.stamps), cached: false, final: partial.inferred });
      }
    });
    worker = load;
    if (cancelled) load.cancel();
    const result = await load.result;
    // Cached once the worker is done (it builds the inferred payload's overview after posting that payload).
    if (result.kind === 'done' && inferred && cache && key && !cancelled) {
      const entry = { payload: inferred.payload, weights: inferred.weights, ...(result.overview ? { overview: result.overview } : {}) };
      await cache.write(file, entry, key).catch((error: unknown) => console.warn(`Tensorsight: could not cache the graph of ${file}:`, error));
    } else if (result.kind === 'error' && result.error !== 'cancelled' && !inferred) {
      // Reported only before the inferred payload: a limit reached after it (building the cache's overview) leaves the graph as shown.
      report({ kind: 'error', message: result.error });
    }
  };
  return {
    done: run(),
    cancel: () => {
      cancelled = true;
      worker?.cancel();
    },
  };
}
