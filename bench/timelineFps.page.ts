// The host side of the trace editor for the timeline benchmark, running inside the benchmark page before the
// profile webview bundle: it provides acquireVsCodeApi and answers `ready` as the host does, with a trace summary
// and the synthetic million-event TimelineData (timelineFps.data.ts), posted as structured-clone messages.
import { isMessage, message } from '../src/core/protocol/messages';
import { ProfileReadyCommand, TraceSummaryNotification, TraceTimelineNotification } from '../src/core/protocol/profile';
import type { TraceSummary } from '../src/core/profile/traceSummary';
import { syntheticTimeline } from './timelineFps.data';

interface BenchWindow {
  acquireVsCodeApi(): { postMessage(data: unknown): void; getState(): unknown; setState(state: unknown): void };
  __bench: { events: number; buildMs: number; postedAt?: number; commands: string[] };
  location: { search: string };
  postMessage(data: unknown, targetOrigin: string): void;
}

const benchWindow = globalThis as unknown as BenchWindow;
const events = Number(new URLSearchParams(benchWindow.location.search).get('events') ?? 1_000_000);
const built = performance.now();
const timeline = syntheticTimeline(events);
benchWindow.__bench = { events: timeline.startUs.length, buildMs: performance.now() - built, commands: [] };

let spanUs = 0;
for (let i = 0; i < timeline.startUs.length; i++) spanUs = Math.max(spanUs, timeline.startUs[i] + timeline.durUs[i]);
const summary: TraceSummary = {
  file: '/bench/synthetic_1M.pt.trace.json',
  fileBytes: 0,
  dialect: 'kineto',
  events: timeline.startUs.length,
  startUs: 0,
  spanUs,
  steps: [],
  ops: [],
  kernels: [],
  memory: { devices: [] },
  idle: { devices: [] },
  gpus: [],
  deviceProperties: [],
  warnings: [],
};

benchWindow.acquireVsCodeApi = () => ({
  postMessage(data: unknown) {
    benchWindow.__bench.commands.push((data as { method?: string }).method ?? '');
    if (!isMessage(ProfileReadyCommand, data)) return;
    benchWindow.__bench.postedAt = performance.now();
    benchWindow.postMessage(message(TraceSummaryNotification, { summary }), '*');
    benchWindow.postMessage(message(TraceTimelineNotification, { timeline }), '*');
  },
  getState: () => ({ tab: 'timeline' }),
  setState: () => undefined,
});
