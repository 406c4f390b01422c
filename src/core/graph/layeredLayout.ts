// Lays out one level (a container's direct children) top to bottom with dagre's layered layout.
// The benchmark compares dagre with elkjs on the same levels; dagre won there (see bench/graphLayout.bench.mjs).
// A level that is one chain (a sequential model, a stack of layers) is stacked directly: dagre would draw the
// same column, at a cost that grows past 100 ms for a few hundred items.
import dagre from '@dagrejs/dagre';
import type { LevelLayout } from './layoutCache';

/** A box to place. */
export interface LayoutBox {
  key: string;
  width: number;
  height: number;
}

/** Boxes held to the top row (a group's input port) or the bottom row (its output port). */
export interface LayoutPins {
  top: ReadonlySet<string>;
  bottom: ReadonlySet<string>;
}

/** Spacing in world units: ranks far enough apart for an edge's shape label between them. */
export const LAYOUT_SPACING = { nodesep: 24, ranksep: 40, edgesep: 10, margin: 0 };

const NO_PINS: LayoutPins = { top: new Set(), bottom: new Set() };

/** Places `boxes` and routes `edges` (between box keys) in layers; centres and routes are in the level's coordinates. */
export function layeredLayout(boxes: readonly LayoutBox[], edges: readonly { from: string; to: string }[], pins: LayoutPins = NO_PINS): LevelLayout {
  if (boxes.length === 1) {
    const [only] = boxes;
    return { width: only.width, height: only.height, centers: new Map([[only.key, { x: only.width / 2, y: only.height / 2 }]]), routes: edges.map(() => []) };
  }
  const chain = chainOrder(boxes, edges);
  if (chain) return columnLayout(chain, edges);
  // Ports usually land in the first or last rank by themselves; the pinning edges, which lengthen many edges and so
  // slow dagre, are added only when one did not.
  const free = dagreLayout(boxes, edges, NO_PINS);
  return pinsHold(free, pins) ? free : dagreLayout(boxes, edges, pins);
}

/** Whether every top pin is in the first rank and every bottom pin in the last. */
function pinsHold(layout: LevelLayout, pins: LayoutPins): boolean {
  if (pins.top.size === 0 && pins.bottom.size === 0) return true;
  const ys = [...layout.centers.values()].map((center) => center.y);
  const [first, last] = [Math.min(...ys), Math.max(...ys)];
  return [...pins.top].every((key) => layout.centers.get(key)!.y <= first + 0.5) && [...pins.bottom].every((key) => layout.centers.get(key)!.y >= last - 0.5);
}

function dagreLayout(boxes: readonly LayoutBox[], edges: readonly { from: string; to: string }[], pins: LayoutPins): LevelLayout {
  const graph = new dagre.graphlib.Graph({ multigraph: false });
  graph.setGraph({ rankdir: 'TB', nodesep: LAYOUT_SPACING.nodesep, ranksep: LAYOUT_SPACING.ranksep, edgesep: LAYOUT_SPACING.edgesep, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const box of boxes) graph.setNode(box.key, { width: box.width, height: box.height });
  for (const edge of edges) if (edge.from !== edge.to) graph.setEdge(edge.from, edge.to);
  pinEnds(graph, boxes, edges, pins);
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

/**
 * Holds pinned boxes to the first or last rank: an edge of no weight from each top pin to every box nothing else
 * feeds, and from every box that feeds nothing to each bottom pin. They only constrain ranks; nothing draws them.
 */
function pinEnds(graph: InstanceType<typeof dagre.graphlib.Graph>, boxes: readonly LayoutBox[], edges: readonly { from: string; to: string }[], pins: LayoutPins): void {
  if (pins.top.size === 0 && pins.bottom.size === 0) return;
  const fed = new Set<string>();
  const feeds = new Set<string>();
  for (const edge of edges) {
    if (pins.top.has(edge.from) || pins.bottom.has(edge.to)) continue;
    fed.add(edge.to);
    feeds.add(edge.from);
  }
  for (const box of boxes) {
    if (pins.top.has(box.key) || pins.bottom.has(box.key)) continue;
    for (const top of pins.top) if (!fed.has(box.key) && !graph.hasEdge(top, box.key)) graph.setEdge(top, box.key, { weight: 0 });
    for (const bottom of pins.bottom) if (!feeds.has(box.key) && !graph.hasEdge(box.key, bottom)) graph.setEdge(box.key, bottom, { weight: 0 });
  }
}

/** Whether the edges link the boxes into one path (a column, which stretchLayout grows exactly as a new layout would). */
export function isChain(boxes: readonly LayoutBox[], edges: readonly { from: string; to: string }[]): boolean {
  return boxes.length === 1 || chainOrder(boxes, edges) !== undefined;
}

/** The boxes in chain order when the edges link them all into one path (first to last, each edge one step), else undefined. */
function chainOrder(boxes: readonly LayoutBox[], edges: readonly { from: string; to: string }[]): LayoutBox[] | undefined {
  if (edges.length !== boxes.length - 1) return undefined;
  const byKey = new Map(boxes.map((box) => [box.key, box]));
  const next = new Map<string, string>();
  const hasPrevious = new Set<string>();
  for (const edge of edges) {
    if (next.has(edge.from) || hasPrevious.has(edge.to) || edge.from === edge.to) return undefined;
    next.set(edge.from, edge.to);
    hasPrevious.add(edge.to);
  }
  const first = boxes.find((box) => !hasPrevious.has(box.key));
  const order: LayoutBox[] = [];
  for (let key: string | undefined = first?.key; key !== undefined && order.length <= boxes.length; key = next.get(key)) order.push(byKey.get(key)!);
  return order.length === boxes.length ? order : undefined;
}

/** One column, centred, ranks apart; each edge a straight drop from its source's bottom to its target's top. */
function columnLayout(order: readonly LayoutBox[], edges: readonly { from: string; to: string }[]): LevelLayout {
  const width = Math.max(...order.map((box) => box.width));
  const centers = new Map<string, { x: number; y: number }>();
  let y = 0;
  for (const box of order) {
    centers.set(box.key, { x: width / 2, y: y + box.height / 2 });
    y += box.height + LAYOUT_SPACING.ranksep;
  }
  const half = new Map(order.map((box) => [box.key, box.height / 2]));
  const routes = edges.map((edge) => {
    const [from, to] = [centers.get(edge.from)!, centers.get(edge.to)!];
    return [
      { x: width / 2, y: from.y + half.get(edge.from)! },
      { x: width / 2, y: to.y - half.get(edge.to)! },
    ];
  });
  return { width, height: y - LAYOUT_SPACING.ranksep, centers, routes };
}
