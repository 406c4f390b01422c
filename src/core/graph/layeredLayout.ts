// Lays out one level (a container's direct children) top to bottom with dagre's layered layout.
// The benchmark compares dagre with elkjs on the same levels; dagre won there (see bench/graphLayout.bench.mjs).
import dagre from '@dagrejs/dagre';
import type { LevelLayout } from './layoutCache';

/** A box to place. */
export interface LayoutBox {
  key: string;
  width: number;
  height: number;
}

/** Spacing in world units. */
export const LAYOUT_SPACING = { nodesep: 18, ranksep: 30, edgesep: 8, margin: 0 };

/** Places `boxes` and routes `edges` (between box keys) in layers; centres and routes are in the level's coordinates. */
export function layeredLayout(boxes: readonly LayoutBox[], edges: readonly { from: string; to: string }[]): LevelLayout {
  if (boxes.length === 1) {
    const [only] = boxes;
    return { width: only.width, height: only.height, centers: new Map([[only.key, { x: only.width / 2, y: only.height / 2 }]]), routes: edges.map(() => []) };
  }
  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({ rankdir: 'TB', nodesep: LAYOUT_SPACING.nodesep, ranksep: LAYOUT_SPACING.ranksep, edgesep: LAYOUT_SPACING.edgesep, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const box of boxes) graph.setNode(box.key, { width: box.width, height: box.height });
  for (const edge of edges) if (edge.from !== edge.to) graph.setEdge(edge.from, edge.to);
  dagre.layout(graph);
  const centers = new Map<string, { x: number; y: number }>();
  let width = 0;
  let height = 0;
  for (const box of boxes) {
    const placed = graph.node(box.key) as { x: number; y: number };
    centers.set(box.key, { x: placed.x, y: placed.y });
    width = Math.max(width, placed.x + box.width / 2);
    height = Math.max(height, placed.y + box.height / 2);
  }
  const routes = edges.map((edge) => {
    const routed = edge.from === edge.to ? undefined : (graph.edge(edge.from, edge.to) as { points?: { x: number; y: number }[] } | undefined);
    return routed?.points?.map((point) => ({ x: point.x, y: point.y })) ?? [];
  });
  return { width, height, centers, routes };
}
