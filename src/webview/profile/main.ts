// The profile webview: a profiler trace (the trace editor: overview, operators, kernels, memory, timeline, and a
// diff when one arrives) or an ONNX Runtime model profile (the Profile panel: summary, op types, nodes, one run's
// timeline, comparison), with progress and failure states. It holds UI state only; the host sends everything it
// holds at every `ready` (sent at load and again after a reload).
import 'uplot/dist/uPlot.min.css';
import type { CommandType } from '../../core/protocol/messages';
import {
  ModelProfileNotification,
  ProfileFailureNotification,
  ProfileProgressNotification,
  ProfileReadyCommand,
  TraceDiffNotification,
  TraceSummaryNotification,
  TraceTimelineNotification,
} from '../../core/protocol/profile';
import type { ModelProfile, ProfileComparison } from '../../core/profile/modelProfile';
import type { TraceDiff, TraceSummary } from '../../core/profile/traceSummary';
import type { TimelineData } from '../../core/profile/traceTimeline';
import { HostChannel } from '../common/hostChannel';
import { Probe, type ProfileStatus } from '../common/testProbes';
import { modelTabs } from './modelProfileView';
import { failureView, progressView } from './statusViews';
import { TabBar, type TabSpec } from './tabBar';
import { traceTabs } from './traceTabs';
import type { TimelineView } from './timelineView';

const host = new HostChannel();
const app = document.getElementById('app') ?? document.body.appendChild(document.createElement('div'));
app.classList.add('tp-app');
const statusElement = document.getElementById('profile-status') ?? document.createElement('div');
statusElement.id = 'profile-status';
statusElement.hidden = true;
const probe = new Probe<ProfileStatus>(statusElement);
const tableRows: Record<string, number> = {};
const tableTotals: Record<string, number> = {};

/** What the page shows; the host resends it all at every ready. */
const shown: {
  summary?: TraceSummary;
  timeline?: TimelineData;
  diff?: TraceDiff;
  model?: { profile: ModelProfile; comparison: ProfileComparison | null };
} = {};
let timelineView: TimelineView | undefined;
/** The timeline view of the data shown: kept across rebuilds of the tabs (a theme change), its index costs. */
let timelineCache: { data: TimelineData; view: TimelineView } | undefined;
const saved = (host.state as { tab?: string } | undefined) ?? {};

const tabs = new TabBar((id) => {
  probe.set({ tab: id });
  host.state = { tab: id };
});

/** Posts a command to the host and notes it for the tests. */
function post<Params>(type: CommandType<Params>, params: Params): void {
  host.send(type, params);
  probe.set({ lastCommand: type.method });
}

function countRows(name: string, rows: number, total: number): void {
  tableRows[name] = rows;
  tableTotals[name] = total;
  probe.set({ rows: JSON.stringify(tableRows), totalRows: JSON.stringify(tableTotals) });
}

const context = {
  post,
  probe,
  countRows,
  showTab: (id: string) => tabs.show(id),
  /** The view of `data`, made by `make` the first time. */
  timelineFor(data: TimelineData, make: () => TimelineView): TimelineView {
    if (timelineCache?.data !== data) timelineCache = { data, view: make() };
    timelineView = timelineCache.view;
    return timelineCache.view;
  },
};
export type PageContext = typeof context;

function showTabs({ header, tabs: specs }: { header: HTMLElement[]; tabs: TabSpec[] }, state: string): void {
  tabs.setHeader(...header);
  for (const key of Object.keys(tableRows)) delete tableRows[key];
  app.replaceChildren(tabs.element, statusElement);
  probe.set({ state, rows: '{}', totalRows: '{}', tabs: specs.map((spec) => spec.id).join(',') });
  tabs.setTabs(specs, tabs.current || saved.tab);
}

function showTrace(): void {
  if (!shown.summary) return;
  showTabs(traceTabs(shown.summary, shown.timeline, shown.diff, context), 'trace');
}

host.onNotification(ProfileProgressNotification, (progress) => {
  if (shown.summary || shown.model) return;
  const view = progressView(progress);
  app.replaceChildren(view, statusElement);
  probe.set({ state: 'progress', progress: view.textContent ?? '' });
});
host.onNotification(ProfileFailureNotification, (failure) => {
  const view = failureView(failure);
  app.replaceChildren(view, statusElement);
  probe.set({ state: 'failure', failure: failure.message });
});
host.onNotification(TraceSummaryNotification, ({ summary }) => {
  shown.summary = summary;
  shown.model = undefined;
  showTrace();
});
host.onNotification(TraceTimelineNotification, ({ timeline }) => {
  shown.timeline = timeline;
  showTrace();
});
host.onNotification(TraceDiffNotification, ({ diff }) => {
  shown.diff = diff;
  if (!shown.summary) return;
  showTrace();
  tabs.show('diff');
});
host.onNotification(ModelProfileNotification, (model) => {
  shown.model = model;
  shown.summary = undefined;
  showTabs(modelTabs(model.profile, model.comparison, context), 'model');
});

function themeKind(): string {
  return ['vscode-high-contrast-light', 'vscode-high-contrast', 'vscode-light', 'vscode-dark'].find((kind) => document.body.classList.contains(kind)) ?? 'vscode-dark';
}
// VS Code changes the body's theme class when the user switches themes: the canvas and charts take it again.
new MutationObserver(() => {
  probe.set({ theme: themeKind() });
  timelineView?.retheme();
  if (shown.model) showTabs(modelTabs(shown.model.profile, shown.model.comparison, context), 'model');
  else showTrace();
}).observe(document.body, { attributes: true, attributeFilter: ['class'] });

// The host's page may already say what is loading; keep its line until the first message.
if (!app.textContent?.trim()) {
  const waiting = document.createElement('p');
  waiting.className = 'tp-muted';
  waiting.textContent = 'Waiting for the profile…';
  app.append(waiting);
}
if (!statusElement.isConnected) app.append(statusElement);
probe.set({ state: 'loading', theme: themeKind(), tab: '', frames: 0 });
host.send(ProfileReadyCommand, {});
