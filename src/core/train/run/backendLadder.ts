// The TF.js backend ladder: tries tfjs-node-gpu, webgpu, tfjs-node, wasm, then cpu, and reports for each whether it
// loaded and why not. Optional backends are never bundled: they are resolved from the user's workspace or the
// extension's folder with require.resolve, so a missing one is "not installed", not a crash.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { BackendChoice } from '../spec/trainSpec';
import { BACKEND_LADDER, type BackendAttempt, type BackendName, type BackendReport } from './backendReport';

/** The npm package of each backend and the name it registers with tf.registerBackend. */
const BACKENDS: Record<BackendName, { module: string; registers: string }> = {
  'tfjs-node-gpu': { module: '@tensorflow/tfjs-node-gpu', registers: 'tensorflow' },
  webgpu: { module: '@tensorflow/tfjs-backend-webgpu', registers: 'webgpu' },
  'tfjs-node': { module: '@tensorflow/tfjs-node', registers: 'tensorflow' },
  wasm: { module: '@tensorflow/tfjs-backend-wasm', registers: 'wasm' },
  cpu: { module: '@tensorflow/tfjs-backend-cpu', registers: 'cpu' },
};

/** Pinning a backend that does not load. */
export class BackendUnavailableError extends Error {
  constructor(readonly attempt: BackendAttempt) {
    super(`backend ${attempt.backend} is not available: ${attempt.reason}`);
    this.name = 'BackendUnavailableError';
  }
}

/**
 * Walks the ladder (or only `pinned`) and makes the first backend that loads the current one. `searchDirs` are
 * folders to resolve optional modules from (the workspace, the extension); cpu is bundled and always loads.
 */
export async function selectBackend(pinned: BackendChoice, searchDirs: readonly string[]): Promise<BackendReport> {
  const attempts: BackendAttempt[] = [];
  const rungs = pinned === 'auto' ? BACKEND_LADDER : [pinned];
  for (const backend of rungs) {
    const attempt = await tryBackend(backend, searchDirs);
    attempts.push(attempt);
    if (attempt.loaded) {
      for (const rest of BACKEND_LADDER.slice(BACKEND_LADDER.indexOf(backend) + 1)) {
        if (pinned === 'auto') attempts.push({ backend: rest, module: BACKENDS[rest].module, loaded: false, reason: `not tried: ${backend} loaded first`, resolvedFrom: null });
      }
      return { chosen: backend, tfBackend: tf.getBackend(), attempts };
    }
    if (pinned !== 'auto') throw new BackendUnavailableError(attempt);
  }
  // cpu is bundled, so the ladder ends on it; reaching here means even cpu failed to initialize.
  throw new BackendUnavailableError(attempts[attempts.length - 1]);
}

async function tryBackend(backend: BackendName, searchDirs: readonly string[]): Promise<BackendAttempt> {
  const { module, registers } = BACKENDS[backend];
  const attempt: BackendAttempt = { backend, module, loaded: false, reason: null, resolvedFrom: null };
  if (backend !== 'cpu') {
    let resolved: string | undefined;
    for (const dir of searchDirs) {
      try {
        resolved = createRequire(path.join(dir, 'package.json')).resolve(module);
        break;
      } catch {
        // Not in this folder: try the next.
      }
    }
    if (resolved === undefined) return { ...attempt, reason: `${module} is not installed (looked in ${searchDirs.join(', ') || 'no folder'})` };
    attempt.resolvedFrom = resolved;
    if (backend === 'webgpu' && !(globalThis as { navigator?: { gpu?: unknown } }).navigator?.gpu) {
      return { ...attempt, reason: 'WebGPU needs navigator.gpu, which this Node process does not have' };
    }
    try {
      createRequire(resolved)(resolved);
    } catch (error) {
      return { ...attempt, reason: `${module} failed to load: ${(error as Error).message.split('\n')[0]}` };
    }
    // A backend registers itself with the copy of tfjs-core it imports; a copy other than ours is invisible here.
    if (tf.findBackendFactory(registers) === null) {
      return { ...attempt, reason: `${module} loaded but registered with another copy of @tensorflow/tfjs-core (install the same version as the trainer's, ${tf.version_core})` };
    }
  }
  try {
    if (!(await tf.setBackend(registers))) return { ...attempt, reason: `tf.setBackend('${registers}') failed to initialize it` };
  } catch (error) {
    return { ...attempt, reason: `initializing it failed: ${(error as Error).message.split('\n')[0]}` };
  }
  if (backend === 'cpu') {
    // The cpu backend prints advice to install tfjs-node on first use; the ladder's report already says why not.
    (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  }
  return { ...attempt, loaded: true };
}
