// Trains the model a spec describes, in the calling process (the training child runs it; tests call it directly):
// backend ladder, model (built from model.layers, fine-tuned from model.from, or a checkpoint's to resume), data,
// then the epoch loop (epochLoop.ts) and the final model in the run folder. The run folder is the launcher's
// (`<runsRoot>/<spec stem>/<time>-<stem>/`, run.json, one event file) so the Runs view and charts read it as any run:
//   run.json, events.out.tfevents.*, checkpoints/epoch-N/ (every checkpoint.everyEpochs), checkpoints/stopped/ (Stop),
//   model/ (the trained model, when training ran to its end).
import * as path from 'node:path';
import type * as tfl from '@tensorflow/tfjs-layers';
import { EventFileWriter } from '../../events/eventWriter';
import { createRunFolder } from '../../launch/runFolder';
import { readTrainSpec } from '../spec/readTrainSpec';
import type { BackendChoice, TrainSpec } from '../spec/trainSpec';
import { selectBackend } from './backendLadder';
import { wasmLayerProblem } from './backends/wasmSupport';
import { buildLayersModel, buildOptimizer } from './buildLayersModel';
import { loadCheckpointModel, readCheckpointInfo, type CheckpointInfo } from './checkpoint';
import { runEpochLoop } from './epochLoop';
import { startGpuRunSampling, type GpuRunSamplingOptions } from './gpuRunSampling';
import { folderSaveHandler } from './layersFolderIO';
import { TrainRunRecord } from './runRecordWriter';
import type { TrainMessage, TrainRequest } from './trainMessage';
import { loadTrainingData } from './trainingData';

/** What the caller controls besides the request: Stop, and GPU sampling (tests point it at the nvidia-smi double). */
export interface TrainRunOptions {
  /** Aborting it stops training after the batch in progress: checkpoints/stopped/, run.json `stopped`. */
  stop?: AbortSignal;
  gpu?: GpuRunSamplingOptions;
}

/** The model to train with its optimizer: a checkpoint's (optimizer state restored), model.from's, or built. */
async function trainingModel(spec: TrainSpec, specFile: string, checkpoint: { dir: string; info: CheckpointInfo } | undefined, inputShape: () => number[], seed: number): Promise<tfl.LayersModel> {
  if (checkpoint) {
    const model = await loadCheckpointModel(checkpoint.dir);
    // Compiled again for the spec's loss and metrics (their order is the messages'), keeping the restored optimizer.
    model.compile({ loss: spec.loss, optimizer: model.optimizer ?? buildOptimizer(spec.optimizer), metrics: spec.metrics });
    return model;
  }
  // Loaded lazily: the Keras reader (HDF5) is only needed to fine-tune.
  const model = 'layers' in spec.model ? buildLayersModel(spec.model, inputShape(), seed) : await (await import('./loadBaseModel')).loadBaseModel(spec.model, specFile);
  model.compile({ loss: spec.loss, optimizer: buildOptimizer(spec.optimizer), metrics: spec.metrics });
  return model;
}

/** The checkpoint to resume from (request over spec), checked against the spec's epochs. */
function resumePoint(request: TrainRequest, spec: TrainSpec): { dir: string; info: CheckpointInfo } | undefined {
  const from = request.resumeFrom ?? spec.resumeFrom;
  if (from === undefined) return undefined;
  const dir = path.resolve(from);
  const info = readCheckpointInfo(dir);
  if (info.epoch >= spec.epochs) throw new Error(`resumeFrom: the checkpoint ${dir} is at epoch ${info.epoch} and the spec trains ${spec.epochs} epochs; raise epochs to train further`);
  return { dir, info };
}

/** Runs `request` to the end (or to Stop), posting every message to `post`; resolves with the final message. */
export async function trainFromSpec(request: TrainRequest, post: (message: TrainMessage) => void, options: TrainRunOptions = {}): Promise<TrainMessage> {
  const specFile = path.resolve(request.specFile);
  const spec: TrainSpec = readTrainSpec(specFile);
  const checkpoint = resumePoint(request, spec);
  // The spec's layer types let the ladder pass over wasm for layers it cannot train; a loaded model is checked below.
  const layerTypes = 'layers' in spec.model ? spec.model.layers.map((layer) => layer.type) : undefined;
  const report = await selectBackend((request.backend ?? spec.backend) as BackendChoice, request.searchDirs, layerTypes);
  post({ kind: 'backend', report });

  // A resumed run keeps the checkpoint's seed: the same split, permutations and dropout masks as if never stopped.
  const seed = checkpoint?.info.seed ?? spec.seed ?? Math.floor(Math.random() * 2 ** 31);
  const layersShape = 'layers' in spec.model ? spec.model.inputShape : undefined;
  let model: tfl.LayersModel | undefined;
  if (!('layers' in spec.model) || checkpoint) model = await trainingModel(spec, specFile, checkpoint, () => [], seed);
  // A loaded model says what its input is: the data is shaped to it (model.layers give inputShape themselves).
  const modelShape = model ? (model.inputs[0].shape.slice(1) as (number | null)[]) : undefined;
  const data = loadTrainingData(spec, specFile, seed, layersShape ?? (modelShape?.every((d) => d !== null) ? (modelShape as number[]) : undefined));
  model ??= await trainingModel(spec, specFile, undefined, () => data.train.sampleShape, seed);
  if (report.chosen === 'wasm') {
    const problem = wasmLayerProblem(model.layers.map((layer) => layer.getClassName()));
    if (problem !== null) throw new Error(`backend: ${problem} (pin "backend" in the spec or pass --backend)`);
  }
  const names = ['loss', ...spec.metrics];

  const started = new Date();
  // The run is named for spec.name (default: the spec's file name); '.train' is the extension scriptStem drops.
  const { id, dir } = createRunFolder(request.runsRoot, `${spec.name}.train`, started);
  const events = new EventFileWriter(dir, { time: started.getTime() / 1000 });
  const stepsPerEpoch = Math.ceil(data.train.count / spec.batchSize);
  const hparams: Record<string, number | string | boolean> = { optimizer: spec.optimizer.type, learningRate: spec.optimizer.learningRate, batchSize: spec.batchSize, epochs: spec.epochs, seed, backend: report.chosen, loss: spec.loss };
  if (checkpoint) hparams.resumedFrom = checkpoint.dir;
  if ('from' in spec.model) hparams.from = spec.model.from;
  const record = new TrainRunRecord(dir, { id, dir, specFile, backend: report.chosen, started, hparams });
  events.addHParams(hparams);
  post({ kind: 'start', runId: id, runDir: dir, seed, trainSamples: data.train.count, validationSamples: data.validation.count, stepsPerEpoch, epochs: spec.epochs, parameters: model.countParams() });

  let currentStep = checkpoint?.info.step ?? 0;
  const gpu = startGpuRunSampling(options.gpu ?? {}, {
    addValue: (tag, value, wallTime) => events.addScalar(tag, value, currentStep, wallTime),
    describeGpus: (gpus, driverVersion) => record.gpus(gpus, driverVersion),
  });
  const trainStart = performance.now();
  try {
    const result = await runEpochLoop(
      { spec, model, data, names, seed, runDir: dir, specFile, backend: report.chosen, events, record, post, stop: options.stop, onStep: (step) => (currentStep = step) },
      { epoch: checkpoint?.info.epoch ?? 0, step: checkpoint?.info.step ?? 0, batch: checkpoint?.info.batch ?? 0, earlyStopping: checkpoint?.info.earlyStopping },
    );
    const samplesPerSecond = result.samples / ((performance.now() - trainStart) / 1000);
    if (result.stopped) {
      record.end({ status: 'stopped', signal: 'SIGINT' });
      const done: TrainMessage = { kind: 'done', runDir: dir, modelDir: result.stopped.dir, epochs: result.epoch, stoppedEarly: false, values: result.values, samplesPerSecond, stopped: true };
      post(done);
      return done;
    }
    const modelDir = path.join(dir, 'model');
    await model.save(folderSaveHandler(modelDir));
    record.end({ status: 'finished' });
    const done: TrainMessage = { kind: 'done', runDir: dir, modelDir, epochs: result.epoch, stoppedEarly: result.stoppedEarly, values: result.values, samplesPerSecond };
    post(done);
    return done;
  } catch (error) {
    record.end({ status: 'failed', message: (error as Error).message });
    throw error;
  } finally {
    await gpu.stop();
    events.close();
    model.optimizer?.dispose();
    model.dispose();
  }
}
