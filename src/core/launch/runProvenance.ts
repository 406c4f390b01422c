// What run.json records about where a run came from: the interpreter's version and the framework versions
// installed in it (one quick python probe that reads package metadata and imports no framework, because
// importing torch alone takes seconds), and the script's git state with a diff of tracked changes.
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { setPriority } from 'node:os';
import { join } from 'node:path';

/** Distribution names probed, and the key run.json uses for each. */
export const FRAMEWORK_DISTRIBUTIONS: readonly [string, string][] = [
  ['torch', 'torch'],
  ['tensorflow', 'tensorflow'],
  ['tensorflow-cpu', 'tensorflow'],
  ['keras', 'keras'],
  ['pytorch-lightning', 'pytorch-lightning'],
  ['lightning', 'lightning'],
  ['transformers', 'transformers'],
  ['jax', 'jax'],
  ['numpy', 'numpy'],
];

// Prints {"python": "3.11.2", "packages": {dist: version}}; absent distributions are left out.
const PROBE = `
import json, platform, sys
found = {}
try:
    from importlib import metadata
    for name in sys.argv[1:]:
        try:
            found[name] = metadata.version(name)
        except Exception:
            pass
except ImportError:
    pass
print(json.dumps({"python": platform.python_version(), "packages": found}))
`;

function run(file: string, args: string[], cwd: string, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = execFile(file, args, { cwd, timeout: timeoutMs, maxBuffer: 64 << 20, encoding: 'utf8' }, (error, stdout) => resolve(error ? undefined : stdout));
    // The probes run beside the training script: on a busy machine they yield the CPU to it.
    try {
      if (child.pid !== undefined) setPriority(child.pid, 10);
    } catch {
      // not permitted here, or already exited
    }
  });
}

/** The interpreter's version and framework versions; nulls and {} when the probe fails (the run goes on). */
export async function probeInterpreter(python: string, cwd: string, timeoutMs = 10_000): Promise<{ version: string | null; frameworks: Record<string, string> }> {
  const names = FRAMEWORK_DISTRIBUTIONS.map(([name]) => name);
  const out = await run(python, ['-c', PROBE, ...names], cwd, timeoutMs);
  if (out === undefined) return { version: null, frameworks: {} };
  try {
    const parsed = JSON.parse(out.trim().split('\n').pop() ?? '') as { python?: string; packages?: Record<string, string> };
    const frameworks: Record<string, string> = {};
    for (const [name, key] of FRAMEWORK_DISTRIBUTIONS) {
      const version = parsed.packages?.[name];
      if (typeof version === 'string' && !(key in frameworks)) frameworks[key] = version;
    }
    return { version: typeof parsed.python === 'string' ? parsed.python : null, frameworks };
  } catch {
    return { version: null, frameworks: {} };
  }
}

/** The git state of the folder holding the script; null outside a repository or without git. */
export interface GitState {
  commit: string;
  branch: string | null;
  dirty: boolean;
  /** `git diff HEAD` of tracked files when dirty. */
  diff: string | null;
}

/** Reads commit, branch, dirty flag and the tracked diff with the `git` CLI. */
export async function probeGit(dir: string, timeoutMs = 10_000): Promise<GitState | null> {
  const commit = (await run('git', ['rev-parse', 'HEAD'], dir, timeoutMs))?.trim();
  if (!commit || !/^[0-9a-f]{40,64}$/.test(commit)) return null;
  const branch = (await run('git', ['rev-parse', '--abbrev-ref', 'HEAD'], dir, timeoutMs))?.trim();
  // Tracked changes only: untracked files (datasets, checkpoints, the runs folder itself) do not make a run dirty.
  const status = await run('git', ['status', '--porcelain', '--untracked-files=no'], dir, timeoutMs);
  const dirty = status !== undefined && status.trim() !== '';
  const diff = dirty ? ((await run('git', ['diff', 'HEAD', '--no-color', '--no-ext-diff'], dir, timeoutMs)) ?? null) : null;
  return { commit, branch: branch && branch !== 'HEAD' ? branch : null, dirty, diff };
}

/** Writes `git.diff` beside run.json when the diff is known; returns whether it did. */
export async function writeGitDiff(runDir: string, git: GitState | null): Promise<boolean> {
  if (!git?.dirty || !git.diff) return false;
  await writeFile(join(runDir, 'git.diff'), git.diff);
  return true;
}
