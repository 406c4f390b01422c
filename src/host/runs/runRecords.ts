// The launched runs (folders with a run.json) and their live status. run.json is re-read only when its mtime
// changed; while any run is running its file is checked about once a second (the launcher rewrites it that
// often), and a run whose launcher died is reported lost. Transitions seen here drive the status bar item and
// the crash notification.
import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { effectiveStatus, readRunRecord, RUN_FILE, type RunRecord, type RunStatus } from '../../core/launch/runRecord';
import { runsFolders } from '../launch/runsFolder';
import type { RunsModel } from './runsModel';

/** A launched run: its id in the RunsModel (or its folder when outside every root), folder, record and status. */
export interface LaunchedRun {
  readonly id: string;
  readonly dir: string;
  record: RunRecord;
  status: RunStatus;
  mtimeMs: number;
}

/** What one refresh changed. */
export interface RunRecordsChange {
  changed: LaunchedRun[];
  /** Runs seen running that have now ended (finished, failed, stopped or lost). */
  ended: LaunchedRun[];
}

const LIVE_POLL_MS = 1000;

export class RunRecords implements vscode.Disposable {
  private readonly known = new Map<string, LaunchedRun>();
  private readonly emitter = new vscode.EventEmitter<RunRecordsChange>();
  readonly onDidChange = this.emitter.event;
  private timer: NodeJS.Timeout | undefined;
  private observers = 0;
  private watching: vscode.Disposable[] = [];

  constructor(private readonly model: RunsModel) {}

  /** Every launched run known, newest first. */
  all(): LaunchedRun[] {
    return [...this.known.values()].sort((a, b) => (a.record.startTime < b.record.startTime ? 1 : a.record.startTime > b.record.startTime ? -1 : 0));
  }

  /** Runs still running (by their launcher being alive). */
  active(): LaunchedRun[] {
    return this.all().filter((run) => run.status === 'running');
  }

  byId(id: string): LaunchedRun | undefined {
    for (const run of this.known.values()) if (run.id === id) return run;
    return undefined;
  }

  byDir(dir: string): LaunchedRun | undefined {
    return this.known.get(path.resolve(dir));
  }

  /** Adds a run folder now (a launch just created it) and keeps it live. */
  track(dir: string): LaunchedRun | undefined {
    const change: RunRecordsChange = { changed: [], ended: [] };
    this.read(path.resolve(dir), change);
    this.finish(change);
    return this.byDir(dir);
  }

  /** Scans and watches the runs folders until disposed (counted, like RunsModel.observe). */
  observe(): vscode.Disposable {
    if (this.observers++ === 0) {
      this.scan();
      const onEvent = (): void => void this.scan();
      const patterns: vscode.GlobPattern[] = ['**/run.json', ...runsFolders()
          .filter((root) => !vscode.workspace.getWorkspaceFolder(vscode.Uri.file(root)))
          .map((root) => new vscode.RelativePattern(vscode.Uri.file(root), `*/*/${RUN_FILE}`))];
      this.watching = patterns.map((pattern) => {
        const watcher = vscode.workspace.createFileSystemWatcher(pattern);
        watcher.onDidCreate(onEvent);
        watcher.onDidChange(() => void this.refresh());
        watcher.onDidDelete(onEvent);
        return watcher;
      });
      this.watching.push(this.model.onDidChange((change) => change.structure && this.scan()));
    }
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        if (--this.observers === 0) {
          this.watching.forEach((watcher) => watcher.dispose());
          this.watching = [];
        }
      },
    };
  }

  /** Finds run folders: `<runs folder>/<stem>/<run>/run.json`, and every RunsModel run holding a run.json. */
  scan(): RunRecordsChange {
    const change: RunRecordsChange = { changed: [], ended: [] };
    const dirs = new Set<string>();
    for (const root of runsFolders()) {
      // A runs folder outside the workspace is read as one more logdir, so its runs' event files are charted.
      if (this.model.idOf(root) === undefined && mtimeOf(root, '.') !== undefined) this.model.addRoot(root);
      for (const stem of subfolders(root)) for (const run of subfolders(stem)) dirs.add(run);
    }
    for (const run of this.model.runs()) dirs.add(path.resolve(run.reader.dir));
    for (const dir of dirs) this.read(dir, change);
    for (const dir of [...this.known.keys()]) {
      if (dirs.has(dir) || mtimeOf(dir) !== undefined) continue;
      change.changed.push(this.known.get(dir)!);
      this.known.delete(dir);
    }
    this.finish(change);
    return change;
  }

  /** Re-reads the run.json files that changed since last read (only the running runs' with `runningOnly`), and checks running runs' launchers. */
  refresh(runningOnly = false): RunRecordsChange {
    const change: RunRecordsChange = { changed: [], ended: [] };
    for (const [dir, run] of [...this.known]) if (!runningOnly || run.status === 'running') this.read(dir, change);
    this.finish(change);
    return change;
  }

  private read(dir: string, change: RunRecordsChange): void {
    const previous = this.known.get(dir);
    const mtimeMs = mtimeOf(dir);
    if (mtimeMs === undefined) {
      if (previous) {
        this.known.delete(dir);
        change.changed.push(previous);
      }
      return;
    }
    let record = previous?.record;
    if (!previous || previous.mtimeMs !== mtimeMs) record = readRunRecord(dir) ?? previous?.record;
    if (!record) return;
    const status = effectiveStatus(record);
    if (previous && previous.mtimeMs === mtimeMs && previous.status === status) return;
    const id = this.model.idOf(dir) ?? dir;
    const run: LaunchedRun = { id, dir, record, status, mtimeMs };
    this.known.set(dir, run);
    change.changed.push(run);
    if (previous?.status === 'running' && status !== 'running') change.ended.push(run);
  }

  private finish(change: RunRecordsChange): void {
    const live = this.active().length > 0;
    if (live && !this.timer) this.timer = setInterval(() => this.refresh(true), LIVE_POLL_MS);
    if (!live && this.timer) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
    if (change.changed.length > 0) this.emitter.fire(change);
  }

  dispose(): void {
    clearInterval(this.timer);
    this.watching.forEach((watcher) => watcher.dispose());
    this.emitter.dispose();
  }
}

function mtimeOf(dir: string, file = RUN_FILE): number | undefined {
  try {
    return statSync(path.join(dir, file)).mtimeMs;
  } catch {
    return undefined;
  }
}

function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => path.join(dir, entry.name));
  } catch {
    return [];
  }
}
