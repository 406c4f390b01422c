// Worker-thread entry of the fuzz pool: runs one reader on one case file per message and reports how it
// ended. A model read is followed by what the surfaces build from it: the CLI summary, the Model view's outline
// and the graph editor's payload. A FormatError is the documented failure of every reader here; anything else
// thrown is a crash.
import { readFileSync } from 'node:fs';
import { parentPort } from 'node:worker_threads';
import { runReport } from '../../src/core/events/eventsReport';
import { LogdirReader } from '../../src/core/events/logdirReader';
import { FormatError } from '../../src/core/formats/formatError';
import { hdf5Stopped } from '../../src/core/formats/containers/hdf5File';
import { readCaffe } from '../../src/core/formats/caffe/caffeReader';
import { readDl4j } from '../../src/core/formats/dl4j/dl4jReader';
import { readGguf } from '../../src/core/formats/gguf/ggufReader';
import { readKeras } from '../../src/core/formats/keras/kerasReader';
import { readOnnx } from '../../src/core/formats/onnx/onnxReader';
import { readPyTorch } from '../../src/core/formats/pytorch/pytorchReader';
import { readSafetensors } from '../../src/core/formats/safetensors/safetensorsReader';
import { readGraphDef } from '../../src/core/formats/tensorflow/graphDefReader';
import { readSavedModel } from '../../src/core/formats/tensorflow/savedModelReader';
import { readBundleIndex } from '../../src/core/formats/tensorflow/tensorBundle';
import { readTfjs } from '../../src/core/formats/tfjs/tfjsReader';
import { readTflite } from '../../src/core/formats/tflite/tfliteReader';
import { readTorch7 } from '../../src/core/formats/torch7/torch7Reader';
import { buildGraphPayload } from '../../src/core/graph/graphPayload';
import { parseGpuReport } from '../../src/core/gpu/parseGpuReport';
import type { Model } from '../../src/core/ir/graph';
import { buildModelOutline } from '../../src/core/ir/modelOutline';

/** A case sent to the worker. */
export interface FuzzRequest {
  id: number;
  reader: string;
  path: string;
}

/** How a case ended inside the worker; `stopped`: HDF5 aborted, so this worker must be replaced. */
export interface FuzzReply {
  id: number;
  outcome: 'result' | 'formatError' | 'crash';
  detail: string;
  stopped: boolean;
}

// The outline holds the summary the CLI prints (summarizeModel), so it is not computed a second time here.
const model = (read: (path: string) => Promise<Model>) => async (path: string) => {
  const parsed = await read(path);
  return [buildModelOutline(parsed), buildGraphPayload(parsed)];
};

const runners: Record<string, (path: string) => Promise<unknown>> = {
  onnx: model(readOnnx),
  'keras-h5': model(readKeras),
  'keras-zip': model(readKeras),
  tfjs: model(readTfjs),
  'pytorch-zip': model(readPyTorch),
  'pytorch-legacy': model(readPyTorch),
  torchscript: model(readPyTorch),
  tflite: model(readTflite),
  savedmodel: model(readSavedModel),
  'tf-bundle': (path) => readBundleIndex(path),
  'tf-graphdef': model(readGraphDef),
  caffe: model(readCaffe),
  torch7: model(readTorch7),
  dl4j: model(readDl4j),
  gguf: model(readGguf),
  safetensors: model(readSafetensors),
  events: async (path) => {
    const reader = new LogdirReader(path);
    reader.poll();
    return reader.runList().map((run) => runReport(run, reader.root));
  },
  'nvidia-smi-xml': async (path) => parseGpuReport(readFileSync(path, 'utf8'), path),
  'nvidia-smi-csv': async (path) => parseGpuReport(readFileSync(path, 'utf8'), path),
};

async function runCase(request: FuzzRequest): Promise<FuzzReply> {
  const run = runners[request.reader];
  const reply = (outcome: FuzzReply['outcome'], detail: string): FuzzReply => ({ id: request.id, outcome, detail, stopped: hdf5Stopped() });
  if (!run) return reply('crash', `no fuzz runner for reader '${request.reader}'`);
  try {
    await run(request.path);
    return reply('result', '');
  } catch (error) {
    if (error instanceof FormatError) return reply('formatError', error.message);
    return reply('crash', error instanceof Error ? (error.stack ?? error.message).split('\n').slice(0, 6).join('\n') : String(error));
  }
}

if (parentPort) {
  const port = parentPort;
  port.on('message', (request: FuzzRequest) => void runCase(request).then((reply) => port.postMessage(reply)));
  port.postMessage({ ready: true });
}
