// Entry of the profiler's child process (bundled as dist/workers/ortProfile.js, onnxruntime-node external): a
// native crash or abort inside ONNX Runtime ends this process, never the extension host or the CLI. It takes one
// request over IPC, answers with progress messages and one result or error, and exits.
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { probeProviders } from './ortProviders';
import { runOrtProfile } from './runOrtProfile';
import type { OrtChildReply, OrtChildRequest } from './ortChildProtocol';

function send(reply: OrtChildReply): Promise<void> {
  return new Promise((resolve) => process.send!(reply, undefined, undefined, () => resolve()));
}

async function handle(request: OrtChildRequest): Promise<OrtChildReply> {
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
