// What the run header writes for a run of Tensorsight's TF.js trainer: which backend it trains on, the checkpoint
// it resumed from and what its status means. Plain text from the protocol's TrainerRun (no DOM), so it is unit-tested.
import type { LaunchedRun, LaunchedStatus, TrainerRun } from '../../core/protocol/training';

/**
 * `epoch 5/8`: the epoch run.json's progress names (the one in progress while running; the trainer writes progress
 * during and at the end of each), and before the first progress of a running run the one it starts with (after the
 * checkpoint it resumed from). The count is progress' epochs, else hparams.epochs; a run that finished short of it
 * says it stopped early. Null when nothing says.
 */
export function trainerEpochText(run: LaunchedRun): string | null {
  const epochs = run.progress?.epochs ?? (typeof run.hparams.epochs === 'number' ? run.hparams.epochs : null);
  const epoch = run.progress?.epoch ?? (run.status === 'running' ? (run.trainer?.resumedFrom?.epoch ?? 0) + 1 : null);
  if (epoch === null) return null;
  // Finished short of its epochs: only early stopping ends a trainer run so (Stop records `stopped`).
  const early = run.status === 'finished' && epochs !== null && epoch < epochs ? ' (early stopping)' : '';
  return `epoch ${epoch}${epochs !== null ? `/${epochs}` : ''}${early}`;
}

/** `TF.js · webgpu`; `TF.js` alone until the backend is known. */
export function backendText(trainer: TrainerRun): string {
  return trainer.backend ? `TF.js · ${trainer.backend}` : 'TF.js';
}

/** The last path part of a folder (either separator). */
function folderName(dir: string): string {
  return dir.replace(/[\\/]+$/, '').split(/[\\/]/).pop() ?? dir;
}

/**
 * `resumed from epoch-4` (a checkpoint of an epoch's end); a Stop checkpoint says where it was taken:
 * `resumed from Stop at epoch 5, batch 20`, or `resumed from Stop after epoch 4` at an epoch's end. Null for a fresh run.
 */
export function resumedText(trainer: TrainerRun): string | null {
  const from = trainer.resumedFrom;
  if (!from) return null;
  const folder = folderName(from.dir);
  if (/^epoch-\d+$/.test(folder)) return `resumed from ${folder}`;
  const what = folder === 'stopped' ? 'Stop' : folder;
  if (from.epoch === null) return `resumed from ${what}`;
  return from.batch ? `resumed from ${what} at epoch ${from.epoch + 1}, batch ${from.batch}` : `resumed from ${what} after epoch ${from.epoch}`;
}

/** The hover text of the resumed fact: the checkpoint folder and the run it belongs to (`<run>/checkpoints/<name>`). */
export function resumedTitle(trainer: TrainerRun): string {
  const dir = trainer.resumedFrom?.dir ?? '';
  const run = dir.replace(/[\\/]+$/, '').split(/[\\/]/).slice(-3, -2)[0];
  return run ? `Continued from the checkpoint ${dir} of run ${run}` : `Continued from the checkpoint ${dir}`;
}

/** What a trainer run's status badge means when hovered. */
export function trainerStatusTitle(status: LaunchedStatus): string {
  switch (status) {
    case 'running':
      return 'Training in a child process of the extension host';
    case 'finished':
      return 'Trained every epoch (or stopped early); the model is saved in the run folder\'s model/';
    case 'failed':
      return 'Training failed: the message is below';
    case 'stopped':
      return 'Stopped from Tensorsight after the current batch; checkpoints/stopped/ holds the state to resume from (Resume Training)';
    case 'lost':
      return 'The trainer ended without recording how the run ended (killed, or the window closed)';
  }
}

/** The Stop button's hover text for a trainer run. */
export const trainerStopTitle = 'Stop training after the current batch; the model and optimizer state are saved to checkpoints/stopped/ so Resume Training can continue';
