// Entry of the training child process (bundled as dist/workers/trainModel.js; trainChild.ts forks it): training
// is CPU-bound for minutes, so it never runs on the extension host's or the CLI's thread, and killing this process
// cancels it. It takes one TrainRequest over IPC, posts TrainMessages, and exits.
import { TrainSpecError } from '../spec/readTrainSpec';
import type { TrainMessage, TrainRequest } from './trainMessage';
import { trainFromSpec } from './trainRun';

function send(message: TrainMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, undefined, () => resolve()));
}

process.once('message', (request: TrainRequest) => {
  trainFromSpec(request, (message) => void send(message))
    .then(() => process.exit(0))
    .catch(async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      const specProblems = error instanceof TrainSpecError ? error.problems.map(({ field, line, column, message: text }) => ({ field, line, column, message: text })) : undefined;
      await send({ kind: 'error', message, specProblems });
      process.exit(1);
    });
});
