// A Profile panel row clicked: the graph editor of the model selects, centres and flashes the node, and the Model view
// selects its layer when it shows that model.
import type * as vscode from 'vscode';
import { revealGraphNode } from '../graph/graphProfile';
import { revealModelNode } from '../model/modelViewProfile';

/** Reveals the graph node named `nodeName` of `model` in the graph editor and the Model view. */
export async function revealProfiledNode(model: vscode.Uri, nodeName: string): Promise<void> {
  await Promise.all([revealGraphNode(model, nodeName), revealModelNode(model, nodeName)]);
}
