// Entry of the profiler's child process (bundled as dist/workers/ortProfile.js, onnxruntime-node external): a
// native crash or abort inside ONNX Runtime ends this process, never the extension host or the CLI. It takes one
// request over IPC, answers with progress messages and one result or error, and exits.
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { probeProviders } from './ortProviders';
import { runOrtProfile } from './runOrtProfile';
import type { OrtChildReply, OrtChildRequest } from './ortChildProtocol';

function send(reply: OrtChildReply): Promise<void> {
  return new Promise((resolve) => process.send!(reply, undefined, undefined, () => resolve()));
}

/**
 * onnxruntime-node's package folder, or undefined for Node's own lookup: a packaged extension has no node_modules
 * and carries the runtime of its platform in dist/ort (scripts/stageOrtRuntime.mjs); a checkout uses its
 * node_modules (which may hold the CUDA provider postinstall fetched), even after a packaging staged dist/ort.
 */
function packagedOrt(): string | undefined {
  const staged = path.join(__dirname, '..', 'ort', 'onnxruntime-node');
  const checkout = path.join(__dirname, '..', '..', 'node_modules', 'onnxruntime-node');
  return existsSync(staged) && !existsSync(checkout) ? staged : undefined;
}

/** onnxruntime-node and its folder, loaded here so that its absence is a reply a user can act on, not a crash at start. */
function loadOrt(): { ort: typeof Ort; root: string } {
  const packaged = packagedOrt();
  try {
    // A native addon, external to the bundle: require() finds it at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ort = require(packaged ?? 'onnxruntime-node') as typeof Ort;
    return { ort, root: packaged ?? path.dirname(require.resolve('onnxruntime-node/package.json')) };
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new Error(`onnxruntime-node cannot be loaded (${message}); model profiling needs it installed beside Tensorsight (npm install onnxruntime-node@1.30.0)`, { cause: error });
  }
}

async function handle(request: OrtChildRequest): Promise<OrtChildReply> {
  const { ort, root } = loadOrt();
  // Warnings (unused initializers, opset notes) would reach stderr; errors still come back as exceptions.
  ort.env.logLevel = 'error';
  if (request.kind === 'providers') {
    return { kind: 'providers', providers: await probeProviders(ort, root, request.probe) };
  }
  const profile = await runOrtProfile(ort, request.request, (progress) => void send({ kind: 'progress', progress }));
  return { kind: 'profile', profile };
}

process.once('message', (request: OrtChildRequest) => {
  handle(request)
    .catch((error: unknown): OrtChildReply => ({ kind: 'error', message: error instanceof Error ? error.message : String(error) }))
    .then(send)
    .then(() => process.exit(0), () => process.exit(1));
});
