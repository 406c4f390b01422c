// Worker-thread entry (dist/workers/sniffModel.js): sniffs one file with the full pickle budget. The graph editor
// sends a file here only when its torch.save pickle is too large to run on the extension host's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { sniffModel, type ModelSniff } from './sniffModel';

/** What the host sends: the file to sniff. */
export interface SniffRequest {
  path: string;
}

if (parentPort) {
  const port = parentPort;
  const answer = (sniff: ModelSniff) => port.postMessage(sniff);
  void sniffModel((workerData as SniffRequest).path).then(answer, (error: unknown) => answer({ verdict: 'unknown', reason: error instanceof Error ? error.message : String(error) }));
}
