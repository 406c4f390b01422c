// What each scene item says: the label the layout sized its box for (a node's op, attributes and weights, a graph
// input's or output's name and type, a port's shape), or for a group its name and figures, made once per group and
// payload. The renderer reads these every frame, so they are cached; a new payload (the inferred one) starts anew.
import { groupLabel } from '../../core/graph/groupLabel';
import type { GroupTree } from '../../core/graph/groupTree';
import type { SceneItem } from '../../core/graph/hierarchicalLayout';
import { ioLabel, nodeLabel, type NodeLabel } from '../../core/graph/nodeLabel';
import type { GraphPayload } from '../../core/protocol/graph';
import type { Overlay } from './nodeColors';

const EMPTY: NodeLabel = { title: '', attrs: [], weights: [] };

/** Labels of the items of one payload's scenes. */
export class ItemLabels {
  private readonly cache = new Map<string, NodeLabel>();
  private fills = new Map<string, string>();
  private fillsOf: Overlay | undefined;

  constructor(
    private readonly payload: GraphPayload,
    private readonly tree: GroupTree,
  ) {}

  /** A node's fill under `overlay`, cached by key (the frame loop reads it for every node on screen). */
  fill(item: SceneItem, overlay: Overlay): string {
    if (overlay !== this.fillsOf) [this.fills, this.fillsOf] = [new Map(), overlay];
    let fill = this.fills.get(item.key);
    if (fill === undefined) {
      fill = overlay.fill(Number(item.key.slice(2)));
      this.fills.set(item.key, fill);
    }
    return fill;
  }

  label(item: SceneItem): NodeLabel {
    if (item.label) return item.label;
    let label = this.cache.get(item.key);
    if (!label) {
      label = this.make(item.key);
      this.cache.set(item.key, label);
    }
    return label;
  }

  /** The label of `key` (`n:3`, `g:layer1`, `i:0`, `o:0`); an empty one for ports. */
  private make(key: string): NodeLabel {
    const rest = key.slice(2);
    switch (key[0]) {
      case 'n':
        return nodeLabel(this.payload.nodes[Number(rest)]);
      case 'i':
        return ioLabel(this.payload.inputs[Number(rest)]);
      case 'o':
        return ioLabel(this.payload.outputs[Number(rest)]);
      case 'g': {
        const group = this.tree.groups.get(rest);
        return group ? groupLabel(group, this.payload.inferred) : EMPTY;
      }
      default:
        return EMPTY;
    }
  }
}
