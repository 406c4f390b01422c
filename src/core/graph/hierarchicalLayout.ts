// The drawn scene for a set of expanded groups: each visible container's interior is laid out on its
// own (cached by the level's shape, see layoutCache.ts), expanded groups take the size of their interior, and the
// levels are composed into absolute world rectangles and edge polylines. Expanding a group lays out
// that group plus its ancestors' levels, which hold few items, so it stays fast on big graphs.
import type { PayloadNode } from '../protocol/graph';
import type { GroupTree } from './groupTree';
import { groupKey, type GraphLevel, type ItemKey, type LevelEdge } from './graphLevels';
import { LayoutCache, levelShape, type LevelLayout } from './layoutCache';
import { layeredLayout, type LayoutBox } from './layeredLayout';
import type { Point, Rect } from './viewport';

/** Inner padding and title height of an expanded group, in world units. */
export const GROUP_PAD = 12;
export const GROUP_TITLE = 22;

/** A drawn box: a node, a collapsed group or the frame of an expanded group. */
export interface SceneItem extends Rect {
  key: ItemKey;
  kind: 'node' | 'group';
  expanded: boolean;
  /** Nesting depth: 0 at the top level. */
  depth: number;
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
  /** Levels laid out (not from the cache) to build this scene. */
  computed: number;
}

/** Box sizes for nodes and collapsed groups. */
export type Measure = (key: ItemKey) => { width: number; height: number };

/** The default sizes: wide enough for the op (nodes) or the title and figures line (groups). */
export function defaultMeasure(tree: GroupTree, nodes: readonly PayloadNode[]): Measure {
  return (key) => {
    if (key.startsWith('n:')) {
      const node = nodes[Number(key.slice(2))];
      return { width: clamp(node.op.length * 7 + 28, 72, 240), height: 30 };
    }
    const group = tree.groups.get(key.slice(2))!;
    return { width: clamp(Math.max(group.label.length * 7, 150) + 28, 150, 280), height: 50 };
  };
}

/** Computes scenes for expansion states, reusing cached level layouts. */
export class HierarchicalLayout {
  readonly cache: LayoutCache;

  constructor(
    private readonly levels: ReadonlyMap<string, GraphLevel>,
    private readonly measure: Measure,
    cache?: LayoutCache,
  ) {
    this.cache = cache ?? new LayoutCache();
  }

  /** The scene with the groups in `expanded` open (groups whose ancestors are closed stay hidden). */
  scene(expanded: ReadonlySet<string>): Scene {
    const sizes = new Map<ItemKey, { width: number; height: number }>();
    const layouts = new Map<string, LevelLayout>();
    const missesBefore = this.cache.misses;
    const layOut = (id: string): LevelLayout => {
      const level = this.levels.get(id)!;
      const boxes: LayoutBox[] = [];
      for (const key of level.items) {
        let size = this.measure(key);
        if (key.startsWith('g:') && expanded.has(key.slice(2))) {
          const inner = layOut(key.slice(2));
          size = { width: inner.width + 2 * GROUP_PAD, height: inner.height + GROUP_TITLE + 2 * GROUP_PAD };
          size.width = Math.max(size.width, this.measure(key).width);
        }
        sizes.set(key, size);
        boxes.push({ key, ...size });
      }
      const layout = this.cache.get(levelShape(boxes, level.edges), boxes, () => layeredLayout(boxes, level.edges));
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
        const isGroup = key.startsWith('g:');
        const open = isGroup && expanded.has(key.slice(2));
        const item: SceneItem = { key, kind: isGroup ? 'group' : 'node', expanded: open, depth, x: ox + center.x - size.width / 2, y: oy + center.y - size.height / 2, ...size };
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

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
