// The Compare Models page: the summary table of both models, the counts, what is approximate, and the lists of added,
// removed, changed and renamed layers and of weights, filtered by text and kind. A layer row reveals the layer in its
// graph; the toolbar opens both graphs side by side, reads weight statistics, or swaps the sides. It holds UI state
// only; the host sends the state at every `ready` and whenever it changes.
import { diffCountLines, diffSummaryRows, fileName, nodeLabel } from '../../core/diff/diffText';
import type { DiffNodeRef, DiffTensorRef, FieldChange, ModelDiff } from '../../core/diff/diffTypes';
import { formatShape } from '../../core/display/irText';
import { CompareOpenGraphsCommand, CompareReadyCommand, CompareRevealNodeCommand, CompareStateNotification, CompareSwapCommand, CompareWeightStatsCommand, type CompareSide, type CompareState } from '../../core/protocol/compare';
import type { CommandType } from '../../core/protocol/messages';
import { HostChannel } from '../common/hostChannel';
import { Probe, type CompareStatus } from '../common/testProbes';

type Kind = 'added' | 'removed' | 'changed' | 'renamed';

/** One row of a table: what kind, the A and B cells, the changes, and the layer a click reveals. */
interface Row {
  kind: Kind;
  a: string;
  b: string;
  changes: FieldChange[];
  reveal?: { side: CompareSide; nodeId: string };
}

/** What the page keeps with getState. */
interface CompareViewState {
  filter: string;
  hidden: Kind[];
}

const host = new HostChannel();
const app = document.getElementById('app')!;
const probe = new Probe<CompareStatus>(document.getElementById('compare-status')!);
const saved = (host.state as CompareViewState | undefined) ?? { filter: '', hidden: [] };

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const created = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) created.setAttribute(key, value);
  created.append(...children);
  return created;
}

function send<Params>(type: CommandType<Params>, params: Params): void {
  probe.set({ lastCommand: type.method });
  host.send(type, params);
}

const label = (node: DiffNodeRef) => nodeLabel(node);
const tensorLabel = (tensor: DiffTensorRef) => `${tensor.name} ${tensor.dtype} ${formatShape(tensor.shape)}`;

function layerRows(diff: ModelDiff): Row[] {
  return [
    ...diff.nodes.added.map((node): Row => ({ kind: 'added', a: '', b: label(node), changes: [], reveal: { side: 'b', nodeId: node.id } })),
    ...diff.nodes.removed.map((node): Row => ({ kind: 'removed', a: label(node), b: '', changes: [], reveal: { side: 'a', nodeId: node.id } })),
    ...diff.nodes.changed.map((change): Row => ({ kind: 'changed', a: label(change.a), b: label(change.b), changes: change.changes, reveal: { side: 'b', nodeId: change.b.id } })),
    ...diff.nodes.renamed.map((pair): Row => ({ kind: 'renamed', a: label(pair.a), b: label(pair.b), changes: [], reveal: { side: 'b', nodeId: pair.b.id } })),
  ];
}

function weightRows(diff: ModelDiff): Row[] {
  return [
    ...diff.tensors.added.map((tensor): Row => ({ kind: 'added', a: '', b: tensorLabel(tensor), changes: [] })),
    ...diff.tensors.removed.map((tensor): Row => ({ kind: 'removed', a: tensorLabel(tensor), b: '', changes: [] })),
    ...diff.tensors.changed.map((change): Row => ({ kind: 'changed', a: tensorLabel(change.a), b: tensorLabel(change.b), changes: change.changes })),
  ];
}

const KIND_TEXT: Record<Kind, string> = { added: '+ added', removed: '− removed', changed: '~ changed', renamed: '= renamed' };

/** The rows that pass the filter and the kinds shown. */
function visible(rows: Row[]): Row[] {
  const needle = saved.filter.trim().toLowerCase();
  return rows.filter((row) => !saved.hidden.includes(row.kind) && (!needle || [row.a, row.b, ...row.changes.flatMap((change) => [change.field, change.a, change.b])].some((text) => text.toLowerCase().includes(needle))));
}

function table(name: string, rows: Row[], empty: string): HTMLElement {
  const shownRows = visible(rows);
  const body = element('tbody');
  for (const row of shownRows) {
    const changes = element('td', { class: 'cm-changes' });
    for (const change of row.changes) changes.append(element('div', {}, element('span', { class: 'cm-field' }, `${change.field}: `), element('span', { class: 'cm-before' }, change.a), ' → ', element('span', { class: 'cm-after' }, change.b)));
    const tr = element('tr', { class: `cm-${row.kind}`, 'data-kind': row.kind }, element('td', { class: 'cm-kind' }, KIND_TEXT[row.kind]), element('td', {}, row.a), element('td', {}, row.b), changes);
    const reveal = row.reveal;
    if (reveal) {
      tr.classList.add('cm-clickable');
      tr.title = `Reveal in the graph of ${reveal.side.toUpperCase()}`;
      tr.addEventListener('click', () => send(CompareRevealNodeCommand, reveal));
    }
    body.append(tr);
  }
  const section = element('section', { class: 'cm-section', 'data-table': name });
  section.append(element('h2', {}, `${name === 'layers' ? 'Layers' : 'Weights'} (${shownRows.length} of ${rows.length})`));
  if (rows.length === 0) section.append(element('p', { class: 'cm-empty' }, empty));
  else section.append(element('table', { class: 'cm-table' }, element('thead', {}, element('tr', {}, element('th', {}, ''), element('th', {}, 'A'), element('th', {}, 'B'), element('th', {}, 'what differs'))), body));
  return section;
}

function filterBar(onChange: () => void): HTMLElement {
  const input = element('input', { type: 'search', placeholder: 'Filter by name, op or change', 'aria-label': 'Filter', id: 'cm-filter', value: saved.filter });
  input.addEventListener('input', () => ((saved.filter = input.value), onChange()));
  const bar = element('div', { class: 'cm-filters' }, input);
  for (const kind of ['added', 'removed', 'changed', 'renamed'] as Kind[]) {
    const box = element('input', { type: 'checkbox', 'data-kind': kind });
    box.checked = !saved.hidden.includes(kind);
    box.addEventListener('change', () => {
      saved.hidden = box.checked ? saved.hidden.filter((other) => other !== kind) : [...saved.hidden, kind];
      onChange();
    });
    bar.append(element('label', { class: `cm-toggle cm-${kind}` }, box, ` ${kind}`));
  }
  return bar;
}

function showReady(state: Extract<CompareState, { kind: 'ready' }>): void {
  const { diff } = state;
  const toolbar = element('div', { class: 'cm-actions' });
  const button = (text: string, id: string, onClick: () => void, title: string) => {
    const created = element('button', { id, title }, text);
    created.addEventListener('click', onClick);
    toolbar.append(created);
  };
  button('Open graphs side by side', 'cm-open-graphs', () => send(CompareOpenGraphsCommand, {}), 'Open A and B in the graph editor, side by side, with added, removed and changed layers outlined');
  if (!state.weightStats) button('Compare weight values', 'cm-weight-stats', () => send(CompareWeightStatsCommand, {}), 'Read the values of every matched weight and compare min, max, mean and std');
  button('Swap A and B', 'cm-swap', () => send(CompareSwapCommand, {}), 'Compare B against A');
  const summary = element('table', { class: 'cm-summary' }, element('thead', {}, element('tr', {}, element('th', {}, ''), element('th', {}, 'A'), element('th', {}, 'B'))));
  const summaryBody = element('tbody');
  for (const [name, a, b] of diffSummaryRows(diff)) summaryBody.append(element('tr', a !== b && name !== 'file' ? { class: 'cm-differs' } : {}, element('th', {}, name), element('td', {}, a), element('td', {}, b)));
  summary.append(summaryBody);
  const counts = element('div', { class: 'cm-counts' }, ...diffCountLines(diff).map((line) => element('p', {}, line)));
  const notes = element('ul', { class: 'cm-notes' }, ...diff.notes.map((note) => element('li', {}, note)));
  const tables = element('div', { class: 'cm-tables' });
  const layers = layerRows(diff);
  const weights = weightRows(diff);
  const drawTables = () => {
    host.state = saved;
    tables.replaceChildren(table('layers', layers, 'Every layer of A has its partner in B, and none differs.'), table('weights', weights, 'Every weight of A has its partner in B, and none differs.'));
    probe.set({ rows: visible(layers).length + visible(weights).length });
  };
  const nothing = layers.length + weights.length === 0 ? element('p', { class: 'cm-same' }, 'No differences found.') : '';
  app.replaceChildren(element('h1', {}, `${fileName(diff.a.path)} ↔ ${fileName(diff.b.path)}`), toolbar, summary, counts, notes, nothing, filterBar(drawTables), tables);
  drawTables();
  const { nodes, tensors } = diff.counts;
  probe.set({ state: 'ready', added: nodes.added, removed: nodes.removed, changed: nodes.changed, renamed: diff.nodes.renamed.length, weightsChanged: tensors.changed, weightStats: state.weightStats ? '1' : '0' });
}

function show(state: CompareState): void {
  if (state.kind === 'computing') {
    app.replaceChildren(element('h1', {}, `${fileName(state.a)} ↔ ${fileName(state.b)}`), element('p', { class: 'cm-progress', role: 'status' }, state.text));
    probe.set({ state: 'computing' });
  } else if (state.kind === 'error') {
    app.replaceChildren(element('h1', {}, `${fileName(state.a)} ↔ ${fileName(state.b)}`), element('p', { class: 'cm-error', role: 'alert' }, `Could not compare the models.\n${state.message}`));
    probe.set({ state: 'error' });
  } else showReady(state);
}

host.onNotification(CompareStateNotification, ({ state }) => show(state));
host.send(CompareReadyCommand, {});
