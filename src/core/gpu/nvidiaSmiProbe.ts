// One-shot nvidia-smi query: the availability check of the sampler and the live sample of the CLI. It settles
// the field list (an older driver rejects a field: use the field's older name, or drop it, and ask again),
// and reads processes and, where MIG is on, the MIG layout (migLayout.ts).
import { computeAppsColumns, computeAppsQuery, parseComputeAppRow } from './computeApps';
import { splitCsvLine } from './csvLine';
import { resolveProcessGpus, type GpuDevice, type GpuProcess, type GpuSnapshot } from './gpuSnapshot';
import { nvidiaSmiFailure, firstOutputLine, runNvidiaSmi, startFailureReason, type NvidiaSmiRunOptions } from './runNvidiaSmi';
import { parseQueryGpuRow, queryGpuFields, type QueryGpuField, type QueryGpuRow } from './queryGpuFields';
import { liveTime } from './nvidiaSmiTime';
import { anyMig, migKey, placeProcesses, readMigLayout, type MigLayout, type MigPlacement } from './migLayout';

/** A field as requested: which of its names this driver accepts. */
export interface RequestedField {
  field: QueryGpuField;
  name: string;
}

/** The outcome of a probe: a first snapshot and the field list to stream with, or why there is none. */
export type ProbeResult =
  | { ok: true; snapshot: GpuSnapshot; fields: RequestedField[]; dropped: string[]; appsAvailable: boolean; migDevices: Map<string, GpuDevice['migDevices']>; migPlacements: MigLayout['placements'] }
  | { ok: false; reason: string };

/** The csv flags every query uses: no header and no units, so each row is plain values. */
export const csvFlags = '--format=csv,noheader,nounits';

/** Checks nvidia-smi and takes one sample. */
export async function probeNvidiaSmi(options: NvidiaSmiRunOptions): Promise<ProbeResult> {
  const requested: RequestedField[] = queryGpuFields.map((field) => ({ field, name: field.names[0] }));
  const dropped: string[] = [];
  // Each retry removes or renames one field, so this ends after at most one try per field name.
  for (let attempt = 0; attempt <= queryGpuFields.reduce((sum, field) => sum + field.names.length, 0); attempt++) {
    const run = await runNvidiaSmi([`--query-gpu=${requested.map((entry) => entry.name).join(',')}`, csvFlags], options);
    if (run.error) return { ok: false, reason: startFailureReason(options.binary, run.error) };
    if (run.timedOut) return { ok: false, reason: `nvidia-smi did not answer within ${Math.round(options.timeoutMs / 1000)} s (the driver may be hung)` };
    if (run.aborted) return { ok: false, reason: 'cancelled' };
    const failure = nvidiaSmiFailure(`${run.stdout}\n${run.stderr}`);
    if (failure?.kind === 'invalid-field') {
      if (!retreatField(requested, failure.field, dropped)) return { ok: false, reason: `nvidia-smi rejected the field list: ${failure.message}` };
      continue;
    }
    if (failure?.kind === 'driver') return { ok: false, reason: failure.message };
    if (failure?.kind === 'no-devices') return { ok: false, reason: 'No NVIDIA GPU found (nvidia-smi: No devices were found)' };
    if (run.code !== 0) return { ok: false, reason: `nvidia-smi exited with ${run.code ?? run.signal}: ${firstOutputLine(run) || 'no output'}` };
    const rows = parseRows(run.stdout, requested);
    const gpus = rows.map((row) => row.gpu);
    if (gpus.length === 0) return { ok: false, reason: `nvidia-smi listed no GPUs${run.stdout.trim() ? `: ${firstOutputLine(run)}` : ''}` };
    const [apps, mig] = await Promise.all([queryProcesses(options), anyMig(gpus) ? readMigLayout(options) : undefined]);
    const migDevices = mig?.devices ?? new Map<string, GpuDevice['migDevices']>();
    const migPlacements = mig?.placements ?? new Map<number, MigPlacement>();
    for (const gpu of gpus) gpu.migDevices = migDevices.get(migKey(gpu)) ?? [];
    return {
      ok: true,
      snapshot: { source: 'nvidia-smi', ...liveTime(), driverVersion: rows[0].driverVersion, cudaVersion: null, gpus, processes: resolveProcessGpus(placeProcesses(apps ?? [], migPlacements), gpus) },
      fields: requested,
      dropped,
      appsAvailable: apps !== undefined,
      migDevices,
      migPlacements,
    };
  }
  return { ok: false, reason: 'nvidia-smi kept rejecting the field list' };
}

/** Moves a rejected field to its next name, or drops it; false when the field is essential or unknown. */
export function retreatField(requested: RequestedField[], rejected: string, dropped: string[]): boolean {
  const at = requested.findIndex((entry) => entry.name === rejected);
  if (at < 0 || requested[at].field.key === 'index') return false;
  const names = requested[at].field.names;
  const next = names[names.indexOf(rejected) + 1];
  if (next !== undefined) requested[at] = { field: requested[at].field, name: next };
  else {
    requested.splice(at, 1);
    dropped.push(rejected);
  }
  return true;
}

function parseRows(stdout: string, requested: readonly RequestedField[]): QueryGpuRow[] {
  const columns = requested.map((entry) => entry.field);
  const nameColumn = columns.findIndex((field) => field.key === 'name');
  const rows: QueryGpuRow[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const row = parseQueryGpuRow(splitCsvLine(line, columns.length, nameColumn), columns, rows.length);
    if (typeof row !== 'string') rows.push(row);
  }
  return rows;
}

/** Compute processes, or undefined when this nvidia-smi cannot list them. */
async function queryProcesses(options: NvidiaSmiRunOptions): Promise<GpuProcess[] | undefined> {
  const run = await runNvidiaSmi([`--query-compute-apps=${computeAppsQuery.join(',')}`, csvFlags], options);
  if (run.error || run.timedOut || run.code !== 0 || nvidiaSmiFailure(`${run.stdout}\n${run.stderr}`)) return undefined;
  const columns = computeAppsColumns(computeAppsQuery);
  return run.stdout
    .split(/\r?\n/)
    .filter((line) => line.trim() !== '')
    .map((line) => parseComputeAppRow(splitCsvLine(line, columns.count, columns.name), columns))
    .filter((process): process is GpuProcess => process !== undefined);
}
