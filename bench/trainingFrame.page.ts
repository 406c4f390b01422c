// The host side of the Training panel for the frame-time benchmark, running inside the benchmark page before
// the webview bundle: it provides acquireVsCodeApi, generates 5 runs × 1M points, and answers `ready` with
// the snapshot the real ChartFeed would build (coarseSeries, the same core code) or, in `raw` mode, every
// point; window requests are answered with windowSeries as core/charts/runQueries.ts does. It records when the
// snapshot was posted and when each draw committed, for trainingFrame.bench.mjs to read.
import { runColor } from '../src/core/charts/runColors';
import { coarseSeries, columnSource, windowSeries } from '../src/core/charts/seriesLod';
import { isMessage, message, replyMessage } from '../src/core/protocol/messages';
import { ReadyCommand, RenderedCommand, SnapshotNotification, WindowRequest, type RunData } from '../src/core/protocol/training';

/** The page's window, as far as this uses it (typed here: the bench tsconfig has no DOM library). */
interface BenchWindow {
  acquireVsCodeApi(): { postMessage(data: unknown): void; getState(): unknown; setState(state: unknown): void };
  __bench: BenchRecord;
  location: { search: string };
  postMessage(data: unknown, targetOrigin: string): void;
}

/** What the benchmark reads back from the page. */
interface BenchRecord {
  mode: string;
  points: number;
  runs: number;
  snapshotBuildMs?: number;
  /** Bytes of the typed arrays in the snapshot message. */
  snapshotBytes?: number;
  postedAt?: number;
  /** Per draw the webview reported: when its draw started and when uPlot's commit after it finished. */
  draws: { seq: number; start: number; committed: number }[];
  windowReplies: number;
}

const benchWindow = globalThis as unknown as BenchWindow;
const params = new URLSearchParams(benchWindow.location.search);
const mode = params.get('mode') ?? 'lod';
const pointsPerRun = Number(params.get('points') ?? 1_000_000);
const runCount = Number(params.get('runs') ?? 5);
const record: BenchRecord = { mode, points: pointsPerRun, runs: runCount, draws: [], windowReplies: 0 };
benchWindow.__bench = record;

/** A deterministic noisy, decaying loss curve with a few spikes, as a long training run logs. */
function makeRun(r: number): { steps: Float64Array; wallTimes: Float64Array; values: Float64Array } {
  const n = pointsPerRun;
  const steps = new Float64Array(n);
  const wallTimes = new Float64Array(n);
  const values = new Float64Array(n);
  let seed = 1 + r * 7919;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    steps[i] = i;
    wallTimes[i] = 1_900_000_000 + i * 0.05;
    values[i] = (2 + r * 0.1) * Math.exp(-i / (n / 4)) + 0.05 * (seed / 2147483648) + (i % 99_991 === 0 ? 1 : 0);
  }
  return { steps, wallTimes, values };
}

const runs = Array.from({ length: runCount }, (_, r) => ({ name: `run-${r}`, ...makeRun(r) }));

function snapshotRuns(): RunData[] {
  return runs.map((run) => {
    const scalar =
      mode === 'raw'
        ? { tag: 'train/loss', from: 0, total: pointsPerRun, steps: run.steps, wallTimes: run.wallTimes, values: run.values }
        : { tag: 'train/loss', from: 0, total: pointsPerRun, ...coarseSeries(columnSource(run.steps, run.wallTimes, run.values)) };
    return { run: run.name, color: runColor(run.name), scalars: [scalar], histograms: [], media: [] };
  });
}

function post(data: unknown): void {
  benchWindow.postMessage(data, '*');
}

benchWindow.acquireVsCodeApi = () => ({
  postMessage(data: unknown) {
    if (isMessage(ReadyCommand, data)) {
      const start = performance.now();
      const built = snapshotRuns();
      record.snapshotBuildMs = performance.now() - start;
      record.snapshotBytes = built.reduce((sum, run) => sum + run.scalars.reduce((bytes, scalar) => bytes + 8 * scalar.steps.length * (scalar.indexes ? 4 : 3), 0), 0);
      record.postedAt = performance.now();
      post(message(SnapshotNotification, { seq: 1, runs: built, hiddenRuns: [], root: 'bench' }));
    } else if (isMessage(RenderedCommand, data)) {
      const reported = performance.now();
      const { seq, ms } = data.params;
      // uPlot commits its canvas in a microtask queued during the draw; ours runs after it.
      queueMicrotask(() => record.draws.push({ seq, start: reported - ms, committed: performance.now() }));
    } else if (isMessage(WindowRequest, data)) {
      const run = runs.find((candidate) => candidate.name === data.params.run)!;
      const { first, last, buckets } = data.params;
      const reply = { ...windowSeries(columnSource(run.steps, run.wallTimes, run.values), first, last, Math.max(100, Math.min(buckets, 8192))), total: pointsPerRun };
      record.windowReplies++;
      post(replyMessage(WindowRequest, data.id, { value: reply }));
    }
  },
  getState: () => undefined,
  setState: () => undefined,
});
