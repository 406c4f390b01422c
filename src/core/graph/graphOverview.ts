// The overview of a large graph: its top-level scene with every group collapsed, as the webview's layout will lay it
// out from the full payload, plus what drawing and labelling it needs (group cards, top-level nodes' ops, the summary
// line). The host's worker builds it right after the payload and posts it first: a few kilobytes that the page draws
// while the full payload (megabytes) travels, decodes, groups and lays out. The same code lays out both, so the full
// scene replaces the overview in place.
import type { GraphPayload } from '../protocol/graph';
import { groupLabel } from './groupLabel';
import { buildGroupTree, type GroupTree } from './groupTree';
import { createGraphLayout, type Scene, type SceneEdge, type SceneItem } from './hierarchicalLayout';
import type { NodeLabel } from './nodeLabel';
import { summaryFigures, type SummaryFigures } from './summaryLine';
import type { Rect } from './viewport';

/** Graphs of up to this many nodes open with every group expanded (no overview: the open scene is not the top level); larger ones open collapsed. */
export const EXPAND_AT_OPEN = 1000;

/** What the page draws before the full payload of a graph that opens collapsed. Plain data: it travels as JSON. */
export interface GraphOverview {
  /** The top-level scene's items (nodes, inputs and outputs carry their label) and edges, in world coordinates. */
  items: SceneItem[];
  edges: SceneEdge[];
  bounds: Rect;
  /** Each collapsed group's card by item key (`g:<id>`), as groupLabel writes it. */
  groups: Record<string, NodeLabel>;
  /** The op of each top-level node by item key (`n:<index>`), for its fill. */
  ops: Record<string, string>;
  /** The figures of the summary line. */
  summary: SummaryFigures;
}

/** Whether the page opens `payload` collapsed, so that its first scene is the overview's. */
export function opensCollapsed(payload: Pick<GraphPayload, 'nodes'>): boolean {
  return payload.nodes.length > EXPAND_AT_OPEN;
}

/** The overview of `payload` (grouped by `tree`, built here when not given): the scene with no group expanded. */
export function buildOverview(payload: GraphPayload, tree: GroupTree = buildGroupTree(payload.nodes)): GraphOverview {
  const scene = createGraphLayout(payload, tree).scene(new Set());
  const groups: Record<string, NodeLabel> = {};
  const ops: Record<string, string> = {};
  for (const item of scene.items) {
    if (item.kind === 'group') groups[item.key] = groupLabel(tree.groups.get(item.key.slice(2))!, payload.inferred);
    else if (item.kind === 'node') ops[item.key] = payload.nodes[Number(item.key.slice(2))].op;
  }
  return { items: scene.items, edges: scene.edges, bounds: scene.bounds, groups, ops, summary: summaryFigures(payload, tree) };
}

/** The overview's scene as the renderer takes it (the key index is not sent). */
export function overviewScene(overview: GraphOverview): Scene {
  return { items: overview.items, edges: overview.edges, bounds: overview.bounds, byKey: new Map(overview.items.map((item) => [item.key, item])), computed: 0 };
}
