// `tensorsight trace <file> [--json] [--diff <other>]`: the summary of a profiler trace (Kineto, older Kineto,
// Kineto-less torch, ONNX Runtime, TensorFlow, Chrome), read in a worker thread in one streaming pass
// (JSON contract: docs/cli.md).
import { InputError, UsageError, parseArgs, type CliCommand } from '../cliCommand';
import { diffTraces } from '../../core/profile/analysis/traceDiff';
import { summarizeTraceInWorker } from '../../core/profile/traceWorkerClient';
import { formatTraceDiffText, formatTraceText } from '../../core/profile/traceSummaryText';
import type { TraceSummary } from '../../core/profile/traceSummary';

const usage = `Usage: tensorsight trace <trace> [--json] [--diff <other-trace>] [--by-shape] [--timeout <seconds>]

Summarizes a profiler trace: step time broken down by category, operators (host and device
time), kernels, memory, GPU utilization and idle time. Reads traces of any size as a stream.

  <trace>        PyTorch/Kineto *.pt.trace.json(.gz), ONNX Runtime profile JSON, TensorFlow
                 *.trace.json.gz, or Chrome trace JSON (plain or gzip)
  --json         machine-readable output: {file, fileBytes, dialect, events, startUs, spanUs,
                 steps, ops: [{name, calls, totalUs, selfUs, ...}], kernels, memory, idle,
                 gpus, deviceProperties, warnings}
  --diff <other> compare with another trace (<trace> is the baseline): operator and kernel
                 times side by side with deltas; with --json the diff object
  --by-shape     one operator row per (name, input shapes)
  --timeout S    stop reading after S seconds (default: no limit)`;

async function summarize(file: string, groupByShape: boolean, timeoutMs: number | undefined): Promise<TraceSummary> {
  const result = await summarizeTraceInWorker({ path: file, analysis: { groupByShape } }, { timeoutMs }).result;
  if (!result.ok) throw result.formatError ? new InputError(result.error) : new Error(result.error);
  return result.summary;
}

export const traceCommand: CliCommand = {
  name: 'trace',
  summary: 'summary of a profiler trace (PyTorch/Kineto, ONNX Runtime, TensorFlow, Chrome): steps, ops, kernels',
  usage,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, ['diff', 'timeout'], ['by-shape']);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing the trace file' : 'expected exactly one trace file');
    const timeoutFlag = flags.get('timeout');
    const timeout = timeoutFlag === undefined ? undefined : Number(timeoutFlag);
    if (timeout !== undefined && !(timeout > 0 && Number.isFinite(timeout))) throw new UsageError(`--timeout needs a positive number of seconds, got '${String(timeoutFlag)}'`);
    const timeoutMs = timeout === undefined ? undefined : timeout * 1000;
    const groupByShape = flags.has('by-shape');
    const other = flags.get('diff');
    const json = flags.has('json');
    if (typeof other === 'string') {
      const [a, b] = await Promise.all([summarize(positionals[0], groupByShape, timeoutMs), summarize(other, groupByShape, timeoutMs)]);
      const diff = diffTraces(a, b);
      io.out(json ? `${JSON.stringify(diff, null, 2)}\n` : formatTraceDiffText(diff));
      return 0;
    }
    const summary = await summarize(positionals[0], groupByShape, timeoutMs);
    io.out(json ? `${JSON.stringify(summary, null, 2)}\n` : formatTraceText(summary));
    return 0;
  },
};
