// One histogram tag on canvas: an offset ridgeline per run (one curve per step, later steps lower and in front,
// as TensorBoard's "offset" mode) and the distribution bands (percentile ranges per step). Hovering either reads
// out what is under the cursor: the step, the bin's value range and its count on the ridgeline; the step and its
// percentiles on the distribution.
import { distributionBands, ridgeline, ridgelineBin } from '../../core/charts/histogramShapes';
import { formatValue } from '../../core/display/quantities';
import type { RunState } from '../../core/charts/trainingState';

const ROW_HEIGHT = 200;
const RIDGE_BINS = 40;

/** Text for the cursor at (x, y) in a canvas's CSS pixels, or undefined off the plot. */
type Readout = (x: number, y: number) => string | undefined;

export class HistogramChart {
  readonly element: HTMLElement;
  private readonly tooltip: HTMLElement;

  constructor(readonly tag: string) {
    this.element = document.createElement('section');
    this.element.className = 'ts-chart ts-histogram';
    this.element.dataset.tag = tag;
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'ts-tooltip ts-histogram-tooltip';
    this.tooltip.hidden = true;
  }

  /** Shows the readout of the canvas under the mouse beside the cursor. */
  private hover(canvas: HTMLCanvasElement, readout: Readout): void {
    canvas.addEventListener('mousemove', (event) => {
      const text = readout(event.offsetX, event.offsetY);
      this.tooltip.hidden = text === undefined;
      if (text === undefined) return;
      this.tooltip.textContent = text;
      const box = this.element.getBoundingClientRect();
      this.tooltip.style.left = `${Math.min(event.clientX - box.left + 12, box.width - 240)}px`;
      this.tooltip.style.top = `${event.clientY - box.top + 12}px`;
    });
    canvas.addEventListener('mouseleave', () => (this.tooltip.hidden = true));
  }

  update(runs: readonly RunState[]): void {
    const header = document.createElement('header');
    const title = document.createElement('h3');
    title.textContent = this.tag;
    header.append(title);
    this.element.replaceChildren(header, this.tooltip);
    this.tooltip.hidden = true;
    const width = Math.max(this.element.clientWidth - 16, 200);
    for (const run of runs) {
      const series = run.histograms.get(this.tag);
      if (!series || series.steps.length === 0) continue;
      const label = document.createElement('div');
      label.className = 'ts-run-label';
      label.textContent = run.run;
      label.style.color = run.color;
      const pair = document.createElement('div');
      pair.className = 'ts-histogram-pair';
      const ridge = drawRidgeline(series.steps, series.buckets, run.color, width / 2 - 8);
      const bands = drawBands(series.steps, series.buckets, run.color, width / 2 - 8);
      this.hover(ridge.element, ridge.readout);
      this.hover(bands.element, bands.readout);
      pair.append(ridge.element, bands.element);
      this.element.append(label, pair);
    }
  }

  destroy(): void {
    this.element.remove();
  }
}

function canvas(width: number, height: number): { element: HTMLCanvasElement; g: CanvasRenderingContext2D } {
  const element = document.createElement('canvas');
  const ratio = window.devicePixelRatio || 1;
  element.width = Math.round(width * ratio);
  element.height = Math.round(height * ratio);
  element.style.width = `${width}px`;
  element.style.height = `${height}px`;
  const g = element.getContext('2d')!;
  g.scale(ratio, ratio);
  g.font = '10px var(--vscode-font-family, sans-serif)';
  g.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim() || '#ccc';
  return { element, g };
}

/** Ridgeline: each step's rebinned histogram as a filled curve, offset downward with the step. */
function drawRidgeline(steps: number[], buckets: Float64Array[], color: string, width: number): { element: HTMLCanvasElement; readout: Readout } {
  // At most 50 curves: TensorBoard too draws a sample of steps; every step stays in the distribution chart.
  const stride = Math.max(1, Math.ceil(steps.length / 50));
  const pickedSteps = steps.filter((_, i) => i % stride === 0 || i === steps.length - 1);
  const picked = buckets.filter((_, i) => i % stride === 0 || i === steps.length - 1);
  const shape = ridgeline(pickedSteps, picked, RIDGE_BINS);
  const { element, g } = canvas(width, ROW_HEIGHT);
  const margin = { left: 8, right: 50, top: 40, bottom: 16 };
  const plotWidth = width - margin.left - margin.right;
  const offset = shape.rows.length > 1 ? (ROW_HEIGHT - margin.top - margin.bottom) / (shape.rows.length - 1) : 0;
  const xOf = (bin: number) => margin.left + ((bin + 0.5) / RIDGE_BINS) * plotWidth;
  shape.rows.forEach((row, r) => {
    const base = margin.top + r * offset;
    g.beginPath();
    g.moveTo(margin.left, base);
    row.forEach((count, bin) => g.lineTo(xOf(bin), base - (count / (shape.peak || 1)) * (margin.top - 4)));
    g.lineTo(margin.left + plotWidth, base);
    g.closePath();
    g.globalAlpha = 0.35;
    g.fillStyle = color;
    g.fill();
    g.globalAlpha = 1;
    g.strokeStyle = color;
    g.stroke();
  });
  g.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim() || '#ccc';
  g.fillText(formatValue(shape.min), margin.left, ROW_HEIGHT - 2);
  g.textAlign = 'right';
  g.fillText(formatValue(shape.max), margin.left + plotWidth, ROW_HEIGHT - 2);
  g.textAlign = 'left';
  g.fillText(`step ${shape.steps[0]}`, margin.left + plotWidth + 4, margin.top);
  g.fillText(`step ${shape.steps[shape.steps.length - 1]}`, margin.left + plotWidth + 4, margin.top + offset * (shape.rows.length - 1));
  element.setAttribute('aria-label', `ridgeline of ${shape.steps.length} steps`);
  const readout: Readout = (x, y) => {
    if (x < margin.left || x > margin.left + plotWidth || shape.rows.length === 0) return undefined;
    // The curve under the cursor: the nearest baseline at or below it (curves rise above their baseline).
    const row = offset > 0 ? Math.min(Math.max(Math.ceil((y - margin.top) / offset), 0), shape.rows.length - 1) : 0;
    const bin = ridgelineBin(shape, Math.floor(((x - margin.left) / plotWidth) * RIDGE_BINS));
    return `step ${shape.steps[row]} · [${formatValue(bin.left)}, ${formatValue(bin.right)}) · count ${formatValue(Number(bin.counts[row].toPrecision(4)))}`;
  };
  return { element, readout };
}

/** Distribution: nested bands between symmetric percentiles (0-100, 7-93, 16-84, 31-69) and the median line. */
function drawBands(steps: number[], buckets: Float64Array[], color: string, width: number): { element: HTMLCanvasElement; readout: Readout } {
  const bands = distributionBands(buckets);
  const { element, g } = canvas(width, ROW_HEIGHT);
  const margin = { left: 50, right: 8, top: 8, bottom: 16 };
  let lo = Infinity;
  let hi = -Infinity;
  for (const value of bands[0]) lo = Math.min(lo, value);
  for (const value of bands[bands.length - 1]) hi = Math.max(hi, value);
  if (!(hi > lo)) hi = lo + 1;
  const first = steps[0];
  const span = steps[steps.length - 1] - first || 1;
  const x = (i: number) => margin.left + ((steps[i] - first) / span) * (width - margin.left - margin.right);
  const y = (v: number) => margin.top + (1 - (v - lo) / (hi - lo)) * (ROW_HEIGHT - margin.top - margin.bottom);
  for (let band = 0; band < 4; band++) {
    const lower = bands[band];
    const upper = bands[bands.length - 1 - band];
    g.beginPath();
    for (let i = 0; i < steps.length; i++) g.lineTo(x(i), y(upper[i]));
    for (let i = steps.length - 1; i >= 0; i--) g.lineTo(x(i), y(lower[i]));
    g.closePath();
    g.globalAlpha = 0.15 + band * 0.12;
    g.fillStyle = color;
    g.fill();
  }
  g.globalAlpha = 1;
  g.beginPath();
  for (let i = 0; i < steps.length; i++) g.lineTo(x(i), y(bands[4][i]));
  g.strokeStyle = color;
  g.stroke();
  g.fillStyle = getComputedStyle(document.body).getPropertyValue('--vscode-foreground').trim() || '#ccc';
  g.textAlign = 'right';
  g.fillText(formatValue(hi), margin.left - 4, margin.top + 8);
  g.fillText(formatValue(lo), margin.left - 4, ROW_HEIGHT - margin.bottom);
  element.setAttribute('aria-label', `distribution of ${steps.length} steps`);
  const readout: Readout = (cursorX) => {
    if (cursorX < margin.left - 4 || cursorX > width - margin.right + 4) return undefined;
    let nearest = 0;
    for (let i = 1; i < steps.length; i++) if (Math.abs(x(i) - cursorX) < Math.abs(x(nearest) - cursorX)) nearest = i;
    const at = (band: number) => formatValue(Number(bands[band][nearest].toPrecision(4)));
    return `step ${steps[nearest]} · min ${at(0)} · median ${at(4)} · max ${at(bands.length - 1)}`;
  };
  return { element, readout };
}
