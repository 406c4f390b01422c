// Where the `tensorsight` Python helper module lives, so the launcher can put it on the script's PYTHONPATH.
// The folder `python/` sits at the repository (or packaged extension) root: dist/cli.js and dist/extension.js
// are one level below it, src/core/launch/*.ts (run under tsx in tests) three.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder that holds `tensorsight/__init__.py`, searched upward from `from`; undefined when not found. */
export function helperModuleDir(from: string = __dirname): string | undefined {
  let dir = from;
  for (let level = 0; level < 6; level++) {
    const candidate = join(dir, 'python');
    if (existsSync(join(candidate, 'tensorsight', '__init__.py'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}
