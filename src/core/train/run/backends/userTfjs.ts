// tfjs-node and tfjs-node-gpu are the user's own installs (their install step downloads libtensorflow, so the
// extension never installs them), and each registers its backend with the copy of @tensorflow/tfjs-core that the
// user's @tensorflow/tfjs brings. The bundled trainer has its own copy and would never see that backend, so when
// one is installed the trainer runs as a second bundle (trainModelUserTfjs.js) whose TF.js imports are redirected
// to the user's copies: one tfjs-core for the trainer, its layers and the native backend.
import Module, { createRequire } from 'node:module';
import type { BackendChoice } from '../../spec/trainSpec';
import { resolveFrom } from './resolveFrom';

/** The packages the trainer imports that must be the user's when it runs on the user's tfjs-node. */
const REDIRECTED = /^@tensorflow\/tfjs-(core|layers|backend-cpu)(\/.*)?$/;

let redirectedCore: string | undefined;

/** Where tfjs-core comes from when redirectTfjsTo ran in this process (the user's copy); undefined when bundled. */
export function userTfjsCore(): string | undefined {
  return redirectedCore;
}

/** Which tfjs-node install the ladder would try first for `choice`: the backend and its resolved entry. */
export function userTfjsNodeFor(choice: BackendChoice, searchDirs: readonly string[]): { backend: 'tfjs-node-gpu' | 'tfjs-node'; entry: string } | undefined {
  const candidates = choice === 'auto' ? (['tfjs-node-gpu', 'tfjs-node'] as const) : choice === 'tfjs-node-gpu' || choice === 'tfjs-node' ? [choice] : [];
  for (const backend of candidates) {
    const entry = resolveFrom(`@tensorflow/${backend}`, searchDirs);
    if (entry !== undefined) return { backend, entry };
  }
  return undefined;
}

/**
 * Makes every later require of tfjs-core, tfjs-layers and tfjs-backend-cpu load the copy that `tfjsNodeEntry`'s
 * @tensorflow/tfjs uses (else the one beside tfjs-node). Call before anything imports TF.js; returns where
 * tfjs-core now comes from.
 */
export function redirectTfjsTo(tfjsNodeEntry: string): string {
  const fromNode = createRequire(tfjsNodeEntry);
  const resolvers: NodeJS.Require[] = [];
  try {
    resolvers.push(createRequire(fromNode.resolve('@tensorflow/tfjs')));
  } catch {
    // No @tensorflow/tfjs beside it: tfjs-node's own folder is all there is.
  }
  resolvers.push(fromNode);
  const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const original = loader._resolveFilename;
  let resolving = false;
  loader._resolveFilename = function (this: unknown, request: string, ...rest: unknown[]): string {
    // resolve() below comes back through here: let that inner call through untouched.
    if (!resolving && REDIRECTED.test(request)) {
      resolving = true;
      try {
        for (const resolver of resolvers) {
          try {
            return resolver.resolve(request);
          } catch {
            // Not from this folder: try the next, then the default.
          }
        }
      } finally {
        resolving = false;
      }
    }
    return original.call(this, request, ...rest);
  };
  redirectedCore = loader._resolveFilename('@tensorflow/tfjs-core');
  return redirectedCore;
}
