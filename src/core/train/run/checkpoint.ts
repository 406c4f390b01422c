// Checkpoints: `<run>/checkpoints/epoch-N/` every `checkpoint.everyEpochs` epochs and `<run>/checkpoints/stopped/`
// on Stop. Each is a TF.js layers folder saved with the optimizer's state (Adam's moments and iteration count), so
// training resumed from it continues as if never interrupted, plus checkpoint.json saying where training stood.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as tfl from '@tensorflow/tfjs-layers';
import { folderLoadHandler, folderSaveHandler, MODEL_JSON } from './layersFolderIO';

export const CHECKPOINT_JSON = 'checkpoint.json';

/** Where training stood when a checkpoint was saved. */
export interface CheckpointInfo {
  /** Epochs completed. */
  epoch: number;
  /** Batches trained in all (the last step's number). */
  step: number;
  /** Batches of epoch `epoch + 1` already trained: 0 at an epoch's end, more when stopped mid-epoch. */
  batch: number;
  runDir: string;
  specFile: string;
  seed: number;
  backend: string;
  /** Early stopping's state, so a resumed run stops where the uninterrupted one would have. */
  earlyStopping?: { best: number; sinceBest: number };
  savedAt: string;
}

/** The checkpoint folder for the end of `epoch`, or the one Stop writes. */
export function checkpointDir(runDir: string, which: number | 'stopped'): string {
  return path.join(runDir, 'checkpoints', which === 'stopped' ? 'stopped' : `epoch-${which}`);
}

/** Saves the model with its optimizer state, then checkpoint.json (last, so a folder with it is complete). */
export async function saveCheckpoint(dir: string, model: tfl.LayersModel, info: Omit<CheckpointInfo, 'savedAt'>): Promise<void> {
  await model.save(folderSaveHandler(dir), { includeOptimizer: true });
  writeFileSync(path.join(dir, CHECKPOINT_JSON), `${JSON.stringify({ ...info, savedAt: new Date().toISOString() }, null, 2)}\n`);
}

/** Reads `dir`/checkpoint.json; an Error naming the file and field when it is missing or wrong. */
export function readCheckpointInfo(dir: string): CheckpointInfo {
  const file = path.join(dir, CHECKPOINT_JSON);
  if (!existsSync(path.join(dir, MODEL_JSON))) throw new Error(`resumeFrom: ${dir} is not a checkpoint folder (it has no ${MODEL_JSON})`);
  let value: Partial<CheckpointInfo>;
  try {
    value = JSON.parse(readFileSync(file, 'utf8')) as Partial<CheckpointInfo>;
  } catch (error) {
    throw new Error(`resumeFrom: ${file} could not be read: ${(error as Error).message}`, { cause: error });
  }
  for (const field of ['epoch', 'step', 'seed'] as const) {
    if (!Number.isInteger(value[field]) || (value[field] as number) < 0) throw new Error(`${file}: ${field} must be a non-negative integer, got ${JSON.stringify(value[field])}`);
  }
  return { batch: 0, runDir: '', specFile: '', backend: '', savedAt: '', ...value } as CheckpointInfo;
}

/** Loads the checkpoint's model; compiled with its optimizer (state restored) when it was saved with one. */
export function loadCheckpointModel(dir: string): Promise<tfl.LayersModel> {
  return tfl.loadLayersModel(folderLoadHandler(dir));
}
