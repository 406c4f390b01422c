// The overview of a large graph as the page draws it before the full payload is laid out (core/graph/graphOverview.ts):
// its scene for the renderer, the labels and fills the renderer asks for (from what the overview carries: group cards,
// top-level nodes' ops), and a group clicked meanwhile, which the page opens once the full scene is there.
import { overviewScene, type GraphOverview } from '../../core/graph/graphOverview';
import type { Scene } from '../../core/graph/hierarchicalLayout';
import type { NodeLabel } from '../../core/graph/nodeLabel';
import type { Emphasis, ItemStyle } from './graphRenderer';
import { opColor } from './nodeColors';

const EMPTY: NodeLabel = { title: '', attrs: [], weights: [] };

/** Nothing selected, related or matched: the overview is drawn plain. */
export const NO_EMPHASIS: Emphasis = { selected: null, related: null, matches: new Set() };

/** One overview being shown. */
export class OverviewView {
  readonly scene: Scene;
  /** The group clicked while the overview was shown (the last one wins), to open once the full scene is laid out. */
  queued: string | undefined;
  private readonly fills = new Map<string, string>();

  constructor(
    readonly overview: GraphOverview,
    /** The fill of groups, inputs and outputs in the current theme, and whether it is dark (node fills follow it). */
    private readonly groupFill: () => string,
    private readonly dark: () => boolean,
  ) {
    this.scene = overviewScene(overview);
  }

  /** Labels as the full view draws them; nodes in their op's colour (the colouring shown until the payload comes). */
  readonly style: ItemStyle = {
    label: (item) => item.label ?? this.overview.groups[item.key] ?? EMPTY,
    fill: (item) => {
      if (item.kind !== 'node') return this.groupFill();
      const dark = this.dark();
      const key = `${dark ? 'd' : 'l'}${item.key}`;
      let fill = this.fills.get(key);
      if (fill === undefined) this.fills.set(key, (fill = opColor(this.overview.ops[item.key] ?? '', dark)));
      return fill;
    },
  };

  /** The title of the group `id` as its card says it. */
  title(id: string): string {
    return this.overview.groups[`g:${id}`]?.title ?? id;
  }
}
