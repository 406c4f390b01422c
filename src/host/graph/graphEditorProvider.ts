// The graph editor: a read-only custom editor for model files. The file is loaded (from the payload cache, or parsed
// in a worker thread) as soon as the editor opens, and progress, a large graph's overview, the weight-free payload or
// the reader's error are posted as they come.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorRef } from '../../core/ir/graph';
import { GraphPayloadCache } from '../../core/graph/graphPayloadCache';
import { ExportImageRequest, GraphDiffMarksNotification, GraphErrorNotification, GraphNotification, GraphOverviewNotification, GraphProfileClearNotification, GraphProfileNotification, GraphProgressNotification, NodeSelectedCommand, ProfileModelCommand, ReadyCommand, RevealNamedNodeNotification, RevealNodeNotification, WeightStatsRequest, type DiffMark, type LoadStamps, type ProfileOverlay } from '../../core/protocol/graph';
import { isModelUri, modelFileFilters } from '../model/modelFiles';
import { reopenUnlessModel } from './graphDefaultEditor';
import { loadGraph, type GraphLoadEvent } from './graphPayloadClient';
import { WebviewChannel } from '../webviewChannel';
import { webviewResourceRoots } from '../webviewPage';
import { graphWebviewHtml } from './graphWebviewHtml';

/** Provides `tensorsight.graph` editors. */
export class GraphEditorProvider implements vscode.CustomReadonlyEditorProvider {
  static readonly viewType = 'tensorsight.graph';
  /** The provider registered at activation, for the profile's functions (graphProfile.ts). */
  static registered: GraphEditorProvider | undefined;
  /** Open editors by file path, for reveal requests. */
  private readonly panels = new Map<string, WebviewChannel>();
  private readonly nodeSelected = new vscode.EventEmitter<{ file: string; nodeId: string | null }>();
  /** The user selected a node in a graph editor (null: cleared the selection). */
  readonly onDidSelectNode = this.nodeSelected.event;
  /** Reveals asked for before the file's graph was sent: posted right after it. */
  private readonly pendingReveals = new Map<string, string>();
  private readonly loaded = new Set<WebviewChannel>();
  /** Profile overlays by file, and the last reveal by name: sent with each payload post (so at every ready too). */
  private readonly profiles = new Map<string, ProfileOverlay>();
  private readonly namedReveals = new Map<string, { name: string; token: string }>();
  private revealCount = 0;
  /** Compare Models marks by file: sent with each payload post, like the profile overlay. */
  private readonly diffMarks = new Map<string, { marks: Record<string, DiffMark>; label: string }>();
  private payloadCache: GraphPayloadCache | undefined;

  constructor(private readonly context: vscode.ExtensionContext) {
    context.subscriptions.push(this.nodeSelected);
  }

  /** Selects node `nodeId` in the open graph editor of `file`, expanding its groups; false when none is open. */
  revealNode(file: string, nodeId: string): boolean {
    const channel = this.panels.get(file);
    if (!channel) return false;
    if (this.loaded.has(channel)) void channel.notify(RevealNodeNotification, { nodeId });
    else this.pendingReveals.set(file, nodeId);
    return true;
  }

  /** Whether a graph editor of `file` is open. */
  isOpen(file: string): boolean {
    return this.panels.has(file);
  }

  /** Colours `file`'s graph by `overlay` (undefined: clears it), in the open editor now and in any opened later. */
  showProfile(file: string, overlay: ProfileOverlay | undefined): void {
    if (overlay) this.profiles.set(file, overlay);
    else this.profiles.delete(file);
    const channel = this.panels.get(file);
    if (!channel) return;
    if (overlay) void channel.notify(GraphProfileNotification, { overlay });
    else void channel.notify(GraphProfileClearNotification, {});
  }

  /** Selects, centres and flashes the node named `name` in `file`'s graph, now or once it is drawn. */
  revealNamed(file: string, name: string): void {
    const reveal = { name, token: `${Date.now().toString(36)}-${++this.revealCount}` };
    this.namedReveals.set(file, reveal);
    const channel = this.panels.get(file);
    if (channel && this.loaded.has(channel)) void channel.notify(RevealNamedNodeNotification, reveal);
  }

  /** Outlines `file`'s layers by how Compare Models found them (undefined: clears them), now and in editors opened later. */
  showDiffMarks(file: string, marks: { marks: Record<string, DiffMark>; label: string } | undefined): void {
    if (marks) this.diffMarks.set(file, marks);
    else this.diffMarks.delete(file);
    const channel = this.panels.get(file);
    if (channel && this.loaded.has(channel)) void channel.notify(GraphDiffMarksNotification, marks ?? { marks: {}, label: '' });
  }

  /** What goes with each payload post: the file's profile overlay, diff marks and last named reveal (the page applies each once). */
  private postProfile(channel: WebviewChannel, file: string): void {
    const overlay = this.profiles.get(file);
    if (overlay) void channel.notify(GraphProfileNotification, { overlay });
    const marks = this.diffMarks.get(file);
    if (marks) void channel.notify(GraphDiffMarksNotification, marks);
    const reveal = this.namedReveals.get(file);
    if (reveal) void channel.notify(RevealNamedNodeNotification, reveal);
  }

  /**
   * The cache of built payloads in the extension's global storage, keyed by this build of the payload worker (its size
   * and time), so payloads built by other code are never read; undefined when there is no worker bundle to key by.
   */
  private cache(): GraphPayloadCache | undefined {
    if (this.payloadCache) return this.payloadCache;
    try {
      const worker = statSync(path.join(this.context.extensionPath, 'dist', 'workers', 'graphPayload.js'));
      const version = String((this.context.extension.packageJSON as { version?: string }).version);
      this.payloadCache = new GraphPayloadCache(vscode.Uri.joinPath(this.context.globalStorageUri, 'graphPayloads').fsPath, `${version}:${worker.size}:${worker.mtimeMs}`);
    } catch {
      return undefined;
    }
    return this.payloadCache;
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  async resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): Promise<void> {
    // A .h5 or .pt that holds data, not a model, goes to VS Code's default editor before anything is drawn.
    if (await reopenUnlessModel(document.uri, panel, GraphEditorProvider.viewType, this.context.extensionPath)) return;
    const { extensionUri, extensionPath } = this.context;
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
    const onnx = path.extname(document.uri.fsPath).toLowerCase() === '.onnx';
    panel.webview.html = graphWebviewHtml(panel.webview, extensionUri, path.basename(document.uri.fsPath), `Opening ${path.basename(document.uri.fsPath)}…`, onnx);
    const file = document.uri.fsPath;
    const channel = new WebviewChannel(panel.webview);
    this.panels.set(file, channel);
    // Where each weight's values are, from the payload shown last; the webview asks by index only.
    let weights: TensorRef[] = [];
    // The load starts now, while the webview boots, and what it reports is posted at once. A message posted while
    // the page loads can be lost (seen in code-server: a small graph's payload never arrived), so at every ready the
    // page gets again all it needs: the error, or the overview and the last payload (or, still parsing, the progress).
    // Overviews and payloads carry their number in the load; the page applies each once, so a copy costs a transfer.
    let progress: Extract<GraphLoadEvent, { kind: 'progress' }> | undefined;
    let overview: { event: Extract<GraphLoadEvent, { kind: 'overview' }>; seq: number } | undefined;
    let shown: { event: Extract<GraphLoadEvent, { kind: 'payload' }>; seq: number } | undefined;
    let failed: string | undefined;
    let seq = 0;
    const post = (event: GraphLoadEvent, number = 0): void => {
      if (event.kind === 'progress') return void channel.notify(GraphProgressNotification, { stage: event.stage, text: event.text });
      if (event.kind === 'error') return void channel.notify(GraphErrorNotification, { message: event.message, path: file });
      if (event.kind === 'overview') return void channel.notify(GraphOverviewNotification, { overview: event.overview, stamps: { ...stamps, ...event.stamps, overviewPosted: Date.now() }, cached: event.cached, seq: number });
      const posted = { ...stamps, ...event.stamps, [`${event.final ? 'inferred' : 'declared'}Posted`]: Date.now() };
      void channel.notify(GraphNotification, { payload: event.payload, stamps: posted, cached: event.cached, seq: number });
      this.postProfile(channel, file);
      if (!this.loaded.has(channel)) {
        this.loaded.add(channel);
        const reveal = this.pendingReveals.get(file);
        this.pendingReveals.delete(file);
        if (reveal) void channel.notify(RevealNodeNotification, { nodeId: reveal });
      }
    };
    let stamps: LoadStamps = { resolve: Date.now() };
    let version = fileVersion(file);
    const start = () => loadGraph(extensionPath, file, this.cache(), stamps, (event) => {
      const number = ++seq;
      if (event.kind === 'progress') progress = event;
      else if (event.kind === 'overview') overview = { event, seq: number };
      else if (event.kind === 'payload') {
        shown = { event, seq: number };
        weights = event.weights;
      } else failed = event.message;
      post(event, number);
    });
    let load = start();
    channel
      .onCommand(ReadyCommand, () => {
        stamps.ready ??= Date.now();
        const finished = failed !== undefined || shown?.event.final;
        if (finished && fileVersion(file) !== version) {
          // Read again: what the reloaded webview gets comes from the new load.
          this.loaded.delete(channel);
          progress = undefined;
          overview = undefined;
          shown = undefined;
          failed = undefined;
          stamps = { reload: Date.now(), ready: Date.now() };
          version = fileVersion(file);
          load.cancel();
          load = start();
        } else if (failed !== undefined) post({ kind: 'error', message: failed });
        else {
          // The overview is drawn until the payload is laid out; without a payload yet, the progress says what runs.
          if (overview) post(overview.event, overview.seq);
          if (shown) post(shown.event, shown.seq);
          else if (progress) post(progress);
        }
      })
      .onRequest(WeightStatsRequest, async ({ weightRef }) => {
        const ref = weights[weightRef];
        if (!ref) throw new Error(`no weight #${weightRef}`);
        const { weightStats } = await import('../../core/graph/weightStats');
        return weightStats(ref);
      })
      .onRequest(ExportImageRequest, async ({ format, data }) => ({ path: await exportImage(document.uri, format, data) }))
      .onCommand(NodeSelectedCommand, ({ nodeId }) => this.nodeSelected.fire({ file, nodeId }))
      // The profiling command is the Profile feature's; the button only asks for it.
      .onCommand(ProfileModelCommand, () => {
        vscode.commands.executeCommand('tensorsight.profile.model', document.uri).then(undefined, (error: unknown) => {
          void vscode.window.showErrorMessage(`Tensorsight: could not profile ${path.basename(file)}: ${error instanceof Error ? error.message : String(error)}`);
        });
      });
    panel.onDidDispose(() => {
      load.cancel();
      channel.dispose();
      this.loaded.delete(channel);
      if (this.panels.get(file) === channel) this.panels.delete(file);
    });
  }
}

/** The file's size and modification time, to tell whether it changed; '' when it cannot be read. */
function fileVersion(file: string): string {
  try {
    const stat = statSync(file);
    return `${stat.size}:${stat.mtimeMs}`;
  } catch {
    return '';
  }
}

/** Asks where to save the view's image (next to the model by default) and writes it; the path, or null when cancelled. */
async function exportImage(model: vscode.Uri, format: 'png' | 'svg', data: string): Promise<string | null> {
  const bytes = format === 'png' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8');
  const looksRight = format === 'png' ? bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) : data.startsWith('<svg');
  if (!looksRight) throw new Error(`the view sent an image that is not a ${format.toUpperCase()}`);
  const suggested = vscode.Uri.joinPath(model, '..', `${path.basename(model.fsPath)}.graph.${format}`);
  const filters: Record<string, string[]> = { [`${format.toUpperCase()} image`]: [format] };
  const target = await vscode.window.showSaveDialog({ defaultUri: suggested, filters, saveLabel: 'Export' });
  if (!target) return null;
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
    return target.fsPath;
  } catch (error) {
    const reason = `could not save ${target.fsPath}: ${error instanceof Error ? error.message : String(error)}`;
    void vscode.window.showErrorMessage(`Tensorsight: ${reason}`);
    throw new Error(reason, { cause: error });
  }
}

/** Registers the graph editor provider; the webview keeps no context when hidden (its state is in getState). */
export function registerGraph(context: vscode.ExtensionContext): GraphEditorProvider {
  const provider = new GraphEditorProvider(context);
  GraphEditorProvider.registered = provider;
  context.subscriptions.push(vscode.window.registerCustomEditorProvider(GraphEditorProvider.viewType, provider, { supportsMultipleEditorsPerDocument: true }));
  return provider;
}

/** Opens `uri` (or the active model file, or one picked) in the graph editor. */
export async function openModelGraph(uri?: vscode.Uri): Promise<void> {
  const target = uri instanceof vscode.Uri ? uri : activeModelUri() ?? (await pickModel());
  if (!target) return;
  await vscode.commands.executeCommand('vscode.openWith', target, GraphEditorProvider.viewType);
}

/** The active tab's file when it looks like a model (a README in the active tab is not opened as a graph). */
function activeModelUri(): vscode.Uri | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = tab instanceof vscode.TabInputText || tab instanceof vscode.TabInputCustom ? tab.uri : vscode.window.activeTextEditor?.document.uri;
  return uri && isModelUri(uri) ? uri : undefined;
}

async function pickModel(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Open Model Graph',
    filters: modelFileFilters(),
  });
  return picked?.[0];
}
