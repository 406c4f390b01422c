// The Training panel's host side: one webview panel fed by the RunsModel through a ChartFeed. The webview
// sends `ready`; this answers with a snapshot, then posts appends as polls read new records, and a new
// snapshot when the set of runs changes or the webview reports a gap.
import * as vscode from 'vscode';
import { ChartFeed } from '../../core/charts/chartFeed';
import {
  AppendNotification,
  ExportRequest,
  ImageRequest,
  OptionsCommand,
  ReadyCommand,
  RenderedCommand,
  ResyncCommand,
  SnapshotNotification,
  TextRequest,
  WindowRequest,
  type ChartViewOptions,
} from '../../core/protocol/training';
import type { RunsModel } from '../runs/runsModel';
import { imagePoints, scalarWindow, textPoints } from '../../core/charts/runQueries';
import { exportSeries } from './trainingData';
import { RenderProbe } from '../testProbes';
import { WebviewChannel } from '../webviewChannel';
import { webviewResourceRoots } from '../webviewPage';
import { trainingHtml } from './trainingHtml';

export const trainingViewType = 'tensorsight.training';

/** Where the toolbar settings are kept (workspace state). */
const optionsKey = 'tensorsight.training.options';

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
      this.ready = true;
      this.sendSnapshot();
    };
    this.channel = new WebviewChannel(panel.webview)
      .onCommand(ReadyCommand, snapshot)
      .onCommand(ResyncCommand, snapshot)
      .onCommand(OptionsCommand, ({ options }) => this.memento.update(optionsKey, options))
      .onCommand(RenderedCommand, ({ seq }) => this.renders.rendered(seq))
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
  }

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
    const shown = this.model.shownRuns();
    const hiddenRuns = this.model.runs().filter((run) => !this.model.isShown(run.name)).map((run) => run.name);
    const root = vscode.workspace.workspaceFolders?.[0]?.name ?? '';
    const options = this.memento.get<ChartViewOptions>(optionsKey);
    void this.channel.notify(SnapshotNotification, { seq, runs: this.feed.snapshot(shown), hiddenRuns, root, ...(options ? { options } : {}) });
  }

  /** Posts what the changed runs appended; nothing when they are not shown. */
  private sendAppend(changed: readonly string[]): void {
    const runs = changed.filter((id) => this.model.isShown(id)).map((id) => this.model.run(id)).filter((run) => run !== undefined);
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
