// Layouts of group interiors, kept by the level's shape: its boxes' sizes in order and its edges as pairs of
// box positions. Collapsing and expanding again, or expanding a sibling, reuses the earlier layout; and the
// repeated blocks of a deep model (the 32 decoder layers of an LLM) share one layout, so opening the second
// layer of a kind costs no layout at all.
import type { LayoutBox } from './layeredLayout';

/** A laid-out level: its size and each child's centre, in the level's own coordinates. */
export interface LevelLayout {
  width: number;
  height: number;
  centers: Map<string, { x: number; y: number }>;
  /** Edge polylines in level coordinates, in the order of the level's edges. */
  routes: { x: number; y: number }[][];
}

/** A layout by box position instead of key, so levels of the same shape can share it. */
export interface ShapeLayout {
  width: number;
  height: number;
  /** Centre of the i-th box. */
  centers: { x: number; y: number }[];
  routes: { x: number; y: number }[][];
}

/** The key two levels share exactly when one layout fits both: box sizes in order, then edges by box position. */
export function levelShape(boxes: readonly LayoutBox[], edges: readonly { from: string; to: string }[]): string {
  const position = new Map(boxes.map((box, index) => [box.key, index]));
  return `${boxes.map((box) => `${box.width}x${box.height}`).join(',')}|${edges.map((edge) => `${position.get(edge.from)}>${position.get(edge.to)}`).join(',')}`;
}

/** Cache of level layouts by level shape. */
export class LayoutCache {
  private readonly byShape = new Map<string, ShapeLayout>();
  hits = 0;
  misses = 0;

  /** The layout of `boxes` for `shape` (see levelShape): from the cache, or the result of `compute` (then cached). */
  get(shape: string, boxes: readonly LayoutBox[], compute: () => LevelLayout): LevelLayout {
    let found = this.byShape.get(shape);
    if (found) this.hits++;
    else {
      this.misses++;
      const layout = compute();
      found = { width: layout.width, height: layout.height, centers: boxes.map((box) => layout.centers.get(box.key)!), routes: layout.routes };
      this.byShape.set(shape, found);
    }
    return { width: found.width, height: found.height, centers: new Map(boxes.map((box, index) => [box.key, found.centers[index]])), routes: found.routes };
  }

  /** Layouts stored. */
  get size(): number {
    return this.byShape.size;
  }
}
