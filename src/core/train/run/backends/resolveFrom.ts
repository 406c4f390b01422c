// Finds an npm package from a list of folders (the workspace, the spec's folder, the extension) the way Node's
// require would from each, so an optional package that is missing is "not installed", never a crash.
import { createRequire } from 'node:module';
import * as path from 'node:path';

/** The file `specifier` resolves to from the first folder that has it, or undefined. */
export function resolveFrom(specifier: string, dirs: readonly string[]): string | undefined {
  for (const dir of dirs) {
    try {
      return createRequire(path.join(dir, 'package.json')).resolve(specifier);
    } catch {
      // Not in this folder: try the next.
    }
  }
  return undefined;
}
