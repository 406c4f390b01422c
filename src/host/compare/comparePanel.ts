// The Compare Models panel: a webview panel showing the diff of two model files (A, the "before", and B), computed in
// the modelDiff.js worker under the parse watchdog, never on the extension host's thread. One panel per pair, reused
// when the same pair is compared again. Its buttons open both graphs side by side with the changed layers outlined,
// reveal a layer in its graph, compute again with weight statistics, and swap the sides.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelDiff } from '../../core/diff/diffTypes';
import type { ModelDiffRequest, ModelDiffResult } from '../../core/diff/modelDiffWorker';
import { runWatched } from '../../core/parse/parseWatchdog';
import { CompareOpenGraphsCommand, CompareReadyCommand, CompareRevealNodeCommand, CompareStateNotification, CompareSwapCommand, CompareWeightStatsCommand, type CompareSide, type CompareState } from '../../core/protocol/compare';
import type { DiffMark } from '../../core/protocol/graph';
import type { GraphEditorProvider } from '../graph/graphEditorProvider';
import { userAction } from '../profile/userAction';
import { WebviewChannel } from '../webviewChannel';
import { webviewResourceRoots } from '../webviewPage';
import { parseTimeoutSetting } from '../workerRequest';
import { compareWebviewHtml } from './compareWebviewHtml';

export const comparePanelViewType = 'tensorsight.compare';

/** One open Compare Models panel. */
export class ComparePanel implements vscode.Disposable {
  private static readonly open = new Map<string, ComparePanel>();
  private readonly channel: WebviewChannel;
  readonly panel: vscode.WebviewPanel;
  private state: CompareState;
  private running: { cancel(): void } | undefined;
  private weightStats = false;

  /** Compares `a` with `b` in their panel (opened, or brought to the front and computed again). */
  static show(context: vscode.ExtensionContext, graph: GraphEditorProvider, a: vscode.Uri, b: vscode.Uri): ComparePanel {
    const existing = ComparePanel.open.get(ComparePanel.key(a, b));
    const panel = existing ?? new ComparePanel(context, graph, a, b);
    if (existing) panel.panel.reveal(undefined, false);
    panel.compute();
    return panel;
  }

  private static key(a: vscode.Uri, b: vscode.Uri): string {
    return `${a.toString()}\u0000${b.toString()}`;
  }

  private constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly graph: GraphEditorProvider,
    private a: vscode.Uri,
    private b: vscode.Uri,
  ) {
    this.panel = vscode.window.createWebviewPanel(comparePanelViewType, this.title(), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, { enableScripts: true, localResourceRoots: webviewResourceRoots(context.extensionUri) });
    this.panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'tensorsight.svg');
    this.state = this.computing();
    this.panel.webview.html = compareWebviewHtml(this.panel.webview, context.extensionUri, this.title());
    this.channel = new WebviewChannel(this.panel.webview);
    this.channel
      .onCommand(CompareReadyCommand, () => this.post())
      .onCommand(CompareWeightStatsCommand, () => ((this.weightStats = true), this.compute()))
      .onCommand(CompareSwapCommand, () => this.swap())
      .onCommand(CompareOpenGraphsCommand, userAction('could not open the graphs', () => this.openGraphs()))
      .onCommand(CompareRevealNodeCommand, userAction('could not reveal the layer', ({ side, nodeId }) => this.reveal(side, nodeId)));
    ComparePanel.open.set(ComparePanel.key(a, b), this);
    this.panel.onDidDispose(() => this.dispose());
  }

  private title(): string {
    return `Compare: ${path.basename(this.a.fsPath)} ↔ ${path.basename(this.b.fsPath)}`;
  }

  private computing(): CompareState {
    const text = this.weightStats ? 'Reading both models and the values of every matched weight…' : 'Reading both models…';
    return { kind: 'computing', a: this.a.fsPath, b: this.b.fsPath, text };
  }

  private post(): void {
    void this.channel.notify(CompareStateNotification, { state: this.state });
  }

  /** Computes the diff in a worker thread; the panel shows progress, then the diff or why there is none. */
  compute(): void {
    this.running?.cancel();
    this.state = this.computing();
    this.post();
    const started = Date.now();
    const request: ModelDiffRequest = { path: this.a.fsPath, other: this.b.fsPath, options: { weightStats: this.weightStats } };
    const script = { filename: path.join(this.context.extensionPath, 'dist', 'workers', 'modelDiff.js') };
    // Two files are parsed: the limit of one parse for each.
    const run = runWatched<ModelDiffResult>(script, request, { subject: `${this.a.fsPath} and ${this.b.fsPath}`, timeoutMs: 2 * parseTimeoutSetting(), fail: (error) => ({ ok: false, error, formatError: true }) });
    this.running = run;
    void run.result.then((result) => {
      if (this.running !== run || this.disposed) return;
      this.running = undefined;
      if (!result.ok && result.error === 'cancelled') return;
      this.state = result.ok ? { kind: 'ready', diff: result.diff, weightStats: this.weightStats, seconds: (Date.now() - started) / 1000 } : { kind: 'error', a: this.a.fsPath, b: this.b.fsPath, message: result.error };
      this.post();
      if (result.ok) this.markGraphs(result.diff);
    });
  }

  private swap(): void {
    ComparePanel.open.delete(ComparePanel.key(this.a, this.b));
    [this.a, this.b] = [this.b, this.a];
    ComparePanel.open.set(ComparePanel.key(this.a, this.b), this);
    this.panel.title = this.title();
    this.compute();
  }

  /** Outlines the diff's layers in both files' graph editors (open now or later). */
  private markGraphs(diff: ModelDiff): void {
    const marks = (added: { id: string }[], mark: DiffMark, changed: { id: string }[]) => Object.fromEntries([...changed.map((node) => [node.id, 'changed'] as const), ...added.map((node) => [node.id, mark] as const)]);
    this.graph.showDiffMarks(this.a.fsPath, { marks: marks(diff.nodes.removed, 'removed', diff.nodes.changed.map((change) => change.a)), label: path.basename(this.b.fsPath) });
    this.graph.showDiffMarks(this.b.fsPath, { marks: marks(diff.nodes.added, 'added', diff.nodes.changed.map((change) => change.b)), label: path.basename(this.a.fsPath) });
  }

  /** A's graph in the first column, B's in the second. */
  private async openGraphs(): Promise<void> {
    const { GraphEditorProvider } = await import('../graph/graphEditorProvider');
    await vscode.commands.executeCommand('vscode.openWith', this.a, GraphEditorProvider.viewType, { viewColumn: vscode.ViewColumn.One, preview: false });
    await vscode.commands.executeCommand('vscode.openWith', this.b, GraphEditorProvider.viewType, { viewColumn: vscode.ViewColumn.Two, preview: false });
  }

  private async reveal(side: CompareSide, nodeId: string): Promise<void> {
    const { GraphEditorProvider } = await import('../graph/graphEditorProvider');
    const file = side === 'a' ? this.a : this.b;
    await vscode.commands.executeCommand('vscode.openWith', file, GraphEditorProvider.viewType, { viewColumn: side === 'a' ? vscode.ViewColumn.One : vscode.ViewColumn.Two, preserveFocus: true, preview: false });
    // The editor may still be resolving: it takes reveals once it is registered.
    if (!this.graph.revealNode(file.fsPath, nodeId)) setTimeout(() => this.graph.revealNode(file.fsPath, nodeId), 500);
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.running?.cancel();
    if (ComparePanel.open.get(ComparePanel.key(this.a, this.b)) === this) ComparePanel.open.delete(ComparePanel.key(this.a, this.b));
    this.graph.showDiffMarks(this.a.fsPath, undefined);
    this.graph.showDiffMarks(this.b.fsPath, undefined);
    this.channel.dispose();
    this.panel.dispose();
  }
}
