// One uPlot chart for one scalar tag: every run's smoothed line over its raw line (faint), a min/max-preserving
// downsample of the visible x range, drag to zoom, double-click to reset, and a tooltip listing every run's
// value at the cursor (looked up in each run's own points, since runs log at different steps). A long series
// arrives level-of-detail'd (charts/seriesLod.ts); zooming asks the host for that x range's finer points,
// and the header says how many of the series' points are drawn. A series of one point (val_loss after one
// epoch, hp_metric) is drawn as a dot and its value written under the plot. A launched run's GPU idle bands are
// shaded faintly behind its lines.
import uPlot from 'uplot';
import { downsampleVisible, lowerIndex, nearestIndex } from '../../core/charts/downsample';
import { bandRange, type IdleBand } from '../../core/charts/gpuIdleBands';
import { withAlpha } from '../../core/charts/runColors';
import { windowBounds } from '../../core/charts/seriesLod';
import { smoothSeries } from '../../core/charts/smoothing';
import { formatValue } from '../../core/display/quantities';
import { formatDuration, isAscending, sortByX, xValues } from '../../core/charts/xAxis';
import { Probe, type ChartStatus } from '../common/testProbes';
import type { ChartOptions } from './toolbar';
import { Series, type RunState } from '../../core/charts/trainingState';
import type { WindowParams, WindowReply } from '../../core/protocol/training';
import { drawIdleBands, idleBandColor } from './idleBandsLayer';
import { themedAxis } from './chartTheme';

/** A run's full prepared series for the current options. */
interface Prepared {
  run: string;
  color: string;
  xs: Float64Array;
  raw: Float64Array;
  smooth: Float64Array;
  steps: Float64Array;
  /** Each point's index in the full series, in the same order as xs. */
  indexes: Float64Array;
  /** Whether these are fewer than the full series' points. */
  coarse: boolean;
  /** The series' first wall time: the origin of its relative x. */
  origin: number;
}

/** Asks the host for a window of a series. */
export type WindowFetcher = (params: WindowParams) => Promise<WindowReply>;

const HEIGHT = 220;

/** Tick spacings of the step axis: whole numbers only (1, 2, 5, 10, 20, 50, ...), so an epoch axis never reads 1.2, 1.4. */
const STEP_INCREMENTS = Array.from({ length: 13 }, (_, power) => [1, 2, 5].map((digit) => digit * 10 ** power)).flat();

export class ScalarChart {
  readonly element: HTMLElement;
  private plot: uPlot | undefined;
  private prepared: Prepared[] = [];
  private range: [number, number] | undefined;
  private readonly cache = new WeakMap<Series, { key: string; value: Prepared }>();
  private readonly tooltip: HTMLElement;
  private readonly plotHost: HTMLElement;
  private options: ChartOptions | undefined;
  private runs: readonly RunState[] = [];
  /** Per run, the finer points of the zoomed range, standing in for the run's coarse series while zoomed. */
  private readonly details = new Map<string, Series>();
  /** Bumped on every zoom, so a late window reply for an older zoom is dropped. */
  private zoomGeneration = 0;
  private readonly lodLabel: HTMLElement;
  /** The values of single-point series, written out (a lone dot is easy to miss). */
  private readonly values: HTMLElement;
  /** GPU idle bands per run (launched runs with GPU series). */
  private bands: ReadonlyMap<string, IdleBand[]> = new Map();
  /** Points drawn at the last redraw (after downsampling), for the status line. */
  drawnPoints = 0;
  /** What the e2e tests and the frame bench read. */
  private readonly probe: Probe<ChartStatus>;

  constructor(
    readonly tag: string,
    private readonly onExport: (tag: string, format: 'csv' | 'json') => void,
    private readonly fetchWindow: WindowFetcher,
  ) {
    this.element = document.createElement('section');
    this.element.className = 'ts-chart';
    this.element.dataset.tag = tag;
    this.probe = new Probe<ChartStatus>(this.element);
    const header = document.createElement('header');
    const title = document.createElement('h3');
    title.textContent = tag;
    this.lodLabel = document.createElement('span');
    this.lodLabel.className = 'ts-lod';
    this.lodLabel.title =
      'Long series are drawn from a min/max-preserving reduction; zoom in for every point. Export writes every point kept: ' +
      "only points a restarted run orphaned are left out (a step going back, a step a new event file wrote again, SessionLog.START); the Runs view's tooltip and `tensorsight events` count them.";
    header.append(title, this.lodLabel);
    for (const format of ['csv', 'json'] as const) {
      const button = document.createElement('button');
      button.className = 'ts-link';
      button.textContent = format.toUpperCase();
      button.title = `Export every kept point of ${tag} as ${format.toUpperCase()}`;
      button.addEventListener('click', () => this.onExport(tag, format));
      header.append(button);
    }
    this.plotHost = document.createElement('div');
    this.plotHost.className = 'ts-plot';
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'ts-tooltip';
    this.tooltip.hidden = true;
    this.values = document.createElement('div');
    this.values.className = 'ts-single-values';
    this.element.append(header, this.plotHost, this.values, this.tooltip);
    this.plotHost.addEventListener('dblclick', () => {
      this.range = undefined;
      this.zoomGeneration++;
      this.details.clear();
      this.refresh();
    });
  }

  /** Recomputes from the runs' series (smoothing only where a series changed) and draws. */
  update(runs: readonly RunState[], options: ChartOptions, bands: ReadonlyMap<string, IdleBand[]> = new Map()): void {
    this.options = options;
    this.runs = runs;
    this.bands = bands;
    this.refresh();
  }

  private refresh(): void {
    const options = this.options;
    if (!options) return;
    const start = performance.now();
    this.prepared = [];
    let total = 0;
    for (const run of this.runs) {
      const series = run.scalars.get(this.tag);
      if (!series || series.length === 0) continue;
      total += series.total;
      // A detail outlives appends (they land past it) but not a purge that shrank the series below it.
      const detail = this.details.get(run.run);
      if (detail && detail.indexes[detail.length - 1] >= series.total) this.details.delete(run.run);
      this.prepared.push(this.prepare(run, this.details.get(run.run) ?? series, options));
    }
    this.redraw();
    this.writeSingleValues();
    const coarse = this.prepared.some((p) => p.coarse);
    this.lodLabel.textContent = coarse ? `showing ${this.drawnPoints} of ${total} points` : '';
    this.probe.set({ drawn: this.drawnPoints, total });
    // Queued after uPlot's commit microtask, so the time includes drawing the canvas (read by the frame bench).
    queueMicrotask(() => {
      this.probe.set({ drawMs: (performance.now() - start).toFixed(2) });
      this.probe.count('draws');
    });
  }

  private prepare(run: RunState, series: Series, options: ChartOptions): Prepared {
    const key = `${series.version}|${options.xAxis}|${options.smoothingMode}|${options.smoothing}|${run.color}`;
    const cached = this.cache.get(series);
    if (cached?.key === key) return cached.value;
    const { steps, wallTimes, values, indexes } = series.view();
    let xs = xValues(options.xAxis, steps, wallTimes);
    let raw = values;
    let orderedSteps = steps;
    let orderedIndexes = indexes;
    if (!isAscending(xs)) {
      // Wall times of merged files can step back; draw in x order.
      const sorted = sortByX(xs, values);
      orderedSteps = sortByX(xs, steps).ys;
      orderedIndexes = sortByX(xs, indexes).ys;
      xs = sorted.xs;
      raw = sorted.ys;
    }
    const smooth = smoothSeries(raw, options.smoothingMode, options.smoothing);
    // Fewer points held than the index span they cover: some were reduced away.
    const coarse = series.length > 0 && series.length < series.indexes[series.length - 1] - series.indexes[0] + 1;
    const value: Prepared = { run: run.run, color: run.color, xs, raw, smooth, steps: orderedSteps, indexes: orderedIndexes, coarse, origin: wallTimes[0] };
    this.cache.set(series, { key, value });
    return value;
  }

  /** Builds the downsampled, x-aligned data of the visible range and hands it to uPlot. */
  private redraw(): void {
    const options = this.options;
    if (!options) return;
    let xMin = Infinity;
    let xMax = -Infinity;
    for (const p of this.prepared) {
      xMin = Math.min(xMin, p.xs[0]);
      xMax = Math.max(xMax, p.xs[p.xs.length - 1]);
    }
    const [from, to] = this.range ?? [xMin, xMax];
    const width = Math.max(this.plotHost.clientWidth || 400, 100);
    // Per run: the indexes kept by downsampling the raw series; the smoothed one is drawn at the same points.
    const kept = this.prepared.map((p) => {
      const { xs } = downsampleVisible(p.xs, p.raw, from, to, width);
      return Float64Array.from(xs, (x) => lowerIndex(p.xs, x));
    });
    const union = new Set<number>();
    kept.forEach((indexes, r) => indexes.forEach((i) => union.add(this.prepared[r].xs[i])));
    const xs = Float64Array.from(union).sort();
    const columns: (number | null)[][] = [];
    let drawn = 0;
    this.prepared.forEach((p, r) => {
      const raw = new Array<number | null>(xs.length).fill(null);
      const smooth = new Array<number | null>(xs.length).fill(null);
      for (const i of kept[r]) {
        const at = lowerIndex(xs, p.xs[i]);
        raw[at] = plottable(p.raw[i], options.logY);
        smooth[at] = plottable(p.smooth[i], options.logY);
      }
      drawn += kept[r].length;
      columns.push(raw, smooth);
    });
    this.drawnPoints = drawn;
    const data = [xs, ...columns] as uPlot.AlignedData;
    // The theme is part of it: uPlot keeps the axis and grid colours it was built with.
    const signature = `${options.logY}|${options.xAxis}|${document.body.className}|${this.prepared.map((p) => `${p.run}:${p.color}:${p.xs.length === 1}`).join(',')}`;
    if (!this.plot || this.plot.root.dataset.signature !== signature) {
      this.plot?.destroy();
      this.plot = new uPlot(this.plotOptions(options, width), data, this.plotHost);
      this.plot.root.dataset.signature = signature;
    } else {
      this.plot.setData(data, false);
    }
    // One x value (single points, or every run at one step): centre it in a range around it.
    const pad = to === from ? Math.max(Math.abs(from) * 0.05, options.xAxis === 'step' ? 1 : 5) : 0;
    this.plot.setScale('x', { min: from - pad, max: to + pad });
  }

  /** Writes `run: value (step s)` under the plot for every series of one point. */
  private writeSingleValues(): void {
    const single = this.prepared.filter((p) => p.raw.length === 1);
    this.values.hidden = single.length === 0;
    this.values.replaceChildren(
      ...single.map((p) => {
        const row = document.createElement('div');
        const swatch = document.createElement('span');
        swatch.className = 'ts-swatch';
        swatch.style.background = p.color;
        const value = document.createElement('strong');
        value.textContent = formatValue(p.raw[0]);
        row.append(swatch, `${p.run}: `, value, ` at step ${p.steps[0]} (one point)`);
        return row;
      }),
    );
  }

  /** Each shown run's idle bands as x ranges of this chart's axis. */
  private bandRanges(): [number, number][] {
    const mode = this.options?.xAxis ?? 'step';
    return this.prepared.flatMap((p) => (this.bands.get(p.run) ?? []).map((band) => bandRange(band, mode, p.origin)));
  }

  private plotOptions(options: ChartOptions, width: number): uPlot.Options {
    const series: uPlot.Series[] = [{}];
    for (const p of this.prepared) {
      const single = p.xs.length === 1;
      series.push({ label: `${p.run} (raw)`, stroke: withAlpha(p.color, 0.25), width: 1, spanGaps: true, points: { show: false } });
      series.push({ label: p.run, stroke: p.color, width: 1.5, spanGaps: true, points: single ? { show: true, size: 8, fill: p.color, stroke: p.color } : { show: false } });
    }
    const axis = themedAxis();
    const bandColor = idleBandColor();
    return {
      width,
      height: HEIGHT,
      legend: { show: false },
      series,
      scales: { x: { time: options.xAxis === 'wall' }, y: options.logY ? { distr: 3 } : {} },
      axes: [
        { ...axis, values: options.xAxis === 'relative' ? (_u, ticks) => ticks.map(formatDuration) : undefined, incrs: options.xAxis === 'step' ? STEP_INCREMENTS : undefined },
        { ...axis, size: 60 },
      ],
      cursor: { drag: { x: true, y: false, setScale: false }, bind: { dblclick: () => () => null } },
      hooks: {
        drawClear: [(u) => drawIdleBands(u, this.bandRanges(), bandColor, 0.1)],
        setSelect: [(u) => this.zoomTo(u)],
        setCursor: [(u) => this.showTooltip(u)],
      },
    };
  }

  private zoomTo(u: uPlot): void {
    if (u.select.width < 3) return;
    const min = u.posToVal(u.select.left, 'x');
    const max = u.posToVal(u.select.left + u.select.width, 'x');
    u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
    this.range = [min, max];
    this.refresh();
    this.fetchDetails(min, max);
  }

  /** Asks the host for the finer points of [min, max] of every coarse run, and redraws as they come. */
  private fetchDetails(min: number, max: number): void {
    const generation = ++this.zoomGeneration;
    const buckets = Math.max(this.plotHost.clientWidth, 100);
    for (const p of this.prepared) {
      if (!p.coarse) continue;
      const bounds = windowBounds(p.xs, p.indexes, min, max);
      if (!bounds) continue;
      this.fetchWindow({ run: p.run, tag: this.tag, ...bounds, buckets })
        .then((reply) => {
          if (generation !== this.zoomGeneration) return;
          const detail = new Series();
          detail.write(0, reply.steps, reply.wallTimes, reply.values, reply.indexes, reply.total);
          this.details.set(p.run, detail);
          this.refresh();
        })
        .catch((error: Error) => (this.lodLabel.textContent = `zoom detail failed: ${error.message}`));
    }
  }

  private showTooltip(u: uPlot): void {
    const left = u.cursor.left ?? -1;
    if (left < 0 || this.prepared.length === 0) {
      this.tooltip.hidden = true;
      return;
    }
    const x = u.posToVal(left, 'x');
    this.tooltip.replaceChildren();
    for (const p of this.prepared) {
      const i = nearestIndex(p.xs, x);
      if (i < 0) continue;
      const row = document.createElement('div');
      const swatch = document.createElement('span');
      swatch.className = 'ts-swatch';
      swatch.style.background = p.color;
      row.append(swatch, `${p.run}  ${formatValue(p.smooth[i])}  (raw ${formatValue(p.raw[i])}, step ${p.steps[i]})`);
      this.tooltip.append(row);
    }
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${Math.min(left + 70, this.element.clientWidth - 260)}px`;
  }

  /** Resizes to the section's width (the grid reflows on window resize). */
  resize(): void {
    if (this.plot) this.plot.setSize({ width: Math.max(this.plotHost.clientWidth, 100), height: HEIGHT });
  }

  destroy(): void {
    this.plot?.destroy();
    this.element.remove();
  }
}

function plottable(value: number, logY: boolean): number | null {
  if (!Number.isFinite(value)) return null;
  return logY && value <= 0 ? null : value;
}
