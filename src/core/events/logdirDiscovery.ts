// Finds runs under a root: every folder holding event files (isEventFileName), named by its path relative
// to the root ('.' for the root itself), as TensorBoard names runs.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Which folders to look in; globs match run paths relative to the root, with '/' separators. */
export interface DiscoveryOptions {
  /** Runs to keep (default ['**'], everything). */
  include?: readonly string[];
  /** Folders not to enter; node_modules and .git are never entered. */
  exclude?: readonly string[];
  /** Folder depth below the root to search (default 16). */
  maxDepth?: number;
  /** Folders to visit at most, so a huge workspace cannot stall discovery (default 50,000). */
  maxFolders?: number;
}

/** A run folder and its event files (absolute paths, sorted). */
export interface DiscoveredRun {
  run: string;
  dir: string;
  files: string[];
}

const ALWAYS_SKIPPED = new Set(['node_modules', '.git']);

/** Suffixes of text and source files, which can carry `tfevents` in their name (a writer's script, its notes) but never hold records. */
const TEXT_SUFFIXES = /\.(py|ipynb|md|txt|json|jsonl|csv|tsv|ya?ml|toml|log|rst|sh|js|mjs|ts)$/i;

/**
 * Whether a file name is a TensorBoard event file. TensorBoard reads every file with `tfevents` in its name
 * (io_wrapper.IsTensorFlowEventsFile), not only the `events.out.tfevents.*` that TF, Keras, PyTorch and
 * tensorboardX write, so `run.tfevents` or `1700000000.host.tfevents.1` are read too; text and source files
 * named after the format are left out, since they are never event files and would read as corrupt.
 */
export function isEventFileName(name: string): boolean {
  return name.includes('tfevents') && !TEXT_SUFFIXES.test(name);
}

/** Glob -> RegExp: `**` any path (also none), `*` within one segment, `?` one character. */
export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      const slash = glob[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else source += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

/** Walks `root` (depth first, names sorted) and returns its runs; `truncated` when a limit stopped it. */
export function discoverRuns(root: string, options: DiscoveryOptions = {}): { runs: DiscoveredRun[]; truncated: boolean } {
  const include = (options.include ?? ['**']).map(globToRegExp);
  const exclude = (options.exclude ?? []).map(globToRegExp);
  const maxDepth = options.maxDepth ?? 16;
  let budget = options.maxFolders ?? 50_000;
  const runs: DiscoveredRun[] = [];
  let truncated = false;

  const visit = (dir: string, relative: string, depth: number): void => {
    if (budget-- <= 0) {
      truncated = true;
      return;
    }
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return; // unreadable or vanished folders are not runs
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const run = relative === '' ? '.' : relative;
    const files = entries.filter((entry) => entry.isFile() && isEventFileName(entry.name)).map((entry) => join(dir, entry.name));
    if (files.length > 0 && include.some((glob) => glob.test(run))) runs.push({ run, dir, files });
    if (depth >= maxDepth) {
      if (entries.some((entry) => entry.isDirectory())) truncated = true;
      return;
    }
    // Symbolic links are not followed (entry.isDirectory() is false for them), so cycles cannot occur.
    for (const entry of entries) {
      if (!entry.isDirectory() || ALWAYS_SKIPPED.has(entry.name)) continue;
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (exclude.some((glob) => glob.test(child))) continue;
      visit(join(dir, entry.name), child, depth + 1);
    }
  };
  visit(root, '', 0);
  return { runs, truncated };
}
