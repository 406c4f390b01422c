// Finds an installed npm package the way require() would from a given root, reading only its package.json
// (nothing is loaded), so "not installed" is decided without running the package's code.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** An installed package: its folder and declared version. */
export interface NodePackage {
  dir: string;
  version: string | undefined;
}

/** Looks `name` up in every node_modules folder require() would search from `root`; undefined when absent. */
export function findNodePackage(root: string, name: string): NodePackage | undefined {
  const searchPaths = createRequire(join(root, 'package.json')).resolve.paths(name) ?? [];
  for (const modules of searchPaths) {
    const dir = join(modules, name);
    try {
      const manifest: unknown = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      const version = typeof manifest === 'object' && manifest !== null && 'version' in manifest && typeof manifest.version === 'string' ? manifest.version : undefined;
      return { dir, version };
    } catch {
      // Not in this folder (or an unreadable manifest): keep looking, as require() would.
    }
  }
  return undefined;
}
