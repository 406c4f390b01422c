// The wasm backend (bundled into the trainer) and the layers it cannot train: tfjs-backend-wasm 4.22 runs every
// layer forward, but registers no gradient kernel for some, so training them fails mid-step. Measured by training
// one small model per layer type on wasm: Conv2D lacks Conv2DBackpropFilter/Input and Embedding lacks
// UnsortedSegmentSum; pooling, batch normalization, dropout, reshape and dense train.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

/** Layer types whose gradients the wasm backend lacks, with the kernel that is missing. */
export const WASM_UNTRAINABLE_LAYERS: Readonly<Record<string, string>> = {
  Conv2D: 'Conv2DBackpropFilter',
  Embedding: 'UnsortedSegmentSum',
};

/** Why a model with these layer types cannot train on wasm, or null when it can. */
export function wasmLayerProblem(layerTypes: readonly string[] | undefined): string | null {
  const blocked = [...new Set((layerTypes ?? []).filter((type) => type in WASM_UNTRAINABLE_LAYERS))];
  if (blocked.length === 0) return null;
  const kernels = blocked.map((type) => `${type} needs ${WASM_UNTRAINABLE_LAYERS[type]}`).join(', ');
  return `the wasm backend cannot train ${blocked.join(' or ')} layers (no gradient kernel: ${kernels}); use webgpu, tfjs-node or cpu`;
}

/**
 * The folder holding tfjs-backend-wasm's .wasm files: beside the trainer bundle (esbuild.mjs copies them to
 * dist/workers/tfjs-wasm/), else the package's own dist/ when running from source.
 */
export function wasmFilesDir(): string {
  const beside = path.join(__dirname, 'tfjs-wasm');
  if (existsSync(path.join(beside, 'tfjs-backend-wasm.wasm'))) return beside;
  const main = createRequire(__filename).resolve('@tensorflow/tfjs-backend-wasm');
  return path.dirname(main);
}

/** Points the wasm backend at its binaries; call before tf.setBackend('wasm'). */
export function prepareWasm(): string {
  const dir = wasmFilesDir();
  // In Node the backend reads `<prefix><file>.wasm` from disk, so the prefix is a folder path ending in a separator.
  setWasmPaths(dir + path.sep);
  return dir;
}
