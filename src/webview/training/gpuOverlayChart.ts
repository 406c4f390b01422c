// Loss and GPU utilization of one launched run on one x axis (the panel's step / relative / wall choice): the
// loss on the left axis (smoothed over faint raw, as the scalar charts draw it), each GPU's utilization % on the
// right, and "GPU idle" bands where every GPU stayed under the threshold while steps advanced: the sign of an
// input-bound run. Drag zooms (uPlot's own), double-click resets; the tooltip reads every series at the cursor.
import uPlot from 'uplot';
import { downsampleVisible, lowerIndex, nearestIndex } from '../../core/charts/downsample';
import { bandRange, IDLE_MIN_SECONDS, IDLE_THRESHOLD, type IdleBand } from '../../core/charts/gpuIdleBands';
import { smoothSeries } from '../../core/charts/smoothing';
import type { RunState } from '../../core/charts/trainingState';
import { formatDuration, isAscending, sortByX, xValues } from '../../core/charts/xAxis';
import { formatValue } from '../../core/display/quantities';
import { drawIdleBands, idleBandColor } from './idleBandsLayer';
import type { ChartOptions } from './toolbar';
import { cssVar, themedAxis } from './chartTheme';

const HEIGHT = 260;

/** What the overlay of one run draws. */
export interface OverlayInput {
  run: RunState;
  /** The loss tag (left axis), when the run has one. */
  lossTag: string | undefined;
  /** `gpu/<i>/utilization` tags, by GPU index. */
  utilizationTags: string[];
  bands: IdleBand[];
}

interface Line {
  label: string;
  xs: Float64Array;
  ys: Float64Array;
  scale: 'y' | '%';
}

export const IDLE_EXPLANATION =
  `GPU idle: every GPU of the run under ${IDLE_THRESHOLD}% utilization for at least ${IDLE_MIN_SECONDS} s while training steps kept advancing. ` +
  'The GPU was waiting: the input pipeline (data loading, augmentation, host-to-device copies) or other CPU work is the bottleneck. ' +
  'More DataLoader workers, pinned memory, prefetching or a cached dataset usually help.';

export class GpuOverlayChart {
  readonly element: HTMLElement;
  private plot: uPlot | undefined;
  private readonly plotHost: HTMLElement;
  private readonly legend: HTMLElement;
  private readonly tooltip: HTMLElement;
  private lines: Line[] = [];
  private ranges: [number, number][] = [];
  private bands: IdleBand[] = [];

  constructor(readonly run: string) {
    this.element = document.createElement('section');
    this.element.className = 'ts-chart ts-overlay';
    this.element.dataset.run = run;
    const header = document.createElement('header');
    const title = document.createElement('h3');
    title.textContent = `Loss and GPU utilization · ${run}`;
    header.append(title);
    this.legend = document.createElement('div');
    this.legend.className = 'ts-overlay-legend';
    this.plotHost = document.createElement('div');
    this.plotHost.className = 'ts-plot';
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'ts-tooltip';
    this.tooltip.hidden = true;
    this.element.append(header, this.legend, this.plotHost, this.tooltip);
  }

  update(input: OverlayInput, options: ChartOptions): void {
    const { run } = input;
    // One origin for the run's series, so loss and utilization line up on the relative axis.
    let origin = Infinity;
    for (const tag of [input.lossTag, ...input.utilizationTags]) {
      const series = tag ? run.scalars.get(tag) : undefined;
      if (series && series.length > 0) origin = Math.min(origin, series.view().wallTimes[0]);
    }
    const lines: Line[] = [];
    const loss = input.lossTag ? run.scalars.get(input.lossTag) : undefined;
    if (loss && loss.length > 0) {
      const { xs, ys } = ordered(options, loss.view(), origin);
      lines.push({ label: `${input.lossTag} (raw)`, xs, ys, scale: 'y' });
      lines.push({ label: input.lossTag!, xs, ys: smoothSeries(ys, options.smoothingMode, options.smoothing), scale: 'y' });
    }
    for (const tag of input.utilizationTags) {
      const series = run.scalars.get(tag);
      if (!series || series.length === 0) continue;
      const { xs, ys } = ordered(options, series.view(), origin);
      lines.push({ label: `GPU ${tag.split('/')[1]} utilization %`, xs, ys, scale: '%' });
    }
    this.lines = lines;
    this.bands = input.bands;
    this.ranges = input.bands.map((band) => bandRange(band, options.xAxis, origin));
    this.renderLegend(run.color, input);
    this.draw(options, run.color);
  }

  private renderLegend(color: string, input: OverlayInput): void {
    const entries: HTMLElement[] = [];
    const entry = (swatchColor: string, text: string, title = '') => {
      const element = document.createElement('span');
      const swatch = document.createElement('span');
      swatch.className = 'ts-line-swatch';
      swatch.style.background = swatchColor;
      element.append(swatch, text);
      element.title = title;
      entries.push(element);
    };
    if (input.lossTag) entry(color, `${input.lossTag} (left)`);
    input.utilizationTags.forEach((tag, i) => entry(gpuColor(i), `GPU ${tag.split('/')[1]} utilization % (right)`));
    const idleSeconds = this.bands.reduce((sum, band) => sum + band.endWall - band.startWall, 0);
    const idle = document.createElement('span');
    idle.className = 'ts-idle-legend';
    const swatch = document.createElement('span');
    swatch.className = 'ts-band-swatch';
    idle.append(swatch, this.bands.length === 0 ? 'GPU idle: none' : `GPU idle: ${this.bands.length} band(s), ${formatDuration(idleSeconds)} in all`);
    idle.title = IDLE_EXPLANATION;
    entries.push(idle);
    this.legend.replaceChildren(...entries);
    this.element.dataset.bands = String(this.bands.length);
  }

  private draw(options: ChartOptions, color: string): void {
    const width = Math.max(this.plotHost.clientWidth || 600, 100);
    let min = Infinity;
    let max = -Infinity;
    for (const line of this.lines) {
      min = Math.min(min, line.xs[0]);
      max = Math.max(max, line.xs[line.xs.length - 1]);
    }
    const kept = this.lines.map((line) => downsampleVisible(line.xs, line.ys, min, max, width));
    const xs = Float64Array.from(new Set(kept.flatMap((k) => [...k.xs]))).sort();
    const columns = kept.map((k, l) => {
      const column = new Array<number | null>(xs.length).fill(null);
      k.xs.forEach((x, i) => (column[lowerIndex(xs, x)] = plottable(k.ys[i], options.logY && this.lines[l].scale === 'y')));
      return column;
    });
    const data = [xs, ...columns] as uPlot.AlignedData;
    const signature = `${options.logY}|${options.xAxis}|${document.body.className}|${this.lines.map((line) => line.label).join(',')}`;
    if (!this.plot || this.plot.root.dataset.signature !== signature) {
      this.plot?.destroy();
      this.plot = new uPlot(this.plotOptions(options, width, color), data, this.plotHost);
      this.plot.root.dataset.signature = signature;
    } else this.plot.setData(data);
  }

  private plotOptions(options: ChartOptions, width: number, color: string): uPlot.Options {
    let gpu = 0;
    const series: uPlot.Series[] = [
      {},
      ...this.lines.map((line): uPlot.Series => {
        // Dashed, so a GPU line never reads as a run's loss even where their colours are alike.
        if (line.scale === '%') return { label: line.label, scale: '%', stroke: gpuColor(gpu++), width: 1.25, dash: [5, 3], spanGaps: true, points: { show: false } };
        const raw = line.label.endsWith('(raw)');
        return { label: line.label, scale: 'y', stroke: raw ? `${color}40` : color, width: raw ? 1 : 1.75, spanGaps: true, points: { show: line.xs.length === 1 } };
      }),
    ];
    const axis = themedAxis();
    const bandColor = idleBandColor();
    return {
      width,
      height: HEIGHT,
      legend: { show: false },
      series,
      scales: { x: { time: options.xAxis === 'wall' }, y: options.logY ? { distr: 3 } : {}, '%': { range: [0, 100] } },
      axes: [
        { ...axis, values: options.xAxis === 'relative' ? (_u, ticks) => ticks.map(formatDuration) : undefined },
        { ...axis, scale: 'y', size: 60 },
        { ...axis, scale: '%', side: 1, size: 54, grid: { show: false }, values: (_u, ticks) => ticks.map((tick) => `${tick}%`) },
      ],
      cursor: { drag: { x: true, y: false } },
      hooks: {
        drawClear: [(u) => drawIdleBands(u, this.ranges, bandColor, 0.22)],
        setCursor: [(u) => this.showTooltip(u)],
      },
    };
  }

  private showTooltip(u: uPlot): void {
    const left = u.cursor.left ?? -1;
    if (left < 0 || this.lines.length === 0) {
      this.tooltip.hidden = true;
      return;
    }
    const x = u.posToVal(left, 'x');
    const rows = this.lines
      .filter((line) => !line.label.endsWith('(raw)'))
      .map((line) => {
        const i = nearestIndex(line.xs, x);
        return `${line.label}: ${i < 0 ? '—' : formatValue(line.ys[i])}`;
      });
    const inBand = this.ranges.findIndex(([x0, x1]) => x >= x0 && x <= x1);
    if (inBand >= 0) {
      const band = this.bands[inBand];
      rows.push(`GPU idle ${formatDuration(band.endWall - band.startWall)} (mean ${band.meanUtilization.toFixed(0)}%): likely input-bound`);
    }
    this.tooltip.replaceChildren(...rows.map((text) => Object.assign(document.createElement('div'), { textContent: text })));
    this.tooltip.hidden = false;
    this.tooltip.style.left = `${Math.min(left + 70, this.element.clientWidth - 300)}px`;
  }

  resize(): void {
    this.plot?.setSize({ width: Math.max(this.plotHost.clientWidth, 100), height: HEIGHT });
  }

  destroy(): void {
    this.plot?.destroy();
    this.element.remove();
  }
}

/** A series' x and y in ascending x for the chosen axis, relative times from `origin`. */
function ordered(options: ChartOptions, view: { steps: Float64Array; wallTimes: Float64Array; values: Float64Array }, origin: number): { xs: Float64Array; ys: Float64Array } {
  const xs = xValues(options.xAxis, view.steps, view.wallTimes, origin);
  return isAscending(xs) ? { xs, ys: view.values } : sortByX(xs, view.values);
}

/** GPU lines in the theme's chart colours (distinct from the loss's run colour, which is a palette colour). */
function gpuColor(index: number): string {
  const names = ['--vscode-charts-blue', '--vscode-charts-purple', '--vscode-charts-green', '--vscode-charts-orange'];
  return cssVar(names[index % names.length], ['#3794ff', '#b180d7', '#89d185', '#d18616'][index % names.length]);
}

function plottable(value: number, logY: boolean): number | null {
  if (!Number.isFinite(value)) return null;
  return logY && value <= 0 ? null : value;
}
