// The graph editor: a read-only custom editor for model files. The file is parsed in a worker thread
// when the webview says it is ready, and the weight-free payload (or the reader's error) is posted back.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TensorRef } from '../../core/ir/graph';
import { ExportImageCommand, GraphErrorNotification, ImageExportedNotification, GraphNotification, NodeSelectedCommand, ReadyCommand, RevealNodeNotification, WeightStatsCommand, WeightStatsNotification, isMessage, message } from '../../core/protocol/graph';
import { loadGraphPayloadInWorker } from './graphPayloadClient';
import { webviewResourceRoots } from '../webviewPage';
import { graphWebviewHtml } from './graphWebviewHtml';

/** Provides `tensorsight.graph` editors. */
export class GraphEditorProvider implements vscode.CustomReadonlyEditorProvider {
  static readonly viewType = 'tensorsight.graph';
  /** Open editors by file path, for tests and for reveal requests. */
  readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly nodeSelected = new vscode.EventEmitter<{ file: string; nodeId: string | null }>();
  /** The user selected a node in a graph editor (null: cleared the selection). */
  readonly onDidSelectNode = this.nodeSelected.event;
  /** Reveals asked for before the file's graph was sent: posted right after it. */
  private readonly pendingReveals = new Map<string, string>();
  private readonly loaded = new Set<vscode.WebviewPanel>();

  constructor(private readonly context: vscode.ExtensionContext) {
    context.subscriptions.push(this.nodeSelected);
  }

  /** Selects node `nodeId` in the open graph editor of `file`, expanding its groups; false when none is open. */
  revealNode(file: string, nodeId: string): boolean {
    const panel = this.panels.get(file);
    if (!panel) return false;
    if (this.loaded.has(panel)) void panel.webview.postMessage(message(RevealNodeNotification, { nodeId }));
    else this.pendingReveals.set(file, nodeId);
    return true;
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const { extensionUri, extensionPath } = this.context;
    panel.webview.options = { enableScripts: true, localResourceRoots: webviewResourceRoots(extensionUri) };
    panel.webview.html = graphWebviewHtml(panel.webview, extensionUri, path.basename(document.uri.fsPath));
    this.panels.set(document.uri.fsPath, panel);
    let running: { cancel(): void } | undefined;
    // Where each weight's values are, from the last load; the webview asks by index only.
    let weights: TensorRef[] = [];
    const subscription = panel.webview.onDidReceiveMessage(async (data: unknown) => {
      if (isMessage(ReadyCommand, data)) {
        // A reloaded webview asks again: a new parse replaces any still running.
        running?.cancel();
        this.loaded.delete(panel);
        // A large graph comes twice: as declared (drawn at once), then inferred; each replaces what the view shows.
        const show = (payloadJson: string, payloadWeights: TensorRef[]) => {
          weights = payloadWeights;
          void panel.webview.postMessage(message(GraphNotification, { payloadJson }));
          if (this.loaded.has(panel)) return;
          this.loaded.add(panel);
          const reveal = this.pendingReveals.get(document.uri.fsPath);
          this.pendingReveals.delete(document.uri.fsPath);
          if (reveal) void panel.webview.postMessage(message(RevealNodeNotification, { nodeId: reveal }));
        };
        const load = loadGraphPayloadInWorker(extensionPath, document.uri.fsPath, (declared) => {
          if (running === load && declared.ok) show(declared.payloadJson, declared.weights);
        });
        running = load;
        const result = await load.result;
        if (running !== load) return;
        running = undefined;
        if (result.ok) show(result.payloadJson, result.weights);
        else if (result.error !== 'cancelled') void panel.webview.postMessage(message(GraphErrorNotification, { message: result.error, path: document.uri.fsPath }));
      } else if (isMessage(WeightStatsCommand, data)) {
        const { requestId, weightRef } = data.params;
        const ref = weights[weightRef];
        const { weightStats } = await import('../../core/graph/weightStats');
        const reply = ref ? await weightStats(ref).then((stats) => ({ requestId, stats }), (error: unknown) => ({ requestId, error: error instanceof Error ? error.message : String(error) })) : { requestId, error: `no weight #${weightRef}` };
        void panel.webview.postMessage(message(WeightStatsNotification, reply));
      } else if (isMessage(ExportImageCommand, data)) {
        const saved = await exportImage(document.uri, data.params.format, data.params.data);
        void panel.webview.postMessage(message(ImageExportedNotification, saved));
      } else if (isMessage(NodeSelectedCommand, data)) {
        this.nodeSelected.fire({ file: document.uri.fsPath, nodeId: data.params.nodeId });
      }
    });
    panel.onDidDispose(() => {
      running?.cancel();
      subscription.dispose();
      this.loaded.delete(panel);
      if (this.panels.get(document.uri.fsPath) === panel) this.panels.delete(document.uri.fsPath);
    });
  }
}

/** Asks where to save the view's image (next to the model by default) and writes it; says where, or why not. */
async function exportImage(model: vscode.Uri, format: 'png' | 'svg', data: string): Promise<{ path?: string; error?: string }> {
  const bytes = format === 'png' ? Buffer.from(data, 'base64') : Buffer.from(data, 'utf8');
  const looksRight = format === 'png' ? bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])) : data.startsWith('<svg');
  if (!looksRight) return { error: `the view sent an image that is not a ${format.toUpperCase()}` };
  const suggested = vscode.Uri.joinPath(model, '..', `${path.basename(model.fsPath)}.graph.${format}`);
  const filters: Record<string, string[]> = { [`${format.toUpperCase()} image`]: [format] };
  const target = await vscode.window.showSaveDialog({ defaultUri: suggested, filters, saveLabel: 'Export' });
  if (!target) return {};
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
    return { path: target.fsPath };
  } catch (error) {
    const reason = `could not save ${target.fsPath}: ${error instanceof Error ? error.message : String(error)}`;
    void vscode.window.showErrorMessage(`Tensorsight: ${reason}`);
    return { error: reason };
  }
}

/** Registers the graph editor provider; the webview keeps no context when hidden (its state is in getState). */
export function registerGraph(context: vscode.ExtensionContext): GraphEditorProvider {
  const provider = new GraphEditorProvider(context);
  context.subscriptions.push(vscode.window.registerCustomEditorProvider(GraphEditorProvider.viewType, provider, { supportsMultipleEditorsPerDocument: true }));
  return provider;
}

/** Opens `uri` (or the active model file, or one picked) in the graph editor. */
export async function openModelGraph(uri?: vscode.Uri): Promise<void> {
  const target = uri instanceof vscode.Uri ? uri : activeModelUri() ?? (await pickModel());
  if (!target) return;
  await vscode.commands.executeCommand('vscode.openWith', target, GraphEditorProvider.viewType);
}

const MODEL_EXTENSIONS = ['.onnx', '.keras', '.h5', '.hdf5', '.pt', '.pth', '.bin', '.ckpt', '.json'];

/** The active tab's file when it looks like a model (a README in the active tab is not opened as a graph). */
function activeModelUri(): vscode.Uri | undefined {
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = tab instanceof vscode.TabInputText || tab instanceof vscode.TabInputCustom ? tab.uri : vscode.window.activeTextEditor?.document.uri;
  return uri && MODEL_EXTENSIONS.includes(path.extname(uri.fsPath).toLowerCase()) ? uri : undefined;
}

async function pickModel(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Open Model Graph',
    filters: { Models: ['onnx', 'keras', 'h5', 'hdf5', 'pt', 'pth', 'bin', 'json'] },
  });
  return picked?.[0];
}
