// The Runs commands: Open Training Charts, Reveal in Explorer, Delete run, Refresh (launched runs' own actions: runActions.ts).
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TrainingPanel } from '../training/trainingPanel';
import type { RunsFeature } from './registerRuns';
import type { LaunchedRun } from './runRecords';
import type { RunTreeNode } from './runsTreeProvider';

/**
 * Opens the Training panel. From a run row, that run is ticked first; from a folder in the Explorer, the folder
 * is added as a logdir when it lies outside the workspace.
 */
export function openTrainingCharts(runs: RunsFeature, target?: RunTreeNode | vscode.Uri): TrainingPanel {
  if (target instanceof vscode.Uri) {
    if (target.scheme === 'file' && !vscode.workspace.getWorkspaceFolder(target)) runs.model.addRoot(target.fsPath);
  } else if (target?.id) {
    // A launched run brings the event-file folders its script wrote along.
    const ids = runs.tree.tickIds(target).filter((id) => !runs.model.isShown(id));
    if (ids.length > 0) runs.model.setShown(ids, true);
  }
  return runs.training.open();
}

function runFrom(runs: RunsFeature, node?: RunTreeNode) {
  const id = node?.id ?? runs.view.selection[0]?.id;
  return id ? runs.model.run(id) : undefined;
}

/** Shows the run's folder in the Explorer. */
export async function revealRun(runs: RunsFeature, node?: RunTreeNode): Promise<void> {
  const dir = runs.records.byId(node?.id ?? runs.view.selection[0]?.id ?? '')?.dir ?? runFrom(runs, node)?.reader.dir;
  if (!dir) return;
  await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(dir));
}

/** Moves the run's folder to the trash after a modal confirmation; resolves to whether it was deleted. */
export async function deleteRun(runs: RunsFeature, node?: RunTreeNode, { confirm = true } = {}): Promise<boolean> {
  const launched = runs.records.byId(node?.id ?? runs.view.selection[0]?.id ?? '');
  if (launched) return deleteLaunchedRun(runs, launched, confirm);
  const run = runFrom(runs, node);
  if (!run) return false;
  if (run.reader.name === '.') {
    // The run is a logdir root itself (a workspace folder, or a folder opened by hand): never trash that.
    void vscode.window.showWarningMessage(`"${run.name}" is the logdir folder itself; delete its event files from the Explorer instead.`);
    return false;
  }
  if (confirm) {
    const choice = await vscode.window.showWarningMessage(
      `Delete run "${run.name}"?`,
      { modal: true, detail: `${run.reader.dir} and its ${run.reader.files.length} event file(s) will be moved to the trash.` },
      'Move to Trash',
    );
    if (choice !== 'Move to Trash') return false;
  }
  const uri = vscode.Uri.file(run.reader.dir);
  try {
    await vscode.workspace.fs.delete(uri, { recursive: true, useTrash: true });
  } catch (error) {
    // Some file systems (remote, containers) have no trash: say so instead of deleting for good.
    void vscode.window.showErrorMessage(`Could not move ${path.basename(run.reader.dir)} to the trash: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  runs.model.forget(run.name);
  return true;
}

/** A launched run's folder (run.json, output.log, its event files) to the trash; never while it runs. */
async function deleteLaunchedRun(runs: RunsFeature, run: LaunchedRun, confirm: boolean): Promise<boolean> {
  if (run.status === 'running') {
    void vscode.window.showWarningMessage(`Run ${run.record.id} is still running; stop it first.`);
    return false;
  }
  if (confirm) {
    const choice = await vscode.window.showWarningMessage(`Delete run "${run.record.id}"?`, { modal: true, detail: `${run.dir} (run.json, output.log and its event files) will be moved to the trash.` }, 'Move to Trash');
    if (choice !== 'Move to Trash') return false;
  }
  try {
    await vscode.workspace.fs.delete(vscode.Uri.file(run.dir), { recursive: true, useTrash: true });
  } catch (error) {
    void vscode.window.showErrorMessage(`Could not move ${path.basename(run.dir)} to the trash: ${error instanceof Error ? error.message : String(error)}`);
    return false;
  }
  runs.model.forget(run.id);
  runs.records.scan();
  return true;
}

/** Rescans the workspace for runs now. */
export function refreshRuns(runs: RunsFeature): void {
  runs.model.poll(true);
}
