// Resume Training: a stopped or finished trainer run continues from one of its checkpoints (the latest, or the
// one picked when there are several) as a new run in the same runs folder, its run.json naming the checkpoint.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RunsFeature } from '../runs/registerRuns';
import type { RunTreeNode } from '../runs/runsTreeProvider';
import { checkpointLabel, isTrainerRun, listCheckpoints, type CheckpointEntry } from './trainerRuns';
import { trainModel, type TrainStarted } from './trainModelCommand';

/** Given by tests: the checkpoint folder, instead of asking. */
export interface ResumeOptions {
  checkpoint?: string;
}

async function pickCheckpoint(id: string, checkpoints: CheckpointEntry[]): Promise<CheckpointEntry | undefined> {
  if (checkpoints.length === 1) return checkpoints[0];
  const items = checkpoints.map((entry, index) => ({
    label: checkpointLabel(entry),
    description: [entry.step !== null ? `step ${entry.step}` : '', index === 0 ? 'latest' : ''].filter(Boolean).join(' · '),
    detail: entry.dir,
    entry,
  }));
  return (await vscode.window.showQuickPick(items, { title: `Resume ${id} from which checkpoint?` }))?.entry;
}

/** Tensorsight: Resume Training on a Runs view row (or `{ id }`); resolves to the new run. */
export async function resumeTraining(runs: RunsFeature, node?: RunTreeNode | { id: string }, given?: ResumeOptions): Promise<TrainStarted | undefined> {
  const id = node?.id ?? runs.view.selection[0]?.id;
  const run = id ? runs.records.byId(id) : undefined;
  if (!run || !isTrainerRun(run.record)) {
    void vscode.window.showInformationMessage('Select a run of a *.train.json spec in the Runs view to resume it.');
    return undefined;
  }
  if (run.status === 'running') {
    void vscode.window.showInformationMessage(`Run ${run.record.id} is still training; stop it first (Stop saves a checkpoint).`);
    return undefined;
  }
  const checkpoints = listCheckpoints(run.dir);
  const chosen = given?.checkpoint ?? (checkpoints.length ? (await pickCheckpoint(run.record.id, checkpoints))?.dir : undefined);
  if (!chosen) {
    if (!checkpoints.length) void vscode.window.showInformationMessage(`Run ${run.record.id} saved no checkpoint to resume from (set "checkpoint": { "everyEpochs": N } in the spec, or Stop a run while it trains).`);
    return undefined;
  }
  if (!existsSync(run.record.script)) {
    void vscode.window.showErrorMessage(`Cannot resume ${run.record.id}: its spec ${run.record.script} is gone.`);
    return undefined;
  }
  // Into the same runs folder as the original (`<runs folder>/<stem>/<run>`).
  return trainModel(runs, vscode.Uri.file(run.record.script), { resumeFrom: chosen, runsRoot: path.dirname(path.dirname(run.dir)) });
}
