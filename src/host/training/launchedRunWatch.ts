// The run.json of each launched run the Training panel shows, re-read when its mtime changes (the launcher
// rewrites it about once a second while the run makes progress). A run still `running` whose launcher is gone
// turns `lost` without its file changing, so those are checked on every refresh as well.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { effectiveStatus, readRunRecord, RUN_FILE, type RunRecord } from '../../core/launch/runRecord';
import type { LaunchedRun } from '../../core/protocol/training';

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
  };
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
