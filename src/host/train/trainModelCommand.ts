// Tensorsight: Train Model… trains a *.train.json spec in a child process (core/train/run/trainChild.ts), so the
// extension host never runs TF.js. The run shows like a launched one: ticked in the Runs view, the Training
// panel charting it live. A notification follows the epochs (Cancel = Stop, which saves a checkpoint), the
// `Tensorsight Training` output channel says which backend trains and why the others did not load, and a spec
// the trainer rejects gets its problems as diagnostics at their lines.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { readRunRecord, writeRunRecord } from '../../core/launch/runRecord';
import { runTrainChild } from '../../core/train/run/trainChild';
import type { TrainMessage, TrainRequest } from '../../core/train/run/trainMessage';
import type { RunsFeature } from '../runs/registerRuns';
import type { RunTreeNode } from '../runs/runsTreeProvider';
import { specDiagnostics } from './specDiagnostics';
import { isSpecFile, SPEC_SUFFIX } from './trainerRuns';
import { clock, messageLines, metricsText } from './trainLog';
import { trainRequestFor } from './trainSettings';

/** Given by Re-run, Resume and tests: skips nothing the user is asked (there is nothing to ask), fixes these. */
export interface TrainOptions {
  /** The runs folder (Re-run and Resume keep the original run's). */
  runsRoot?: string;
  /** A checkpoint folder to continue from. */
  resumeFrom?: string;
  /** Overrides tensorsight.train.backend and the spec's backend. */
  backend?: string;
}

/** How a training ended. */
export interface TrainEnd {
  status: 'finished' | 'stopped' | 'failed';
  /** What the user was told. */
  message: string;
  /** The child's final message, when it sent one. */
  final?: TrainMessage;
}

/** A training whose run folder exists; `ended` settles (never rejects) when the child is gone. */
export interface TrainStarted {
  id: string;
  dir: string;
  ended: Promise<TrainEnd>;
}

function isOptions(value: unknown): value is TrainOptions {
  if (typeof value !== 'object' || value === null || value instanceof vscode.Uri) return false;
  const options = value as Record<string, unknown>;
  return ['runsRoot', 'resumeFrom', 'backend'].some((key) => typeof options[key] === 'string');
}

/** The spec to train: the Explorer or editor-title resource, a spec row of the Runs view, the active editor, else the workspace's one spec, else picked. */
export async function specUri(target?: vscode.Uri | RunTreeNode): Promise<vscode.Uri | undefined> {
  if (target instanceof vscode.Uri) return target;
  if (target?.kind === 'script') return vscode.Uri.file(target.script);
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file' && isSpecFile(active.fsPath)) return active;
  const found = await vscode.workspace.findFiles(`**/*${SPEC_SUFFIX}`, '**/node_modules/**', 500);
  if (found.length === 1) return found[0];
  if (found.length > 1) {
    const items = found
      .map((uri) => ({ label: path.basename(uri.fsPath), description: vscode.workspace.asRelativePath(path.dirname(uri.fsPath)), uri }))
      .sort((a, b) => a.description.localeCompare(b.description) || a.label.localeCompare(b.label));
    return (await vscode.window.showQuickPick(items, { title: 'Train which spec?', matchOnDescription: true }))?.uri;
  }
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { 'Training spec (*.train.json)': ['json'] }, openLabel: 'Train Model' });
  return picked?.[0];
}

/** Tensorsight: Train Model…. Resolves once the run folder exists (undefined when cancelled or rejected before). */
export async function trainModel(runs: RunsFeature, target?: vscode.Uri | RunTreeNode, given?: unknown): Promise<TrainStarted | undefined> {
  const uri = await specUri(target);
  if (!uri) return undefined;
  if (uri.scheme !== 'file' || !isSpecFile(uri.fsPath)) {
    void vscode.window.showErrorMessage(`Train Model trains local *${SPEC_SUFFIX} files; ${uri.scheme === 'file' ? uri.fsPath : uri.toString()} is not one.`);
    return undefined;
  }
  // The trainer reads the file from disk: unsaved edits would be silently ignored.
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open?.isDirty) await open.save();
  return startTraining(runs, trainRequestFor(uri, runs.trainings.extensionPath, isOptions(given) ? given : {}));
}

/** Starts the child for `request` and follows it to the end. */
export function startTraining(runs: RunsFeature, request: TrainRequest): Promise<TrainStarted | undefined> {
  const sessions = runs.trainings;
  const name = path.basename(request.specFile);
  const specUriOf = vscode.Uri.file(request.specFile);
  sessions.diagnostics.delete(specUriOf);
  const log = (line: string): void => sessions.appendLine(`[${clock()}] ${name}: ${line}`);
  log(`training${request.resumeFrom ? ` from ${request.resumeFrom}` : ''} (backend ${request.backend ?? 'as the spec says'}, runs in ${request.runsRoot})`);

  const controller = new AbortController();
  const active = { specFile: request.specFile, runDir: undefined as string | undefined, pid: undefined as number | undefined, abort: () => controller.abort() };
  const kept = sessions.add(active);
  let runId: string | undefined;
  let resolveStarted!: (run: { id: string; dir: string } | undefined) => void;
  const started = new Promise<{ id: string; dir: string } | undefined>((resolve) => (resolveStarted = resolve));
  // Showing the run awaits the view: a child that ends meanwhile must not resolve the command to "no run".
  let showing: Promise<void> = Promise.resolve();

  const follow = (progress: vscode.Progress<{ message?: string; increment?: number }>, token: vscode.CancellationToken): Promise<TrainEnd> => {
    let backend = '';
    let epochs = 0;
    let stepsPerEpoch = 1;
    let firstEpoch: number | undefined;
    let done = 0;
    const advance = (epoch: number, fraction: number, text: string): void => {
      firstEpoch ??= epoch;
      const percent = Math.min(100, ((epoch - firstEpoch + fraction) / Math.max(1, epochs - firstEpoch + 1)) * 100);
      progress.report({ message: text, increment: Math.max(0, percent - done) });
      done = Math.max(done, percent);
    };
    token.onCancellationRequested(() => {
      // Once the run exists, Cancel is Stop: the child finishes its batch and saves a checkpoint.
      if (runId) void vscode.commands.executeCommand('tensorsight.runs.stop', { id: runId });
      else controller.abort();
    });
    const onMessage = (message: TrainMessage): void => {
      for (const line of messageLines(message)) log(line);
      switch (message.kind) {
        case 'backend':
          backend = message.report.chosen;
          progress.report({ message: `loading data · ${backend}` });
          break;
        case 'start':
          epochs = message.epochs;
          stepsPerEpoch = message.stepsPerEpoch;
          active.runDir = message.runDir;
          active.pid = readRunRecord(message.runDir)?.launcherPid;
          showing = showRun(runs, request.runsRoot, message.runDir).then(
            (id) => {
              runId = id;
              resolveStarted({ id, dir: message.runDir });
            },
            () => resolveStarted({ id: message.runDir, dir: message.runDir }),
          );
          break;
        case 'batch':
          advance(message.epoch, message.batch / stepsPerEpoch, `epoch ${message.epoch}/${epochs} · batch ${message.batch}/${stepsPerEpoch} · loss ${message.values.loss?.toPrecision(3)} · ${backend}`);
          break;
        case 'epoch':
          advance(message.epoch, 1, `epoch ${message.epoch}/${epochs} · loss ${message.values.loss?.toPrecision(3)} · ${backend}`);
          break;
        default:
          break;
      }
    };
    return runTrainChild(request, onMessage, controller.signal).then(
      (final) => ended(runs, request, final),
      (error: unknown) => crashed(runs, request, active.runDir, error),
    );
  };

  const ending = Promise.resolve(
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Training ${name}`, cancellable: true }, follow),
  ).then(
    (end) => end,
    (error: unknown): TrainEnd => ({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
  );
  const settled = ending.then(async (end) => {
    kept.dispose();
    await showing;
    // A final message was logged as it came; the rest (a crash, a cancel) is logged here.
    if (!end.final) log(end.message);
    runs.records.refresh();
    resolveStarted(undefined);
    return end;
  });
  return started.then((run) => run && { ...run, ended: settled });
}

/** Shows a new run like a launched one: in the Runs view (ticked, revealed) and in the Training panel. */
async function showRun(runs: RunsFeature, runsRoot: string, dir: string): Promise<string> {
  if (runs.model.idOf(runsRoot) === undefined) runs.model.addRoot(runsRoot);
  const run = runs.records.track(dir);
  runs.model.poll(true);
  const id = run?.id ?? runs.model.idOf(dir) ?? dir;
  runs.model.setShown([id], true);
  try {
    await vscode.commands.executeCommand('tensorsight.runs.focus');
    runs.training.open();
    await runs.view.reveal({ id }, { select: true, focus: false });
  } catch {
    // Revealing is a courtesy: a view that cannot show the row yet still lists it on its next refresh.
  }
  return id;
}

/** The child's final message, told to the user. */
function ended(runs: RunsFeature, request: TrainRequest, final: TrainMessage): TrainEnd {
  const name = path.basename(request.specFile);
  if (final.kind === 'done' && final.stopped) {
    const message = `Training ${name} stopped after epoch ${final.epochs}; checkpoint saved.`;
    void vscode.window.showInformationMessage(message, 'Resume').then((choice) => {
      const id = runs.model.idOf(final.runDir) ?? final.runDir;
      if (choice === 'Resume') void vscode.commands.executeCommand('tensorsight.train.resume', { id });
    });
    return { status: 'stopped', message, final };
  }
  if (final.kind === 'done') {
    const message = `Trained ${name}: ${final.epochs} epoch${final.epochs === 1 ? '' : 's'}${final.stoppedEarly ? ' (stopped early)' : ''}, ${metricsText(final.values)}.`;
    void vscode.window.showInformationMessage(message);
    return { status: 'finished', message, final };
  }
  if (final.kind === 'error' && final.specProblems?.length) {
    const uri = vscode.Uri.file(request.specFile);
    runs.trainings.diagnostics.set(uri, specDiagnostics(final.specProblems));
    const first = final.specProblems[0];
    const more = final.specProblems.length > 1 ? ` (and ${final.specProblems.length - 1} more)` : '';
    const message = `${name} is not a valid training spec: line ${first.line}, ${first.field}: ${first.message}${more}`;
    void vscode.window.showErrorMessage(message, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return { status: 'failed', message, final };
  }
  const message = `Training ${name} failed: ${final.kind === 'error' ? final.message : `unexpected final message ${final.kind}`}`;
  showFailure(runs, message);
  return { status: 'failed', message, final };
}

/** The child died without a final message, or was cancelled before its run existed. */
function crashed(runs: RunsFeature, request: TrainRequest, runDir: string | undefined, error: unknown): TrainEnd {
  const name = path.basename(request.specFile);
  if (error instanceof Error && error.name === 'AbortError') return { status: 'stopped', message: `Training ${name} was cancelled.` };
  const record = runDir === undefined ? undefined : readRunRecord(runDir);
  // Stop (SIGINT) reaching a child too early to save a checkpoint ends it by the signal: that is a stop, not a crash.
  const interrupted = error instanceof Error && /killed by SIGINT/.test(error.message);
  if (record && (record.status === 'stopped' || (interrupted && record.status === 'running'))) {
    if (record.status === 'running') writeRunRecord(runDir!, { ...record, status: 'stopped', endTime: new Date().toISOString(), signal: 'SIGINT' });
    return { status: 'stopped', message: `Training ${name} stopped.` };
  }
  const message = `Training ${name} failed: ${error instanceof Error ? error.message : String(error)}`;
  showFailure(runs, message);
  return { status: 'failed', message };
}

/** An error notification whose button opens the `Tensorsight Training` log. */
function showFailure(runs: RunsFeature, message: string): void {
  void vscode.window.showErrorMessage(message, 'Show Log').then((choice) => {
    if (choice) runs.trainings.log.show(true);
  });
}
