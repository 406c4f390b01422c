// The Model view: format and producer, an LLM's architecture and whether it fits on each GPU, inputs and outputs,
// totals, and layers grouped by scope. Children are built on expand, so a 40k-layer model costs only what the user opens.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelOutline } from '../../core/ir/modelOutline';
import type { LayerSummary } from '../../core/ir/summary';
import { formatBytes, formatCount, formatExactCount, formatPartialCount } from '../../core/display/quantities';
import { layerTotals } from '../../core/ir/scopeTree';
import { formatShape, formatTensorType } from '../../core/display/irText';
import type { OutlineTensor } from '../../core/ir/modelOutline';
import type { ProfileOverlay } from '../../core/protocol/graph';
import { formatMicros, formatPercent } from '../../core/display/durations';
import { llmFit, type FitSettings, type GpuList } from '../../core/llm/llmFitReport';
import { architectureRows, fitRowsOf, needText, type LlmRow } from '../../core/llm/llmRows';

/** An element of the Model view. */
export type ModelTreeNode =
  | { kind: 'info'; label: string; description?: string; icon: string; tooltip?: string; color?: string }
  | { kind: 'section'; id: string; label: string; description?: string; icon: string; children: () => ModelTreeNode[] }
  | { kind: 'scope'; id: string; name: string; layers: LayerSummary[]; depth: number }
  | { kind: 'layer'; layer: LayerSummary };

export class ModelTreeProvider implements vscode.TreeDataProvider<ModelTreeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ModelTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: ModelTreeNode[] = [];
  /** The outline shown now, for tests and for other features. */
  outline: ModelOutline | undefined;
  /** The file being read for the view, until its outline or error is shown. */
  loading: string | undefined;
  /** Profile overlays by model file: layers and scopes of a profiled model say their time. */
  private readonly profiles = new Map<string, ProfileOverlay>();
  /** Context and batch of the Fits section (settings tensorsight.llm.*). */
  private fitSettings: FitSettings = {};
  /** The GPUs the Fits section checks, from the GPU monitor. */
  private gpus: GpuList = { kind: 'pending', reason: 'the GPU monitor has not reported yet' };
  /** The Fits section shown now and the rows it holds, so a GPU sample that changes nothing refreshes nothing. */
  private fits: { node: Extract<ModelTreeNode, { kind: 'section' }>; rows: LlmRow[]; key: string } | undefined;

  /** Sets the context and batch of the memory check; the Fits section refreshes when its rows change. */
  setFitSettings(settings: FitSettings): void {
    this.fitSettings = settings;
    this.refreshFits();
  }

  /** Sets the GPUs to check against; the Fits section refreshes only when its rows read differently. */
  setGpus(gpus: GpuList): void {
    this.gpus = gpus;
    this.refreshFits();
  }

  /** The Fits section's rows as shown, for tests (undefined without an LLM outline). */
  get fitRows(): readonly LlmRow[] | undefined {
    return this.fits?.rows;
  }

  /** Recomputes the Fits rows of the outline shown; fires for that section only when their text changed. Returns the section. */
  private refreshFits(fire = true): ModelTreeNode | undefined {
    const llm = this.outline?.llm;
    if (!llm) {
      this.fits = undefined;
      return undefined;
    }
    const fit = llmFit(llm, this.fitSettings, this.gpus);
    const rows = fitRowsOf(llm, fit);
    const description = fitSummary(rows, needText(fit));
    const key = JSON.stringify([description, rows]);
    if (this.fits && this.fits.key === key) return this.fits.node;
    const node = this.fits?.node ?? { kind: 'section' as const, id: 'fits', label: 'Fits on GPU', icon: 'server', children: () => (this.fits?.rows ?? []).map(rowNode) };
    node.description = description;
    this.fits = { node, rows, key };
    if (fire) this.changed.fire(node);
    return node;
  }

  /** The profile overlay shown on `file`'s layers. */
  profileOf(file: string): ProfileOverlay | undefined {
    return this.profiles.get(file);
  }

  /** Shows `overlay`'s times on `file`'s layers (undefined: no more). */
  setProfile(file: string, overlay: ProfileOverlay | undefined): void {
    if (overlay) this.profiles.set(file, overlay);
    else this.profiles.delete(file);
    if (this.outline?.path === file) this.changed.fire(undefined);
  }

  showLoading(file: string): void {
    this.loading = file;
    this.outline = undefined;
    this.roots = [{ kind: 'info', label: `Reading ${path.basename(file)}…`, icon: 'loading~spin' }];
    this.changed.fire(undefined);
  }

  showError(file: string, message: string): void {
    this.loading = undefined;
    this.outline = undefined;
    this.roots = [{ kind: 'info', label: `Could not read ${path.basename(file)}`, description: message, tooltip: message, icon: 'error' }];
    this.changed.fire(undefined);
  }

  showOutline(outline: ModelOutline): void {
    this.loading = undefined;
    this.outline = outline;
    this.fits = undefined;
    this.roots = rootsOf(outline, this.refreshFits(false));
    this.changed.fire(undefined);
  }

  clear(): void {
    this.loading = undefined;
    this.outline = undefined;
    this.roots = [];
    this.changed.fire(undefined);
  }

  getChildren(node?: ModelTreeNode): ModelTreeNode[] {
    if (!node) return this.roots;
    if (node.kind === 'section') return node.children();
    if (node.kind === 'scope') return scopeChildren(node.layers, node.depth);
    if (node.kind === 'layer' && this.outline) return layerChildren(node.layer, this.outline);
    return [];
  }

  /** The Layers section's item for layer `id` (as the graph editor names nodes), for TreeView.reveal. */
  layerNode(id: string): ModelTreeNode | undefined {
    const layer = this.outline?.summary.layers.find((each) => each.id === id);
    return layer && { kind: 'layer', layer };
  }

  /**
   * The parent TreeView.reveal walks up through. It rebuilds the chain scopeChildren makes: a scope is its own
   * item only where it holds more than one layer, and items are matched by id, so fresh objects do.
   */
  getParent(node: ModelTreeNode): ModelTreeNode | undefined {
    const layers = this.outline?.summary.layers;
    const section = this.roots.find((root) => root.kind === 'section' && root.id === 'layers');
    if (!layers || !section) return undefined;
    if (node.kind === 'scope') return node.depth > 1 ? scopeNode(layers, node.layers[0].scope.slice(0, node.depth - 1)) : section;
    if (node.kind !== 'layer') return undefined;
    let parent = section;
    for (let depth = 1; depth <= node.layer.scope.length; depth++) {
      const scope = scopeNode(layers, node.layer.scope.slice(0, depth));
      if (scope.layers.length <= 1) break;
      parent = scope;
    }
    return parent;
  }

  getTreeItem(node: ModelTreeNode): vscode.TreeItem {
    switch (node.kind) {
      case 'info': {
        const item = new vscode.TreeItem(node.label);
        item.description = node.description;
        item.tooltip = node.tooltip;
        item.iconPath = new vscode.ThemeIcon(node.icon, node.color ? new vscode.ThemeColor(node.color) : undefined);
        return item;
      }
      case 'section': {
        const item = new vscode.TreeItem(node.label, node.id === 'layers' || node.id === 'fits' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = node.description;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        return item;
      }
      case 'scope': {
        // The same totals as `summary --depth`: a weight shared inside the scope under one name counts once.
        const totals = layerTotals(node.layers);
        // 'X+?' or 'unknown' where layers were not costed, as the graph editor's groups and `summary --depth` read.
        const macs = `${formatPartialCount(totals.macs, totals.unknownMacs)} MACs`;
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = node.id;
        item.description = `${node.layers.length} ops · ${formatCount(totals.params)} params${totals.sharedParams ? ' (shared)' : ''} · ${macs}${this.timeText(node.layers)}`;
        item.iconPath = new vscode.ThemeIcon('symbol-namespace');
        item.contextValue = 'modelScope';
        return item;
      }
      case 'layer': {
        const { layer } = node;
        const item = new vscode.TreeItem(layer.name || layer.op, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `layer:${layer.id}`;
        const shared = layer.sharedParams ? ` (shared with ${layer.sharedWith} other layer${layer.sharedWith === 1 ? '' : 's'})` : '';
        item.description = `${layer.op} · ${layer.outputShapes.map(formatShape).join(', ')}${layer.params ? ` · ${formatCount(layer.params)} params${shared}` : ''}${layer.macs === null ? ' · MACs unknown' : layer.macs ? ` · ${formatCount(layer.macs)} MACs` : ''}${this.timeText([layer])}`;
        item.tooltip = `${layer.name}\n${layer.domain ? `${layer.domain}::` : ''}${layer.op}\nscope: ${layer.scope.join(' / ') || '(top)'}${shared ? `\n${formatCount(layer.sharedParams!)} params${shared}: counted once in the totals` : ''}`;
        item.iconPath = new vscode.ThemeIcon('symbol-method');
        item.contextValue = 'modelLayer';
        return item;
      }
    }
  }

  /** ` · 1.23 ms (12.3 %)`: the profiled time per run of `layers` together, '' without a profile of this model. */
  private timeText(layers: readonly LayerSummary[]): string {
    const profile = this.outline && this.profiles.get(this.outline.path);
    if (!profile) return '';
    let totalUs = 0;
    let pct = 0;
    let timed = 0;
    for (const layer of layers) {
      const timing = Object.hasOwn(profile.nodes, layer.name) ? profile.nodes[layer.name] : undefined;
      if (!timing) continue;
      [totalUs, pct, timed] = [totalUs + timing.totalUs, pct + timing.pct, timed + 1];
    }
    return timed ? ` · ${formatMicros(totalUs / Math.max(1, profile.runs))} (${formatPercent(pct)})` : '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function info(label: string, description?: string, icon = 'symbol-field'): ModelTreeNode {
  return { kind: 'info', label, description, icon };
}

/** The Fits section's description: the total needed, and on how many GPUs it fits where any were checked. */
function fitSummary(rows: readonly LlmRow[], need: string): string {
  const gpus = rows.filter((row) => row.state === 'fits' || row.state === 'short');
  if (gpus.length === 0) return `needs ${need}`;
  const fitting = gpus.filter((row) => row.state === 'fits').length;
  return `needs ${need} · fits on ${fitting} of ${gpus.length} GPU${gpus.length === 1 ? '' : 's'}`;
}

const rowIcons: Record<LlmRow['state'], { icon: string; color?: string }> = {
  fact: { icon: 'symbol-field' },
  total: { icon: 'symbol-number' },
  fits: { icon: 'pass', color: 'testing.iconPassed' },
  short: { icon: 'error', color: 'testing.iconFailed' },
  none: { icon: 'warning', color: 'problemsWarningIcon.foreground' },
};

/** An LLM row as a tree item. */
function rowNode(row: LlmRow): ModelTreeNode {
  return { kind: 'info', label: row.label, description: row.description, tooltip: row.tooltip ?? `${row.label}: ${row.description}`, ...rowIcons[row.state] };
}

function rootsOf(outline: ModelOutline, fits: ModelTreeNode | undefined): ModelTreeNode[] {
  const { summary } = outline;
  const versions = Object.entries(summary.versions).map(([key, value]) => `${key} ${value}`).join(', ');
  const modelInfo: ModelTreeNode[] = [
    info('Format', summary.format, 'file-binary'),
    info('Producer', summary.producer ?? 'not recorded', 'tools'),
    ...(versions ? [info('Opset / versions', versions, 'versions')] : []),
    info('File size', formatBytes(summary.fileBytes), 'file'),
    ...(summary.partial ? [info('Figures are partial', 'the graph is incomplete (see the warnings)', 'warning')] : []),
    ...summary.warnings.map((warning) => info('Warning', warning, 'warning')),
  ];
  const io = (items: typeof summary.inputs) => items.map((value) => info(value.name, formatTensorType(value.dtype, value.shape), 'symbol-variable'));
  const totals: ModelTreeNode[] = [
    info('Parameters', `${formatExactCount(summary.params)} (${formatBytes(summary.paramBytes)})`, 'symbol-number'),
    ...(summary.trainableParams !== undefined ? [info('Trainable', formatExactCount(summary.trainableParams), 'symbol-number')] : []),
    ...(summary.nonTrainableParams !== undefined ? [info('Non-trainable', formatExactCount(summary.nonTrainableParams), 'symbol-number')] : []),
    info('MACs', summary.macs === null ? `unknown: ${summary.macsUnknown?.reason ?? 'no layer could be costed'}` : `${formatCount(summary.macs)} (FLOPs = 2 × MACs = ${formatCount(2 * summary.macs)})`, 'dashboard'),
    ...(summary.macs !== null && summary.macsUnknown ? [info('MACs leave out', summary.macsUnknown.reason, 'question')] : []),
    ...(summary.macsUnknown?.ops ?? []).map((unknown) => info(`Unknown cost: ${unknown.op}`, `${unknown.count}× · ${unknown.reason}`, 'question')),
    ...(summary.buffers ? [info('Buffers (not params)', `${summary.buffers.count} tensors · ${formatExactCount(summary.buffers.elements)} elements · ${formatBytes(summary.buffers.bytes)}`, 'symbol-variable')] : []),
    ...(summary.constants.count > 0 ? [info('Constants (not params)', `${summary.constants.count} tensors · ${formatExactCount(summary.constants.elements)} elements · ${formatBytes(summary.constants.bytes)}`, 'symbol-constant')] : []),
    info('Peak activations', summary.peakActivationBytes === null ? 'unknown' : formatBytes(summary.peakActivationBytes), 'pulse'),
    info('Operators', `${summary.nodes} in the main graph, ${summary.totalNodes} in all`, 'symbol-operator'),
    ...Object.entries(summary.paramsByDtype).map(([dtype, entry]) => info(`Weights ${dtype}`, `${formatExactCount(entry.elements)} elements · ${formatBytes(entry.bytes)}`, 'symbol-array')),
  ];
  const llm = outline.llm;
  const architecture: ModelTreeNode[] = llm
    ? [{ kind: 'section', id: 'architecture', label: 'Architecture', description: `${llm.architecture.architecture} · ${llm.architecture.layers} layers`, icon: 'symbol-structure', children: () => architectureRows(llm).map(rowNode) }]
    : [];
  return [
    { kind: 'section', id: 'model', label: path.basename(outline.path), description: summary.format, icon: 'package', children: () => modelInfo },
    ...architecture,
    ...(fits ? [fits] : []),
    { kind: 'section', id: 'inputs', label: 'Inputs', description: String(summary.inputs.length), icon: 'arrow-right', children: () => io(summary.inputs) },
    { kind: 'section', id: 'outputs', label: 'Outputs', description: String(summary.outputs.length), icon: 'arrow-left', children: () => io(summary.outputs) },
    { kind: 'section', id: 'totals', label: 'Totals', description: `${formatCount(summary.params)} params · ${summary.macs === null ? 'MACs unknown' : `${formatCount(summary.macs)} MACs`}`, icon: 'graph', children: () => totals },
    { kind: 'section', id: 'layers', label: 'Layers', description: String(summary.layers.length), icon: 'layers', children: () => scopeChildren(summary.layers, 0) },
  ];
}

/** The tree id of the scope item for `prefix`: one encoding for the items and for the reveal chain. */
function scopeId(prefix: readonly string[]): string {
  return `scope:/${prefix.join('/')}`;
}

/** The scope item for `prefix`, holding every layer under it. */
function scopeNode(layers: LayerSummary[], prefix: string[]): Extract<ModelTreeNode, { kind: 'scope' }> {
  const inside = layers.filter((layer) => prefix.every((part, index) => layer.scope[index] === part));
  return { kind: 'scope', id: scopeId(prefix), name: prefix[prefix.length - 1], layers: inside, depth: prefix.length };
}

/** The children at `depth`: a scope node per first-level group (in order of first appearance), and the layers that sit here. */
function scopeChildren(layers: LayerSummary[], depth: number): ModelTreeNode[] {
  const children: ModelTreeNode[] = [];
  const groups = new Map<string, Extract<ModelTreeNode, { kind: 'scope' }>>();
  for (const layer of layers) {
    const part = layer.scope[depth];
    if (part === undefined) {
      children.push({ kind: 'layer', layer });
      continue;
    }
    let group = groups.get(part);
    if (!group) {
      group = { kind: 'scope', id: scopeId(layer.scope.slice(0, depth + 1)), name: part, layers: [], depth: depth + 1 };
      groups.set(part, group);
      children.push(group);
    }
    group.layers.push(layer);
  }
  // A scope holding one layer reads better as that layer.
  return children.map((child) => (child.kind === 'scope' && child.layers.length === 1 ? { kind: 'layer', layer: child.layers[0] } : child));
}

function layerChildren(layer: LayerSummary, outline: ModelOutline): ModelTreeNode[] {
  const details = outline.details[layer.id];
  if (!details) return [];
  return [
    ...details.inputs.map((name) => info(`in: ${name}`, undefined, 'arrow-small-right')),
    ...details.weights.map((weight) => info(weight.name, weightText(weight), 'symbol-array')),
    ...details.attrs.map(([name, text]) => info(name, text, 'symbol-property')),
    ...details.outputs.map((name, index) => info(`out: ${name}`, formatShape(layer.outputShapes[index]), 'arrow-small-left')),
  ];
}

/** dtype and shape, the stored tensor behind an alias, and who else reads it. */
function weightText(weight: OutlineTensor): string {
  const stored = weight.storedAs ? ` · stored as ${weight.storedAs}` : '';
  const shared = weight.sharedWith
    ? ` · shared with ${weight.sharedWith.names.join(', ')}${weight.sharedWith.count > weight.sharedWith.names.length ? ` and ${weight.sharedWith.count - weight.sharedWith.names.length} more` : ''}`
    : '';
  return `${formatTensorType(weight.dtype, weight.shape)}${stored}${shared}`;
}
