// Layout Web Worker of the graph webview: holds the hierarchy and the level-layout cache, and answers
// scene requests for a set of expanded groups, so layout never blocks drawing or input.
import { buildGroupTree } from '../../core/graph/groupTree';
import { createGraphLayout, type HierarchicalLayout, type Scene } from '../../core/graph/hierarchicalLayout';
import type { GraphPayload } from '../../core/protocol/graph';

/** Main thread -> worker. */
export type LayoutRequest = { kind: 'init'; payloadJson: string } | { kind: 'scene'; id: number; expanded: string[] };
/** Worker -> main thread. */
export type LayoutReply = { kind: 'scene'; id: number; scene: Scene; ms: number; computed: number; initMs: number } | { kind: 'error'; id: number; message: string };

let layout: HierarchicalLayout | undefined;
/** Time spent building the hierarchy and levels, reported with the first scene. */
let initMs = 0;

const scope = self as unknown as { onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null; postMessage(reply: LayoutReply): void };

scope.onmessage = (event) => {
  const request = event.data;
  if (request.kind === 'init') {
    const start = performance.now();
    // Parsed here as well as on the main thread: both parse at once, and no object graph is cloned between them.
    const payload = JSON.parse(request.payloadJson) as GraphPayload;
    layout = createGraphLayout(payload, buildGroupTree(payload.nodes));
    initMs = performance.now() - start;
    return;
  }
  try {
    const start = performance.now();
    const scene = layout!.scene(new Set(request.expanded));
    scope.postMessage({ kind: 'scene', id: request.id, scene, ms: performance.now() - start, computed: scene.computed, initMs });
  } catch (error) {
    scope.postMessage({ kind: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) });
  }
};
