// "GPU idle" bands of a launched run: stretches where every GPU's utilization stayed under a threshold for at
// least a few seconds while the run's steps kept advancing across the stretch. That is the signature of an
// input-bound run (the GPU waits on data loading or host-side work); idle time before the first step or after
// the last one (start-up, evaluation at the end, a finished run) is not flagged. Pure, over columns of wall
// times, so the webview draws bands computed the same way the tests check them.

/** Utilization under this (percent) counts as idle. */
export const IDLE_THRESHOLD = 20;
/** An idle stretch shorter than this (seconds, first to last idle sample) is not a band. */
export const IDLE_MIN_SECONDS = 5;

/** One GPU's utilization samples: wall times (Unix seconds, ascending) and percentages. */
export interface UtilizationSeries {
  wallTimes: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** The run's progress: the step current at each wall time (ascending wall times). */
export interface StepTimeline {
  wallTimes: ArrayLike<number>;
  steps: ArrayLike<number>;
}

/** A stretch where the GPUs idled while steps advanced. */
export interface IdleBand {
  /** Wall times (Unix seconds) of the first and last idle sample. */
  startWall: number;
  endWall: number;
  /** The step at those times, interpolated on the progress timeline (to draw the band on a step axis). */
  startStep: number;
  endStep: number;
  /** Mean utilization of the samples inside the band, over all GPUs. */
  meanUtilization: number;
}

export interface IdleBandOptions {
  threshold?: number;
  minSeconds?: number;
}

/** [start, end] wall intervals where one GPU's consecutive samples were all under the threshold. */
function lowStretches(series: UtilizationSeries, threshold: number): [number, number][] {
  const out: [number, number][] = [];
  let start = -1;
  for (let i = 0; i <= series.values.length; i++) {
    const low = i < series.values.length && series.values[i] < threshold;
    if (low && start < 0) start = i;
    if (!low && start >= 0) {
      out.push([series.wallTimes[start], series.wallTimes[i - 1]]);
      start = -1;
    }
  }
  return out;
}

/** The intervals common to two sorted lists of disjoint intervals. */
function intersect(a: [number, number][], b: [number, number][]): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const start = Math.max(a[i][0], b[j][0]);
    const end = Math.min(a[i][1], b[j][1]);
    if (start <= end) out.push([start, end]);
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return out;
}

/** The index of the last timeline point at or before `wall`, or -1. */
function lastAtOrBefore(timeline: StepTimeline, wall: number): number {
  let lo = 0;
  let hi = timeline.wallTimes.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeline.wallTimes[mid] <= wall) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** The step at `wall`, linearly interpolated between the timeline's points (clamped at its ends); NaN when empty. */
export function stepAtWall(timeline: StepTimeline, wall: number): number {
  const n = timeline.wallTimes.length;
  if (n === 0) return Number.NaN;
  const i = lastAtOrBefore(timeline, wall);
  if (i < 0) return timeline.steps[0];
  if (i >= n - 1) return timeline.steps[n - 1];
  const [w0, w1] = [timeline.wallTimes[i], timeline.wallTimes[i + 1]];
  const [s0, s1] = [timeline.steps[i], timeline.steps[i + 1]];
  return w1 > w0 ? s0 + ((s1 - s0) * (wall - w0)) / (w1 - w0) : s1;
}

/**
 * The idle bands: where every GPU was under `threshold` percent for at least `minSeconds`, and the progress
 * timeline shows steps advancing across the stretch (the last step seen at or before its start is below a
 * step seen after it, inside the stretch or later). Bands come in time order.
 */
export function gpuIdleBands(gpus: readonly UtilizationSeries[], progress: StepTimeline, options: IdleBandOptions = {}): IdleBand[] {
  const threshold = options.threshold ?? IDLE_THRESHOLD;
  const minSeconds = options.minSeconds ?? IDLE_MIN_SECONDS;
  if (gpus.length === 0 || progress.wallTimes.length === 0) return [];
  let common = lowStretches(gpus[0], threshold);
  for (const gpu of gpus.slice(1)) common = intersect(common, lowStretches(gpu, threshold));
  const bands: IdleBand[] = [];
  const firstStep = progress.wallTimes[0];
  const lastStep = progress.wallTimes[progress.wallTimes.length - 1];
  for (const [lowStart, lowEnd] of common) {
    // Only the part between the first and the last step counts: before it is start-up, after it the end of the run
    // (a stretch that began in start-up and went on while steps ran is a stall from the first step on).
    const start = Math.max(lowStart, firstStep);
    const end = Math.min(lowEnd, lastStep);
    if (end - start < minSeconds) continue;
    const before = lastAtOrBefore(progress, start);
    if (before < 0) continue;
    const last = progress.wallTimes.length - 1;
    const after = Math.min(lastAtOrBefore(progress, end) + 1, last);
    let advanced = false;
    for (let k = before + 1; k <= after && !advanced; k++) advanced = progress.steps[k] > progress.steps[before];
    if (!advanced) continue;
    let sum = 0;
    let count = 0;
    for (const gpu of gpus) {
      for (let i = 0; i < gpu.values.length; i++) {
        if (gpu.wallTimes[i] < start || gpu.wallTimes[i] > end) continue;
        sum += gpu.values[i];
        count++;
      }
    }
    bands.push({ startWall: start, endWall: end, startStep: stepAtWall(progress, start), endStep: stepAtWall(progress, end), meanUtilization: count ? sum / count : 0 });
  }
  return bands;
}

/** A band's x range on a chart's x axis: steps, wall time, or seconds since `origin` (the series' first wall time). */
export function bandRange(band: IdleBand, mode: 'step' | 'relative' | 'wall', origin: number): [number, number] {
  if (mode === 'step') return [band.startStep, band.endStep];
  if (mode === 'wall') return [band.startWall, band.endWall];
  return [band.startWall - origin, band.endWall - origin];
}

/** The utilization tags of a run (`gpu/<index>/utilization`), sorted by GPU index. */
export function utilizationTags(tags: Iterable<string>): string[] {
  const found: [number, string][] = [];
  for (const tag of tags) {
    const match = /^gpu\/(\d+)\/utilization$/.exec(tag);
    if (match) found.push([Number(match[1]), tag]);
  }
  return found.sort((a, b) => a[0] - b[0]).map(([, tag]) => tag);
}

/**
 * The loss tag to overlay on the GPU chart: `loss` itself, else a training loss (a tag with `loss` not naming
 * validation or test), else any loss, else the first metric that is not a GPU series; undefined when none.
 */
export function lossTag(tags: Iterable<string>): string | undefined {
  const metrics = [...tags].filter((tag) => !tag.startsWith('gpu/')).sort();
  const isLoss = (tag: string) => /loss/i.test(tag);
  const isHeldOut = (tag: string) => /(^|[/_.-])(val|valid|validation|eval|test)/i.test(tag);
  return metrics.find((tag) => tag === 'loss') ?? metrics.find((tag) => isLoss(tag) && !isHeldOut(tag)) ?? metrics.find(isLoss) ?? metrics[0];
}
