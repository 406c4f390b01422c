// Entry of the profiler's child process (bundled as dist/workers/ortProfile.js, onnxruntime-node external): a
// native crash or abort inside ONNX Runtime ends this process, never the extension host or the CLI. It takes one
// request over IPC, answers with progress messages and one result or error, and exits.
import * as path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { probeProviders } from './ortProviders';
import { runOrtProfile } from './runOrtProfile';
import type { OrtChildReply, OrtChildRequest } from './ortChildProtocol';

function send(reply: OrtChildReply): Promise<void> {
  return new Promise((resolve) => process.send!(reply, undefined, undefined, () => resolve()));
}

/** onnxruntime-node, loaded here so that its absence is a reply a user can act on, not a crash at start. */
function loadOrt(): typeof Ort {
  try {
    // A native addon, external to the bundle: require() finds it in node_modules at run time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('onnxruntime-node') as typeof Ort;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new Error(`onnxruntime-node cannot be loaded (${message}); model profiling needs it installed beside Tensorsight (npm install onnxruntime-node@1.30.0)`, { cause: error });
  }
}

async function handle(request: OrtChildRequest): Promise<OrtChildReply> {
  const ort = loadOrt();
  // Warnings (unused initializers, opset notes) would reach stderr; errors still come back as exceptions.
  ort.env.logLevel = 'error';
  if (request.kind === 'providers') {
    const ortRoot = path.dirname(require.resolve('onnxruntime-node/package.json'));
    return { kind: 'providers', providers: await probeProviders(ort, ortRoot, request.probe) };
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
