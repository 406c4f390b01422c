// The run.json of each launched run the Training panel shows, re-read when its mtime changes (the launcher
// rewrites it about once a second while the run makes progress). A run still `running` whose launcher is gone
// turns `lost` without its file changing, so those are checked on every refresh as well. Runs of the TF.js trainer
// (`trainer: 'tfjs'`) also carry their spec, backend, samples/s and the checkpoint they resumed from.
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { effectiveStatus, readRunRecord, RUN_FILE, type RunRecord } from '../../core/launch/runRecord';
import type { LaunchedRun, TrainerRun } from '../../core/protocol/training';

/** A run as the watch reads it: its id and its folder. */
export interface WatchedRun {
  readonly name: string;
  readonly dir: string;
}

interface Known {
  mtimeMs: number;
  record: RunRecord | undefined;
  info: LaunchedRun | undefined;
}

/** The panel's view of a run record. */
export function launchedRun(run: string, record: RunRecord): LaunchedRun {
  const progress = record.progress;
  return {
    run,
    status: effectiveStatus(record),
    script: record.script,
    args: record.args,
    startTime: record.startTime,
    endTime: record.endTime,
    exitCode: record.exitCode,
    signal: record.signal,
    progress: progress && {
      step: progress.step,
      epoch: progress.epoch,
      epochs: progress.epochs,
      totalSteps: progress.totalSteps,
      stepsPerSecond: progress.stepsPerSecond,
      etaSeconds: progress.etaSeconds,
      updatedAt: progress.updatedAt,
    },
    failure: record.failure?.message ?? null,
    git: record.git,
    hparams: record.hparams ?? {},
    ...(record.trainer === 'tfjs' ? { trainer: trainerRun(record) } : {}),
  };
}

/** A TF.js trainer run's spec, backend, speed and the checkpoint it resumed from. */
function trainerRun(record: RunRecord): TrainerRun {
  const hparams = record.hparams ?? {};
  const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);
  const resumedFrom = text(hparams.resumedFrom);
  return {
    framework: 'tfjs',
    spec: basename(record.script).replace(/\.train\.json$/i, ''),
    backend: text(record.frameworks?.backend) ?? text(hparams.backend),
    samplesPerSecond: samplesPerSecond(record),
    resumedFrom: resumedFrom === null ? null : { dir: resumedFrom, ...checkpointPlace(resumedFrom) },
  };
}

/** Training samples/s at the last progress update: the trainer's own figure when progress carries it, else steps/s × batch size. */
function samplesPerSecond(record: RunRecord): number | null {
  const progress = record.progress;
  const logged = progress?.lastMetrics?.samples_per_second;
  if (typeof logged === 'number' && Number.isFinite(logged)) return logged;
  const batchSize = record.hparams?.batchSize;
  if (typeof progress?.stepsPerSecond !== 'number' || typeof batchSize !== 'number') return null;
  return progress.stepsPerSecond * batchSize;
}

/** Where a checkpoint folder's checkpoint.json says training stood; nulls when it is gone or unreadable (the header then names the folder). */
function checkpointPlace(dir: string): { epoch: number | null; batch: number | null } {
  const count = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);
  try {
    const info = JSON.parse(readFileSync(join(dir, 'checkpoint.json'), 'utf8')) as { epoch?: unknown; batch?: unknown };
    return { epoch: count(info.epoch), batch: count(info.batch) };
  } catch {
    return { epoch: null, batch: null };
  }
}

/** The launched runs among a set of runs, kept current by `refresh`. */
export class LaunchedRunWatch {
  private readonly known = new Map<string, Known>();

  /** Re-reads the run.json files that changed; true when any run's info changed (or runs came or went). */
  refresh(runs: readonly WatchedRun[]): boolean {
    let changed = false;
    const names = new Set(runs.map((run) => run.name));
    for (const name of [...this.known.keys()]) {
      if (names.has(name)) continue;
      changed ||= this.known.get(name)!.info !== undefined;
      this.known.delete(name);
    }
    for (const run of runs) {
      let mtimeMs = 0;
      try {
        mtimeMs = statSync(join(run.dir, RUN_FILE)).mtimeMs;
      } catch {
        // no run.json: a run of event files only
      }
      const known = this.known.get(run.name);
      if (known && known.mtimeMs === mtimeMs) {
        // Same file: only a running record can change status (its launcher died: lost).
        if (known.record && known.info?.status === 'running' && effectiveStatus(known.record) !== 'running') {
          known.info = launchedRun(run.name, known.record);
          changed = true;
        }
        continue;
      }
      const record = mtimeMs ? readRunRecord(run.dir) : undefined;
      // A half-written file cannot be seen (the launcher renames), but a foreign one can fail to parse: keep the last good one.
      if (mtimeMs && !record && known?.record) continue;
      this.known.set(run.name, { mtimeMs, record, info: record && launchedRun(run.name, record) });
      changed ||= record !== undefined || known?.info !== undefined;
    }
    return changed;
  }

  /** The launched runs, in the order last refreshed. */
  launched(): LaunchedRun[] {
    return [...this.known.values()].flatMap((known) => (known.info ? [known.info] : []));
  }

  /** Whether any watched run is still running (the panel polls faster then). */
  anyRunning(): boolean {
    return [...this.known.values()].some((known) => known.info?.status === 'running');
  }
}
