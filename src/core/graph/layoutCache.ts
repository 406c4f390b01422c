// Layouts of group interiors, kept per group id. A group's interior depends only on the sizes of its
// expanded children, so the cache key is the group id plus that signature: collapsing and expanding
// again, or expanding a sibling, reuses the earlier layout instead of recomputing it.

/** A laid-out level: its size and each child's centre, in the level's own coordinates. */
export interface LevelLayout {
  width: number;
  height: number;
  centers: Map<string, { x: number; y: number }>;
  /** Edge polylines in level coordinates, in the order of the level's edges. */
  routes: { x: number; y: number }[][];
}

/** Cache of level layouts by group id and child-size signature. */
export class LayoutCache {
  private readonly byGroup = new Map<string, Map<string, LevelLayout>>();
  hits = 0;
  misses = 0;

  /** The cached layout of `groupId` for `signature`, or the result of `compute` (then cached). */
  get(groupId: string, signature: string, compute: () => LevelLayout): LevelLayout {
    let variants = this.byGroup.get(groupId);
    const found = variants?.get(signature);
    if (found) {
      this.hits++;
      return found;
    }
    this.misses++;
    const layout = compute();
    if (!variants) this.byGroup.set(groupId, (variants = new Map()));
    variants.set(signature, layout);
    return layout;
  }

  /** Whether `groupId` has been laid out for `signature`. */
  has(groupId: string, signature: string): boolean {
    return this.byGroup.get(groupId)?.has(signature) ?? false;
  }

  /** Layouts stored, all variants counted. */
  get size(): number {
    let count = 0;
    for (const variants of this.byGroup.values()) count += variants.size;
    return count;
  }
}
