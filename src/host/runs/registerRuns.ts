// Wires the Runs view, the Training panel and launched runs (their records, terminals, sweep queue, status bar
// item and failure notices). Nothing is read at activation: the models start reading and watching when the view
// first becomes visible, a panel opens or a run is launched.
import * as vscode from 'vscode';
import { LaunchMemory } from '../launch/launchMemory';
import { RunLaunches } from '../launch/runLaunches';
import { SweepQueue } from '../launch/sweepQueue';
import { registerTraceLinks } from '../launch/traceLinks';
import { TrainSessions } from '../train/trainSessions';
import { isTrainerRun } from '../train/trainerRuns';
import { registerTraining, type TrainingFeature } from '../training/registerTraining';
import { showFailureNotice } from './runFailureNotice';
import { RunRecords } from './runRecords';
import { RunsModel } from './runsModel';
import { RunsStatusBar } from './runsStatusBar';
import { RunsTreeProvider, type RunTreeNode } from './runsTreeProvider';

/** The Runs feature's parts, for the commands and the tests. */
export interface RunsFeature {
  model: RunsModel;
  records: RunRecords;
  queue: SweepQueue;
  launches: RunLaunches;
  memory: LaunchMemory;
  tree: RunsTreeProvider;
  view: vscode.TreeView<RunTreeNode>;
  statusBar: RunsStatusBar;
  training: TrainingFeature;
  /** Trainings of *.train.json specs started in this window (Train Model, Resume). */
  trainings: TrainSessions;
}

/** How often the view's "updated 3 s ago" texts are refreshed while it is visible. */
const AGO_REFRESH_MS = 2000;

export function registerRuns(context: vscode.ExtensionContext): RunsFeature {
  const model = new RunsModel(context.workspaceState);
  const records = new RunRecords(model);
  const launches = new RunLaunches(context.extensionPath, model, records);
  const queue = new SweepQueue({
    start: async (request) => {
      const { dir, run } = await launches.start(request);
      return { dir, ended: run !== undefined && run.status !== 'running' };
    },
    failed: (entry, error) => void vscode.window.showErrorMessage(`Sweep ${entry.sweep.id}, run ${entry.sweep.index + 1}: ${error instanceof Error ? error.message : String(error)}`),
  });
  const tree = new RunsTreeProvider(model, records, queue);
  const view = vscode.window.createTreeView('tensorsight.runs', { treeDataProvider: tree, manageCheckboxStateManually: true, canSelectMany: true });
  const statusBar = new RunsStatusBar(records, queue);
  const training = registerTraining(context, model);
  const trainings = new TrainSessions(context.extensionPath);

  let observing: vscode.Disposable[] = [];
  let ticker: NodeJS.Timeout | undefined;
  const followVisibility = (): void => {
    if (view.visible && observing.length === 0) {
      observing = [model.observe(), records.observe()];
      ticker = setInterval(() => tree.refresh(), AGO_REFRESH_MS);
    } else if (!view.visible && observing.length > 0) {
      observing.forEach((observer) => observer.dispose());
      observing = [];
      clearInterval(ticker);
    }
  };

  context.subscriptions.push(
    model,
    records,
    launches,
    queue,
    tree,
    view,
    statusBar,
    trainings,
    registerTraceLinks(),
    view.onDidChangeVisibility(followVisibility),
    view.onDidChangeCheckboxState((event) => {
      for (const [node, state] of event.items) model.setShown(tree.tickIds(node), state === vscode.TreeItemCheckboxState.Checked);
    }),
    records.onDidChange(({ ended }) => {
      model.followLive(records.active().map((run) => run.dir));
      // The launcher flushes its last points before it writes the final status: read them now, not at the slow poll.
      if (ended.length > 0) model.poll(false);
      queue.ended(ended);
      // The trainer's failures are told by Train Model itself (they have no traceback in an output.log).
      for (const run of ended) if (run.status === 'failed' && !isTrainerRun(run.record)) void showFailureNotice(run);
    }),
    { dispose: () => (observing.forEach((observer) => observer.dispose()), clearInterval(ticker)) },
  );
  followVisibility();
  return { model, records, queue, launches, memory: new LaunchMemory(context.workspaceState), tree, view, statusBar, training, trainings };
}
