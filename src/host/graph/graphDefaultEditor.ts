// The graph editor is the default editor of model extensions (.h5, .pt, .pth, ...), yet such a file may hold data:
// an HDF5 dataset, a tensor saved with torch.save. Before anything is drawn, the file's content is sniffed; a file
// that holds no model is reopened in VS Code's default editor, in the same group, and the graph tab closes.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ModelSniff } from '../../core/formats/sniffModel';
import { requestFromWorker } from '../workerRequest';

/** How long the status bar says why a file was not opened as a graph. */
const NOTICE_MS = 10_000;
/** Pickle bytes run on the extension host's thread (measured: 15 KB in 4-11 ms, so at most a few tens of ms); larger pickles go to a worker. */
const HOST_PICKLE_BYTES = 64 * 1024;
/** A worker's sniff slower than this leaves the file to the graph editor, whose reader has its own time limit. */
const WORKER_TIMEOUT_MS = 10_000;

/**
 * The check at the top of resolveCustomEditor: true when `uri` holds no model of a format we read and is being
 * reopened in the default editor (the caller then draws nothing). Undecided files (damaged, unusual layouts) stay
 * in the graph editor, whose reader says what is wrong with them.
 */
export async function reopenUnlessModel(uri: vscode.Uri, panel: vscode.WebviewPanel, viewType: string, extensionPath: string): Promise<boolean> {
  if (uri.scheme !== 'file') return false;
  // A failure of the check itself (not of the file) leaves the file to the graph editor.
  const found = await sniff(uri.fsPath, extensionPath).catch((error: unknown): ModelSniff => ({ verdict: 'unknown', reason: String(error) }));
  if (found.verdict !== 'other') return false;
  void reopenInDefaultEditor(uri, panel, viewType, found.reason).catch((error: unknown) => {
    void vscode.window.showErrorMessage(`Tensorsight: could not reopen ${path.basename(uri.fsPath)} in the default editor: ${error instanceof Error ? error.message : String(error)}`);
  });
  return true;
}

/** Sniffs on this thread within a small pickle budget, else in a worker. */
async function sniff(file: string, extensionPath: string): Promise<ModelSniff> {
  // The sniffer is its own bundle chunk (esbuild.mjs): activation never loads the pickle machine or the zip reader.
  const { sniffModel } = await import('../../core/formats/sniffModel');
  const here = await sniffModel(file, { maxPickleBytes: HOST_PICKLE_BYTES });
  if (!here.overBudget) return here;
  const unknown = (error: string): ModelSniff => ({ verdict: 'unknown', reason: error });
  return requestFromWorker<ModelSniff>(extensionPath, 'sniffModel', { path: file }, unknown, WORKER_TIMEOUT_MS).result;
}

/** Opens `uri` with VS Code's default editor where the graph tab is, then closes the graph tab. */
async function reopenInDefaultEditor(uri: vscode.Uri, panel: vscode.WebviewPanel, viewType: string, reason: string): Promise<void> {
  const graphTab = findGraphTab(uri, viewType, panel.viewColumn);
  // Open first, close after: closing the only tab of a group first would remove the group the file belongs in.
  await vscode.commands.executeCommand('vscode.openWith', uri, 'default', { viewColumn: panel.viewColumn ?? vscode.ViewColumn.Active, preview: graphTab?.isPreview ?? false });
  // A preview graph tab was already replaced by the new editor; a pinned one is still open.
  const stillOpen = findGraphTab(uri, viewType, panel.viewColumn);
  if (stillOpen) await vscode.window.tabGroups.close(stillOpen);
  else if (graphTab === undefined) panel.dispose();
  vscode.window.setStatusBarMessage(`$(info) Tensorsight: ${path.basename(uri.fsPath)} holds no model graph (${reason}); opened in the default editor`, NOTICE_MS);
}

function findGraphTab(uri: vscode.Uri, viewType: string, column: vscode.ViewColumn | undefined): vscode.Tab | undefined {
  const groups = vscode.window.tabGroups.all.filter((group) => column === undefined || group.viewColumn === column);
  return groups
    .flatMap((group) => group.tabs)
    .find((tab) => tab.input instanceof vscode.TabInputCustom && tab.input.viewType === viewType && tab.input.uri.toString() === uri.toString());
}
