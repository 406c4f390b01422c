// Starts the profiler's child process (ortProfileWorker.ts, bundled as dist/workers/ortProfile.js) with one
// request and collects its reply. Cancelling kills the child; a child that dies without replying (a native
// crash or abort in ONNX Runtime) becomes an Error carrying the end of its stderr.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { OrtChildReply, OrtChildRequest } from './ortChildProtocol';

const STDERR_TAIL = 4000;

/** The child's script and node options: the bundle beside the running bundle, or the .ts entry under tsx. */
function childEntry(): { script: string; execArgv: string[] } {
  const source = path.join(__dirname, 'ortProfileWorker.ts');
  if (__filename.endsWith('.ts')) {
    const tsx = createRequire(source).resolve('tsx');
    return { script: source, execArgv: ['--import', pathToFileURL(tsx).href] };
  }
  // The host and the CLI bundles sit in dist/, chunks in dist/chunks/: the worker is in dist/workers/.
  const candidates = [path.join(__dirname, 'workers', 'ortProfile.js'), path.join(__dirname, '..', 'workers', 'ortProfile.js')];
  const script = candidates.find((candidate) => existsSync(candidate));
  if (!script) throw new Error(`the profiler's child script is missing (looked for ${candidates.join(', ')}); run npm run build`);
  return { script, execArgv: [] };
}

/** Runs `request` in a fresh child; `onReply` sees every progress message; `task` says what it did, for errors. */
export function runOrtChild(request: OrtChildRequest, task: string, onReply: (reply: OrtChildReply) => void, signal?: AbortSignal): Promise<OrtChildReply> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const { script, execArgv } = childEntry();
    const child: ChildProcess = fork(script, [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let settled = false;
    let final: OrtChildReply | undefined;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      child.kill('SIGKILL');
      finish(() => reject(abortError()));
    };
    signal?.addEventListener('abort', onAbort);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('message', (reply: OrtChildReply) => {
      if (reply.kind === 'progress') onReply(reply);
      else final = reply;
    });
    child.on('error', (error) => finish(() => reject(error)));
    child.on('exit', (code, exitSignal) => {
      if (final) {
        const reply = final;
        finish(() => resolve(reply));
        return;
      }
      const how = exitSignal ? `was killed by ${exitSignal}` : `exited with code ${code}`;
      const lines = stderr.split('\n').map((line) => line.trim()).filter((line) => line !== '' && line !== '#');
      // ORT's abort and V8's fatal errors name themselves; else the last lines say most.
      const telling = lines.filter((line) => /error|fatal|abort|terminate|exception/i.test(line));
      const tail = lines.length === 0 ? '' : `: ${(telling.length > 0 ? telling : lines).slice(-3).join(' | ')}`;
      finish(() => reject(new Error(`ONNX Runtime's process ${how} while ${task}${tail}`)));
    });
    child.send(request);
  });
}

function abortError(): Error {
  const error = new Error('profiling was cancelled');
  error.name = 'AbortError';
  return error;
}
