// Every Python interpreter the doctor checks, in the precedence that picks the default (the one Tensorsight uses).
// Nothing here runs an interpreter: files are looked up, and pyenv shims are recognised by reading them.
import { closeSync, existsSync, openSync, readdirSync, readSync, realpathSync } from 'node:fs';
import { basename, delimiter, dirname, isAbsolute, join } from 'node:path';
import type { PythonSource } from './doctorReport';
import { isExecutableFile } from './findExecutable';
import type { PythonCandidate } from './probePython';
import { pythonInstallRoots } from './pythonInstallRoots';

/** What the caller knows: an explicit --python, the Python extension's choice, the setting, the workspace folders. */
export interface PythonChoices {
  explicit?: string;
  fromExtension?: string;
  setting?: string;
  workspaceFolders?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * --python wins alone. Otherwise, in this order (the first is the default): the setting tensorsight.python.path,
 * the Python extension's interpreter, every python3* on PATH (in PATH order), then `.venv`/`venv` in the workspace
 * folders, conda environments and pyenv versions. Entries that are one file (symlinks, /bin vs /usr/bin) are merged:
 * the later paths become aliases of the first.
 */
export function findPythonCandidates(choices: PythonChoices): PythonCandidate[] {
  if (choices.explicit) return [{ path: choices.explicit, source: 'cli-option' }];
  const env = choices.env ?? process.env;
  const found: PythonCandidate[] = [];
  const byKey = new Map<string, PythonCandidate>();
  const add = (path: string, source: PythonSource) => {
    const key = identity(path);
    const earlier = byKey.get(key);
    if (earlier) {
      if (earlier.path !== path && !earlier.aliases?.includes(path)) (earlier.aliases ??= []).push(path);
      return;
    }
    const candidate: PythonCandidate = { path, source };
    byKey.set(key, candidate);
    found.push(candidate);
  };
  if (choices.setting) add(choices.setting, 'setting');
  if (choices.fromExtension) add(choices.fromExtension, 'python-extension');
  for (const path of pythonsOnPath(env)) add(path, 'path');
  for (const root of pythonInstallRoots(choices.workspaceFolders ?? [], env)) {
    const interpreter = interpreterIn(root.dir);
    if (interpreter) add(interpreter, root.source);
  }
  return found;
}

/** On POSIX python3, python3.N and python in each PATH folder; in a pyenv shims folder only the unversioned names. */
export function pythonsOnPath(env: NodeJS.ProcessEnv): string[] {
  const windows = process.platform === 'win32';
  const name = windows ? /^python(3(\.\d+)?)?\.exe$/i : /^python(3(\.\d+)?)?$/;
  const found: string[] = [];
  for (const dir of (env.PATH ?? env.Path ?? '').split(delimiter)) {
    // An empty or relative PATH entry means the current folder: a file in the workspace must not pose as python.
    if (dir === '' || !isAbsolute(dir)) continue;
    const names = listNames(dir).filter((entry) => name.test(entry)).sort(byPreference);
    for (const entry of names) {
      const path = join(dir, entry);
      if (!isExecutableFile(path)) continue;
      // A versioned pyenv shim (python3.9) fails unless that version is selected; the versions are scanned directly.
      if (/\d\.\d/.test(entry) && isPyenvShim(path)) continue;
      found.push(path);
    }
  }
  return found;
}

/** python3 before python3.N before python, so the report names an interpreter the way users type it. */
function byPreference(a: string, b: string): number {
  const rank = (entry: string) => (/^python3(\.exe)?$/i.test(entry) ? 0 : /^python3/i.test(entry) ? 1 : 2);
  return rank(a) - rank(b) || a.localeCompare(b, 'en', { numeric: true });
}

/**
 * The interpreter inside an environment or installation folder, or undefined. On POSIX only bin/python3: every venv,
 * conda environment and pyenv version of Python 3 has one, and a Python 2 (bin/python alone) can't run the probe.
 */
export function interpreterIn(root: string): string | undefined {
  const layouts = process.platform === 'win32' ? ['python.exe', join('Scripts', 'python.exe')] : [join('bin', 'python3')];
  return layouts.map((layout) => join(root, layout)).find((path) => isExecutableFile(path));
}

/**
 * Two paths are one interpreter when they resolve to one file, except in a virtual environment: its python is a
 * symlink to the base interpreter but runs with its own site-packages, so the environment's folder is part of the key.
 */
function identity(path: string): string {
  const real = realPath(path);
  const envRoot = dirname(dirname(path));
  return existsSync(join(envRoot, 'pyvenv.cfg')) ? `${real}\0${realPath(envRoot)}` : real;
}

/** A pyenv shim is a small shell script that execs `pyenv exec`; read its head, never run it. */
function isPyenvShim(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(1024);
    const text = head.subarray(0, readSync(fd, head, 0, head.length, 0)).toString('latin1');
    return text.startsWith('#!') && /pyenv/.test(text) && basename(dirname(path)) === 'shims';
  } catch {
    return false;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

function listNames(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
