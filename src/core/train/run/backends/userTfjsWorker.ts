// Entry of the trainer on the user's TF.js (bundled as dist/workers/trainModelUserTfjs.js with TF.js left
// external; trainChild.ts forks it when tfjs-node(-gpu) is installed): it redirects TF.js to the user's copies
// (userTfjs.ts), then runs the ordinary trainer entry with the request it received.
import { readTrainSpec } from '../../spec/readTrainSpec';
import type { BackendChoice } from '../../spec/trainSpec';
import type { TrainRequest } from '../trainMessage';
import { redirectTfjsTo, userTfjsNodeFor } from './userTfjs';

process.once('message', (request: TrainRequest) => {
  let choice: BackendChoice = 'auto';
  try {
    choice = (request.backend ?? readTrainSpec(request.specFile).backend) as BackendChoice;
  } catch {
    // The trainer reports the spec's problems itself.
  }
  const userTfjs = userTfjsNodeFor(choice, request.searchDirs);
  if (userTfjs !== undefined) redirectTfjsTo(userTfjs.entry);
  // Loaded only now, so its TF.js imports resolve through the redirect; it listens for the request, sent again.
  // require, not import(): CommonJS resolution is what the redirect hooks, under tsx as in the bundle.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../trainModelWorker');
  (process.emit as (event: string, ...args: unknown[]) => boolean)('message', request, undefined);
});
