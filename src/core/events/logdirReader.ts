// A logdir (or a single event file) kept up to date by polling: `poll()` finds new runs and files, then
// reads only the bytes appended since the last poll. The host calls it from a worker on file-watcher
// events and on a slow timer (network file systems, Remote-SSH).
import { statSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { DEFAULT_CHUNK_BYTES } from './eventFileReader';
import { discoverRuns, type DiscoveryOptions } from './logdirDiscovery';
import { RunReader } from './runReader';

/** Discovery options plus how many bytes of one file to read per step. */
export interface LogdirOptions extends DiscoveryOptions {
  chunkBytes?: number;
}

/** What one poll changed. */
export interface LogdirPollResult {
  newRuns: string[];
  newFiles: number;
  /** Runs that received records or corrupt regions. */
  changedRuns: string[];
  records: number;
  corrupt: number;
  /** Discovery stopped at a depth or folder limit. */
  truncated: boolean;
  /** The byte budget ran out: appended bytes are left for the next poll. */
  more: boolean;
}

/** Reads every run under a root folder, or the single run of one event file. */
export class LogdirReader {
  readonly runs = new Map<string, RunReader>();
  private readonly singleFile: string | undefined;
  readonly root: string;

  /** `path` is a logdir, or one event file (then read as run '.', whatever its name). */
  constructor(
    path: string,
    private readonly options: LogdirOptions = {},
  ) {
    const absolute = resolve(path);
    const isFile = statSync(absolute).isFile();
    this.root = isFile ? dirname(absolute) : absolute;
    this.singleFile = isFile ? absolute : undefined;
  }

  /** Runs sorted by name. */
  runList(): RunReader[] {
    return [...this.runs.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * Finds new runs and files (unless `rescan` is false), then reads what was appended everywhere, about
   * `maxBytes` at most; `more` in the result says that bytes are left for the next call.
   */
  poll({ rescan = true, maxBytes = Infinity }: { rescan?: boolean; maxBytes?: number } = {}): LogdirPollResult {
    const result: LogdirPollResult = { newRuns: [], newFiles: 0, changedRuns: [], records: 0, corrupt: 0, truncated: false, more: false };
    if (rescan) this.rescan(result);
    let budget = maxBytes;
    for (const run of this.runList()) {
      if (budget <= 0) {
        result.more = true;
        break;
      }
      const { records, corrupt, bytes, more } = run.poll({ maxBytes: budget });
      budget -= bytes;
      result.more ||= more;
      if (records > 0 || corrupt > 0) result.changedRuns.push(run.name);
      result.records += records;
      result.corrupt += corrupt;
    }
    return result;
  }

  private rescan(result: LogdirPollResult): void {
    const found = this.singleFile
      ? { runs: [{ run: '.', dir: this.root, files: [this.singleFile] }], truncated: false }
      : discoverRuns(this.root, this.options);
    result.truncated = found.truncated;
    for (const { run, dir, files } of found.runs) {
      let reader = this.runs.get(run);
      if (!reader) {
        this.runs.set(run, (reader = new RunReader(run, dir, this.options.chunkBytes ?? DEFAULT_CHUNK_BYTES)));
        result.newRuns.push(run);
      }
      for (const file of files) if (reader.addFile(file)) result.newFiles++;
    }
  }

  /** The display name of the root: its folder name, or the file name for a single file. */
  get label(): string {
    return basename(this.singleFile ?? this.root);
  }
}
