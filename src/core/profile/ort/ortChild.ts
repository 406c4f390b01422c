// Starts the profiler's child process (ortProfileWorker.ts, bundled as dist/workers/ortProfile.js) with one
// request and collects its reply. Cancelling kills the child; a child that dies without replying (a native
// crash or abort in ONNX Runtime) becomes an Error carrying the telling end of its stderr.
import * as path from 'node:path';
import { runChildJob } from '../../process/childJob';
import type { OrtChildReply, OrtChildRequest } from './ortChildProtocol';

/** Runs `request` in a fresh child; `onReply` sees every progress message; `task` says what it did, for errors. */
export function runOrtChild(request: OrtChildRequest, task: string, onReply: (reply: OrtChildReply) => void, signal?: AbortSignal): Promise<OrtChildReply> {
  return runChildJob<OrtChildRequest, OrtChildReply>(
    {
      source: path.join(__dirname, 'ortProfileWorker.ts'),
      bundle: 'ortProfile.js',
      owner: "the profiler's",
      request,
      isFinal: (reply) => reply.kind !== 'progress',
      onMessage: (reply) => {
        if (reply.kind === 'progress') onReply(reply);
      },
      died: (how, stderr) => {
        const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '' && line !== '#');
        // ORT's abort and V8's fatal errors name themselves; else the last lines say most.
        const telling = lines.filter((line) => /error|fatal|abort|terminate|exception/i.test(line));
        const tail = lines.length === 0 ? '' : `: ${(telling.length > 0 ? telling : lines).slice(-3).join(' | ')}`;
        return new Error(`ONNX Runtime's process ${how} while ${task}${tail}`);
      },
      cancelled: () => cancelled('profiling was cancelled'),
    },
    signal,
  );
}

function cancelled(message: string): Error {
  const error = new Error(message);
  error.name = 'AbortError';
  return error;
}
