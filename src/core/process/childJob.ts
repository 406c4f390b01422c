// Runs one request in a fresh Node child process (a bundled entry in dist/workers/, or its .ts source under tsx in
// tests) and streams its messages until a final one. Native code that may crash or abort (ONNX Runtime, TF.js
// backends) runs there so the caller lives on: cancelling kills the child, and a child that ends without a final
// message becomes the caller's Error, built from how it ended and the end of its stderr.
import { fork, type Serializable } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

const STDERR_TAIL = 4000;

export interface ChildJob<Request extends Serializable, Message> {
  /** The child's .ts entry, run under tsx when this module runs as source. */
  source: string;
  /** Its bundle's file name in dist/workers/. */
  bundle: string;
  /** What the child is, for the missing-bundle error: "the profiler's", "the trainer's". */
  owner: string;
  request: Request;
  isFinal(message: Message): boolean;
  /** Every message, the final one included. */
  onMessage(message: Message): void;
  /** The error for a child that ended without a final message: `how` is 'was killed by SIGKILL' or 'exited with code 1'. */
  died(how: string, stderrTail: string): Error;
  cancelled(): Error;
  /** Runs once the child is gone after a cancel. */
  afterCancel?(): void;
}

/** The child's script and node options: the bundle beside the running bundle, or the .ts entry under tsx. */
function childEntry(source: string, bundle: string, owner: string): { script: string; execArgv: string[] } {
  if (__filename.endsWith('.ts')) {
    const tsx = createRequire(source).resolve('tsx');
    return { script: source, execArgv: ['--import', pathToFileURL(tsx).href] };
  }
  // The host and the CLI bundles sit in dist/, chunks in dist/chunks/: the workers are in dist/workers/.
  const candidates = [path.join(__dirname, 'workers', bundle), path.join(__dirname, '..', 'workers', bundle)];
  const script = candidates.find((candidate) => existsSync(candidate));
  if (!script) throw new Error(`${owner} child script is missing (looked for ${candidates.join(', ')}); run npm run build`);
  return { script, execArgv: [] };
}

/** Runs `job` in a fresh child; resolves with its final message. */
export function runChildJob<Request extends Serializable, Message>(job: ChildJob<Request, Message>, signal?: AbortSignal): Promise<Message> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(job.cancelled());
      return;
    }
    const { script, execArgv } = childEntry(job.source, job.bundle, job.owner);
    const child = fork(script, [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let final: Message | undefined;
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      child.kill('SIGKILL');
      if (job.afterCancel) child.once('exit', job.afterCancel);
      finish(() => reject(job.cancelled()));
    };
    signal?.addEventListener('abort', onAbort);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('message', (message: Message) => {
      if (job.isFinal(message)) final = message;
      job.onMessage(message);
    });
    child.on('error', (error) => finish(() => reject(error)));
    child.on('exit', (code, exitSignal) => {
      if (final !== undefined) {
        const message = final;
        finish(() => resolve(message));
        return;
      }
      const how = exitSignal ? `was killed by ${exitSignal}` : `exited with code ${code}`;
      finish(() => reject(job.died(how, stderr)));
    });
    child.send(job.request);
  });
}
