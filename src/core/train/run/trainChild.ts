// Starts the training child (trainModelWorker.ts, bundled as dist/workers/trainModel.js) with one request and
// streams its messages. Aborting kills the child and marks its run stopped; a child that dies without a final message becomes an Error
// carrying the end of its stderr.
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { readRunRecord, writeRunRecord } from '../../launch/runRecord';
import type { TrainMessage, TrainRequest } from './trainMessage';

const STDERR_TAIL = 4000;

/** The child's script and node options: the bundle beside the running bundle, or the .ts entry under tsx. */
function childEntry(): { script: string; execArgv: string[] } {
  const source = path.join(__dirname, 'trainModelWorker.ts');
  if (__filename.endsWith('.ts')) {
    const tsx = createRequire(source).resolve('tsx');
    return { script: source, execArgv: ['--import', pathToFileURL(tsx).href] };
  }
  // The host and the CLI bundles sit in dist/, chunks in dist/chunks/: the worker is in dist/workers/.
  const candidates = [path.join(__dirname, 'workers', 'trainModel.js'), path.join(__dirname, '..', 'workers', 'trainModel.js')];
  const script = candidates.find((candidate) => existsSync(candidate));
  if (!script) throw new Error(`the trainer's child script is missing (looked for ${candidates.join(', ')}); run npm run build`);
  return { script, execArgv: [] };
}

/** Trains in a fresh child; `onMessage` sees every message; resolves with the final one (done or error). */
export function runTrainChild(request: TrainRequest, onMessage: (message: TrainMessage) => void, signal?: AbortSignal): Promise<TrainMessage> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortError());
      return;
    }
    const { script, execArgv } = childEntry();
    const child = fork(script, [], { execArgv, stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    let final: TrainMessage | undefined;
    let runDir: string | undefined;
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = (): void => {
      child.kill('SIGKILL');
      // The killed child cannot say how its run ended: record it as stopped once it is gone.
      child.once('exit', () => markStopped(runDir));
      finish(() => reject(abortError()));
    };
    signal?.addEventListener('abort', onAbort);
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (chunk: string) => {
      stderr = (stderr + chunk).slice(-STDERR_TAIL);
    });
    child.on('message', (message: TrainMessage) => {
      if (message.kind === 'start') runDir = message.runDir;
      if (message.kind === 'done' || message.kind === 'error') final = message;
      onMessage(message);
    });
    child.on('error', (error) => finish(() => reject(error)));
    child.on('exit', (code, exitSignal) => {
      if (final) {
        const message = final;
        finish(() => resolve(message));
        return;
      }
      const how = exitSignal ? `was killed by ${exitSignal}` : `exited with code ${code}`;
      const tail = stderr.trim().split('\n').slice(-3).join(' | ');
      finish(() => reject(new Error(`the training process ${how}${tail ? `: ${tail}` : ''}`)));
    });
    child.send(request);
  });
}

/** Sets a killed run's run.json to stopped (the Runs view would otherwise show it lost). */
function markStopped(runDir: string | undefined): void {
  const record = runDir === undefined ? undefined : readRunRecord(runDir);
  if (!record || record.status !== 'running') return;
  writeRunRecord(runDir!, { ...record, status: 'stopped', endTime: new Date().toISOString(), signal: 'SIGKILL' });
}

function abortError(): Error {
  const error = new Error('training was cancelled');
  error.name = 'AbortError';
  return error;
}
