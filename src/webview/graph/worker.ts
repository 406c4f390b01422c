// Layout Web Worker of the graph webview: holds the hierarchy and the level-layout cache, and answers
// scene requests for a set of expanded groups, so layout never blocks drawing or input.
import { buildGroupTree } from '../../core/graph/groupTree';
import { createGraphLayout, type HierarchicalLayout, type Scene } from '../../core/graph/hierarchicalLayout';
import { decodeGraphPayload } from '../../core/protocol/graphPayloadCodec';

/** Main thread -> worker. */
export type LayoutRequest = { kind: 'init'; payload: Uint8Array } | { kind: 'scene'; id: number; expanded: string[] };
/** Worker -> main thread. */
export type LayoutReply = { kind: 'scene'; id: number; scene: Scene; ms: number; computed: number; initMs: number } | { kind: 'error'; id: number; message: string };

/** The layout of the payload sent last, once decoded (scene requests wait for it). */
let layout: Promise<HierarchicalLayout> | undefined;
/** Time spent building the hierarchy and levels, reported with the first scene. */
let initMs = 0;

const scope = self as unknown as { onmessage: ((event: MessageEvent<LayoutRequest>) => Promise<void>) | null; postMessage(reply: LayoutReply): void };

scope.onmessage = async (event) => {
  const request = event.data;
  if (request.kind === 'init') {
    const start = performance.now();
    // Decoded here as well as on the main thread: both decode at once, and no object graph is cloned between them.
    layout = decodeGraphPayload(request.payload).then((payload) => {
      const built = createGraphLayout(payload, buildGroupTree(payload.nodes));
      initMs = performance.now() - start;
      return built;
    });
    return;
  }
  try {
    const current = await layout!;
    const start = performance.now();
    const scene = current.scene(new Set(request.expanded));
    scope.postMessage({ kind: 'scene', id: request.id, scene, ms: performance.now() - start, computed: scene.computed, initMs });
  } catch (error) {
    scope.postMessage({ kind: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
};
