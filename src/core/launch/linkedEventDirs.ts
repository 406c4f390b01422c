// Event files the script writes itself (SummaryWriter, the Keras TensorBoard callback, Lightning loggers),
// anywhere under its working folder: folders holding an event file written since the run started are linked
// to the run in run.json, so the panel charts them with it. They are never copied.
import { statSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { discoverRuns } from '../events/logdirDiscovery';

/** Folders a training workspace holds many of and never writes event files into. */
const SKIPPED = ['**/__pycache__', '**/.venv', '**/venv', '**/.tox', '**/.mypy_cache', '**/site-packages'];

/** Finds newly written event-file folders under `root`, skipping the runs folder (ours, and other runs'). */
export class LinkedEventDirs {
  readonly dirs: string[] = [];
  private readonly exclude: string[];

  constructor(
    private readonly root: string,
    /** Milliseconds since the epoch: files last modified before this are someone else's. */
    private readonly since: number,
    skip: readonly string[],
  ) {
    const excluded = skip
      .map((dir) => relative(root, dir))
      .filter((path) => path !== '' && !path.startsWith('..'))
      .map((path) => path.split(sep).join('/'));
    this.exclude = [...SKIPPED, ...excluded];
  }

  /** Walks the folder once; returns the folders found new in this scan. */
  scan(): string[] {
    const found: string[] = [];
    const { runs } = discoverRuns(this.root, { exclude: this.exclude, maxFolders: 20_000 });
    for (const run of runs) {
      if (this.dirs.includes(run.dir)) continue;
      // A second of slack: some file systems keep modification times in whole seconds.
      const fresh = run.files.some((file) => {
        try {
          return statSync(file).mtimeMs >= this.since - 1000;
        } catch {
          return false;
        }
      });
      if (!fresh) continue;
      this.dirs.push(run.dir);
      found.push(run.dir);
    }
    return found;
  }
}
