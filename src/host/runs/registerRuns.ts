// Wires the Runs view and the Training panel. Nothing is read at activation: the model starts reading and
// watching when the view first becomes visible or a panel opens.
import * as vscode from 'vscode';
import { registerTraining, type TrainingFeature } from '../training/registerTraining';
import { RunsModel } from './runsModel';
import { RunsTreeProvider, type RunTreeNode } from './runsTreeProvider';

/** The Runs feature's parts, for the commands and the tests. */
export interface RunsFeature {
  model: RunsModel;
  tree: RunsTreeProvider;
  view: vscode.TreeView<RunTreeNode>;
  training: TrainingFeature;
}

/** How often the view's "updated 3 s ago" texts are refreshed while it is visible. */
const AGO_REFRESH_MS = 2000;

export function registerRuns(context: vscode.ExtensionContext): RunsFeature {
  const model = new RunsModel(context.workspaceState);
  const tree = new RunsTreeProvider(model);
  const view = vscode.window.createTreeView('tensorsight.runs', { treeDataProvider: tree, manageCheckboxStateManually: true });
  const training = registerTraining(context, model);

  let observing: vscode.Disposable | undefined;
  let ticker: NodeJS.Timeout | undefined;
  const followVisibility = (): void => {
    if (view.visible && !observing) {
      observing = model.observe();
      ticker = setInterval(() => tree.refresh(), AGO_REFRESH_MS);
    } else if (!view.visible && observing) {
      observing.dispose();
      observing = undefined;
      clearInterval(ticker);
    }
  };

  context.subscriptions.push(
    model,
    tree,
    view,
    view.onDidChangeVisibility(followVisibility),
    view.onDidChangeCheckboxState((event) => {
      for (const [node, state] of event.items) model.setShown([node.id], state === vscode.TreeItemCheckboxState.Checked);
    }),
    { dispose: () => (observing?.dispose(), clearInterval(ticker)) },
  );
  followVisibility();
  return { model, tree, view, training };
}
