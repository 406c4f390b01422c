// Entry of the training child process (bundled as dist/workers/trainModel.js; trainChild.ts forks it): training
// is CPU-bound for minutes, so it never runs on the extension host's or the CLI's thread, and killing this process
// cancels it. It takes one TrainRequest over IPC, posts TrainMessages, and exits.
// SIGINT is Stop (the Runs view signals run.json's launcherPid, which is this process; Ctrl-C in a terminal reaches
// the CLI and this child alike): the batch in progress finishes, checkpoints/stopped/ is saved, run.json says
// stopped, `done` carries stopped: true, and the process exits 0. A second SIGINT exits at once (130), unless it
// comes within STOP_ECHO_MS of the first: the CLI forwards its SIGINT, and after a Ctrl-C that reached both that
// is the same stop.
import { TrainSpecError } from '../spec/readTrainSpec';
import type { TrainMessage, TrainRequest } from './trainMessage';
import { trainFromSpec } from './trainRun';

function send(message: TrainMessage): Promise<void> {
  return new Promise((resolve) => process.send!(message, undefined, undefined, () => resolve()));
}

const STOP_ECHO_MS = 1000;

const stop = new AbortController();
let stopAt = 0;
process.on('SIGINT', () => {
  if (!stop.signal.aborted) {
    stopAt = Date.now();
    stop.abort();
  } else if (Date.now() - stopAt > STOP_ECHO_MS) {
    process.exit(130);
  }
});

process.once('message', (request: TrainRequest) => {
  let last: Promise<void> = Promise.resolve();
  trainFromSpec(request, (message) => void (last = send(message)), { stop: stop.signal })
    // The final message must reach the parent before the channel closes with the process.
    .then(() => last.then(() => process.exit(0)))
    .catch(async (error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      const specProblems = error instanceof TrainSpecError ? error.problems.map(({ field, line, column, message: text }) => ({ field, line, column, message: text })) : undefined;
      await send({ kind: 'error', message, specProblems });
      process.exit(1);
    });
});
