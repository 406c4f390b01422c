// The actions on launched runs: Stop, Show Output, Compare, Cancel Queued Run, and the status bar's list of
// active runs.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { stopGraceSeconds } from '../launch/runLaunches';
import type { StopOutcome } from '../launch/stopRun';
import { isTrainerRun } from '../train/trainerRuns';
import type { RunsFeature } from './registerRuns';
import type { LaunchedRun } from './runRecords';
import type { RunTreeNode } from './runsTreeProvider';

type RunTarget = RunTreeNode | { id: string } | undefined;

function launchedRun(runs: RunsFeature, target: RunTarget): LaunchedRun | undefined {
  const id = target?.id ?? runs.view.selection[0]?.id;
  return id ? runs.records.byId(id) : undefined;
}

/** Stops a run (`{ id }`, a Runs view row, or the selection); resolves when its processes are gone. */
export async function stopLaunchedRun(runs: RunsFeature, target?: RunTarget): Promise<StopOutcome | undefined> {
  const run = launchedRun(runs, target) ?? (await pickActiveRun(runs));
  if (!run) return undefined;
  const { stopRun } = await import('../launch/stopRun');
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: `Stopping ${run.record.id}` }, () => stopRun(run.dir, stopGraceSeconds()));
  runs.records.refresh();
  if (outcome.groupLeft) void vscode.window.showErrorMessage(`Run ${run.record.id}: processes of its group (${run.record.pid}) are still alive after SIGKILL.`);
  return outcome;
}

/** From the palette: the one active run, or the one picked among several. */
async function pickActiveRun(runs: RunsFeature): Promise<LaunchedRun | undefined> {
  const active = runs.records.active();
  if (active.length <= 1) {
    if (active.length === 0) void vscode.window.showInformationMessage('No run launched by Tensorsight is running.');
    return active[0];
  }
  const picked = await vscode.window.showQuickPick(
    active.map((run) => ({ label: run.record.id, description: run.record.args.join(' '), run })),
    { title: 'Stop which run?' },
  );
  return picked?.run;
}

/** The run's terminal while it is open, else output.log in an editor (the `Tensorsight Training` log for the trainer's runs, which have none). */
export async function showRunOutput(runs: RunsFeature, target?: RunTarget): Promise<'terminal' | 'log' | 'channel' | undefined> {
  const run = launchedRun(runs, target);
  if (!run) return undefined;
  if (isTrainerRun(run.record) && !existsSync(path.join(run.dir, 'output.log'))) {
    runs.trainings.log.show(true);
    return 'channel';
  }
  const terminal = runs.launches.terminalOf(run.dir);
  if (terminal) {
    terminal.show();
    return 'terminal';
  }
  const document = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(run.dir, 'output.log')));
  const end = new vscode.Position(document.lineCount - 1, 0);
  await vscode.window.showTextDocument(document, { selection: new vscode.Range(end, end), preview: true });
  return 'log';
}

/** Ticks exactly these runs (and the folders they wrote) and opens the Training panel comparing them. */
export function compareRuns(runs: RunsFeature, target?: RunTarget, selected?: readonly RunTarget[]): string[] {
  const nodes = (selected && selected.length > 0 ? selected : target ? [target] : runs.view.selection).filter((node): node is RunTreeNode => node !== undefined);
  const ids = [...new Set(nodes.flatMap((node) => runs.tree.tickIds(node)))];
  if (ids.length < 2) {
    void vscode.window.showInformationMessage('Select two or more runs in the Runs view (Ctrl/Cmd-click) to compare them.');
    return ids;
  }
  const others = runs.model.runs().map((run) => run.name).filter((id) => !ids.includes(id));
  runs.model.setShown(others, false);
  runs.model.setShown(ids, true);
  runs.training.open({ compare: ids });
  return ids;
}

/** Removes a queued sweep run from the queue. */
export function cancelQueuedRun(runs: RunsFeature, target?: RunTarget): number {
  const key = target?.id ?? runs.view.selection[0]?.id;
  return runs.queue.cancel(key ?? '');
}

/** The status bar's click: the active runs (and the queue) to stop or show. */
export async function showActiveRuns(runs: RunsFeature): Promise<void> {
  const active = runs.records.active();
  const queued = runs.queue.items().length;
  const items: (vscode.QuickPickItem & { run?: LaunchedRun; cancelQueue?: true })[] = active.map((run) => ({ label: `$(loading~spin) ${run.record.id}`, description: run.record.args.join(' '), run }));
  if (queued) items.push({ label: `$(clock) Cancel ${queued} queued sweep run(s)`, cancelQueue: true });
  const picked = await vscode.window.showQuickPick(items, { title: 'Active training runs' });
  if (!picked) return;
  if (picked.cancelQueue) {
    runs.queue.cancel();
    return;
  }
  if (!picked.run) return;
  const action = await vscode.window.showQuickPick(['$(debug-stop) Stop', '$(graph-line) Open Charts', '$(terminal) Show Output'], { title: picked.run.record.id });
  if (action?.endsWith('Stop')) await stopLaunchedRun(runs, { id: picked.run.id });
  else if (action?.endsWith('Open Charts')) await vscode.commands.executeCommand('tensorsight.runs.openCharts', { id: picked.run.id });
  else if (action?.endsWith('Show Output')) await showRunOutput(runs, { id: picked.run.id });
}
