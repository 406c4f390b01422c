// The runs of the workspace (and of logdirs added by hand), read incrementally and kept live: file-system
// watchers plus a slow poll fallback (network file systems and Remote-SSH miss watcher events). Nothing is
// read until something observes the model (the Runs view shown, or a Training panel open), so activation
// stays cheap.
import { statSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FeedRun } from '../../core/charts/chartFeed';
import { runId, runRoots, type RunRoot } from '../../core/charts/runLabels';
import type { LogdirReader } from '../../core/events/logdirReader';
import type { RunReader } from '../../core/events/runReader';

/** A run as the view and the panel see it: its id (unique across roots), its reader and when it last grew. */
export interface RunEntry extends FeedRun {
  readonly reader: RunReader;
  /** Milliseconds since epoch of the last change seen (the newest file's mtime until a poll reads more). */
  updatedAt: number;
}

/** What a poll changed, for the view and the panels. */
export interface RunsChange {
  /** Ids of runs that got records (or are new). */
  changed: string[];
  /** The list of runs or the ticked set changed: panels resend their snapshot. */
  structure: boolean;
}

const hiddenKey = 'tensorsight.runs.hidden';
/** Bytes read per slice: about 20 ms of parsing on this project's 2-core reference machine. */
const sliceBytes = 4 * 1024 * 1024;
/** How often runs being written now are read (metric latency target: 500 ms from print to chart). */
const LIVE_POLL_MS = 200;

/** Every known run, read and watched while observed. */
export class RunsModel implements vscode.Disposable {
  private readonly roots = new Map<string, { label: string; reader: LogdirReader }>();
  private readonly entries = new Map<string, RunEntry>();
  private readonly emitter = new vscode.EventEmitter<RunsChange>();
  readonly onDidChange = this.emitter.event;
  private observers = 0;
  private watching: vscode.Disposable[] = [];
  private timer: NodeJS.Timeout | undefined;
  private draining: NodeJS.Immediate | undefined;
  private pending: NodeJS.Timeout | undefined;
  private pendingRescan = false;
  private ticks = 0;
  private liveTimer: NodeJS.Timeout | undefined;
  private liveDirs: readonly string[] = [];
  private readonly extraRoots: string[] = [];
  private readonly hidden: Set<string>;
  /** Milliseconds the last full poll took (the first one reads everything), for the report and tests. */
  lastPollMs = 0;

  private readonly configListener: vscode.Disposable;

  constructor(private readonly state: vscode.Memento) {
    this.hidden = new Set(state.get<string[]>(hiddenKey, []));
    // New include/exclude globs or poll interval: read the roots again from scratch.
    this.configListener = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('tensorsight.runs')) return;
      this.roots.clear();
      this.entries.clear();
      this.emitter.fire({ changed: [], structure: true });
      if (this.observers > 0) {
        this.stop();
        this.start();
      }
    });
  }

  /** Starts reading and watching until the returned disposable is disposed (counted: several observers share one watch). */
  observe(): vscode.Disposable {
    if (this.observers++ === 0) this.start();
    let done = false;
    return {
      dispose: () => {
        if (done) return;
        done = true;
        if (--this.observers === 0) this.stop();
      },
    };
  }

  /** Runs sorted by id. */
  runs(): RunEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  run(id: string): RunEntry | undefined {
    return this.entries.get(id);
  }

  /** Runs ticked in the Runs view (all, unless unticked). */
  shownRuns(): RunEntry[] {
    return this.runs().filter((run) => !this.hidden.has(run.name));
  }

  isShown(id: string): boolean {
    return !this.hidden.has(id);
  }

  /** Ticks or unticks runs; the choice is kept per workspace. */
  setShown(ids: readonly string[], shown: boolean): void {
    for (const id of ids) {
      if (shown) this.hidden.delete(id);
      else this.hidden.add(id);
    }
    void this.state.update(hiddenKey, [...this.hidden]);
    this.emitter.fire({ changed: [], structure: true });
  }

  /** Adds a logdir outside the workspace folders (Open Training Charts on a folder); its runs are named `<folder name>/<run>`. */
  addRoot(folder: string): void {
    const absolute = path.resolve(folder);
    if (this.extraRoots.includes(absolute) || this.rootPaths().some((root) => root.path === absolute)) return;
    this.extraRoots.push(absolute);
    if (this.observers > 0) {
      this.restartWatching();
      this.poll(true);
    }
  }

  /** The id a run folder has (or will have once it holds an event file); undefined outside every root. */
  idOf(dir: string): string | undefined {
    const absolute = path.resolve(dir);
    for (const { path: root, label } of this.rootPaths()) {
      const relative = path.relative(root, absolute);
      if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
      return runId(label, relative === '' ? '.' : relative.split(path.sep).join('/'));
    }
    return undefined;
  }

  /**
   * Reads what was appended (and finds new runs and files when `rescan`); fires onDidChange when anything changed.
   * One call reads at most `sliceBytes`; a big logdir is read in slices with the event loop free in between, so the
   * extension host never stalls on it (the charts fill in as the slices arrive).
   */
  poll(rescan = true): RunsChange {
    const start = performance.now();
    this.syncRoots();
    const change: RunsChange = { changed: [], structure: false };
    let more = false;
    for (const { label, reader } of this.roots.values()) {
      let result;
      try {
        result = reader.poll({ rescan, maxBytes: sliceBytes });
        more ||= result.more;
      } catch {
        continue; // a root deleted while watched: the next syncRoots drops it
      }
      for (const run of reader.runList()) {
        const id = runId(label, run.name);
        if (!this.entries.has(id)) {
          this.entries.set(id, { name: id, store: run.store, reader: run, updatedAt: newestMtime(run) });
          change.structure = true;
          change.changed.push(id);
        }
      }
      for (const name of result.changedRuns) {
        const id = runId(label, name);
        const entry = this.entries.get(id);
        if (!entry) continue;
        entry.updatedAt = Date.now();
        if (!change.changed.includes(id)) change.changed.push(id);
      }
    }
    this.lastPollMs = performance.now() - start;
    if (change.changed.length > 0 || change.structure) this.emitter.fire(change);
    if (more && !this.draining) {
      this.draining = setImmediate(() => {
        this.draining = undefined;
        if (this.observers > 0) this.poll(false);
      });
    }
    return change;
  }

  /**
   * Follows runs being written now (launched runs, by their folders): their appends are read every LIVE_POLL_MS
   * and a folder not yet known is found by a rescan. The file watcher alone misses them: a launcher creates
   * `<runs>/<stem>/<run>/` in one go, and VS Code's recursive watcher (seen in code-server 4.139) drops events in
   * folders created that quickly, which left new points to the slow poll (2 s, rescans every 10 s).
   */
  followLive(dirs: readonly string[]): void {
    this.liveDirs = dirs.map((dir) => path.resolve(dir));
    this.applyLive();
  }

  /** Forgets a run (after Delete run moved its folder to the trash). */
  forget(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const { reader } of this.roots.values()) if (reader.runs.get(entry.reader.name) === entry.reader) reader.runs.delete(entry.reader.name);
    this.emitter.fire({ changed: [], structure: true });
  }

  private rootPaths(): RunRoot[] {
    const folders = vscode.workspace.workspaceFolders?.filter((folder) => folder.uri.scheme === 'file') ?? [];
    return runRoots(folders.map((folder) => ({ path: folder.uri.fsPath, name: folder.name })), this.extraRoots);
  }

  private syncRoots(): void {
    const config = vscode.workspace.getConfiguration('tensorsight.runs');
    const include = config.get<string[]>('include', ['**']);
    const exclude = config.get<string[]>('exclude', []);
    const wanted = this.rootPaths();
    for (const { path: root, label } of wanted) {
      if (this.roots.has(root)) continue;
      try {
        this.roots.set(root, { label, reader: new (logdirReaderClass())(root, { include, exclude }) });
      } catch {
        // A root that vanished cannot be read; it is retried on the next poll.
      }
    }
    for (const root of [...this.roots.keys()]) {
      if (wanted.some((entry) => entry.path === root)) continue;
      const { label, reader } = this.roots.get(root)!;
      for (const run of reader.runList()) this.entries.delete(runId(label, run.name));
      this.roots.delete(root);
    }
  }

  private applyLive(): void {
    const live = this.observers > 0 && this.liveDirs.length > 0;
    if (live && !this.liveTimer) {
      let lastRescan = 0;
      this.liveTimer = setInterval(() => {
        // A rescan walks the workspace: at most once a second, and only while a live folder is still unknown.
        const rescan = Date.now() - lastRescan >= 1000 && this.liveDirs.some((dir) => this.idOf(dir) === undefined);
        if (rescan) lastRescan = Date.now();
        this.poll(rescan);
      }, LIVE_POLL_MS);
    }
    if (!live && this.liveTimer) {
      clearInterval(this.liveTimer);
      this.liveTimer = undefined;
    }
  }

  private start(): void {
    this.restartWatching();
    this.applyLive();
    const interval = Math.max(250, vscode.workspace.getConfiguration('tensorsight.runs').get<number>('pollIntervalMs', 2000));
    // The slow poll: appended bytes every tick, a rescan for new runs every fifth (a walk of the workspace costs more).
    this.timer = setInterval(() => this.poll(++this.ticks % 5 === 0), interval);
    this.poll(true);
  }

  private stop(): void {
    clearInterval(this.timer);
    clearInterval(this.liveTimer);
    this.liveTimer = undefined;
    if (this.draining) clearImmediate(this.draining);
    this.draining = undefined;
    clearTimeout(this.pending);
    this.timer = this.pending = undefined;
    this.watching.forEach((watcher) => watcher.dispose());
    this.watching = [];
  }

  private restartWatching(): void {
    this.watching.forEach((watcher) => watcher.dispose());
    // `*.tfevents*` also matches files without the `events.out.tfevents.` prefix, which TensorBoard loads too.
    const patterns: vscode.GlobPattern[] = ['**/*.tfevents*', ...this.extraRoots.map((root) => new vscode.RelativePattern(vscode.Uri.file(root), '**/*.tfevents*'))];
    this.watching = patterns.map((pattern) => {
      const watcher = vscode.workspace.createFileSystemWatcher(pattern);
      watcher.onDidChange(() => this.schedule(false));
      watcher.onDidCreate(() => this.schedule(true));
      watcher.onDidDelete(() => this.schedule(true));
      return watcher;
    });
  }

  /** Coalesces a burst of watcher events (a writer flushing every few ms) into one poll soon after. */
  private schedule(rescan: boolean): void {
    this.pendingRescan ||= rescan;
    if (this.pending) return;
    this.pending = setTimeout(() => {
      const again = this.pendingRescan;
      this.pending = undefined;
      this.pendingRescan = false;
      this.poll(again);
    }, 50);
  }

  dispose(): void {
    this.stop();
    this.configListener.dispose();
    this.emitter.dispose();
  }
}

function newestMtime(run: RunReader): number {
  let newest = 0;
  for (const file of run.files) {
    try {
      newest = Math.max(newest, statSync(file.path).mtimeMs);
    } catch {
      // vanished between discovery and now
    }
  }
  return newest || Date.now();
}

/**
 * The event-file reader, loaded on first use: it brings protobufjs, whose evaluation would otherwise be paid at
 * every activation, though runs are read only once the Runs view or a Training panel is open. A require (not an
 * import()) because polling is synchronous; esbuild.mjs turns it into a require of its own file, dist/chunks.
 */
function logdirReaderClass(): typeof LogdirReader {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../core/events/logdirReader') as typeof import('../../core/events/logdirReader')).LogdirReader;
}
