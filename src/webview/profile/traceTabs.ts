// A trace's page: the header (file, dialect, span, events, GPUs; Export and Compare) and the tabs torch-tb-profiler
// users know: Overview, Operators, Kernels, Memory, Timeline, and Diff once a second trace is compared.
import { formatMicros } from '../../core/display/durations';
import { formatBytes, countOf } from '../../core/display/quantities';
import type { TraceDiff, TraceSummary } from '../../core/profile/traceSummary';
import type { TimelineData } from '../../core/profile/traceTimeline';
import { CompareCommand, ExportCommand } from '../../core/protocol/profile';
import { diffTab } from './diffTab';
import { kernelsTab } from './kernelsTab';
import type { PageContext } from './main';
import { memoryTab } from './memoryTab';
import { operatorsTab } from './operatorsTab';
import { muted, overviewTab } from './overviewTab';
import type { TabSpec } from './tabBar';
import { TimelineView } from './timelineView';

const dialects: Record<TraceSummary['dialect'], string> = {
  kineto: 'PyTorch profiler (Kineto)',
  'kineto-legacy': 'PyTorch profiler (older Kineto)',
  'torch-autograd': 'PyTorch autograd profiler (no Kineto)',
  onnxruntime: 'ONNX Runtime profile',
  tensorflow: 'TensorFlow profiler',
  chrome: 'Chrome trace',
};

export type ExportTable = 'all' | 'ops' | 'nodes' | 'operators' | 'kernels' | 'steps';

/** Export (a table and a format) and Compare controls. */
export function actions(context: PageContext, tables: [ExportTable, string][]): HTMLElement {
  const bar = document.createElement('div');
  bar.className = 'tp-actions';
  const which = document.createElement('select');
  which.setAttribute('aria-label', 'Table to export');
  for (const [value, label] of tables) which.add(new Option(label, value));
  bar.append(which);
  for (const format of ['csv', 'json'] as const) {
    const button = document.createElement('button');
    button.textContent = `Export ${format.toUpperCase()}`;
    button.title = `Save the chosen table as ${format.toUpperCase()}`;
    button.addEventListener('click', () => context.post(ExportCommand, { table: which.value as ExportTable, format }));
    bar.append(button);
  }
  const compare = document.createElement('button');
  compare.textContent = 'Compare…';
  compare.title = 'Pick a second file and show the differences';
  compare.addEventListener('click', () => context.post(CompareCommand, {}));
  bar.append(compare);
  return bar;
}

function header(summary: TraceSummary, context: PageContext): HTMLElement[] {
  const title = document.createElement('h1');
  const base = summary.file.split(/[\\/]/).pop() ?? summary.file;
  title.textContent = base;
  title.title = summary.file;
  const gpus = summary.deviceProperties.length || summary.gpus.length;
  const facts = document.createElement('p');
  facts.className = 'tp-facts-line';
  facts.textContent = [
    dialects[summary.dialect] ?? summary.dialect,
    `span ${formatMicros(summary.spanUs)}`,
    countOf(summary.events, 'event'),
    formatBytes(summary.fileBytes),
    gpus > 0 ? countOf(gpus, 'GPU') : 'no GPU events (CPU-only)',
    summary.steps.length > 0 && summary.steps[0].step >= 0 ? countOf(summary.steps.length, 'step') : 'no ProfilerStep',
  ].join(' · ');
  return [title, facts, actions(context, [['all', 'Everything'], ['operators', 'Operators'], ['kernels', 'Kernels'], ['steps', 'Steps']])];
}

export function traceTabs(summary: TraceSummary, timeline: TimelineData | undefined, diff: TraceDiff | undefined, context: PageContext): { header: HTMLElement[]; tabs: TabSpec[] } {
  const tabs: TabSpec[] = [
    { id: 'overview', label: 'Overview', build: () => overviewTab(summary, context) },
    { id: 'operators', label: `Operators (${summary.ops.length})`, build: () => operatorsTab(summary.ops, context) },
    { id: 'kernels', label: `Kernels (${summary.kernels.length})`, build: () => kernelsTab(summary.kernels, context) },
    { id: 'memory', label: 'Memory', build: () => memoryTab(summary) },
    {
      id: 'timeline',
      label: 'Timeline',
      build: () => (timeline ? context.timelineFor(timeline, () => new TimelineView(timeline, context.probe)).element : muted('The timeline is being built…')),
    },
  ];
  if (diff) tabs.push({ id: 'diff', label: 'Diff', build: () => diffTab(diff, context) });
  return { header: header(summary, context), tabs };
}
