// Layers grouped by scope for a torchinfo-like depth view: `/layer1/layer1.0/conv1/Conv` sits
// in layer1 > layer1.0 > conv1. A scope holding a single op is shown as that op ("conv1 (Conv)").
import type { Dim } from './graph';
import type { LayerSummary } from './summary';

/** One row of the depth view: a scope group or a single layer. */
export interface ScopeRow {
  /** 1 for top-level rows. */
  depth: number;
  name: string;
  path: string[];
  /** The op for a single layer (or a scope holding one op); 'group' otherwise. */
  op: string;
  /** Layers inside (1 for a layer). */
  nodes: number;
  /** Elements of the weights read inside; a shared weight read under one name by several layers inside counts once. */
  params: number;
  /** The part of `params` whose stored tensors layers elsewhere (or several inside) read too. */
  sharedParams: number;
  /** Sum of the known MACs inside. */
  macs: number;
  /** Layers inside whose MACs are unknown. */
  unknownMacs: number;
  /** Output shapes of the group's last layer. */
  outputShapes: (Dim[] | null)[];
}

interface Group {
  name: string;
  path: string[];
  children: (Group | LayerSummary)[];
  groups: Map<string, Group>;
}

function isGroup(item: Group | LayerSummary): item is Group {
  return 'children' in item;
}

/** Rows down to `maxDepth` (Infinity: every layer), in first-appearance order. */
export function scopeRows(layers: readonly LayerSummary[], maxDepth: number): ScopeRow[] {
  const root: Group = { name: '', path: [], children: [], groups: new Map() };
  for (const layer of layers) {
    let group = root;
    for (const part of layer.scope) {
      let next = group.groups.get(part);
      if (!next) {
        next = { name: part, path: [...group.path, part], children: [], groups: new Map() };
        group.groups.set(part, next);
        group.children.push(next);
      }
      group = next;
    }
    group.children.push(layer);
  }
  const rows: ScopeRow[] = [];
  const visit = (item: Group | LayerSummary, depth: number): void => {
    if (depth > maxDepth) return;
    if (!isGroup(item)) {
      rows.push({ depth, name: leafName(item.name), path: [...item.scope, item.name], op: item.op, nodes: 1, params: item.params, sharedParams: item.sharedParams ?? 0, macs: item.macs ?? 0, unknownMacs: item.macs === null ? 1 : 0, outputShapes: item.outputShapes });
      return;
    }
    const only = soleLayer(item);
    rows.push({ ...totals(item), depth, name: item.name, path: item.path, op: only ? only.op : 'group' });
    if (!only) item.children.forEach((child) => visit(child, depth + 1));
  };
  root.children.forEach((child) => visit(child, 1));
  return rows;
}

/** The one layer inside a scope chain such as classifier > classifier.1 > Gemm, if there is just one. */
function soleLayer(group: Group): LayerSummary | undefined {
  if (group.children.length !== 1) return undefined;
  const child = group.children[0];
  return isGroup(child) ? soleLayer(child) : child;
}

/** The op's own part of a hierarchical name: `/layer1/layer1.0/Add` -> `Add`. */
function leafName(name: string): string {
  return name.split('/').filter((part) => part !== '').pop() ?? name;
}

function totals(group: Group): Omit<ScopeRow, 'depth' | 'name' | 'path' | 'op'> {
  const layers: LayerSummary[] = [];
  const collect = (item: Group): void => item.children.forEach((child) => (isGroup(child) ? collect(child) : layers.push(child)));
  collect(group);
  return layerTotals(layers);
}

/** Totals of some layers as a group row shows them: a shared weight read under one name counts once. */
export function layerTotals(layers: readonly LayerSummary[]): Omit<ScopeRow, 'depth' | 'name' | 'path' | 'op'> {
  const sum = { nodes: 0, params: 0, sharedParams: 0, macs: 0, unknownMacs: 0, outputShapes: [] as (Dim[] | null)[] };
  const shared = new Map<string, number>();
  for (const layer of layers) {
    sum.nodes++;
    sum.params += layer.params - (layer.sharedParams ?? 0);
    for (const [name, elements] of Object.entries(layer.sharedWeights ?? {})) shared.set(name, elements);
    sum.macs += layer.macs ?? 0;
    sum.unknownMacs += layer.macs === null ? 1 : 0;
    sum.outputShapes = layer.outputShapes;
  }
  for (const elements of shared.values()) sum.sharedParams += elements;
  sum.params += sum.sharedParams;
  return sum;
}
