// The TF.js backend ladder: tries tfjs-node-gpu, webgpu, tfjs-node, wasm, then cpu, and reports for each whether it
// loaded, on what device, and why not. cpu, wasm and webgpu's TF.js halves are bundled with the trainer (one copy
// of tfjs-core); Dawn (webgpu's native half) and tfjs-node(-gpu) are resolved at run time, so a missing one is
// "not installed", not a crash.
import { createRequire } from 'node:module';
import { cpus } from 'node:os';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { getThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { BackendChoice } from '../spec/trainSpec';
import { BACKEND_LADDER, type BackendAttempt, type BackendName, type BackendReport } from './backendReport';
import { DawnUnavailableError, startDawn } from './backends/dawnGpu';
import { resolveFrom } from './backends/resolveFrom';
import { userTfjsCore } from './backends/userTfjs';
import { prepareWasm, wasmLayerProblem } from './backends/wasmSupport';

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

/** A rung that did not load, and why. */
class RungFailed extends Error {
  constructor(message: string, readonly resolvedFrom: string | null = null) {
    super(message);
  }
}

/**
 * Walks the ladder (or only `pinned`) and makes the first backend that loads the current one. `searchDirs` are
 * folders to resolve optional modules from (the workspace, the extension); cpu is bundled and always loads.
 * `layerTypes` (the spec's layer types) rule out a backend that cannot train them (wasm lacks some gradients).
 */
export async function selectBackend(pinned: BackendChoice, searchDirs: readonly string[], layerTypes?: readonly string[]): Promise<BackendReport> {
  const attempts: BackendAttempt[] = [];
  const rungs = pinned === 'auto' ? BACKEND_LADDER : [pinned];
  for (const backend of rungs) {
    const attempt = await tryBackend(backend, searchDirs, layerTypes);
    attempts.push(attempt);
    if (attempt.loaded) {
      for (const rest of BACKEND_LADDER.slice(BACKEND_LADDER.indexOf(backend) + 1)) {
        if (pinned === 'auto') attempts.push({ backend: rest, module: BACKENDS[rest].module, loaded: false, reason: `not tried: ${backend} loaded first`, resolvedFrom: null });
      }
      const tfjsFrom = userTfjsCore();
      return { chosen: backend, tfBackend: tf.getBackend(), attempts, ...(tfjsFrom === undefined ? {} : { tfjsFrom }) };
    }
    if (pinned !== 'auto') throw new BackendUnavailableError(attempt);
  }
  // cpu is bundled, so the ladder ends on it; reaching here means even cpu failed to initialize.
  throw new BackendUnavailableError(attempts[attempts.length - 1]);
}

async function tryBackend(backend: BackendName, searchDirs: readonly string[], layerTypes: readonly string[] | undefined): Promise<BackendAttempt> {
  const { module, registers } = BACKENDS[backend];
  const attempt: BackendAttempt = { backend, module, loaded: false, reason: null, resolvedFrom: null };
  let device: string;
  try {
    const prepared = await prepare(backend, searchDirs, layerTypes);
    attempt.resolvedFrom = prepared.resolvedFrom;
    if (!(await tf.setBackend(registers))) throw new RungFailed(`tf.setBackend('${registers}') failed to initialize it`, prepared.resolvedFrom);
    device = prepared.device ?? (await describeDevice(backend));
  } catch (error) {
    if (error instanceof RungFailed || error instanceof DawnUnavailableError) return { ...attempt, resolvedFrom: error.resolvedFrom, reason: error.message };
    return { ...attempt, reason: `initializing it failed: ${(error as Error).message.split('\n')[0]}` };
  }
  if (backend === 'cpu') {
    // The cpu backend prints advice to install tfjs-node on first use; the ladder's report already says why not.
    (tf.backend() as unknown as { firstUse?: boolean }).firstUse = false;
  }
  return { ...attempt, loaded: true, device };
}

/** Readies a backend's native or WebAssembly half; throws RungFailed with the reason it cannot run. */
async function prepare(backend: BackendName, searchDirs: readonly string[], layerTypes: readonly string[] | undefined): Promise<{ resolvedFrom: string | null; device?: string }> {
  switch (backend) {
    case 'webgpu': {
      const { device, resolvedFrom } = await startDawn(searchDirs);
      // tfjs-backend-webgpu registers itself on import only where navigator.gpu exists, which startDawn just made so.
      await import('@tensorflow/tfjs-backend-webgpu');
      return { resolvedFrom, device };
    }
    case 'wasm': {
      const problem = wasmLayerProblem(layerTypes);
      if (problem !== null) throw new RungFailed(problem);
      return { resolvedFrom: prepareWasm() };
    }
    case 'cpu':
      return { resolvedFrom: null };
    default:
      return prepareTfjsNode(backend, searchDirs);
  }
}

/**
 * tfjs-node(-gpu) is the user's own install (it downloads libtensorflow at install time): it registers with the
 * tfjs-core copy it imports, which is ours only when the trainer runs on the user's TF.js (trainChild.ts).
 */
function prepareTfjsNode(backend: BackendName, searchDirs: readonly string[]): { resolvedFrom: string } {
  const { module, registers } = BACKENDS[backend];
  const resolved = resolveFrom(module, searchDirs);
  if (resolved === undefined) throw new RungFailed(`${module} is not installed (looked in ${searchDirs.join(', ') || 'no folder'})`);
  try {
    createRequire(resolved)(resolved);
  } catch (error) {
    throw new RungFailed(`${module} failed to load: ${(error as Error).message.split('\n')[0]}`, resolved);
  }
  if (tf.findBackendFactory(registers) === null) {
    throw new RungFailed(`${module} loaded but registered with another copy of @tensorflow/tfjs-core than this trainer's (${tf.version_core}); the training child runs on the user's TF.js only when trainChild.ts starts it`, resolved);
  }
  return { resolvedFrom: resolved };
}

/** The hardware a CPU-side backend computes on, in words. */
async function describeDevice(backend: BackendName): Promise<string> {
  const cpu = `${cpus()[0]?.model.trim() || 'the CPU'}`;
  if (backend === 'wasm') {
    const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
    return `WebAssembly${simd ? ' with SIMD' : ''}, ${getThreadsCount()} thread${getThreadsCount() === 1 ? '' : 's'} on ${cpu}`;
  }
  if (backend === 'cpu') return `JavaScript, one thread on ${cpu}`;
  return `TensorFlow C library (${tf.backend().constructor.name})`;
}
