// `tensorsight train <spec.train.json>` (options in `usage` below): trains the model a training spec describes with
// TensorFlow.js, in a child process, into a run folder under tensorsight-runs/ (JSON contract: docs/cli.md).
import * as path from 'node:path';
import { InputError, UsageError, parseArgs, type CliCommand } from '../cliCommand';
import { BACKEND_LADDER, backendReportLines, type BackendReport } from '../../core/train/run/backendReport';
import { runTrainChild } from '../../core/train/run/trainChild';
import { readCheckpointInfo } from '../../core/train/run/checkpoint';
import type { MetricValues, TrainMessage } from '../../core/train/run/trainMessage';
import { readRunRecord } from '../../core/launch/runRecord';
import { readTrainSpec, TrainSpecError } from '../../core/train/spec/readTrainSpec';

const usage = `Usage: tensorsight train <spec.train.json> [--backend auto|${BACKEND_LADDER.join('|')}] [--runs-dir <dir>] [--resume <checkpoint-dir>] [--json]

Trains the model the spec describes with TensorFlow.js in a child process: one line per epoch (loss, metrics,
validation metrics, samples/s), checkpoints and the final model (model.json + weights.bin) in a run folder
<runs-dir>/<spec name>/<time>-<spec name>/ beside run.json and a TensorBoard event file.
Ctrl-C stops after the current batch, saving checkpoints/stopped/ (exit code 130); a second Ctrl-C quits at once.

  --backend   pin a backend instead of the spec's (default: the spec's, else the first that loads of
              ${BACKEND_LADDER.join(', ')}); one that does not load exits with code 1 and the reason
  --runs-dir  where run folders go (default ./tensorsight-runs)
  --resume    a checkpoint folder (<run>/checkpoints/epoch-<n> or stopped): a new run continues from it with the
              model, optimizer state and seed saved there (overrides the spec's resumeFrom)
  --json      {backend, run: {id, dir, seed, trainSamples, validationSamples}, epochs: [{epoch, values,
              samplesPerSecond, seconds}], checkpoints, result: {modelDir, epochs, stoppedEarly, stopped, values,
              samplesPerSecond}}

Exit codes: 0 trained, 1 bad input or a failed run, 2 bad usage, 130 stopped by Ctrl-C (resume from checkpoints/stopped).`;

function formatValues(values: MetricValues): string {
  return Object.entries(values).map(([name, value]) => `${name} ${value.toFixed(4)}`).join('  ');
}

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'train the model a training spec (name.train.json) describes with TensorFlow.js, recording it in a run folder',
  usage,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, ['backend', 'runs-dir', 'resume']);
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
    const resume = flags.get('resume');
    if (resume === true) throw new UsageError('--resume needs a checkpoint folder');
    const resumeFrom = resume === undefined ? undefined : path.resolve(resume);
    if (resumeFrom !== undefined) {
      try {
        readCheckpointInfo(resumeFrom);
      } catch (error) {
        throw new InputError(`--resume: ${(error as Error).message.replace(/^resumeFrom: /, '')}`);
      }
    }
    const json = flags.has('json');
    const runsDir = flags.get('runs-dir');
    const epochs: Extract<TrainMessage, { kind: 'epoch' }>[] = [];
    const checkpoints: string[] = [];
    let report: BackendReport | undefined;
    let start: Extract<TrainMessage, { kind: 'start' }> | undefined;
    const interrupts = stopOnSignals(() => start?.runDir, io.err);
    let final: TrainMessage;
    try {
      final = await runTrainChild({
        specFile,
        runsRoot: path.resolve(typeof runsDir === 'string' ? runsDir : 'tensorsight-runs'),
        backend: typeof backend === 'string' ? backend : undefined,
        // Optional backends come from the user's project or from beside Tensorsight.
        searchDirs: [...new Set([process.cwd(), path.dirname(specFile), path.join(__dirname, '..')])],
        resumeFrom,
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
    } catch (error) {
      // A second Ctrl-C ends the child at once, before it saves anything.
      if (interrupts.count() > 0) {
        io.err(`tensorsight train: stopped without a checkpoint (${(error as Error).message})\n`);
        return 130;
      }
      throw error;
    } finally {
      interrupts.dispose();
    }
    if (final.kind === 'error') throw new InputError(final.message);
    if (final.kind !== 'done') throw new Error(`the training process ended with a ${final.kind} message`);
    if (json) {
      const run = start && { id: start.runId, dir: start.runDir, seed: start.seed, trainSamples: start.trainSamples, validationSamples: start.validationSamples, parameters: start.parameters };
      const result = { modelDir: final.modelDir, epochs: final.epochs, stoppedEarly: final.stoppedEarly, stopped: final.stopped === true, values: final.values, samplesPerSecond: final.samplesPerSecond };
      io.out(`${JSON.stringify({ backend: report, run, epochs: epochs.map(({ epoch, values, samplesPerSecond, seconds }) => ({ epoch, values, samplesPerSecond, seconds })), checkpoints, result }, null, 2)}\n`);
    } else if (final.stopped) {
      const batch = readCheckpointInfo(final.modelDir).batch;
      const where = `after epoch ${final.epochs}${batch > 0 ? ` and ${batch} batch${batch === 1 ? '' : 'es'} of epoch ${final.epochs + 1}` : ''}`;
      io.out(`stopped     ${where}${final.values.loss === undefined ? '' : ` (last epoch: ${formatValues(final.values)})`}\ncheckpoint  ${final.modelDir}\nresume      tensorsight train ${quoteArg(positionals[0])} --resume ${quoteArg(final.modelDir)}\n`);
    } else {
      io.out(`final       ${formatValues(final.values)}${final.stoppedEarly ? ` (stopped early after epoch ${final.epochs})` : ''}\nsaved       ${final.modelDir}\n`);
    }
    return final.stopped ? 130 : 0;
  },
};

/** Shell-quotes an argument that needs it. */
function quoteArg(arg: string): string {
  return /^[\w./:@%+=,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/**
 * While training, SIGINT, SIGTERM and SIGHUP are Stop, not the CLI's end: each is passed on to the child as SIGINT
 * (run.json's pid). A Ctrl-C in a terminal reaches the child too; the child takes both as one stop. It saves
 * checkpoints/stopped/ and exits, and the CLI then reports it. A further signal a second later ends the child at once.
 */
function stopOnSignals(runDir: () => string | undefined, err: (text: string) => void): { count(): number; dispose(): void } {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  let count = 0;
  const onSignal = (): void => {
    count++;
    if (count === 1) err('tensorsight train: stopping after the current batch (Ctrl-C again to quit at once)\n');
    const dir = runDir();
    const pid = dir === undefined ? undefined : readRunRecord(dir)?.pid;
    if (pid) {
      try {
        process.kill(pid, 'SIGINT');
      } catch {
        // already gone: its exit is reported as it comes
      }
    }
  };
  for (const signal of signals) process.on(signal, onSignal);
  return { count: () => count, dispose: () => signals.forEach((signal) => process.off(signal, onSignal)) };
}
