// `tensorsight summary <model>` (options in `usage` below): layers, shapes, parameters and MACs of a
// model file in any supported format, and for a GGUF or safetensors(+config.json) transformer its architecture
// and whether it fits on each GPU (JSON contract: docs/cli.md).
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { InputError, UsageError, parseArgs, type CliCommand } from '../cliCommand';
import { fileErrorText } from '../../core/display/fileErrorText';
import { FormatError } from '../../core/formats/formatError';
import { probeNvidiaSmi } from '../../core/gpu/nvidiaSmiProbe';
import { parseGpuReport } from '../../core/gpu/parseGpuReport';
import { gpuFreeMemory } from '../../core/llm/gpuFreeMemory';
import { DEFAULT_CONTEXT_CAP, llmFit, type GpuList } from '../../core/llm/llmFitReport';
import { llmText } from '../../core/llm/llmRows';
import { scopeRows } from '../../core/ir/scopeTree';
import { formatSummaryText } from '../../core/ir/summaryText';
import { DimBindingsError, parseDims } from '../../core/ir/dimBindings';
import { InputShapeError, parseInputShapes, type InputShape } from '../../core/ir/inputShapes';
import type { ModelSummaryRequest, ModelSummaryResult } from '../../core/parse/modelSummaryWorker';
import { DEFAULT_PARSE_TIMEOUT_SECONDS, runWatched } from '../../core/parse/parseWatchdog';
import { workerScript } from '../../core/parse/workerScript';

const usage = `Usage: tensorsight summary <model> [--json] [--depth N] [--dims name=value,...] [--input-shape [name=]1x3x224x224;...] [--timeout <seconds>]
                           [--context N] [--batch B] [--gpus live|none|<nvidia-smi report>]

Prints the layers of a model file with output shapes, parameters and MACs (FLOPs = 2 x MACs),
and totals: parameters and their bytes, MACs, peak activation memory. For a GGUF file, or safetensors
with a Hugging Face config.json beside it, also the architecture (layers, widths, heads, vocabulary,
context, RoPE, params by quantization type) and the memory it needs (weights plus KV cache) against
each GPU's free memory.

  <model>      a model file or folder, detected by content: ONNX .onnx, Keras .keras/.h5, TF.js
               model.json, PyTorch .pt/.pth, TFLite .tflite, TensorFlow SavedModel folder or
               saved_model.pb, frozen GraphDef .pb, Caffe .prototxt/.caffemodel, Torch7 .t7,
               DL4J .zip, GGUF .gguf, safetensors .safetensors or *.safetensors.index.json
  --json       machine-readable output: {format, producer, nodes, params, paramBytes, macs,
               opTypes, inputs, outputs, layers, ...}
  --depth N    group layers by module scope down to depth N (torchinfo-style); with --json
               the groups are added as "groups"
  --dims       values for symbolic input dims, e.g. --dims batch=8,sequence=512; unbound
               symbols count as 1 in MACs and memory
  --input-shape  shapes for inputs the file leaves unknown (TorchScript, TF.js -1 dims), e.g.
               1x3x224x224, or image=1x3x224x224;mask=1x16 per input (dims joined by x or ,)
  --timeout S  stop reading after S seconds (default ${DEFAULT_PARSE_TIMEOUT_SECONDS}): a damaged file can make a
               reader spin forever; the parse runs in a worker thread that is stopped at the limit
  --context N  tokens of context of the KV cache (default: the model's context length, at most ${DEFAULT_CONTEXT_CAP})
  --batch B    sequences at once in the KV cache (default 1)
  --gpus S     the GPUs to check the need against: live (default: one nvidia-smi sample, found on PATH
               or at $TENSORSIGHT_NVIDIA_SMI; without a GPU the reason is printed), none, or a saved
               \`nvidia-smi -q -x\` XML or \`--query-gpu\` CSV file (as \`tensorsight gpu --from\` reads)
               With --json the transformer's figures are added as "llm": {architecture, estimatedParams,
               storedParams, paramsByType, weightBytes, weightsEstimated, need: {weightBytes, kvCacheBytes,
               totalBytes, context, batch}, gpus: [{index, name, freeBytes, neededBytes, fits, marginBytes}],
               noGpu?}`;

/** Names of files that may hold a transformer the GPU check applies to. */
const LLM_FILE = /\.(gguf|safetensors)$|\.safetensors\.index\.json$/i;

/** How long the live GPU check waits for nvidia-smi. */
const GPU_PROBE_TIMEOUT_MS = 10_000;

/** --context and --batch: positive integers (exit code 2 otherwise). */
function positiveIntFlag(flag: string | true | undefined, name: string): number | undefined {
  if (flag === undefined) return undefined;
  const value = Number(flag);
  if (flag === true || !Number.isInteger(value) || value < 1) throw new UsageError(`--${name} needs a positive integer, got '${String(flag)}'`);
  return value;
}

/** The GPUs of --gpus: one live nvidia-smi sample, none, or a saved report. */
async function gpuList(flag: string | true | undefined): Promise<GpuList> {
  if (flag === 'none') return { kind: 'pending', reason: 'not asked for (--gpus none)' };
  if (flag === undefined || flag === 'live') {
    const probe = await probeNvidiaSmi({ binary: process.env.TENSORSIGHT_NVIDIA_SMI || 'nvidia-smi', timeoutMs: GPU_PROBE_TIMEOUT_MS });
    return probe.ok ? { kind: 'gpus', gpus: gpuFreeMemory(probe.snapshot) } : { kind: 'unavailable', reason: probe.reason };
  }
  if (flag === true) throw new UsageError('--gpus needs live, none or a saved nvidia-smi report');
  let text: string;
  try {
    text = await readFile(flag, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${flag}: ${fileErrorText(error)}`);
  }
  try {
    return { kind: 'gpus', gpus: gpuFreeMemory(parseGpuReport(text, flag)) };
  } catch (error) {
    if (error instanceof FormatError) throw new InputError(error.message);
    throw error;
  }
}

/** Parses and summarizes in a worker thread (dist/workers/modelSummary.js, or its source under tsx), stopped at `timeoutMs`. */
function summarizeInWorker(request: ModelSummaryRequest, timeoutMs: number): Promise<ModelSummaryResult> {
  const script = workerScript(path.join(__dirname, 'workers'), 'modelSummary', path.resolve(__dirname, '../../core/parse/modelSummaryWorker.ts'), __filename);
  // A stopped or crashed reader is bad input too (exit code 1): the message names the file and the limit.
  const fail = (error: string): ModelSummaryResult => ({ ok: false, error, formatError: true });
  return runWatched<ModelSummaryResult>(script, request, { subject: request.path, timeoutMs, fail }).result;
}

/** `--input-shape`: a bad spec is bad usage (exit code 2). */
function parseShapesFlag(flag: string | true | undefined): InputShape[] | undefined {
  if (flag === undefined) return undefined;
  if (flag === true) throw new UsageError('--input-shape needs a value, e.g. 1x3x224x224');
  try {
    return parseInputShapes(flag);
  } catch (error) {
    if (error instanceof InputShapeError) throw new UsageError(error.message);
    throw error;
  }
}

/** `--dims` (also `profile --dims`): a bad entry is bad usage (exit code 2). */
export function parseDimsFlag(flag: string | true | undefined): Record<string, number> {
  if (flag === undefined) return {};
  if (flag === true) throw new UsageError('--dims needs a value, e.g. batch=1,seq=128');
  try {
    return parseDims(flag);
  } catch (error) {
    if (error instanceof DimBindingsError) throw new UsageError(`--dims ${error.message}`);
    throw error;
  }
}

export const summaryCommand: CliCommand = {
  name: 'summary',
  summary: 'layers, shapes, parameters and MACs of a model file (ONNX, Keras, TF.js, PyTorch, TFLite, TensorFlow, Caffe, Torch7, DL4J, GGUF, safetensors)',
  usage,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, ['depth', 'dims', 'input-shape', 'timeout', 'context', 'batch', 'gpus']);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing the model file' : 'expected exactly one model file');
    const depthFlag = flags.get('depth');
    const depth = depthFlag === undefined ? undefined : Number(depthFlag);
    if (depth !== undefined && (!Number.isInteger(depth) || depth < 1)) throw new UsageError(`--depth needs a positive integer, got '${String(depthFlag)}'`);
    const dims = parseDimsFlag(flags.get('dims'));
    const inputShapes = parseShapesFlag(flags.get('input-shape'));
    const timeoutFlag = flags.get('timeout');
    const timeout = timeoutFlag === undefined ? DEFAULT_PARSE_TIMEOUT_SECONDS : Number(timeoutFlag);
    if (!(timeout > 0 && Number.isFinite(timeout))) throw new UsageError(`--timeout needs a positive number of seconds, got '${String(timeoutFlag)}'`);
    const settings = { context: positiveIntFlag(flags.get('context'), 'context'), batch: positiveIntFlag(flags.get('batch'), 'batch') };
    const gpusFlag = flags.get('gpus');
    if (gpusFlag === true) throw new UsageError('--gpus needs live, none or a saved nvidia-smi report');
    // nvidia-smi answers while the file is read, where the name says GGUF or safetensors (the common case).
    const early = LLM_FILE.test(positionals[0]) ? gpuList(gpusFlag) : undefined;
    early?.catch(() => undefined);
    const result = await summarizeInWorker({ path: positionals[0], options: { dims, inputShapes } }, timeout * 1000);
    if (!result.ok) throw result.formatError ? new InputError(result.error) : new Error(result.error);
    const { summary, llm: report } = result;
    const fit = report && llmFit(report, settings, await (early ?? gpuList(gpusFlag)));
    if (!report && (settings.context !== undefined || settings.batch !== undefined || gpusFlag !== undefined)) {
      io.err(`tensorsight summary: --context, --batch and --gpus apply only to GGUF and safetensors(+config.json) transformers; ignored for this ${summary.format} file\n`);
    }
    if (flags.has('json')) {
      const groups = depth === undefined ? {} : { groups: scopeRows(summary.layers, depth) };
      const llm = report && fit ? { llm: { ...report, need: fit.need, gpus: fit.gpus, ...(fit.noGpu ? { noGpu: fit.noGpu.reason } : {}) } } : {};
      io.out(`${JSON.stringify({ ...summary, ...groups, ...llm }, null, 2)}\n`);
    } else {
      io.out(formatSummaryText(summary, depth));
      if (report && fit) io.out(`\n${llmText(report, fit)}`);
    }
    return 0;
  },
};
