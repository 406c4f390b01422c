// Runs of Tensorsight's own TF.js trainer (run.json `trainer: 'tfjs'`, `script` the *.train.json spec) and the
// checkpoints in their folders (`checkpoints/epoch-N/`, `checkpoints/stopped/`), which Resume Training starts from.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { RunRecord } from '../../core/launch/runRecord';

export const SPEC_SUFFIX = '.train.json';

export function isSpecFile(file: string): boolean {
  return file.endsWith(SPEC_SUFFIX);
}

/** Whether the trainer ran this run (the `trainer` field; a spec as the script for records written before it). */
export function isTrainerRun(record: Pick<RunRecord, 'trainer' | 'script'>): boolean {
  return record.trainer === 'tfjs' || isSpecFile(record.script);
}

/** One checkpoint folder: its epoch and step from checkpoint.json (the folder name when that is missing). */
export interface CheckpointEntry {
  dir: string;
  /** `epoch-3`, `stopped`. */
  name: string;
  epoch: number | null;
  step: number | null;
  mtimeMs: number;
}

function readEntry(dir: string): CheckpointEntry | undefined {
  let mtimeMs: number;
  try {
    mtimeMs = statSync(path.join(dir, 'model.json')).mtimeMs;
  } catch {
    return undefined;
  }
  const name = path.basename(dir);
  let epoch: number | null = /^epoch-(\d+)$/.exec(name) ? Number(name.slice('epoch-'.length)) : null;
  let step: number | null = null;
  try {
    const info = JSON.parse(readFileSync(path.join(dir, 'checkpoint.json'), 'utf8')) as { epoch?: unknown; step?: unknown };
    if (typeof info.epoch === 'number') epoch = info.epoch;
    if (typeof info.step === 'number') step = info.step;
  } catch {
    // An older checkpoint without checkpoint.json: the folder name says the epoch.
  }
  return { dir, name, epoch, step, mtimeMs };
}

/** The run's checkpoints that hold a model.json, latest first (highest epoch; `stopped` before `epoch-N` of the same epoch). */
export function listCheckpoints(runDir: string): CheckpointEntry[] {
  const root = path.join(runDir, 'checkpoints');
  let names: string[];
  try {
    names = readdirSync(root, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  } catch {
    return [];
  }
  return names
    .map((name) => readEntry(path.join(root, name)))
    .filter((entry): entry is CheckpointEntry => entry !== undefined)
    .sort((a, b) => (b.epoch ?? -1) - (a.epoch ?? -1) || Number(b.name === 'stopped') - Number(a.name === 'stopped') || b.mtimeMs - a.mtimeMs);
}

/** Whether the run has a checkpoint to resume from (one readdir and a stat or two: the Runs view asks per row). */
export function hasCheckpoint(runDir: string): boolean {
  const root = path.join(runDir, 'checkpoints');
  try {
    return readdirSync(root, { withFileTypes: true }).some((entry) => entry.isDirectory() && isFile(path.join(root, entry.name, 'model.json')));
  } catch {
    return false;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** A checkpoint's label for pickers: `stopped at epoch 4`, `epoch 3`. */
export function checkpointLabel(entry: CheckpointEntry): string {
  const epoch = entry.epoch !== null ? `epoch ${entry.epoch}` : entry.name;
  return entry.name === 'stopped' ? `stopped at ${epoch}` : epoch;
}
