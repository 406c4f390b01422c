// Which interpreters the doctor checks, in the precedence the CLI and VS Code document.
import { realpathSync } from 'node:fs';
import type { PythonCandidate } from './probePython';
import { findExecutable } from './findExecutable';

/** What the caller knows: an explicit --python, the Python extension's choice, the tensorsight.python.path setting. */
export interface PythonChoices {
  explicit?: string;
  fromExtension?: string;
  setting?: string;
  env?: NodeJS.ProcessEnv;
}

/**
 * --python wins alone; then the Python extension's interpreter; else python3 and python on PATH (one entry per
 * distinct file); else the setting. An empty list means there is nothing to check.
 */
export function findPythonCandidates(choices: PythonChoices): PythonCandidate[] {
  if (choices.explicit) return [{ path: choices.explicit, source: 'cli-option' }];
  if (choices.fromExtension) return [{ path: choices.fromExtension, source: 'python-extension' }];
  const onPath = pythonsOnPath(choices.env ?? process.env);
  if (onPath.length > 0) return onPath;
  if (choices.setting) return [{ path: choices.setting, source: 'setting' }];
  return [];
}

/** python3 and python on PATH; when both are the same file, only python3. */
export function pythonsOnPath(env: NodeJS.ProcessEnv): PythonCandidate[] {
  const names = process.platform === 'win32' ? ['python', 'python3'] : ['python3', 'python'];
  const seen = new Set<string>();
  const found: PythonCandidate[] = [];
  for (const name of names) {
    const path = findExecutable(name, env);
    if (path === undefined) continue;
    const real = realPath(path);
    if (seen.has(real)) continue;
    seen.add(real);
    found.push({ path, source: 'path' });
  }
  return found;
}

export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
