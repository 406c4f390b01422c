// `tensorsight gpu`: one live sample from nvidia-smi, a stream of them (--watch), or a saved report (--from).
import { readFile } from 'node:fs/promises';
import { fileErrorText } from '../../core/display/fileErrorText';
import { FormatError } from '../../core/formats/formatError';
import { type GpuSnapshot } from '../../core/gpu/gpuSnapshot';
import { formatGpuTable } from '../../core/gpu/gpuTextTable';
import { probeNvidiaSmi } from '../../core/gpu/nvidiaSmiProbe';
import { NvidiaSmiSampler } from '../../core/gpu/nvidiaSmiSampler';
import { parseGpuReport } from '../../core/gpu/parseGpuReport';
import { InputError, parseArgs, UsageError, type CliCommand, type CliIo } from '../cliCommand';

const USAGE = `Usage: tensorsight gpu [--json] [--watch [--count <n>] [--interval <ms>]] [--from <file> [--fields <list>] [--phase <name>]]

Shows each GPU (utilization, memory, temperature, power, clocks, fan, P-state, throttle reasons, ECC, PCIe,
MIG instances) and the processes using it.
  (no option)       one live sample from nvidia-smi (found on PATH, or at $TENSORSIGHT_NVIDIA_SMI)
  --watch           stream samples from one long-lived nvidia-smi until Ctrl-C
  --count <n>       with --watch: stop after n samples
  --interval <ms>   with --watch: sampling period (default 1000, at least 50)
  --from <file>     read a saved report instead, detected by content: \`nvidia-smi -q -x\` XML,
                    \`--query-gpu\` or \`--query-compute-apps\` CSV (with or without header and units),
                    or an nvidia_gpu_exporter capture file
  --fields <list>   with --from: the column names of a headerless CSV (the --query-gpu list that wrote it)
  --phase <name>    with --from: which phase of a capture file to read (default: the last, e.g. load)
  --json            print {source, time, timestamp, driverVersion, cudaVersion, gpus: [{index, name, uuid,
                    utilization, memoryUsedMiB, memoryTotalMiB, temperatureC, powerW, powerLimitW, ...,
                    migDevices}], processes: [{gpu, gpuUuid, pid, name, memoryMiB, ...}]}; with --watch, one
                    object per line. A value the GPU does not report is null. \`gpu\` is the GPU's index
                    (null only for a lone --query-compute-apps file, which lists no GPUs), \`gpuUuid\` its UUID.
                    \`time\` is the source's clock as written, ISO 8601: saved XML and CSV record no UTC offset,
                    so theirs has none and \`timestamp\` (ms since the epoch) is null; a live sample, or a
                    capture whose header gives the UTC collection time, carries the offset and the timestamp.
No GPU, no nvidia-smi, or a driver nvidia-smi cannot reach: exit 1 with the reason on stderr; with --json,
stdout also gets {"gpus": [], "processes": [], "unavailable": "<reason>"}.`;

const valued = ['from', 'interval', 'count', 'fields', 'phase'];

export const gpuCommand: CliCommand = {
  name: 'gpu',
  summary: 'show GPUs and their processes, live from nvidia-smi or from a saved report',
  usage: USAGE,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, valued, ['watch']);
    if (positionals.length > 0) throw new UsageError(`unexpected argument '${positionals[0]}'`);
    const json = flags.has('json');
    const from = flags.get('from');
    const watch = flags.has('watch');
    if (from !== undefined && watch) throw new UsageError('--watch samples live GPUs; it cannot be combined with --from');
    if (!watch && (flags.has('interval') || flags.has('count'))) throw new UsageError('--interval and --count apply only with --watch');
    if (from === undefined && (flags.has('fields') || flags.has('phase'))) throw new UsageError('--fields and --phase apply only with --from');
    const binary = process.env.TENSORSIGHT_NVIDIA_SMI || 'nvidia-smi';
    if (typeof from === 'string') return print(await readReport(from, flags.get('fields'), flags.get('phase')), json, io);
    if (watch) return watchGpus(binary, positiveInt(flags.get('interval'), 'interval', 1000, 50), positiveInt(flags.get('count'), 'count', Infinity, 1), json, io);
    const result = await probeNvidiaSmi({ binary, timeoutMs: 15_000 });
    return result.ok ? print(result.snapshot, json, io) : unavailable(result.reason, json, io);
  },
};

function positiveInt(value: string | true | undefined, name: string, fallback: number, minimum: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < minimum) throw new UsageError(`--${name} must be an integer of at least ${minimum}, got '${value}'`);
  return parsed;
}

async function readReport(file: string, fields: string | true | undefined, phase: string | true | undefined): Promise<GpuSnapshot> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read ${file}: ${fileErrorText(error)}`);
  }
  try {
    return parseGpuReport(text, file, {
      fields: typeof fields === 'string' ? fields.split(',').map((name) => name.trim()) : undefined,
      phase: typeof phase === 'string' ? phase : undefined,
    });
  } catch (error) {
    if (error instanceof FormatError) throw new InputError(error.message);
    throw error;
  }
}

function print(snapshot: GpuSnapshot, json: boolean, io: CliIo): number {
  io.out(json ? `${JSON.stringify(snapshot, null, 2)}\n` : formatGpuTable(snapshot));
  return 0;
}

function unavailable(reason: string, json: boolean, io: CliIo): number {
  if (json) io.out(`${JSON.stringify({ gpus: [], processes: [], unavailable: reason })}\n`);
  io.err(`tensorsight gpu: no GPU data: ${reason}\n`);
  return 1;
}

/** Streams until Ctrl-C, `count` samples, or the GPUs become unavailable. */
function watchGpus(binary: string, intervalMs: number, count: number, json: boolean, io: CliIo): Promise<number> {
  const sampler = new NvidiaSmiSampler({ binary, intervalMs });
  return new Promise((resolve) => {
    let seen = 0;
    let finished = false;
    const finish = (code: number) => {
      if (finished) return;
      finished = true;
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      void sampler.stop().then(() => resolve(code));
    };
    const onSignal = () => finish(0);
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    sampler.onSnapshot((snapshot) => {
      if (finished) return;
      io.out(json ? `${JSON.stringify(snapshot)}\n` : `${seen > 0 ? '\n' : ''}${formatGpuTable(snapshot)}`);
      if (++seen >= count) finish(0);
    });
    sampler.onState((state) => {
      if (state.kind === 'unavailable') finish(unavailable(state.reason, json, io));
      else if (state.kind === 'restarting') io.err(`tensorsight gpu: ${state.reason}; restarting in ${state.delayMs} ms\n`);
    });
    sampler.start();
  });
}
