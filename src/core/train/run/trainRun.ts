// Trains the model a spec describes, in the calling process (the training child runs it; tests call it directly):
// backend ladder, data, model, then an epoch loop of trainOnBatch over seeded permutations, validation after
// each epoch, early stopping, checkpoints and the final model in the run folder. The run folder is the launcher's
// (`<runsRoot>/<spec stem>/<time>-<stem>/`, run.json, one event file) so the Runs view and charts read it as any run.
import { hostname } from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';
import { EventFileWriter } from '../../events/eventWriter';
import { createRunFolder } from '../../launch/runFolder';
import { writeRunRecord, type RunRecord } from '../../launch/runRecord';
import { seededPermutation } from '../data/datasetSplit';
import { readTrainSpec } from '../spec/readTrainSpec';
import type { BackendChoice, TrainSpec } from '../spec/trainSpec';
import { selectBackend } from './backendLadder';
import { buildLayersModel, buildOptimizer } from './buildLayersModel';
import { folderSaveHandler } from './layersFolderIO';
import type { MetricValues, TrainMessage, TrainRequest } from './trainMessage';
import { loadTrainingData, type FeedSplit } from './trainingData';

/** Batch messages and batch scalars at most this often (ms), so a fast model does not flood the parent. */
const BATCH_REPORT_MS = 200;

/** Copies samples `order[from..to)` of `split` into batch tensors. */
function batchTensors(split: FeedSplit, order: ArrayLike<number>, from: number, to: number): { x: tf.Tensor; y: tf.Tensor } {
  const n = to - from;
  const x = new Float32Array(n * split.sampleSize);
  const y = new Float32Array(n * split.targetSize);
  for (let i = 0; i < n; i++) {
    const s = order[from + i];
    x.set(split.features.subarray(s * split.sampleSize, (s + 1) * split.sampleSize), i * split.sampleSize);
    y.set(split.targets.subarray(s * split.targetSize, (s + 1) * split.targetSize), i * split.targetSize);
  }
  return { x: tf.tensor(x, [n, ...split.sampleShape]), y: tf.tensor(y, [n, split.targetSize]) };
}

/** Loss and metrics of the model over all of `split`, batch by batch. */
function evaluate(model: tfl.LayersModel, split: FeedSplit, batchSize: number, names: string[]): MetricValues {
  const sums = new Array<number>(names.length).fill(0);
  const identity = Int32Array.from({ length: split.count }, (_, i) => i);
  for (let from = 0; from < split.count; from += batchSize) {
    const to = Math.min(from + batchSize, split.count);
    const { x, y } = batchTensors(split, identity, from, to);
    const result = model.evaluate(x, y, { batchSize: to - from });
    const scalars = Array.isArray(result) ? result : [result];
    scalars.forEach((scalar, i) => (sums[i] += scalar.dataSync()[0] * (to - from)));
    tf.dispose([x, y, ...scalars]);
  }
  return Object.fromEntries(names.map((name, i) => [`val_${name}`, sums[i] / split.count]));
}

/** Runs `request` to the end, posting every message to `post`; resolves with the final message. */
export async function trainFromSpec(request: TrainRequest, post: (message: TrainMessage) => void): Promise<TrainMessage> {
  const specFile = path.resolve(request.specFile);
  const spec: TrainSpec = readTrainSpec(specFile);
  if (!('layers' in spec.model)) throw new Error('model.from: fine-tuning an existing model is not supported by this trainer yet; give model.layers');
  if (spec.resumeFrom !== undefined) throw new Error('resumeFrom: resuming from a checkpoint is not supported by this trainer yet');
  const report = await selectBackend((request.backend ?? spec.backend) as BackendChoice, request.searchDirs);
  post({ kind: 'backend', report });

  const seed = spec.seed ?? Math.floor(Math.random() * 2 ** 31);
  const data = loadTrainingData(spec, specFile, seed);
  const model = buildLayersModel(spec.model, data.train.sampleShape, seed);
  model.compile({ loss: spec.loss, optimizer: buildOptimizer(spec.optimizer), metrics: spec.metrics });
  const names = ['loss', ...spec.metrics];

  const started = new Date();
  const { id, dir } = createRunFolder(request.runsRoot, specFile.replace(/\.train\.json$/, ''), started);
  const events = new EventFileWriter(dir, { time: started.getTime() / 1000 });
  const stepsPerEpoch = Math.ceil(data.train.count / spec.batchSize);
  const record: RunRecord = {
    version: 1, id, script: specFile, args: [], cwd: process.cwd(),
    interpreter: { path: process.execPath, version: process.version },
    frameworks: { '@tensorflow/tfjs-core': tf.version_core, backend: report.chosen },
    git: null, env: {}, host: hostname(), gpus: [], driverVersion: null,
    startTime: started.toISOString(), endTime: null, status: 'running', exitCode: null, signal: null,
    pid: process.pid, launcherPid: process.pid, progress: null, failure: null, linkedEventDirs: [],
    hparams: { optimizer: spec.optimizer.type, learningRate: spec.optimizer.learningRate, batchSize: spec.batchSize, epochs: spec.epochs, seed, backend: report.chosen, loss: spec.loss },
  };
  writeRunRecord(dir, record);
  events.addHParams(record.hparams);
  post({ kind: 'start', runId: id, runDir: dir, seed, trainSamples: data.train.count, validationSamples: data.validation.count, stepsPerEpoch, epochs: spec.epochs, parameters: model.countParams() });

  const trainStart = performance.now();
  let step = 0;
  let last: MetricValues = {};
  let epochsRun = 0;
  let stoppedEarly = false;
  let best = Infinity;
  let sinceBest = 0;
  try {
    for (let epoch = 1; epoch <= spec.epochs; epoch++) {
      const epochStart = performance.now();
      const order = seededPermutation(data.train.count, seed + epoch);
      const sums = new Array<number>(names.length).fill(0);
      let lastReport = 0;
      for (let batch = 0; batch < stepsPerEpoch; batch++) {
        const from = batch * spec.batchSize;
        const to = Math.min(from + spec.batchSize, data.train.count);
        const { x, y } = batchTensors(data.train, order, from, to);
        const result = await model.trainOnBatch(x, y);
        tf.dispose([x, y]);
        const values = Array.isArray(result) ? result : [result];
        values.forEach((value, i) => (sums[i] += value * (to - from)));
        step++;
        const now = performance.now();
        if (now - lastReport >= BATCH_REPORT_MS || batch === stepsPerEpoch - 1) {
          lastReport = now;
          const batchValues = Object.fromEntries(names.map((name, i) => [name, values[i]]));
          for (const name of names) events.addScalar(`batch/${name}`, batchValues[name], step);
          post({ kind: 'batch', epoch, batch: batch + 1, step, values: batchValues, samplesPerSecond: to / ((now - epochStart) / 1000) });
        }
      }
      const trainValues = Object.fromEntries(names.map((name, i) => [name, sums[i] / data.train.count]));
      const values = { ...trainValues, ...(data.validation.count > 0 ? evaluate(model, data.validation, spec.batchSize, names) : {}) };
      const seconds = (performance.now() - epochStart) / 1000;
      const samplesPerSecond = data.train.count / seconds;
      for (const [tag, value] of Object.entries(values)) events.addScalar(tag, value, epoch);
      events.addScalar('samples_per_second', samplesPerSecond, epoch);
      events.flush();
      last = values;
      epochsRun = epoch;
      post({ kind: 'epoch', epoch, step, values, samplesPerSecond, seconds });
      record.progress = { step, epoch, epochs: spec.epochs, totalSteps: stepsPerEpoch * spec.epochs, stepsPerSecond: stepsPerEpoch / seconds, etaSeconds: ((spec.epochs - epoch) * seconds), lastMetrics: values, updatedAt: Date.now() };
      writeRunRecord(dir, record);
      if (spec.checkpoint && epoch % spec.checkpoint.everyEpochs === 0 && epoch < spec.epochs) {
        const checkpointDir = path.join(dir, 'checkpoints', `epoch-${epoch}`);
        await model.save(folderSaveHandler(checkpointDir));
        post({ kind: 'checkpoint', epoch, dir: checkpointDir });
      }
      if (spec.earlyStopping) {
        const monitored = values[spec.earlyStopping.monitor];
        if (monitored === undefined) throw new Error(`earlyStopping.monitor: ${JSON.stringify(spec.earlyStopping.monitor)} is not measured (measured: ${Object.keys(values).join(', ')})`);
        // Accuracy-like metrics improve upwards, losses and errors downwards (Keras' 'auto' mode).
        const score = /acc|precision|recall/i.test(spec.earlyStopping.monitor) ? -monitored : monitored;
        if (score < best - spec.earlyStopping.minDelta) {
          best = score;
          sinceBest = 0;
        } else if (++sinceBest >= spec.earlyStopping.patience) {
          stoppedEarly = true;
          break;
        }
      }
    }
    const modelDir = path.join(dir, 'model');
    await model.save(folderSaveHandler(modelDir));
    record.status = 'finished';
    record.exitCode = 0;
    const done: TrainMessage = { kind: 'done', runDir: dir, modelDir, epochs: epochsRun, stoppedEarly, values: last, samplesPerSecond: (data.train.count * epochsRun) / ((performance.now() - trainStart) / 1000) };
    post(done);
    return done;
  } catch (error) {
    record.status = 'failed';
    record.exitCode = 1;
    record.failure = { message: (error as Error).message, frames: [], hint: null };
    throw error;
  } finally {
    record.endTime = new Date().toISOString();
    writeRunRecord(dir, record);
    events.close();
    model.dispose();
  }
}
