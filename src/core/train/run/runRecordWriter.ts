// run.json of a trainer run: written when the run starts, on every epoch, every few seconds inside long epochs
// (the Training panel and Runs view show progress from it), when the GPUs are known, and at the end.
// `pid` and `launcherPid` are both the training process: SIGINT to it is Stop (it finishes the batch, saves
// checkpoints/stopped/ and records `stopped`). It does not lead a process group of its own, so stopRun's group
// checks find no group under `pid` and go by the status the trainer writes.
import { hostname } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import { writeRunRecord, type RunProgress, type RunRecord } from '../../launch/runRecord';

/** Progress inside an epoch is written at most this often (ms). */
export const PROGRESS_WRITE_MS = 2000;

export interface TrainRunIdentity {
  id: string;
  dir: string;
  specFile: string;
  backend: string;
  started: Date;
  hparams: RunRecord['hparams'];
}

export class TrainRunRecord {
  readonly record: RunRecord;
  private lastWrite = 0;

  constructor(private readonly dir: string, identity: TrainRunIdentity) {
    this.record = {
      version: 1, id: identity.id, script: identity.specFile, args: [], cwd: process.cwd(),
      interpreter: { path: process.execPath, version: process.version },
      frameworks: { '@tensorflow/tfjs-core': tf.version_core, backend: identity.backend },
      git: null, env: {}, host: hostname(), gpus: [], driverVersion: null,
      startTime: identity.started.toISOString(), endTime: null, status: 'running', exitCode: null, signal: null,
      pid: process.pid, launcherPid: process.pid, progress: null, failure: null, linkedEventDirs: [],
      hparams: identity.hparams, trainer: 'tfjs',
    };
    this.write();
  }

  /** Records progress; written now when `force` (an epoch's end), else at most every PROGRESS_WRITE_MS. */
  progress(progress: Omit<RunProgress, 'updatedAt'>, force: boolean): void {
    this.record.progress = { ...progress, updatedAt: Date.now() };
    if (force || Date.now() - this.lastWrite >= PROGRESS_WRITE_MS) this.write();
  }

  gpus(gpus: RunRecord['gpus'], driverVersion: string | null): void {
    this.record.gpus = gpus;
    this.record.driverVersion = driverVersion;
    this.write();
  }

  end(how: { status: 'finished' } | { status: 'stopped'; signal: string } | { status: 'failed'; message: string }): void {
    this.record.status = how.status;
    this.record.endTime = new Date().toISOString();
    if (how.status === 'finished') this.record.exitCode = 0;
    if (how.status === 'stopped') this.record.signal = how.signal;
    if (how.status === 'failed') {
      this.record.exitCode = 1;
      this.record.failure = { message: how.message, frames: [], hint: null };
    }
    this.write();
  }

  private write(): void {
    this.lastWrite = Date.now();
    writeRunRecord(this.dir, this.record);
  }
}
