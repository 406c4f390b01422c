// Folders that hold a Python installation or environment, besides PATH: the workspace's virtual environments,
// conda's base and environments, and pyenv's versions. Listed from the file system only.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { PythonSource } from './doctorReport';

/** A folder with an interpreter inside (bin/python3, or python.exe on Windows) and where we heard of it. */
export interface PythonInstallRoot {
  dir: string;
  source: PythonSource;
}

/** The conda installers' default folders in the home directory. */
const CONDA_HOMES = ['miniconda3', 'anaconda3', 'miniforge3', 'mambaforge', 'micromamba'];

/**
 * In order: `.venv` and `venv` of each workspace folder; the active conda environment (CONDA_PREFIX), then each
 * conda installation's base and its envs/*, and ~/.conda/envs/*; pyenv's versions/* (PYENV_ROOT or ~/.pyenv).
 * Home-relative places are skipped when `env` names no home folder.
 */
export function pythonInstallRoots(workspaceFolders: readonly string[], env: NodeJS.ProcessEnv): PythonInstallRoot[] {
  const roots: PythonInstallRoot[] = [];
  for (const folder of workspaceFolders) {
    for (const name of ['.venv', 'venv']) roots.push({ dir: join(folder, name), source: 'workspace-venv' });
  }
  const home = env.HOME ?? (process.platform === 'win32' ? env.USERPROFILE : undefined);
  if (env.CONDA_PREFIX) roots.push({ dir: env.CONDA_PREFIX, source: 'conda' });
  if (home) {
    for (const name of CONDA_HOMES) {
      const base = join(home, name);
      roots.push({ dir: base, source: 'conda' });
      for (const envName of subfolders(join(base, 'envs'))) roots.push({ dir: join(base, 'envs', envName), source: 'conda' });
    }
    for (const envName of subfolders(join(home, '.conda', 'envs'))) roots.push({ dir: join(home, '.conda', 'envs', envName), source: 'conda' });
  }
  const pyenvRoot = env.PYENV_ROOT ?? (home ? join(home, '.pyenv') : undefined);
  if (pyenvRoot) {
    // Newest first: numeric order on the version names, so 3.13.0 comes before 3.9.18.
    const versions = subfolders(join(pyenvRoot, 'versions')).sort((a, b) => b.localeCompare(a, 'en', { numeric: true }));
    for (const version of versions) roots.push({ dir: join(pyenvRoot, 'versions', version), source: 'pyenv' });
  }
  return roots;
}

/** Names of the folders (or links to folders) directly inside `dir`; none when it is missing or unreadable. */
function subfolders(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() || entry.isSymbolicLink())
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}
