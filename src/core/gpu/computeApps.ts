// Rows of `nvidia-smi --query-compute-apps=...`: one process with a compute context on one GPU.
import { type GpuProcess } from './gpuSnapshot';
import { gpuTextOrNull, parseGpuInteger, parseGpuNumber } from './gpuValue';

/** What the sampler asks for; `timestamp` groups the rows of one tick (all rows of a query share it). */
export const computeAppsQuery: readonly string[] = ['timestamp', 'gpu_uuid', 'pid', 'process_name', 'used_memory'];

/** Where each value sits in a row; -1 when the row does not carry it. */
export interface ComputeAppsColumns {
  count: number;
  timestamp: number;
  gpuUuid: number;
  gpuBusId: number;
  pid: number;
  name: number;
  memory: number;
}

/** Column positions from field names (`--query-compute-apps` names or CSV headers without units). */
export function computeAppsColumns(names: readonly string[]): ComputeAppsColumns {
  const find = (...aliases: string[]) => names.findIndex((name) => aliases.includes(name));
  return {
    count: names.length,
    timestamp: find('timestamp'),
    gpuUuid: find('gpu_uuid'),
    gpuBusId: find('gpu_bus_id'),
    pid: find('pid'),
    name: find('process_name', 'name'),
    memory: find('used_memory', 'used_gpu_memory'),
  };
}

/** True when `names` look like a compute-apps query rather than a GPU query. */
export function isComputeAppsHeader(names: readonly string[]): boolean {
  const columns = computeAppsColumns(names);
  return columns.pid >= 0 && (columns.name >= 0 || columns.memory >= 0) && !names.includes('index');
}

/** One process from a split row, or undefined when the row is malformed. */
export function parseComputeAppRow(values: readonly string[], columns: ComputeAppsColumns): GpuProcess | undefined {
  if (values.length !== columns.count || columns.pid < 0) return undefined;
  const pid = parseGpuInteger(values[columns.pid]);
  if (pid === undefined) return undefined;
  const memory = columns.memory >= 0 ? parseGpuNumber(values[columns.memory]) : null;
  if (memory === undefined) return undefined;
  const gpuUuid = columns.gpuUuid >= 0 ? gpuTextOrNull(values[columns.gpuUuid]) : null;
  return {
    // The index comes from the GPU list this row is matched against (resolveProcessGpus).
    gpu: null,
    gpuUuid,
    pid,
    name: columns.name >= 0 ? values[columns.name] : '',
    memoryMiB: memory,
    type: null,
    gpuInstanceId: null,
    computeInstanceId: null,
  };
}
