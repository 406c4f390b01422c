// Keeps the Model view and the graph editor of the same file on the same node: selecting a layer in the
// view reveals it in an open graph, and a node clicked in the graph is revealed in the view.
import * as vscode from 'vscode';
import type { ModelFeature } from '../model/registerModel';
import type { ModelTreeNode } from '../model/modelTreeProvider';
import { consumeModelReveal } from '../model/modelViewProfile';
import { GraphEditorProvider } from './graphEditorProvider';

export function syncModelViewWithGraph(model: ModelFeature, graph: GraphEditorProvider): vscode.Disposable {
  // The node the graph reported last: revealing it in the view selects it there, and that selection must not
  // come back to the graph as a reveal (which would recentre the view the user just clicked in).
  let fromGraph: string | null = null;
  const fromView = model.view.onDidChangeSelection(({ selection }) => {
    const [node] = selection;
    const file = model.tree.outline?.path;
    if (node?.kind !== 'layer' || !file) return;
    if (node.layer.id === fromGraph) return void (fromGraph = null);
    // A Profile panel row selected it and reveals it in the graph itself.
    if (consumeModelReveal(node.layer.id)) return;
    graph.revealNode(file, node.layer.id);
  });
  const toView = graph.onDidSelectNode(({ file, nodeId }) => {
    if (!nodeId || model.tree.outline?.path !== file || !model.view.visible) return;
    const [current] = model.view.selection;
    if (current?.kind === 'layer' && current.layer.id === nodeId) return;
    const node = model.tree.layerNode(nodeId);
    if (!node) return;
    fromGraph = nodeId;
    model.view.reveal(node, { select: true, focus: false, expand: false }).then(undefined, () => (fromGraph = null));
  });
  return vscode.Disposable.from(fromView, toView);
}

/** *Reveal in Graph* on a Model view layer: opens the file's graph editor (or brings it forward) and selects the node. */
export async function revealLayerInGraph(model: ModelFeature, graph: GraphEditorProvider, node?: ModelTreeNode): Promise<void> {
  const file = model.tree.outline?.path;
  const selected = node ?? model.view.selection[0];
  if (!file || selected?.kind !== 'layer') return;
  await vscode.commands.executeCommand('vscode.openWith', vscode.Uri.file(file), GraphEditorProvider.viewType, { preserveFocus: false });
  graph.revealNode(file, selected.layer.id);
}
