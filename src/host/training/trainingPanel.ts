// The Training panel's host side: one webview panel fed by the RunsModel through a ChartFeed. The webview
// sends `ready`; this answers with a snapshot, then posts appends as polls read new records, and a new
// snapshot when the set of runs changes or the webview reports a gap.
import * as vscode from 'vscode';
import { ChartFeed } from '../../core/charts/chartFeed';
import {
  AppendNotification,
  ExportRequest,
  ImageRequest,
  isMessage,
  message,
  OptionsCommand,
  ReadyCommand,
  RenderedCommand,
  replyMethod,
  ResyncCommand,
  SnapshotNotification,
  TextRequest,
  WindowRequest,
  type ChartViewOptions,
  type WireReply,
} from '../../core/protocol/training';
import type { RunsModel } from '../runs/runsModel';
import { exportSeries, imagePoints, scalarWindow, textPoints } from './trainingData';
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
  /** The last seq the webview reported drawn, and when (performance.now()). */
  renderedSeq = -1;
  /** When each seq was posted (performance.now()), for the append-to-chart latency. */
  readonly postedAt = new Map<number, number>();
  /** Append-to-drawn latencies measured so far (ms). */
  readonly renderLatencies: number[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposeEmitter = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposeEmitter.event;
  private readonly renderedEmitter = new vscode.EventEmitter<number>();
  /** Fires with the seq the webview drew. */
  readonly onDidRender = this.renderedEmitter.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly model: RunsModel,
    extensionUri: vscode.Uri,
    private readonly memento: vscode.Memento,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'tensorsight.svg');
    panel.webview.html = trainingHtml(panel.webview, extensionUri);
    this.disposables.push(
      model.observe(),
      panel.webview.onDidReceiveMessage((data) => void this.receive(data)),
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

  private async receive(data: unknown): Promise<void> {
    if (isMessage(ReadyCommand, data) || isMessage(ResyncCommand, data)) {
      this.ready = true;
      this.sendSnapshot();
    } else if (isMessage(OptionsCommand, data)) {
      await this.memento.update(optionsKey, data.params.options);
    } else if (isMessage(RenderedCommand, data)) {
      const { seq } = data.params;
      this.renderedSeq = Math.max(this.renderedSeq, seq);
      const posted = this.postedAt.get(seq);
      if (posted !== undefined) {
        this.renderLatencies.push(performance.now() - posted);
        this.postedAt.delete(seq);
      }
      this.renderedEmitter.fire(seq);
    } else if (isMessage(ExportRequest, data) && data.id !== undefined) {
      await this.reply(data.id, () => exportSeries(this.model, data.params).then((path) => ({ path })));
    } else if (isMessage(WindowRequest, data) && data.id !== undefined) {
      await this.reply(data.id, async () => scalarWindow(this.model, data.params));
    } else if (isMessage(TextRequest, data) && data.id !== undefined) {
      await this.reply(data.id, async () => ({ points: textPoints(this.model, data.params.run, data.params.tag) }));
    } else if (isMessage(ImageRequest, data) && data.id !== undefined) {
      await this.reply(data.id, async () => ({ points: imagePoints(this.model, data.params.run, data.params.tag) }));
    }
  }

  private async reply(id: number, work: () => Promise<unknown>): Promise<void> {
    let wire: WireReply;
    try {
      wire = { method: replyMethod, id, reply: await work() };
    } catch (error) {
      wire = { method: replyMethod, id, error: error instanceof Error ? error.message : String(error) };
    }
    await this.panel.webview.postMessage(wire);
  }

  /** Posts the shown runs (long scalar series level-of-detail'd, see ChartFeed). */
  sendSnapshot(): void {
    const seq = ++this.feed.seq;
    const shown = this.model.shownRuns();
    const hiddenRuns = this.model.runs().filter((run) => !this.model.isShown(run.name)).map((run) => run.name);
    const root = vscode.workspace.workspaceFolders?.[0]?.name ?? '';
    const options = this.memento.get<ChartViewOptions>(optionsKey);
    this.post(seq, message(SnapshotNotification, { seq, runs: this.feed.snapshot(shown), hiddenRuns, root, ...(options ? { options } : {}) }));
  }

  /** Posts what the changed runs appended; nothing when they are not shown. */
  private sendAppend(changed: readonly string[]): void {
    const runs = changed.filter((id) => this.model.isShown(id)).map((id) => this.model.run(id)).filter((run) => run !== undefined);
    const data = this.feed.append(runs);
    if (data.length === 0) return;
    const seq = ++this.feed.seq;
    this.post(seq, message(AppendNotification, { seq, runs: data }));
  }

  private post(seq: number, wire: unknown): void {
    this.postedAt.set(seq, performance.now());
    // A message posted to a hidden webview is dropped; the webview then sees a gap and asks for a resync.
    void this.panel.webview.postMessage(wire);
  }

  dispose(): void {
    this.ready = false;
    this.disposables.forEach((disposable) => disposable.dispose());
    this.disposables.length = 0;
    this.disposeEmitter.fire();
    this.disposeEmitter.dispose();
    this.renderedEmitter.dispose();
    this.panel.dispose();
  }
}
