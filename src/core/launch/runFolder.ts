// A run's folder: `<runsRoot>/<script stem>/<yyyymmdd-hhmmss>-<stem>/`, created exclusively so two runs that
// start in the same second get `-2`, `-3`... instead of sharing one folder.
import { mkdirSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

/** `script.py` -> `script`; characters a folder name should not hold become `_`. */
export function scriptStem(script: string): string {
  const stem = basename(script, extname(script)).replace(/[^\w.-]+/g, '_');
  return stem === '' ? 'run' : stem;
}

/** Local time as `yyyymmdd-hhmmss` (the user reads it next to their clock). */
export function runTimestamp(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}-${pad(date.getHours())}${pad(date.getMinutes())}${pad(date.getSeconds())}`;
}

/** Creates the run's folder and returns its id (the folder name) and absolute path. */
export function createRunFolder(runsRoot: string, script: string, date: Date = new Date()): { id: string; dir: string } {
  const stem = scriptStem(script);
  const parent = join(runsRoot, stem);
  mkdirSync(parent, { recursive: true });
  const base = `${runTimestamp(date)}-${stem}`;
  for (let n = 1; ; n++) {
    const id = n === 1 ? base : `${base}-${n}`;
    const dir = join(parent, id);
    try {
      mkdirSync(dir);
      return { id, dir };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
