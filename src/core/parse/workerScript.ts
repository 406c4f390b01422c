// Where a parsing worker's code is: the bundle esbuild writes to dist/workers (the extension, the installed
// CLI), or, when Tensorsight runs from source under tsx (tests, `npx tsx src/cli/main.ts`), the worker's .ts
// entry loaded through tsx's hooks, which a worker thread does not inherit from its parent.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WorkerScript } from './parseWatchdog';

/**
 * The script of worker `bundle` (`<bundleDir>/<bundle>.js`); `source` is its .ts entry, used when the caller
 * itself runs from source (`callerFile` ends in .ts) and so no bundle matches the code being run.
 */
export function workerScript(bundleDir: string, bundle: string, source: string, callerFile: string): WorkerScript {
  if (!callerFile.endsWith('.ts')) return { filename: path.join(bundleDir, `${bundle}.js`) };
  return { filename: tsxEntry(source), options: { eval: true } };
}

/** Code that registers tsx (ESM and CommonJS hooks) in the worker, then loads `source`. */
function tsxEntry(source: string): string {
  // Resolved from the source file, which lies in the checkout whose node_modules holds tsx.
  const tsxRoot = path.dirname(createRequire(source).resolve('tsx/package.json'));
  const esmApi = path.join(tsxRoot, 'dist/esm/api/index.mjs');
  if (!existsSync(esmApi)) throw new Error(`cannot run ${source} from source: tsx's ${esmApi} is missing`);
  const cjs = path.join(tsxRoot, 'dist/cjs/index.cjs');
  return `import(${JSON.stringify(pathToFileURL(esmApi).href)}).then((tsx) => { tsx.register(); require(${JSON.stringify(cjs)}); require(${JSON.stringify(source)}); });`;
}
