// `tensorsight train <spec.train.json>` (options in `usage` below): trains the model a training spec describes with
// TensorFlow.js, in a child process, into a run folder under tensorsight-runs/ (JSON contract: docs/cli.md).
import * as path from 'node:path';
import { InputError, UsageError, parseArgs, type CliCommand } from '../cliCommand';
import { BACKEND_LADDER, backendReportLines, type BackendReport } from '../../core/train/run/backendReport';
import { runTrainChild } from '../../core/train/run/trainChild';
import type { MetricValues, TrainMessage } from '../../core/train/run/trainMessage';
import { readTrainSpec, TrainSpecError } from '../../core/train/spec/readTrainSpec';

const usage = `Usage: tensorsight train <spec.train.json> [--backend auto|${BACKEND_LADDER.join('|')}] [--runs-dir <dir>] [--json]

Trains the model the spec describes with TensorFlow.js in a child process: one line per epoch (loss, metrics,
validation metrics, samples/s), checkpoints and the final model (model.json + weights.bin) in a run folder
<runs-dir>/<spec name>/<time>-<spec name>/ beside run.json and a TensorBoard event file.

  --backend   pin a backend instead of the spec's (default: the spec's, else the first that loads of
              ${BACKEND_LADDER.join(', ')}); one that does not load exits with code 1 and the reason
  --runs-dir  where run folders go (default ./tensorsight-runs)
  --json      {backend, run: {id, dir, seed, trainSamples, validationSamples}, epochs: [{epoch, values,
              samplesPerSecond, seconds}], checkpoints, result: {modelDir, epochs, stoppedEarly, values, samplesPerSecond}}`;

function formatValues(values: MetricValues): string {
  return Object.entries(values).map(([name, value]) => `${name} ${value.toFixed(4)}`).join('  ');
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train the model a training spec (name.train.json) describes with TensorFlow.js, recording it in a run folder',
  usage,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, ['backend', 'runs-dir']);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing the spec file' : 'expected exactly one spec file');
    const backend = flags.get('backend');
    if (backend !== undefined && backend !== 'auto' && !BACKEND_LADDER.includes(backend as never)) throw new UsageError(`--backend is one of auto, ${BACKEND_LADDER.join(', ')}, got '${String(backend)}'`);
    const specFile = path.resolve(positionals[0]);
    // Read here first so a broken spec is reported at once, naming each field, without starting the child.
    try {
      readTrainSpec(specFile);
    } catch (error) {
      if (error instanceof TrainSpecError) throw new InputError(error.message);
      throw error;
    }
    const json = flags.has('json');
    const runsDir = flags.get('runs-dir');
    const epochs: Extract<TrainMessage, { kind: 'epoch' }>[] = [];
    const checkpoints: string[] = [];
    let report: BackendReport | undefined;
    let start: Extract<TrainMessage, { kind: 'start' }> | undefined;
    const final = await runTrainChild({
      specFile,
      runsRoot: path.resolve(typeof runsDir === 'string' ? runsDir : 'tensorsight-runs'),
      backend: typeof backend === 'string' ? backend : undefined,
      // Optional backends come from the user's project or from beside Tensorsight.
      searchDirs: [...new Set([process.cwd(), path.dirname(specFile), path.join(__dirname, '..')])],
    }, (message) => {
      if (message.kind === 'backend') {
        report = message.report;
        if (!json) io.out(`backend     ${message.report.chosen} (tf ${message.report.tfBackend})\n${backendReportLines(message.report).map((line) => `  ${line}\n`).join('')}`);
      } else if (message.kind === 'start') {
        start = message;
        if (!json) io.out(`run         ${message.runDir}\ndata        ${message.trainSamples} training, ${message.validationSamples} validation samples; ${message.parameters} parameters; seed ${message.seed}\n`);
      } else if (message.kind === 'epoch') {
        epochs.push(message);
        if (!json) io.out(`epoch ${String(message.epoch).padStart(3)}/${start?.epochs ?? '?'}  ${formatValues(message.values)}  ${Math.round(message.samplesPerSecond)} samples/s\n`);
      } else if (message.kind === 'checkpoint') {
        checkpoints.push(message.dir);
        if (!json) io.out(`checkpoint  ${message.dir}\n`);
      }
    });
    if (final.kind === 'error') throw new InputError(final.message);
    if (final.kind !== 'done') throw new Error(`the training process ended with a ${final.kind} message`);
    if (json) {
      const run = start && { id: start.runId, dir: start.runDir, seed: start.seed, trainSamples: start.trainSamples, validationSamples: start.validationSamples, parameters: start.parameters };
      const result = { modelDir: final.modelDir, epochs: final.epochs, stoppedEarly: final.stoppedEarly, values: final.values, samplesPerSecond: final.samplesPerSecond };
      io.out(`${JSON.stringify({ backend: report, run, epochs: epochs.map(({ epoch, values, samplesPerSecond, seconds }) => ({ epoch, values, samplesPerSecond, seconds })), checkpoints, result }, null, 2)}\n`);
    } else {
      io.out(`final       ${formatValues(final.values)}${final.stoppedEarly ? ` (stopped early after epoch ${final.epochs})` : ''}\nsaved       ${final.modelDir}\n`);
    }
    return 0;
  },
};
