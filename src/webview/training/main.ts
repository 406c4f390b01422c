// The Training panel's webview: toolbar, launched runs' header, the compare table, each launched run's loss and
// GPU utilization overlay, scalar charts grouped by tag prefix, histograms, hparams and text. It holds UI state
// only; the data comes from the host (snapshot, then appends, and run.json state) and is redrawn once per frame.
import 'uplot/dist/uPlot.min.css';
import {
  AppendNotification,
  CloseCompareCommand,
  ExportRequest,
  WindowRequest,
  OptionsCommand,
  ReadyCommand,
  RenderedCommand,
  ResyncCommand,
  RunInfoNotification,
  SnapshotNotification,
  StopCommand,
} from '../../core/protocol/training';
import { CompareView } from './compareTable';
import { OverlaySection } from './overlaySection';
import { RunHeader } from './runHeader';
import { HistogramChart } from './histogramChart';
import { HostChannel } from '../common/hostChannel';
import { Probe, type TrainingStatus } from '../common/testProbes';
import { HParamsTable } from './hparamsTable';
import { MediaList } from './mediaList';
import { ScalarChart } from './scalarChart';
import { compareChartTags } from './tagOrder';
import { buildToolbar, defaultOptions, type ChartOptions } from './toolbar';
import { TrainingState, type RunState } from '../../core/charts/trainingState';

const host = new HostChannel();
const state = new TrainingState();
const options: ChartOptions = { ...defaultOptions, ...((host.state as { options?: Partial<ChartOptions> } | undefined)?.options ?? {}) };
const scalarCharts = new Map<string, ScalarChart>();
const histogramCharts = new Map<string, HistogramChart>();
const groups = new Map<string, { details: HTMLDetailsElement; grid: HTMLElement; count: HTMLElement }>();

const app = document.getElementById('app')!;
const status = document.createElement('div');
status.className = 'ts-status';
const statusProbe = new Probe<TrainingStatus>(status);
const legend = document.createElement('div');
legend.className = 'ts-legend';
const scalarsSection = document.createElement('section');
scalarsSection.className = 'ts-scalars';
const histogramsSection = document.createElement('section');
histogramsSection.className = 'ts-histograms';
const overlays = new OverlaySection();
const runHeader = new RunHeader((run) => host.send(StopCommand, { run }));
const compareView = new CompareView(() => host.send(CloseCompareCommand, {}));
const hparams = new HParamsTable();
const media = new MediaList(host);
const onOptionChange = (changed: string): void => {
  host.state = { options };
  host.send(OptionsCommand, { options });
  scheduleDraw(changed === 'filter' ? 'layout' : 'all');
};
let toolbar = buildToolbar(options, onOptionChange);
app.replaceChildren(toolbar, runHeader.element, compareView.element, status, legend, overlays.element, scalarsSection, histogramsSection, hparams.element, media.element);

let drawPending: 'all' | 'layout' | 'data' | undefined;
let drawnMediaVersion = -1;
function scheduleDraw(kind: 'all' | 'layout' | 'data'): void {
  const rank = { data: 0, layout: 1, all: 2 };
  drawPending = drawPending && rank[drawPending] >= rank[kind] ? drawPending : kind;
  requestAnimationFrame(draw);
}

function exportTag(tag: string, format: 'csv' | 'json'): void {
  host.request(ExportRequest, { tag, format, runs: [...state.runs.keys()] }).catch((error: Error) => (status.textContent = `Export failed: ${error.message}`));
}

/** The group of a tag: its prefix before the first '/', as TensorBoard groups (train/loss -> train). */
function groupOf(tag: string): string {
  const slash = tag.indexOf('/');
  return slash > 0 ? tag.slice(0, slash) : '(ungrouped)';
}

function groupFor(tag: string) {
  const name = groupOf(tag);
  let group = groups.get(name);
  if (!group) {
    const details = document.createElement('details');
    details.open = true;
    const summary = document.createElement('summary');
    const count = document.createElement('span');
    count.className = 'ts-count';
    summary.append(name, count);
    const grid = document.createElement('div');
    grid.className = 'ts-grid';
    details.append(summary, grid);
    group = { details, grid, count };
    groups.set(name, group);
    const after = [...groups.keys()].sort().indexOf(name);
    const next = [...groups.keys()].sort()[after + 1];
    scalarsSection.insertBefore(details, next ? groups.get(next)!.details : null);
  }
  return group;
}

function matches(tag: string): boolean {
  if (!options.filter) return true;
  try {
    return new RegExp(options.filter, 'i').test(tag);
  } catch {
    return tag.toLowerCase().includes(options.filter.toLowerCase());
  }
}

/** The header of the launched runs among those charted. */
function drawHeader(runs: readonly RunState[]): void {
  const colors = new Map(runs.map((run) => [run.run, run.color]));
  runHeader.update(
    runs.flatMap((run) => state.launched.get(run.run) ?? []),
    colors,
    state.clockOffset,
  );
}

/** The compare table (its final and best values follow the appends). */
function drawCompare(): void {
  compareView.update(state.compare, state.runs, state.launched, Date.now() + state.clockOffset);
}

function draw(): void {
  const kind = drawPending;
  drawPending = undefined;
  if (!kind) return;
  const start = performance.now();
  const runs = state.chartedRuns();
  const dirty = kind === 'data' ? state.dirty : undefined;
  state.dirty = new Set();

  const { bands, changed: bandsChanged } = overlays.idleBands(runs);
  overlays.draw(runs, dirty, bands, state.launched, options);
  const tags = [...new Set(runs.flatMap((run) => [...run.scalars.keys()]))].sort().filter(matches);
  for (const [tag, chart] of scalarCharts) {
    if (!tags.includes(tag)) {
      chart.destroy();
      scalarCharts.delete(tag);
    }
  }
  let drawn = 0;
  for (const tag of tags) {
    let chart = scalarCharts.get(tag);
    const fresh = !chart;
    if (!chart) {
      chart = new ScalarChart(tag, exportTag, (params) => host.request(WindowRequest, params));
      scalarCharts.set(tag, chart);
      const grid = groupFor(tag).grid;
      const before = [...grid.children].find((element) => compareChartTags((element as HTMLElement).dataset.tag!, tag) > 0) ?? null;
      grid.insertBefore(chart.element, before);
    }
    if (fresh || !dirty || dirty.has(tag) || runs.some((run) => run.scalars.has(tag) && bandsChanged.has(run.run))) {
      chart.update(runs, options, bands);
      drawn++;
    }
  }
  for (const group of groups.values()) {
    const count = group.grid.children.length;
    group.count.textContent = ` ${count}`;
    group.details.hidden = count === 0;
  }

  const histogramTags = [...new Set(runs.flatMap((run) => [...run.histograms.keys()]))].sort().filter(matches);
  for (const [tag, chart] of histogramCharts) {
    if (histogramTags.includes(tag)) continue;
    chart.destroy();
    histogramCharts.delete(tag);
  }
  for (const tag of histogramTags) {
    let chart = histogramCharts.get(tag);
    const fresh = !chart;
    if (!chart) {
      chart = new HistogramChart(tag);
      histogramCharts.set(tag, chart);
      histogramsSection.append(chart.element);
    }
    if (fresh || !dirty || dirty.has(tag)) chart.update(runs);
  }
  // The hparams table's final metrics follow every append; the media list only its own changes (it refetches open tags).
  if (kind !== 'layout') {
    hparams.update(runs);
    drawCompare();
  }
  if (kind === 'all') drawHeader(runs);
  if (kind === 'all' || state.mediaVersion !== drawnMediaVersion) {
    drawnMediaVersion = state.mediaVersion;
    media.update(runs);
  }

  const points = runs.reduce((sum, run) => sum + [...run.scalars.values()].reduce((s, series) => s + series.total, 0), 0);
  const hidden = state.hiddenRuns.length > 0 ? ` · ${state.hiddenRuns.length} unticked in the Runs view` : '';
  status.textContent = runs.length === 0 ? `No runs to show${hidden}. Runs are folders holding TensorBoard event files (*tfevents*).` : `${runs.length} run(s) · ${tags.length} scalar chart(s) · ${points} points${hidden}`;
  statusProbe.set({ seq: state.lastSeq });
  if (kind !== 'data' || legend.childElementCount !== runs.length) {
    legend.replaceChildren(
      ...runs.map((run) => {
        const entry = document.createElement('span');
        const swatch = document.createElement('span');
        swatch.className = 'ts-swatch';
        swatch.style.background = run.color;
        entry.append(swatch, run.run);
        return entry;
      }),
    );
  }
  host.send(RenderedCommand, { seq: state.lastSeq, charts: drawn, ms: performance.now() - start });
}

host.onNotification(SnapshotNotification, (snapshot) => {
  // After a window reload the webview's own state may be gone; the host's saved settings win then.
  if (snapshot.options && !(host.state as { options?: unknown } | undefined)?.options) {
    Object.assign(options, snapshot.options);
    host.state = { options };
    const rebuilt = buildToolbar(options, onOptionChange);
    toolbar.replaceWith(rebuilt);
    toolbar = rebuilt;
  }
  state.applySnapshot(snapshot);
  scheduleDraw('all');
});
/** What of the run info decides the layout: the compared runs, and which launched runs run (overlays rank them). */
function layoutKey(): string {
  return JSON.stringify([state.compare, [...state.launched.values()].map((run) => [run.run, run.status, run.startTime])]);
}

host.onNotification(RunInfoNotification, (info) => {
  const before = layoutKey();
  state.applyRunInfo(info, Date.now());
  // Progress updates (about once a second per running run) redraw only the header and table.
  if (layoutKey() !== before) scheduleDraw('all');
  else {
    drawHeader(state.chartedRuns());
    drawCompare();
  }
});
host.onNotification(AppendNotification, (append) => {
  if (state.applyAppend(append)) scheduleDraw('data');
  else host.send(ResyncCommand, { lastSeq: state.lastSeq });
});

let resizeTimer: number | undefined;
window.addEventListener('resize', () => {
  clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(() => {
    scalarCharts.forEach((chart) => chart.resize());
    overlays.resize();
  }, 100);
});

// VS Code changes the body's theme class when the user switches themes: charts take their colours from it again.
new MutationObserver(() => scheduleDraw('all')).observe(document.body, { attributes: true, attributeFilter: ['class'] });

host.send(ReadyCommand, {});
