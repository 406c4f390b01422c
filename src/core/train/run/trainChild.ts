// Starts the training child (trainModelWorker.ts, bundled as dist/workers/trainModel.js) with one request and
// streams its messages. Aborting kills the child and marks its run stopped; a child that dies without a final message becomes an Error
// carrying the end of its stderr.
import * as path from 'node:path';
import { readRunRecord, writeRunRecord } from '../../launch/runRecord';
import { runChildJob } from '../../process/childJob';
import type { TrainMessage, TrainRequest } from './trainMessage';

/** Trains in a fresh child; `onMessage` sees every message; resolves with the final one (done or error). */
export function runTrainChild(request: TrainRequest, onMessage: (message: TrainMessage) => void, signal?: AbortSignal): Promise<TrainMessage> {
  let runDir: string | undefined;
  return runChildJob<TrainRequest, TrainMessage>(
    {
      source: path.join(__dirname, 'trainModelWorker.ts'),
      bundle: 'trainModel.js',
      owner: "the trainer's",
      request,
      isFinal: (message) => message.kind === 'done' || message.kind === 'error',
      onMessage: (message) => {
        if (message.kind === 'start') runDir = message.runDir;
        onMessage(message);
      },
      died: (how, stderr) => {
        const tail = stderr.trim().split('\n').slice(-3).join(' | ');
        return new Error(`the training process ${how}${tail ? `: ${tail}` : ''}`);
      },
      cancelled: abortError,
      // The killed child cannot say how its run ended: record it as stopped once it is gone.
      afterCancel: () => markStopped(runDir),
    },
    signal,
  );
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
