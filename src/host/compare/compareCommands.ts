// The Compare Models commands: *Compare Models* (two files selected in the Explorer, or picked), *Select for Compare*
// and *Compare with Selected* (a model file's context menu, or the active model from the palette).
import * as vscode from 'vscode';
import type { GraphEditorProvider } from '../graph/graphEditorProvider';
import { ComparePanel } from './comparePanel';
import { comparedWithSelected, compareTargets, selectForCompare } from './compareTargets';

/** `tensorsight.model.compare`: VS Code passes the Explorer's clicked file and every selected one `(uri, uris)`. */
export async function compareModels(context: vscode.ExtensionContext, graph: GraphEditorProvider, uri?: unknown, uris?: unknown): Promise<void> {
  const targets = await compareTargets(uri, uris);
  if (targets) ComparePanel.show(context, graph, ...targets);
}

/** `tensorsight.model.selectForCompare`. */
export { selectForCompare };

/** `tensorsight.model.compareWithSelected`. */
export function compareWithSelected(context: vscode.ExtensionContext, graph: GraphEditorProvider, uri?: unknown): void {
  const targets = comparedWithSelected(uri);
  if (targets) ComparePanel.show(context, graph, ...targets);
}
