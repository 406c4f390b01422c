// The drawn scene for a set of expanded groups: each visible container's interior is laid out on its
// own with its children at their collapsed sizes (cached by the level's shape, see layoutCache.ts); where
// children are expanded, that layout is stretched to their open sizes (stretchLayout.ts) or, for a small
// level, laid out again. The levels are composed into absolute world rectangles and edge polylines.
// Expanding a group lays out that group's interior at most, so it stays fast on big graphs.
import type { GraphPayload } from '../protocol/graph';
import type { GroupTree } from './groupTree';
import { buildGraphLevels, groupKey, type GraphLevel, type ItemKey, type LevelEdge } from './graphLevels';
import { LayoutCache, levelShape, type LevelLayout } from './layoutCache';
import { isChain, layeredLayout, type LayoutBox, type LayoutPins } from './layeredLayout';
import type { NodeLabel } from './nodeLabel';
import { SceneLabels, type Measure } from './sceneLabels';
import { stretchLayout } from './stretchLayout';
import type { Point, Rect } from './viewport';

export type { Measure } from './sceneLabels';

/** Inner padding and title height of an expanded group, in world units. */
export const GROUP_PAD = 12;
export const GROUP_TITLE = 22;
/** Levels of at most this many items are laid out again with their open groups' sizes; bigger ones, and chains, are stretched. */
export const RELAYOUT_MAX_ITEMS = 50;

/** A drawn box: a node, a collapsed group or the frame of an expanded group, a graph input or output, or a port of an expanded group. */
export interface SceneItem extends Rect {
  key: ItemKey;
  /** `input`/`output`: `i:<k>`/`o:<k>`, payload.inputs[k]/outputs[k]; `port`: `p:in:<group>` at the top of an open group's frame, `p:out:<group>` at its bottom. */
  kind: 'node' | 'group' | 'input' | 'output' | 'port';
  expanded: boolean;
  /** Nesting depth: 0 at the top level (a port has the depth of the items inside its group). */
  depth: number;
  /** What the box says, for every kind but groups (which draw from the group tree); the box was sized for it. */
  label?: NodeLabel;
}

/** A drawn edge between two items of one level. */
export interface SceneEdge {
  from: ItemKey;
  to: ItemKey;
  points: Point[];
  count: number;
  tensor?: LevelEdge['tensor'];
}

/** Everything the renderer draws, in world coordinates; items are ordered parents first. */
export interface Scene {
  items: SceneItem[];
  edges: SceneEdge[];
  bounds: Rect;
  byKey: Map<ItemKey, SceneItem>;
  /** Levels laid out (not from the cache, and not stretched from a cached layout) to build this scene. */
  computed: number;
}

const KINDS: Record<string, SceneItem['kind']> = { n: 'node', g: 'group', i: 'input', o: 'output', p: 'port' };

/** The layout of a payload grouped by `tree`: the one call the layout worker makes. */
export function createGraphLayout(payload: GraphPayload, tree: GroupTree): HierarchicalLayout {
  const levels = buildGraphLevels(tree, payload.nodes, payload);
  const labels = new SceneLabels(tree, payload.nodes, payload, levels);
  return new HierarchicalLayout(levels, labels.measure, undefined, (key) => labels.label(key));
}

/** Label-sized boxes for nodes and collapsed groups, without graph inputs and outputs. */
export function defaultMeasure(tree: GroupTree, nodes: GraphPayload['nodes']): Measure {
  return new SceneLabels(tree, nodes, { inputs: [], outputs: [] }).measure;
}

/** Computes scenes for expansion states, reusing cached level layouts. */
export class HierarchicalLayout {
  readonly cache: LayoutCache;

  constructor(
    private readonly levels: ReadonlyMap<string, GraphLevel>,
    private readonly measure: Measure,
    cache?: LayoutCache,
    private readonly labelOf: (key: ItemKey) => NodeLabel | undefined = () => undefined,
  ) {
    this.cache = cache ?? new LayoutCache();
  }

  /** The layout of `boxes` as laid out (from the cache when a level of the same shape was). */
  private laidOut(level: GraphLevel, boxes: LayoutBox[]): LevelLayout {
    const [top, bottom] = [new Set<string>(), new Set<string>()];
    for (const [key, port] of level.ports) (port.side === 'in' ? top : bottom).add(key);
    const pins: LayoutPins = { top, bottom };
    return this.cache.get(levelShape(boxes, level.edges), boxes, () => layeredLayout(boxes, level.edges, pins));
  }

  /** The scene with the groups in `expanded` open (groups whose ancestors are closed stay hidden). */
  scene(expanded: ReadonlySet<string>): Scene {
    const sizes = new Map<ItemKey, { width: number; height: number }>();
    const layouts = new Map<string, LevelLayout>();
    const missesBefore = this.cache.misses;
    const layOut = (id: string): LevelLayout => {
      const level = this.levels.get(id)!;
      const closed: LayoutBox[] = [];
      const open: LayoutBox[] = [];
      let grown = false;
      for (const key of level.items) {
        const size = this.measure(key);
        closed.push({ key, ...size });
        if (key.startsWith('g:') && expanded.has(key.slice(2))) {
          const inner = layOut(key.slice(2));
          const width = Math.max(inner.width + 2 * GROUP_PAD, size.width);
          open.push({ key, width, height: inner.height + GROUP_TITLE + 2 * GROUP_PAD });
          grown = true;
        } else open.push({ key, ...size });
        sizes.set(key, open[open.length - 1]);
      }
      let layout: LevelLayout;
      if (!grown) layout = this.laidOut(level, closed);
      else if (level.items.length <= RELAYOUT_MAX_ITEMS && !isChain(closed, level.edges)) layout = this.laidOut(level, open);
      else layout = stretchLayout(this.laidOut(level, closed), new Map(closed.map((box) => [box.key, box])), new Map(open.map((box) => [box.key, box])), level.edges);
      layouts.set(id, layout);
      return layout;
    };
    const top = layOut('');
    const items: SceneItem[] = [];
    const edges: SceneEdge[] = [];
    const place = (id: string, ox: number, oy: number, depth: number): void => {
      const level = this.levels.get(id)!;
      const layout = layouts.get(id)!;
      for (const key of level.items) {
        const size = sizes.get(key)!;
        const center = layout.centers.get(key)!;
        const kind = KINDS[key[0]];
        const open = kind === 'group' && expanded.has(key.slice(2));
        const item: SceneItem = { key, kind, expanded: open, depth, x: ox + center.x - size.width / 2, y: oy + center.y - size.height / 2, width: size.width, height: size.height };
        const label = kind === 'group' ? undefined : this.labelOf(key);
        if (label) item.label = label;
        items.push(item);
        if (open) place(key.slice(2), item.x + GROUP_PAD, item.y + GROUP_TITLE + GROUP_PAD, depth + 1);
      }
      level.edges.forEach((edge, index) => {
        edges.push({ from: edge.from, to: edge.to, count: edge.count, tensor: edge.tensor, points: layout.routes[index].map((point) => ({ x: ox + point.x, y: oy + point.y })) });
      });
    };
    place('', 0, 0, 0);
    return { items, edges, bounds: { x: 0, y: 0, width: top.width, height: top.height }, byKey: new Map(items.map((item) => [item.key, item])), computed: this.cache.misses - missesBefore };
  }
}

/** The item key a group is drawn under. */
export const keyOfGroup = groupKey;
