// Pure parsers for the nvidia-smi outputs the doctor reads: the --query-gpu CSV and the CUDA version in the
// default table or -q header. nvidia-smi's failure messages are recognised in core/gpu/runNvidiaSmi.ts.
import type { GpuInfo } from './doctorReport';

/** The columns the doctor asks nvidia-smi for, in order. */
export const GPU_QUERY_FIELDS = ['index', 'name', 'driver_version', 'memory.total'] as const;

/** The newest CUDA version the driver supports, from the default table ('CUDA Version: 13.2') or -q ('CUDA Version : 13.1'). */
export function parseCudaVersion(output: string): string | undefined {
  return /CUDA Version\s*:\s*(\d+(?:\.\d+)*)/.exec(output)?.[1];
}

/** The driver version from the same headers ('Driver Version: 595.71.05'). */
export function parseDriverVersion(output: string): string | undefined {
  return /Driver Version\s*:\s*(\d+(?:\.\d+)*)/.exec(output)?.[1];
}

/**
 * Reads `nvidia-smi --query-gpu=... --format=csv` output. With a header row, columns are found by name
 * (so any superset of GPU_QUERY_FIELDS works, in any order); without one they are taken in GPU_QUERY_FIELDS order.
 * Throws an Error naming the line and what was expected when a row does not fit.
 */
export function parseGpuQueryCsv(text: string): GpuInfo[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (lines.length === 0) return [];
  const first = splitRow(lines[0]);
  const hasHeader = first.some((cell) => (GPU_QUERY_FIELDS as readonly string[]).includes(columnName(cell)));
  const header = hasHeader ? first.map(columnName) : [...GPU_QUERY_FIELDS];
  const column = (field: string) => header.indexOf(field);
  for (const field of GPU_QUERY_FIELDS) {
    if (column(field) < 0) throw new Error(`nvidia-smi CSV line 1: expected column '${field}' in the header (${first.slice(0, 4).join(', ')}${first.length > 4 ? ', ...' : ''})`);
  }
  const gpus: GpuInfo[] = [];
  for (let i = hasHeader ? 1 : 0; i < lines.length; i++) {
    const cells = splitRow(lines[i]);
    if (cells.length !== header.length) throw new Error(`nvidia-smi CSV line ${i + 1}: expected ${header.length} columns, got ${cells.length}`);
    const index = Number(cells[column('index')]);
    if (!Number.isInteger(index)) throw new Error(`nvidia-smi CSV line ${i + 1}: expected an integer GPU index, got '${cells[column('index')]}'`);
    gpus.push({
      index,
      name: cells[column('name')],
      driverVersion: cells[column('driver_version')],
      memoryTotalMiB: mebibytes(cells[column('memory.total')]),
    });
  }
  return gpus;
}

/** nvidia-smi writes ', ' between cells and never quotes; GPU names carry no commas. */
function splitRow(line: string): string[] {
  return line.split(',').map((cell) => cell.trim());
}

/** 'memory.total [MiB]' -> 'memory.total'. */
function columnName(cell: string): string {
  return cell.replace(/\s*\[[^\]]*\]$/, '');
}

/** '16376 MiB' or '16376' -> 16376; '[N/A]' and '[Not Supported]' -> null. */
function mebibytes(cell: string): number | null {
  const match = /^(\d+(?:\.\d+)?)\s*(MiB)?$/.exec(cell);
  return match ? Number(match[1]) : null;
}
