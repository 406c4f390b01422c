// Labels of the items of a scene and the box sizes that follow from them: a box is as wide as its longest
// line and as tall as its title row plus one row per line. The sizes come from a fixed width per character
// at each font size (the renderer draws in those sizes), so the layout worker needs no canvas to measure.
import type { PayloadNode, PayloadTensor } from '../protocol/graph';
import type { GraphLevel, ItemKey } from './graphLevels';
import { parsePortKey } from './graphLevels';
import { groupLabel } from './groupLabel';
import type { GroupTree } from './groupTree';
import { ioLabel, nodeLabel, type NodeLabel } from './nodeLabel';

/** What the renderer draws in and the layout sizes boxes by, in world units (1 = one CSS pixel at 1:1). */
export const LABEL_METRICS = {
  /** Font size of a node's title (the op) and of a group's name. */
  titleFont: 12,
  /** Font size of attribute and weight lines, port titles and edge shape labels. */
  lineFont: 10,
  /** Height of the title row, and of each further line. */
  titleRow: 20,
  lineRow: 13,
  /** Space left and right of the text, and below the last line. */
  padX: 8,
  padBottom: 5,
  /** Estimated advance of one character at titleFont and at lineFont (a proportional UI font rarely exceeds these). */
  titleChar: 7.2,
  lineChar: 6.2,
  /** Box widths are multiples of this, kept within minWidth and maxWidth. */
  widthStep: 16,
  /** Box widths are kept within these. */
  minWidth: 56,
  maxWidth: 280,
  /** Height of a box that has only a title. */
  minHeight: 26,
  /** Height of a port (a pill on a group's frame showing what crosses it). */
  portHeight: 18,
  /** Height of a collapsed group (its name row and two figures rows, see groupLabel). */
  groupHeight: 50,
} as const;

/** Box sizes for items (nodes, collapsed groups, inputs, outputs, ports). */
export type Measure = (key: ItemKey) => { width: number; height: number };

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** The size of a box that shows `label`. */
export function measureLabel(label: NodeLabel): { width: number; height: number } {
  const m = LABEL_METRICS;
  const lines = [...label.attrs, ...label.weights];
  const text = Math.max(label.title.length * m.titleChar, ...lines.map((line) => line.length * m.lineChar));
  const height = lines.length === 0 ? m.minHeight : m.titleRow + lines.length * m.lineRow + m.padBottom;
  // Widths go up in steps, so repeated blocks whose channel counts differ by a digit still share one layout (layoutCache).
  return { width: Math.min(m.maxWidth, Math.ceil(clamp(text + 2 * m.padX, m.minWidth, m.maxWidth) / m.widthStep) * m.widthStep), height };
}

/** The label of a port: the shape of the one value that crosses it, or how many values do. */
export function portLabel(level: GraphLevel, key: ItemKey): NodeLabel {
  const info = level.ports.get(key);
  const values = info?.values ?? [];
  const side = info?.side === 'out' ? 'output' : 'input';
  const title = values.length === 1 ? values[0].shape || side : `${values.length} ${side}s`;
  return { title, attrs: [], weights: [] };
}

/** Labels and sizes of one model's items, each made once. */
export class SceneLabels {
  private readonly labels = new Map<ItemKey, NodeLabel>();
  private readonly sizes = new Map<ItemKey, { width: number; height: number }>();

  constructor(
    private readonly tree: GroupTree,
    private readonly nodes: readonly PayloadNode[],
    /** The graph's inputs and outputs, and whether MACs are known (group cards show them). */
    private readonly io: { inputs: readonly PayloadTensor[]; outputs: readonly PayloadTensor[]; inferred?: boolean },
    private readonly levels?: ReadonlyMap<string, GraphLevel>,
  ) {}

  /** What an item's box says; undefined for groups (drawn from the group tree). */
  label(key: ItemKey): NodeLabel | undefined {
    if (key.startsWith('g:')) return undefined;
    let label = this.labels.get(key);
    if (label) return label;
    const index = Number(key.slice(2));
    if (key.startsWith('n:')) label = nodeLabel(this.nodes[index]);
    else if (key.startsWith('i:')) label = ioLabel(this.io.inputs[index]);
    else if (key.startsWith('o:')) label = ioLabel(this.io.outputs[index]);
    else {
      const port = parsePortKey(key);
      const level = port && this.levels?.get(port.group);
      label = level ? portLabel(level, key) : { title: '', attrs: [], weights: [] };
    }
    this.labels.set(key, label);
    return label;
  }

  /** The box size of an item (a collapsed group for `g:` keys). */
  readonly measure: Measure = (key) => {
    let size = this.sizes.get(key);
    if (size) return size;
    const m = LABEL_METRICS;
    if (key.startsWith('g:')) {
      const label = groupLabel(this.tree.groups.get(key.slice(2))!, this.io.inferred ?? true);
      const text = Math.max(label.title.length * m.titleChar, ...label.attrs.map((line) => line.length * m.lineChar));
      size = { width: Math.ceil(clamp(text + 2 * m.padX, 150, m.maxWidth)), height: m.groupHeight };
    } else if (key.startsWith('p:')) {
      const title = this.label(key)!.title;
      size = { width: Math.ceil(clamp(title.length * m.lineChar + 2 * m.padX, 40, 200)), height: m.portHeight };
    } else size = measureLabel(this.label(key)!);
    this.sizes.set(key, size);
    return size;
  };
}
