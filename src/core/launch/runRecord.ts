// run.json: what a launched training run is (script, arguments, interpreter, code version, machine) and how it
// is going or how it ended. The launcher (`tensorsight run`, which the extension runs in a terminal) writes it
// when the run starts, about once a second while it makes progress, and when it ends; the Runs view, the
// Training panel and Re-run read it. Written whole to a temporary file and renamed, so a reader never sees half.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ScriptProfile } from './scriptProfile';

/** The file name inside a run folder. */
export const RUN_FILE = 'run.json';

/** running: the script is alive. finished: exit 0. failed: non-zero exit or a signal it did not get from Stop. stopped: ended by Stop. lost: the launcher died without saying how the run ended. */
export type RunStatus = 'running' | 'finished' | 'failed' | 'stopped' | 'lost';

/** How far a run has got, from the metrics and progress lines seen so far; null where unknown. */
export interface RunProgress {
  /** The latest step seen (helper calls, parsed lines). */
  step: number | null;
  /** The latest epoch seen (1-based as printed), and the epoch count when a line said it (`Epoch 3/10`). */
  epoch: number | null;
  epochs: number | null;
  /** The run's total steps when known (a tqdm total, epochs × steps per epoch). */
  totalSteps: number | null;
  stepsPerSecond: number | null;
  /** Seconds left at the current rate, when the total is known. */
  etaSeconds: number | null;
  /** The last value of each metric seen, by tag. */
  lastMetrics: Record<string, number>;
  /** Milliseconds since the epoch of this update. */
  updatedAt: number;
}

/** Why a run failed, read from the end of its output. */
export interface RunFailure {
  /** The exception line (`RuntimeError: CUDA out of memory. ...`), or the signal. */
  message: string;
  /** Traceback frames, outermost first; `inScript` marks the user's own files (not site-packages or the stdlib). */
  frames: { file: string; line: number; function: string; inScript: boolean }[];
  /** What to try, for failures we recognize (CUDA out of memory, a device-side assert); null otherwise. */
  hint: string | null;
}

/** Everything run.json holds. */
export interface RunRecord {
  version: 1;
  /** The folder's name: `<yyyymmdd-hhmmss>-<script stem>` (plus `-2`... when two start in the same second). */
  id: string;
  /** Absolute path of the script. */
  script: string;
  args: string[];
  cwd: string;
  interpreter: { path: string; version: string | null };
  /** Framework versions found in that interpreter (torch, tensorflow, keras, lightning, transformers, ...). */
  frameworks: Record<string, string>;
  /** The script's repository state, null outside git; `git.diff` beside run.json holds tracked changes when dirty. */
  git: { commit: string; branch: string | null; dirty: boolean } | null;
  /** Environment variables the launch set or overrode (CUDA_VISIBLE_DEVICES, the user's), not the whole environment. */
  env: Record<string, string>;
  host: string;
  gpus: { index: number; name: string | null; uuid: string | null }[];
  driverVersion: string | null;
  /** ISO 8601 times. */
  startTime: string;
  endTime: string | null;
  status: RunStatus;
  exitCode: number | null;
  signal: string | null;
  /**
   * The script's process id; it leads its own process group (kill(-pid) reaches its workers). For the TF.js
   * trainer (`trainer: 'tfjs'`) it is the training process itself, equal to launcherPid, and leads no group.
   */
  pid: number | null;
  /** The launcher's process id: signal it with SIGINT to stop the run cleanly. */
  launcherPid: number;
  progress: RunProgress | null;
  failure: RunFailure | null;
  /** Folders holding event files the script wrote itself after the run started (absolute). */
  linkedEventDirs: string[];
  /** Hyperparameters from `tensorsight.hparams({...})`. */
  hparams: Record<string, number | string | boolean>;
  /** Set for runs of a sweep: which sweep, and this run's place in it. */
  sweep?: { id: string; index: number; count: number };
  /** Set when Tensorsight's own TF.js trainer ran the run (`script` is then the *.train.json spec), not a Python launcher. */
  trainer?: 'tfjs';
  /** Set for runs launched with profiling (Profile Training Script, `tensorsight run --profile`): the traces, or why none. */
  profile?: ScriptProfile;
}

/** Reads `<dir>/run.json`; undefined when absent or not a run record (never throws). */
export function readRunRecord(dir: string): RunRecord | undefined {
  let text: string;
  try {
    text = readFileSync(join(dir, RUN_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as Partial<RunRecord>;
    return value && value.version === 1 && typeof value.script === 'string' ? (value as RunRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** Writes `<dir>/run.json` atomically (temporary file, then rename). */
export function writeRunRecord(dir: string, record: RunRecord): void {
  const target = join(dir, RUN_FILE);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, `${JSON.stringify(record, null, 2)}\n`);
  renameSync(temporary, target);
}

/** Whether a process exists (signal 0); false for a pid we may not signal only when it does not exist. */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The status to show: a record still `running` whose launcher is gone is `lost`. */
export function effectiveStatus(record: RunRecord): RunStatus {
  return record.status === 'running' && !processExists(record.launcherPid) ? 'lost' : record.status;
}
