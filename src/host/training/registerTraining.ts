// Opens the Training panel (one per window) and restores it after a reload through a WebviewPanelSerializer.
import * as vscode from 'vscode';
import type { RunsModel } from '../runs/runsModel';
import { TrainingPanel, trainingViewType } from './trainingPanel';
import { webviewResourceRoots } from '../webviewPage';

/** How to open the panel. */
export interface TrainingOpenOptions {
  /** Run ids (RunsModel) to compare: a table of their arguments, hparams, commit and metrics above their charts. */
  compare?: readonly string[];
}

/** The Training panel feature: the open panel, if any, and how to open it. */
export interface TrainingFeature {
  readonly current: TrainingPanel | undefined;
  /** Opens (or reveals) the panel; with `compare`, shows those runs' compare table (without, any table stays). */
  open(options?: TrainingOpenOptions): TrainingPanel;
}

export function registerTraining(context: vscode.ExtensionContext, model: RunsModel): TrainingFeature {
  let current: TrainingPanel | undefined;
  const adopt = (panel: vscode.WebviewPanel): TrainingPanel => {
    const training = new TrainingPanel(panel, model, context.extensionUri, context.workspaceState);
    current = training;
    training.onDidDispose(() => {
      if (current === training) current = undefined;
    });
    return training;
  };
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(trainingViewType, {
      // The webview keeps its UI state (filter, smoothing, axis) with setState; data comes again from the host.
      deserializeWebviewPanel: async (panel) => {
        adopt(panel);
      },
    }),
    { dispose: () => current?.dispose() },
  );
  return {
    get current() {
      return current;
    },
    open(options) {
      if (current) current.reveal();
      else {
        const panel = vscode.window.createWebviewPanel(trainingViewType, 'Training Charts', vscode.ViewColumn.Active, {
          enableScripts: true,
          localResourceRoots: webviewResourceRoots(context.extensionUri),
        });
        current = adopt(panel);
      }
      if (options?.compare) current.setCompare(options.compare);
      return current;
    },
  };
}
