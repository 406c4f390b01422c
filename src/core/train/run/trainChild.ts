// Starts the training child (trainModelWorker.ts, bundled as dist/workers/trainModel.js) with one request and
// streams its messages. Aborting kills the child and marks its run stopped; a child that dies without a final message becomes an Error
// carrying the end of its stderr. Where the user installed tfjs-node(-gpu), the child is the trainer on the user's
// TF.js instead (backends/userTfjsWorker.ts), the only way that backend's registration reaches the trainer.
import * as path from 'node:path';
import { readRunRecord, writeRunRecord } from '../../launch/runRecord';
import { runChildJob } from '../../process/childJob';
import { readTrainSpec } from '../spec/readTrainSpec';
import type { BackendChoice } from '../spec/trainSpec';
import { isDawnNoise } from './backends/dawnGpu';
import { userTfjsNodeFor } from './backends/userTfjs';
import type { TrainMessage, TrainRequest } from './trainMessage';

/** Trains in a fresh child; `onMessage` sees every message; resolves with the final one (done or error). */
export function runTrainChild(request: TrainRequest, onMessage: (message: TrainMessage) => void, signal?: AbortSignal): Promise<TrainMessage> {
  let runDir: string | undefined;
  const onUserTfjs = userTfjsNodeFor(backendChoice(request), request.searchDirs) !== undefined;
  return runChildJob<TrainRequest, TrainMessage>(
    {
      source: onUserTfjs ? path.join(__dirname, 'backends', 'userTfjsWorker.ts') : path.join(__dirname, 'trainModelWorker.ts'),
      bundle: onUserTfjs ? 'trainModelUserTfjs.js' : 'trainModel.js',
      owner: "the trainer's",
      request,
      isFinal: (message) => message.kind === 'done' || message.kind === 'error',
      onMessage: (message) => {
        if (message.kind === 'start') runDir = message.runDir;
        onMessage(message);
      },
      died: (how, stderr) => {
        // Dawn lowers some limits on every adapter and says so on stderr: that is not why the child died.
        const tail = stderr.trim().split('\n').filter((line) => !isDawnNoise(line)).slice(-3).join(' | ');
        return new Error(`the training process ${how}${tail ? `: ${tail}` : ''}`);
      },
      cancelled: abortError,
      // The killed child cannot say how its run ended: record it as stopped once it is gone.
      afterCancel: () => markStopped(runDir),
    },
    signal,
  );
}

/** The backend the request asks for (its override, else its spec's), 'auto' when the spec cannot be read: the child reports that. */
function backendChoice(request: TrainRequest): BackendChoice {
  try {
    return (request.backend ?? readTrainSpec(path.resolve(request.specFile)).backend) as BackendChoice;
  } catch {
    return 'auto';
  }
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
