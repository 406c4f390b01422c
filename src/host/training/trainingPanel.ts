// The Training panel's host side: one webview panel fed by the RunsModel through a ChartFeed. The webview
// sends `ready`; this answers with a snapshot, then posts appends as polls read new records, and a new
// snapshot when the set of runs changes or the webview reports a gap. Launched runs' run.json files are
// watched while the panel is open (status, progress) and posted as RunInfo, with the runs being compared.
import * as vscode from 'vscode';
import { ChartFeed } from '../../core/charts/chartFeed';
import {
  AppendNotification,
  CloseCompareCommand,
  ExportRequest,
  ImageRequest,
  OptionsCommand,
  ReadyCommand,
  RenderedCommand,
  ResyncCommand,
  RunInfoNotification,
  SnapshotNotification,
  StopCommand,
  TextRequest,
  WindowRequest,
  type ChartViewOptions,
} from '../../core/protocol/training';
import type { RunEntry, RunsModel } from '../runs/runsModel';
import { imagePoints, scalarWindow, textPoints } from '../../core/charts/runQueries';
import { exportSeries } from './trainingData';
import { LaunchedRunWatch, type WatchedRun } from './launchedRunWatch';
import { RenderProbe } from '../testProbes';
import { WebviewChannel } from '../webviewChannel';
import { webviewResourceRoots } from '../webviewPage';
import { trainingHtml } from './trainingHtml';

export const trainingViewType = 'tensorsight.training';

/** A run's id and folder, for the run.json watch. */
function watched(run: RunEntry): WatchedRun {
  return { name: run.name, dir: run.reader.dir };
}

/** Where the toolbar settings are kept (workspace state). */
const optionsKey = 'tensorsight.training.options';

/** How often run.json files are checked for changes (a stat each) while the panel is open. */
const runInfoPollMs = 1000;

/** One open Training panel. */
export class TrainingPanel implements vscode.Disposable {
  readonly feed = new ChartFeed();
  /** Whether the webview has sent `ready` (its script runs). */
  ready = false;
  /** What the webview reported drawn, for the integration tests. */
  readonly renders = new RenderProbe();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly channel: WebviewChannel;
  private readonly launched = new LaunchedRunWatch();
  /** Run ids the compare table lists ([] for none); compared runs are charted even when unticked. */
  private compare: string[] = [];

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly model: RunsModel,
    extensionUri: vscode.Uri,
    private readonly memento: vscode.Memento,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'tensorsight.svg');
    panel.webview.html = trainingHtml(panel.webview, extensionUri);
    const snapshot = () => {
      this.markReady();
      this.ready = true;
      this.sendSnapshot();
    };
    this.channel = new WebviewChannel(panel.webview)
      .onCommand(ReadyCommand, snapshot)
      .onCommand(ResyncCommand, snapshot)
      .onCommand(OptionsCommand, ({ options }) => this.memento.update(optionsKey, options))
      .onCommand(RenderedCommand, ({ seq }) => this.renders.rendered(seq))
      .onCommand(StopCommand, ({ run }) => {
        vscode.commands.executeCommand('tensorsight.runs.stop', { id: run }).then(undefined, (error: Error) => void vscode.window.showErrorMessage(`Could not stop ${run}: ${error.message}`));
      })
      .onCommand(CloseCompareCommand, () => this.setCompare([]))
      .onRequest(ExportRequest, async (params) => ({ path: await exportSeries(model, params) }))
      .onRequest(WindowRequest, (params) => scalarWindow(model, params))
      .onRequest(TextRequest, ({ run, tag }) => ({ points: textPoints(model, run, tag) }))
      .onRequest(ImageRequest, ({ run, tag }) => ({ points: imagePoints(model, run, tag) }));
    this.disposables.push(
      this.channel,
      model.observe(),
      model.onDidChange((change) => {
        if (!this.ready) return;
        if (change.structure) this.sendSnapshot();
        else this.sendAppend(change.changed);
      }),
      panel.onDidDispose(() => this.dispose()),
    );
    let ticks = 0;
    const timer = setInterval(() => {
      // Every second while a run is running; otherwise every fifth (a finished run's file rarely changes again).
      if (!this.ready || (!this.launched.anyRunning() && ++ticks % 5 !== 0)) return;
      if (this.launched.refresh(this.chartedRuns().map(watched))) this.sendRunInfo();
    }, runInfoPollMs);
    this.disposables.push({ dispose: () => clearInterval(timer) });
  }

  /** The runs the compare table lists ([] when none). */
  get comparing(): readonly string[] {
    return this.compare;
  }

  /** Shows the compare table of these runs above the charts (and charts them, even unticked); [] closes it. */
  setCompare(ids: readonly string[]): void {
    this.compare = [...ids];
    if (this.ready) this.sendSnapshot();
  }

  /** The runs the panel charts: the ticked ones, and the compared ones. */
  private chartedRuns(): RunEntry[] {
    const shown = this.model.shownRuns();
    const extra = this.compare.filter((id) => !this.model.isShown(id)).map((id) => this.model.run(id)).filter((run) => run !== undefined);
    return [...shown, ...extra];
  }

  private isCharted(id: string): boolean {
    return this.model.isShown(id) || this.compare.includes(id);
  }

  /** Posts the launched runs' state and the compare list. */
  private sendRunInfo(): void {
    void this.channel.notify(RunInfoNotification, { launched: this.launched.launched(), compare: this.compare.filter((id) => this.model.run(id)), now: Date.now() });
  }

  private markReady: () => void = () => undefined;
  /** Resolves once the webview's page has loaded and asked for its first snapshot. */
  readonly whenReady = new Promise<void>((resolve) => (this.markReady = resolve));

  /** Brings the panel to the front. */
  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** The last seq the webview reported drawn (the integration tests wait on it). */
  get renderedSeq(): number {
    return this.renders.renderedSeq;
  }

  /** Posts the shown runs (long scalar series level-of-detail'd, see ChartFeed). */
  sendSnapshot(): void {
    const seq = ++this.feed.seq;
    const shown = this.chartedRuns();
    const hiddenRuns = this.model.runs().filter((run) => !this.isCharted(run.name)).map((run) => run.name);
    const root = vscode.workspace.workspaceFolders?.[0]?.name ?? '';
    const options = this.memento.get<ChartViewOptions>(optionsKey);
    void this.channel.notify(SnapshotNotification, { seq, runs: this.feed.snapshot(shown), hiddenRuns, root, ...(options ? { options } : {}) });
    this.launched.refresh(shown.map(watched));
    this.sendRunInfo();
  }

  /** Posts what the changed runs appended; nothing when they are not shown. */
  private sendAppend(changed: readonly string[]): void {
    const runs = changed.filter((id) => this.isCharted(id)).map((id) => this.model.run(id)).filter((run) => run !== undefined);
    const data = this.feed.append(runs);
    if (data.length === 0) return;
    const seq = ++this.feed.seq;
    // A message posted to a hidden webview is dropped; the webview then sees a gap and asks for a resync.
    void this.channel.notify(AppendNotification, { seq, runs: data });
  }

  dispose(): void {
    this.ready = false;
    this.disposables.forEach((disposable) => disposable.dispose());
    this.disposables.length = 0;
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    this.panel.dispose();
  }
}
