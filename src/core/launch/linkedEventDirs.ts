// Event files the script writes itself (SummaryWriter, the Keras TensorBoard callback, Lightning loggers),
// anywhere under its working folder: folders holding an event file written since the run started are linked
// to the run in run.json, so the panel charts them with it. They are never copied. The walk is asynchronous
// (readdir on libuv's thread pool), so a large workspace never stalls the launcher while the script prints.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isEventFileName } from '../events/logdirDiscovery';

/** Folders a training workspace holds many of and never writes event files into. */
const SKIPPED = new Set(['node_modules', '.git', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', 'site-packages']);

/** Finds newly written event-file folders under `root`, skipping the runs folder (ours, and other runs'). */
export class LinkedEventDirs {
  readonly dirs: string[] = [];
  private readonly skipped: Set<string>;
  private scanning: Promise<string[]> | undefined;

  constructor(
    private readonly root: string,
    /** Milliseconds since the epoch: files last modified before this are someone else's. */
    private readonly since: number,
    skip: readonly string[],
    private readonly limits = { maxDepth: 16, maxFolders: 20_000 },
  ) {
    this.skipped = new Set(skip.map((dir) => resolve(dir)));
  }

  /** Walks the folder once (a scan still running is joined, not repeated); resolves with the folders new in it. */
  scan(): Promise<string[]> {
    this.scanning ??= this.walk().finally(() => (this.scanning = undefined));
    return this.scanning;
  }

  private async walk(): Promise<string[]> {
    const found: string[] = [];
    let budget = this.limits.maxFolders;
    const visit = async (dir: string, depth: number): Promise<void> => {
      if (budget-- <= 0) return;
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch {
        return; // unreadable or vanished folders hold nothing to link
      }
      const files = entries.filter((entry) => entry.isFile() && isEventFileName(entry.name)).map((entry) => join(dir, entry.name));
      if (files.length > 0 && !this.dirs.includes(dir) && (await this.fresh(files))) {
        this.dirs.push(dir);
        found.push(dir);
      }
      if (depth >= this.limits.maxDepth) return;
      // Symbolic links are not followed (isDirectory() is false for them), so cycles cannot occur.
      for (const entry of entries) {
        if (!entry.isDirectory() || SKIPPED.has(entry.name)) continue;
        const child = join(dir, entry.name);
        if (!this.skipped.has(child)) await visit(child, depth + 1);
      }
    };
    await visit(resolve(this.root), 0);
    return found;
  }

  /** Whether any of the files was written since the run started (a second of slack for coarse file times). */
  private async fresh(files: string[]): Promise<boolean> {
    for (const file of files) {
      try {
        if ((await stat(file)).mtimeMs >= this.since - 1000) return true;
      } catch {
        // vanished between readdir and stat
      }
    }
    return false;
  }
}
