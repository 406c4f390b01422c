// The epoch loop: trainOnBatch over a seeded permutation per epoch, validation after each epoch, scalars in the
// event file, progress in run.json, checkpoints, early stopping, and Stop. It starts where `from` says (epoch,
// step and batch of a resumed checkpoint) and draws the same permutations and dropout masks there as a run that
// was never interrupted. Between batches it yields to the event loop so SIGINT and GPU samples are seen.
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import type { EventFileWriter } from '../../events/eventWriter';
import { seededPermutation } from '../data/datasetSplit';
import type { TrainSpec } from '../spec/trainSpec';
import { batchTensors, evaluate } from './batchFeed';
import { checkpointDir, saveCheckpoint, type CheckpointInfo } from './checkpoint';
import type { TrainRunRecord } from './runRecordWriter';
import { SeededMathRandom } from './seededRandom';
import type { MetricValues, TrainMessage } from './trainMessage';
import type { TrainingData } from './trainingData';

/** Batch messages and batch scalars at most this often (ms), so a fast model does not flood the parent. */
const BATCH_REPORT_MS = 200;

const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Where training starts: epochs and steps already done, batches of the next epoch already trained. */
export interface LoopStart {
  epoch: number;
  step: number;
  batch: number;
  earlyStopping?: { best: number | null; sinceBest: number };
}

export interface LoopContext {
  spec: TrainSpec;
  model: tfl.LayersModel;
  data: TrainingData;
  names: string[];
  seed: number;
  runDir: string;
  specFile: string;
  backend: string;
  events: EventFileWriter;
  record: TrainRunRecord;
  post: (message: TrainMessage) => void;
  /** Aborted by Stop: the loop ends after the batch in progress. */
  stop?: AbortSignal;
  /** The step GPU samples are filed under. */
  onStep?: (step: number) => void;
}

export interface LoopResult {
  /** The last epoch completed. */
  epoch: number;
  step: number;
  values: MetricValues;
  stoppedEarly: boolean;
  /** Set when Stop ended the loop: the checkpoint saved there. */
  stopped?: { dir: string; epoch: number; batch: number };
  /** Samples trained by this loop (not counting a resumed run's earlier ones). */
  samples: number;
}

export async function runEpochLoop(context: LoopContext, from: LoopStart): Promise<LoopResult> {
  const { spec, model, data, names, seed, events, record, post } = context;
  const stepsPerEpoch = Math.ceil(data.train.count / spec.batchSize);
  const random = new SeededMathRandom(seed);
  let step = from.step;
  let values: MetricValues = {};
  let samples = 0;
  let best = from.earlyStopping?.best ?? Infinity;
  let sinceBest = from.earlyStopping?.sinceBest ?? 0;
  const info = (epoch: number, batch: number): Omit<CheckpointInfo, 'savedAt'> => ({
    epoch, step, batch, runDir: context.runDir, specFile: context.specFile, seed, backend: context.backend,
    earlyStopping: spec.earlyStopping ? { best: Number.isFinite(best) ? best : (null as unknown as number), sinceBest } : undefined,
  });
  try {
    for (let epoch = from.epoch + 1; epoch <= spec.epochs; epoch++) {
      const epochStart = performance.now();
      const order = seededPermutation(data.train.count, seed + epoch);
      const sums = new Array<number>(names.length).fill(0);
      const firstBatch = epoch === from.epoch + 1 ? from.batch : 0;
      let lastReport = 0;
      for (let batch = firstBatch; batch < stepsPerEpoch; batch++) {
        await yieldToEvents();
        if (context.stop?.aborted) {
          const dir = checkpointDir(context.runDir, 'stopped');
          await saveCheckpoint(dir, model, info(epoch - 1, batch));
          return { epoch: epoch - 1, step, values, stoppedEarly: false, stopped: { dir, epoch: epoch - 1, batch }, samples };
        }
        const fromSample = batch * spec.batchSize;
        const to = Math.min(fromSample + spec.batchSize, data.train.count);
        const { x, y } = batchTensors(data.train, order, fromSample, to);
        random.reseed(step + 1);
        const result = await model.trainOnBatch(x, y);
        tf.dispose([x, y]);
        const batchValues = Array.isArray(result) ? result : [result];
        batchValues.forEach((value, i) => (sums[i] += value * (to - fromSample)));
        samples += to - fromSample;
        step++;
        context.onStep?.(step);
        const now = performance.now();
        if (now - lastReport >= BATCH_REPORT_MS || batch === stepsPerEpoch - 1) {
          lastReport = now;
          const named = Object.fromEntries(names.map((name, i) => [name, batchValues[i]]));
          for (const name of names) events.addScalar(`batch/${name}`, named[name], step);
          const rate = (to - firstBatch * spec.batchSize) / ((now - epochStart) / 1000);
          post({ kind: 'batch', epoch, batch: batch + 1, step, values: named, samplesPerSecond: rate });
          const stepsPerSecond = (batch + 1 - firstBatch) / ((now - epochStart) / 1000);
          record.progress(progressOf(step, epoch, spec, stepsPerEpoch, stepsPerSecond, { ...values, ...named }), false);
        }
      }
      const trained = data.train.count - Math.min(firstBatch * spec.batchSize, data.train.count);
      const trainValues = Object.fromEntries(names.map((name, i) => [name, sums[i] / Math.max(trained, 1)]));
      values = { ...trainValues, ...(data.validation.count > 0 ? await evaluate(model, data.validation, spec.batchSize, names) : {}) };
      const seconds = (performance.now() - epochStart) / 1000;
      const samplesPerSecond = trained / seconds;
      for (const [tag, value] of Object.entries(values)) events.addScalar(tag, value, epoch);
      events.addScalar('samples_per_second', samplesPerSecond, epoch);
      events.flush();
      post({ kind: 'epoch', epoch, step, values, samplesPerSecond, seconds });
      record.progress(progressOf(step, epoch, spec, stepsPerEpoch, (stepsPerEpoch - firstBatch) / seconds, values), true);

      let stopEarly = false;
      if (spec.earlyStopping) {
        const monitored = values[spec.earlyStopping.monitor];
        if (monitored === undefined) throw new Error(`earlyStopping.monitor: ${JSON.stringify(spec.earlyStopping.monitor)} is not measured (measured: ${Object.keys(values).join(', ')})`);
        // Accuracy-like metrics improve upwards, losses and errors downwards (Keras' 'auto' mode).
        const score = /acc|precision|recall/i.test(spec.earlyStopping.monitor) ? -monitored : monitored;
        if (score < best - spec.earlyStopping.minDelta) {
          best = score;
          sinceBest = 0;
        } else if (++sinceBest >= spec.earlyStopping.patience) {
          stopEarly = true;
        }
      }
      if (spec.checkpoint && epoch % spec.checkpoint.everyEpochs === 0 && epoch < spec.epochs && !stopEarly) {
        const dir = checkpointDir(context.runDir, epoch);
        await saveCheckpoint(dir, model, info(epoch, 0));
        post({ kind: 'checkpoint', epoch, dir });
      }
      if (stopEarly) return { epoch, step, values, stoppedEarly: true, samples };
    }
    return { epoch: spec.epochs, step, values, stoppedEarly: false, samples };
  } finally {
    random.restore();
  }
}

function progressOf(step: number, epoch: number, spec: TrainSpec, stepsPerEpoch: number, stepsPerSecond: number, lastMetrics: MetricValues) {
  const totalSteps = stepsPerEpoch * spec.epochs;
  return {
    step, epoch, epochs: spec.epochs, totalSteps, stepsPerSecond,
    etaSeconds: stepsPerSecond > 0 ? (totalSteps - step) / stepsPerSecond : null, lastMetrics,
  };
}
