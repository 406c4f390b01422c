// What the Profile feature (src/host/profile) calls to put a model's profile on its graph: open the graph editor
// of the model if it is not open, colour it by the profile's times (the Model view's layers say them too), and reveal
// a profiled node. Build the overlay with profileOverlay() (src/core/graph/profileOverlay.ts) from a ModelProfile.
import * as vscode from 'vscode';
import type { ProfileOverlay } from '../../core/protocol/graph';
import { showProfileInModelView } from '../model/modelViewProfile';
import { GraphEditorProvider } from './graphEditorProvider';

function provider(): GraphEditorProvider {
  const registered = GraphEditorProvider.registered;
  if (!registered) throw new Error('the graph editor is not registered (Tensorsight is not active)');
  return registered;
}

/**
 * Colours the graph of `modelUri` by `overlay`: opens it in the graph editor (beside the active editor) when it is
 * not open, and keeps the overlay for editors of it opened later; the Model view's layers show the times too.
 */
export async function showProfileOnGraph(modelUri: vscode.Uri, overlay: ProfileOverlay): Promise<void> {
  const graph = provider();
  graph.showProfile(modelUri.fsPath, overlay);
  showProfileInModelView(modelUri, overlay);
  if (!graph.isOpen(modelUri.fsPath)) await openGraph(modelUri);
}

/** Takes the profile off the graph of `modelUri` and off the Model view's layers. */
export function clearProfileOnGraph(modelUri: vscode.Uri): void {
  provider().showProfile(modelUri.fsPath, undefined);
  showProfileInModelView(modelUri, undefined);
}

/**
 * Brings the graph editor of `modelUri` forward (opening it beside the active editor if it is not open), then
 * selects the node named `nodeName` (a graph node, or a profile row: the first graph node it stands for), expands
 * its groups, centres and flashes it.
 */
export async function revealGraphNode(modelUri: vscode.Uri, nodeName: string): Promise<void> {
  provider().revealNamed(modelUri.fsPath, nodeName);
  await openGraph(modelUri);
}

/** Opens or brings forward the graph editor of `uri`, keeping the focus where it is (the Profile panel). */
async function openGraph(uri: vscode.Uri): Promise<void> {
  await vscode.commands.executeCommand('vscode.openWith', uri, GraphEditorProvider.viewType, { viewColumn: openColumn(uri) ?? vscode.ViewColumn.Beside, preserveFocus: true });
}

/** The column of the group holding a graph editor of `uri` already (opening there brings that tab forward). */
function openColumn(uri: vscode.Uri): vscode.ViewColumn | undefined {
  const target = uri.toString();
  for (const group of vscode.window.tabGroups.all) {
    for (const tab of group.tabs) {
      if (tab.input instanceof vscode.TabInputCustom && tab.input.viewType === GraphEditorProvider.viewType && tab.input.uri.toString() === target) return group.viewColumn;
    }
  }
  return undefined;
}
