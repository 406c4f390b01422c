// The top of the panel's charts: a loss and GPU utilization overlay (gpuOverlayChart.ts) for each of the first few
// charted runs with GPU series, and those runs' GPU idle bands, which the scalar charts also shade.
import { gpuIdleBands, lossTag, utilizationTags, type IdleBand } from '../../core/charts/gpuIdleBands';
import type { RunState } from '../../core/charts/trainingState';
import type { LaunchedRun } from '../../core/protocol/training';
import { GpuOverlayChart } from './gpuOverlayChart';
import type { ChartOptions } from './toolbar';

/** Overlay charts at most: a sweep of many runs would otherwise stack a chart per run above everything else. */
const MAX_OVERLAYS = 3;

export class OverlaySection {
  readonly element: HTMLElement;
  private readonly charts = new Map<string, GpuOverlayChart>();
  /** Per run, its idle bands and the series versions they were computed from. */
  private readonly cache = new WeakMap<RunState, { key: string; bands: IdleBand[] }>();
  /** Per run, the bands last handed out (as text), to tell which runs' bands changed. */
  private readonly drawn = new Map<string, string>();

  constructor() {
    this.element = document.createElement('section');
    this.element.className = 'ts-overlays';
  }

  /** Every run's idle bands, and the runs whose bands changed since the last call (their charts redraw). */
  idleBands(runs: readonly RunState[]): { bands: Map<string, IdleBand[]>; changed: Set<string> } {
    const bands = new Map(runs.map((run) => [run.run, this.bandsOf(run)]));
    const changed = new Set<string>();
    for (const [run, list] of bands) {
      const text = list.map((band) => `${band.startWall},${band.endWall},${band.startStep},${band.endStep}`).join(';');
      if (this.drawn.get(run) !== text) changed.add(run);
      this.drawn.set(run, text);
    }
    return { bands, changed };
  }

  /** A run's GPU idle bands (computed again only when its utilization or loss series grew). */
  private bandsOf(run: RunState): IdleBand[] {
    const tags = utilizationTags(run.scalars.keys());
    if (tags.length === 0) return [];
    const loss = lossTag(run.scalars.keys());
    const key = [...tags, loss].map((tag) => (tag ? `${tag}:${run.scalars.get(tag)?.version}` : '')).join('|');
    const cached = this.cache.get(run);
    if (cached?.key === key) return cached.bands;
    const gpus = tags.map((tag) => run.scalars.get(tag)!.view());
    // Progress: the loss's (step, wall time) points, else the step the launcher recorded with each GPU sample.
    const lossSeries = loss ? run.scalars.get(loss) : undefined;
    const progress = lossSeries && lossSeries.length > 1 ? lossSeries.view() : gpus[0];
    const bands = gpuIdleBands(gpus, progress);
    this.cache.set(run, { key, bands });
    return bands;
  }

  /** Draws an overlay for each of the first MAX_OVERLAYS runs with GPU utilization series: running runs first, then the most recently started. */
  draw(runs: readonly RunState[], dirty: Set<string> | undefined, bands: ReadonlyMap<string, IdleBand[]>, launched: ReadonlyMap<string, LaunchedRun>, options: ChartOptions): void {
    const rank = (run: RunState): [number, string] => {
      const info = launched.get(run.run);
      return [info?.status === 'running' ? 0 : 1, info?.startTime ?? ''];
    };
    const wanted = runs
      .filter((run) => utilizationTags(run.scalars.keys()).length > 0)
      .sort((a, b) => rank(a)[0] - rank(b)[0] || rank(b)[1].localeCompare(rank(a)[1]))
      .slice(0, MAX_OVERLAYS);
    for (const [run, chart] of this.charts) {
      if (wanted.some((candidate) => candidate.run === run)) continue;
      chart.destroy();
      this.charts.delete(run);
    }
    for (const run of wanted) {
      let chart = this.charts.get(run.run);
      const fresh = !chart;
      if (!chart) {
        chart = new GpuOverlayChart(run.run);
        this.charts.set(run.run, chart);
        this.element.append(chart.element);
      }
      const gpuTags = utilizationTags(run.scalars.keys());
      const loss = lossTag(run.scalars.keys());
      if (fresh || !dirty || [...gpuTags, loss].some((tag) => tag && dirty.has(tag))) {
        chart.update({ run, lossTag: loss, utilizationTags: gpuTags, bands: bands.get(run.run) ?? [] }, options);
      }
    }
  }

  resize(): void {
    this.charts.forEach((chart) => chart.resize());
  }
}
