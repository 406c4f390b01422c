// Asks nvidia-smi for the GPUs, the driver version and the newest CUDA version the driver supports.
import { nvidiaSmiFailure, runNvidiaSmi, type NvidiaSmiRun } from '../gpu/runNvidiaSmi';
import type { GpuReport } from './doctorReport';
import { findExecutable } from './findExecutable';
import { GPU_QUERY_FIELDS, parseCudaVersion, parseDriverVersion, parseGpuQueryCsv } from './parseNvidiaSmi';

/** Limits, environment and an optional explicit nvidia-smi path (otherwise PATH is searched). */
export interface NvidiaSmiOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  nvidiaSmi?: string;
}

export async function checkNvidiaSmi(options: NvidiaSmiOptions): Promise<GpuReport> {
  const env = options.env ?? process.env;
  const command = options.nvidiaSmi ?? findExecutable('nvidia-smi', env);
  if (command === undefined) {
    return { status: 'not-found', nvidiaSmi: 'nvidia-smi', error: 'nvidia-smi not found on PATH', gpus: [] };
  }
  const run = (args: string[]) => runNvidiaSmi(args, { binary: command, timeoutMs: options.timeoutMs, env, signal: options.signal });
  // The header row names the columns, so the parser finds them by name whatever order or extra columns come back.
  const [query, table] = await Promise.all([run([`--query-gpu=${GPU_QUERY_FIELDS.join(',')}`, '--format=csv']), run([])]);
  const base = { nvidiaSmi: command, gpus: [] };

  if (query.error?.code === 'ENOENT') return { ...base, status: 'not-found', error: `${command} not found (ENOENT)` };
  const broken = failure(query, command, options.timeoutMs);
  if (broken) return { ...base, ...broken };

  let gpus;
  try {
    gpus = parseGpuQueryCsv(query.stdout);
  } catch (error) {
    return { ...base, status: 'failed', error: `could not read ${command} --query-gpu output: ${(error as Error).message}` };
  }
  // The CUDA version is only in the human-readable header; -q carries it too, for builds whose table differs.
  let header = succeeded(table) ? table.stdout : '';
  if (parseCudaVersion(header) === undefined) {
    const detailed = await run(['-q']);
    if (succeeded(detailed)) header = detailed.stdout;
  }
  return {
    ...base,
    status: 'ok',
    gpus,
    driverVersion: gpus[0]?.driverVersion ?? parseDriverVersion(header),
    cudaVersion: parseCudaVersion(header),
  };
}

function succeeded(run: NvidiaSmiRun): boolean {
  return !run.error && !run.timedOut && !run.aborted && run.code === 0;
}

/** The report fields for an nvidia-smi run that did not succeed, or undefined when it did. */
function failure(run: NvidiaSmiRun, command: string, timeoutMs: number): Partial<GpuReport> & { status: GpuReport['status'] } | undefined {
  if (run.timedOut) return { status: 'timed-out', error: `${command} timed out after ${timeoutMs} ms (killed)` };
  if (run.aborted) return { status: 'failed', error: 'cancelled' };
  if (run.error) return { status: 'failed', error: `could not start ${command}: ${run.error.message}` };
  const output = `${run.stdout}\n${run.stderr}`;
  const known = nvidiaSmiFailure(output);
  if (known && known.kind !== 'invalid-field') return { status: 'failed', driverFailure: true, error: known.message };
  if (run.code !== 0) {
    const text = output.trim().split('\n').slice(0, 3).join(' | ');
    return { status: 'failed', error: `${command} exited with code ${run.code ?? run.signal}${text ? `: ${text}` : ''}` };
  }
  return undefined;
}
