// The Profile panel's model profile: summary cards (model, EP, runs, latency percentiles, throughput, load and
// init, profiling overhead, warnings such as CPU fallbacks), the op-type and node tables (a node row reveals the
// node in the graph), one run's timeline, and the deltas against a second profile when one is compared.
import { countOf } from '../../core/display/quantities';
import { formatDeltaMicros, formatMicros, formatMillis, formatPercent } from '../../core/display/durations';
import type { ModelProfile, NodeRow, OpTypeRow, ProfileComparison } from '../../core/profile/modelProfile';
import { RevealNodeCommand } from '../../core/protocol/profile';
import { DataTable } from './dataTable';
import { deltaClass } from './diffTab';
import type { PageContext } from './main';
import { modelTimeline } from './modelTimeline';
import { factTable, muted, section } from './overviewTab';
import type { TabSpec } from './tabBar';
import { TimelineView } from './timelineView';
import { actions } from './traceTabs';

function card(label: string, value: string, note?: string): HTMLElement {
  const element = document.createElement('div');
  element.className = 'tp-card';
  const title = document.createElement('span');
  title.className = 'tp-card-label';
  title.textContent = label;
  const figure = document.createElement('strong');
  figure.textContent = value;
  element.append(title, figure);
  if (note) element.append(Object.assign(document.createElement('span'), { className: 'tp-muted', textContent: note }));
  return element;
}

function summaryTab(profile: ModelProfile): HTMLElement {
  const element = document.createElement('div');
  const latency = profile.latencyMs;
  const cards = document.createElement('div');
  cards.className = 'tp-cards';
  const fallbacks = profile.nodes.filter((node) => node.fellBack);
  cards.append(
    card('Latency p50', formatMillis(latency.p50), `mean ${formatMillis(latency.mean)} ± ${formatMillis(latency.stdev)}`),
    card('p90 / p99', `${formatMillis(latency.p90)} / ${formatMillis(latency.p99)}`, `min ${formatMillis(latency.min)} · max ${formatMillis(latency.max)}`),
    card('Throughput', `${profile.throughput.toFixed(1)} runs/s`),
    card('Execution provider', profile.ep, `${countOf(profile.runs, 'run')} after ${profile.warmup} warm-up`),
    card('Model load / session init', `${formatMillis(profile.modelLoadMs)} / ${formatMillis(profile.sessionInitMs)}`),
    card('Profiling overhead', formatPercent(profile.profilingOverheadPct), profile.profiledRunMs === null ? undefined : `profiled run ${formatMillis(profile.profiledRunMs)}`),
    card('CPU fallbacks', String(fallbacks.length), fallbacks.length > 0 ? `nodes ran on the CPU provider instead of ${profile.ep}` : undefined),
  );
  if (fallbacks.length > 0) cards.lastElementChild?.classList.add('tp-warn');
  const inputs = factTable(profile.inputs.map((input) => [input.name, `${input.dtype}[${input.shape.join(', ')}] from ${input.source}`]));
  element.append(
    cards,
    section('Model', factTable([['File', profile.model], ['Runtime', profile.runtime], ['ORT profile', profile.profileFile ?? '—']])),
    section('Inputs', profile.inputs.length > 0 ? inputs : muted('No inputs.')),
  );
  if (profile.warnings.length > 0) {
    const list = document.createElement('ul');
    list.className = 'tp-warnings';
    for (const warning of profile.warnings) list.append(Object.assign(document.createElement('li'), { textContent: warning }));
    element.append(section(`Warnings (${profile.warnings.length})`, list));
  }
  return element;
}

function opsTable(ops: OpTypeRow[], context: PageContext): HTMLElement {
  const table = new DataTable<OpTypeRow>({
    name: 'ops',
    sortBy: 2,
    onCounts: context.countRows,
    filterPlaceholder: 'Filter op types',
    columns: [
      { label: 'Op type', value: (row) => row.op, filterable: true, truncate: true },
      { label: 'Calls', value: (row) => row.calls, numeric: true, hidePriority: 2 },
      { label: 'Total', value: (row) => row.totalUs, format: (row) => formatMicros(row.totalUs), numeric: true },
      { label: 'Mean', value: (row) => row.meanUs, format: (row) => formatMicros(row.meanUs), numeric: true, hidePriority: 4 },
      { label: 'Share', value: (row) => row.pct, format: (row) => formatPercent(row.pct), numeric: true, hidePriority: 1 },
      { label: 'Providers', value: (row) => row.providers.join(', '), format: (row) => row.providers.map((provider) => provider.replace(/ExecutionProvider$/, '')).join(', '), filterable: true, hidePriority: 3 },
    ],
  });
  table.setRows(ops);
  return table.element;
}

function nodesTable(profile: ModelProfile, context: PageContext): HTMLElement {
  const shapes = (list: number[][]) => list.map((shape) => `[${shape.join(', ')}]`).join(' ');
  const table = new DataTable<NodeRow>({
    name: 'nodes',
    sortBy: 4,
    onCounts: context.countRows,
    filterPlaceholder: 'Filter nodes, op types or providers',
    onRowClick: (row) => context.post(RevealNodeCommand, { node: row.graphNodes[0] ?? row.name }),
    rowClass: (row) => (row.fellBack ? 'tp-fallback' : undefined),
    rowTitle: (row) => `${row.fellBack ? `Fell back to the CPU provider (asked for ${profile.ep}). ` : ''}Click to reveal ${row.graphNodes.length > 1 ? `the ${row.graphNodes.length} fused nodes` : 'the node'} in the graph.`,
    columns: [
      { label: 'Node', value: (row) => row.name, format: (row) => (row.fellBack ? `⚠ ${row.name}` : row.name), filterable: true, truncate: true },
      { label: 'Op', value: (row) => row.op, filterable: true },
      { label: 'Provider', value: (row) => row.provider, format: (row) => row.provider.replace(/ExecutionProvider$/, ''), filterable: true, hidePriority: 5 },
      { label: 'Calls', value: (row) => row.calls, numeric: true, hidePriority: 4 },
      { label: 'Total', value: (row) => row.totalUs, format: (row) => formatMicros(row.totalUs), numeric: true },
      { label: 'Mean', value: (row) => row.meanUs, format: (row) => formatMicros(row.meanUs), numeric: true, hidePriority: 6 },
      { label: 'p90', value: (row) => row.p90Us, format: (row) => formatMicros(row.p90Us), numeric: true, hidePriority: 7 },
      { label: 'Share', value: (row) => row.pct, format: (row) => formatPercent(row.pct), numeric: true, hidePriority: 3 },
      { label: 'Inputs', value: (row) => shapes(row.inputShapes), hidePriority: 8 },
      { label: 'Outputs', value: (row) => shapes(row.outputShapes), hidePriority: 9 },
      { label: 'Fused nodes', value: (row) => (row.graphNodes.length > 1 ? row.graphNodes.length : null), numeric: true, title: 'Graph nodes ORT fused into this one', hidePriority: 10 },
    ],
  });
  table.setRows(profile.nodes);
  return table.element;
}

function comparisonTab(comparison: ProfileComparison, context: PageContext): HTMLElement {
  const element = document.createElement('div');
  const { a, b } = comparison;
  const delta = (b.meanMs - a.meanMs) * 1000;
  element.append(section('Compared profiles', factTable([['a (baseline)', `${a.model} on ${a.ep}: ${formatMillis(a.meanMs)}`], ['b', `${b.model} on ${b.ep}: ${formatMillis(b.meanMs)}`], ['Mean latency Δ', formatDeltaMicros(delta)]])));
  type Row = { name: string; aUs: number | null; bUs: number | null; deltaUs: number; ratio: number | null };
  const table = (name: string, rows: Row[]) => {
    const t = new DataTable<Row>({
      name,
      sortBy: 3,
      onCounts: context.countRows,
      columns: [
        { label: 'Name', value: (row) => row.name, filterable: true, truncate: true },
        { label: 'a', value: (row) => row.aUs, format: (row) => (row.aUs === null ? 'absent' : formatMicros(row.aUs)), numeric: true, hidePriority: 2 },
        { label: 'b', value: (row) => row.bUs, format: (row) => (row.bUs === null ? 'absent' : formatMicros(row.bUs)), numeric: true, hidePriority: 1 },
        { label: 'Δ (b − a)', value: (row) => Math.abs(row.deltaUs), format: (row) => formatDeltaMicros(row.deltaUs), cellClass: (row) => deltaClass(row.deltaUs), numeric: true },
        { label: 'b / a', value: (row) => row.ratio, format: (row) => (row.ratio === null ? '—' : `${row.ratio.toFixed(2)}×`), cellClass: (row) => deltaClass(row.deltaUs), numeric: true, hidePriority: 3 },
      ],
    });
    t.setRows(rows);
    return t.element;
  };
  const sides = document.createElement('div');
  sides.className = 'tp-sides';
  sides.append(
    section('Op types', table('compareOps', comparison.ops.map((row) => ({ ...row, name: row.op })))),
    section('Nodes', table('compareNodes', comparison.nodes.map((row) => ({ ...row, name: `${row.name} (${row.op})` })))),
  );
  element.append(sides);
  return element;
}

export function modelTabs(profile: ModelProfile, comparison: ProfileComparison | null, context: PageContext): { header: HTMLElement[]; tabs: TabSpec[] } {
  const title = document.createElement('h1');
  title.textContent = profile.model.split(/[\\/]/).pop() ?? profile.model;
  title.title = profile.model;
  const facts = document.createElement('p');
  facts.className = 'tp-facts-line';
  facts.textContent = `ONNX Runtime profile · ${profile.ep} · ${countOf(profile.runs, 'run')} · p50 ${formatMillis(profile.latencyMs.p50)} · ${countOf(profile.nodes.length, 'node')}`;
  const timeline = modelTimeline(profile);
  const tabs: TabSpec[] = [
    { id: 'summary', label: 'Summary', build: () => summaryTab(profile) },
    { id: 'ops', label: `Op types (${profile.ops.length})`, build: () => opsTable(profile.ops, context) },
    { id: 'nodes', label: `Nodes (${profile.nodes.length})`, build: () => nodesTable(profile, context) },
    {
      id: 'run',
      label: 'Run timeline',
      build: () =>
        timeline.startUs.length > 0
          ? context.timelineFor(timeline, () => new TimelineView(timeline, context.probe, `One measured run: ${countOf(timeline.startUs.length, 'node event')}.`)).element
          : muted('No node events were recorded for a measured run.'),
    },
  ];
  if (comparison) tabs.push({ id: 'compare', label: 'Comparison', build: () => comparisonTab(comparison, context) });
  return { header: [title, facts, actions(context, [['all', 'Everything'], ['ops', 'Op types'], ['nodes', 'Nodes']])], tabs };
}
