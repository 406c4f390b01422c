// The properties pane: everything the payload holds about the selected node (op, name, scope,
// attributes, tensors with dtype and shape, cost), or a group's totals. Built with DOM text only.
import type { ViewGroup } from '../../core/graph/groupTree';
import { formatTensorType } from '../../core/display/irText';
import { formatBytes, formatExactCount, formatPartialCount, formatValue } from '../../core/display/quantities';
import { WeightStatsRequest, type PayloadNode, type PayloadTensor, type WeightStats } from '../../core/protocol/graph';
import type { HostChannel } from '../common/hostChannel';

export function element<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  if (text !== undefined) made.textContent = text;
  if (className) made.className = className;
  return made;
}

export function table(rows: [string, string][], className: string): HTMLTableElement {
  const body = element('table', undefined, className);
  for (const [key, value] of rows) {
    const row = body.insertRow();
    row.appendChild(element('th', key));
    row.appendChild(element('td', value));
  }
  return body;
}

function tensorRows(tensors: PayloadTensor[], names: (index: number) => string): [string, string][] {
  return tensors.map((tensor) => [tensor.name, `${formatTensorType(tensor.dtype, tensor.shape)}${tensor.weight ? ' · weight' : ''}${tensor.from !== undefined && tensor.from >= 0 ? ` ← ${names(tensor.from)}` : ''}`]);
}

/** Asks for a weight's statistics; the answer goes into `into`. */
export type RequestStats = (weightRef: number, into: HTMLElement) => void;

/** Adds a Statistics button under each weight input that can be read. */
function addStatsButtons(body: HTMLTableElement, tensors: PayloadTensor[], requestStats: RequestStats): void {
  tensors.forEach((tensor, row) => {
    if (tensor.weightRef === undefined) return;
    const cell = body.rows[row].cells[1];
    const button = element('button', 'Statistics', 'stats');
    button.type = 'button';
    button.title = 'Read this weight from the file and compute min, max, mean and std';
    const out = element('div', undefined, 'stats-result');
    button.addEventListener('click', () => {
      out.textContent = 'reading…';
      requestStats(tensor.weightRef!, out);
    });
    cell.append(button, out);
  });
}

/** Shows node `index` in `pane`. */
/** `inferring`: the payload is the declared one, so what inference gives (MACs, output bytes) is still to come. */
export function showNode(pane: HTMLElement, node: PayloadNode, names: (index: number) => string, requestStats?: RequestStats, inferring = false): void {
  const unknown = inferring ? 'inferring…' : 'unknown';
  pane.replaceChildren();
  pane.appendChild(element('h2', node.op, 'op'));
  pane.appendChild(table([
    ['name', node.name || '(unnamed)'],
    ['scope', node.scope.join(' / ') || '(top level)'],
    ...(node.group && node.group.join('/') !== node.scope.join('/') ? ([['in group', node.group.join(' / ')]] as [string, string][]) : []),
    ...(node.domain ? ([['domain', node.domain]] as [string, string][]) : []),
    ['params', formatExactCount(node.params)],
    ['MACs', node.macs === null ? unknown : formatExactCount(node.macs)],
    ['output bytes', node.outputBytes === null ? unknown : formatBytes(node.outputBytes)],
  ], 'facts'));
  const attrs = Object.entries(node.attrs);
  if (attrs.length > 0) {
    pane.appendChild(element('h3', 'Attributes'));
    pane.appendChild(table(attrs, 'attrs'));
  }
  pane.appendChild(element('h3', 'Inputs'));
  const inputs = table(tensorRows(node.inputs, names), 'inputs');
  if (requestStats) addStatsButtons(inputs, node.inputs, requestStats);
  pane.appendChild(inputs);
  pane.appendChild(element('h3', 'Outputs'));
  pane.appendChild(table(tensorRows(node.outputs, names), 'outputs'));
}

/** How the pane names each kind of group. */
const GROUP_KINDS: Partial<Record<string, string>> = { control: 'control flow (bodies inside)', body: 'control-flow body', scope: 'module scope' };

/** Shows a graph input or output in `pane`: its name, dtype and shape. */
export function showTensor(pane: HTMLElement, what: string, tensor: PayloadTensor): void {
  pane.replaceChildren();
  pane.appendChild(element('h2', what, 'op'));
  pane.appendChild(table([['name', tensor.name], ['type', formatTensorType(tensor.dtype, tensor.shape)]], 'facts'));
}

/** Shows a group's totals in `pane`, with a button that toggles it. */
export function showGroup(pane: HTMLElement, group: ViewGroup, expanded: boolean, toggle: () => void, inferring = false): void {
  pane.replaceChildren();
  pane.appendChild(element('h2', group.label, 'op'));
  pane.appendChild(table([
    ['kind', GROUP_KINDS[group.kind] ?? group.kind],
    ['path', group.id],
    ['nodes', String(group.nodeCount)],
    ['params', formatExactCount(group.params)],
    ['MACs', inferring ? 'inferring…' : `${formatPartialCount(group.macs, group.unknownMacs, formatExactCount)}${group.unknownMacs ? ` (${group.unknownMacs} of ${group.nodeCount} nodes not costed)` : ''}`],
    ['ops', group.ops.slice(0, 8).map(([op, count]) => `${op} ×${count}`).join(', ')],
  ], 'facts'));
  const button = element('button', expanded ? 'Collapse group' : 'Expand group');
  button.type = 'button';
  button.addEventListener('click', toggle);
  pane.appendChild(button);
}

/** One line of weight statistics. */
export function statsText(stats: WeightStats): string {
  return `min ${formatValue(stats.min)} · max ${formatValue(stats.max)} · mean ${formatValue(stats.mean)} · std ${formatValue(stats.std)} (${formatExactCount(stats.count)} values${stats.nonFinite ? `, ${stats.nonFinite} not finite` : ''})`;
}

/** Asks the host for a weight's statistics and writes them (or why they could not be read) into `into`. */
export function statsRequester(host: HostChannel): (weightRef: number, into: HTMLElement) => void {
  return (weightRef, into) =>
    void host.request(WeightStatsRequest, { weightRef }).then(
      (stats) => (into.textContent = statsText(stats)),
      (error: Error) => (into.textContent = `could not read: ${error.message}`),
    );
}
