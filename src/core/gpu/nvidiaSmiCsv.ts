// Saved `nvidia-smi --query-gpu=... --format=csv[,noheader][,nounits]` and `--query-compute-apps` output.
// A header names the columns (with units in brackets unless `nounits`); a headerless file must be in the
// column order of the query that wrote it, which the caller passes, or Tensorsight's own sampler order.
import { FormatError } from '../formats/formatError';
import { computeAppsColumns, computeAppsQuery, isComputeAppsHeader, parseComputeAppRow } from './computeApps';
import { headerFieldName, splitCsvLine } from './csvLine';
import { type GpuDevice, type GpuProcess, type GpuSnapshot } from './gpuSnapshot';
import { csvLocalTime } from './nvidiaSmiTime';
import { parseQueryGpuRow, queryGpuColumns, queryGpuFieldNamed, queryGpuFields } from './queryGpuFields';

/** Which query a CSV holds, and its column names (from the header, or assumed for a headerless file). */
export interface CsvLayout {
  kind: 'query-gpu' | 'compute-apps';
  names: string[];
  hasHeader: boolean;
}

/** The sampler's `--query-gpu` list: the order a headerless file is assumed to be in. */
export const samplerQueryGpuNames: readonly string[] = queryGpuFields.map((field) => field.names[0]);

const headerCell = /^[A-Za-z_][A-Za-z0-9_.]*(\s*\[[^\]]*\])?$/;
const appsNames = new Set(['timestamp', 'gpu_uuid', 'gpu_bus_id', 'gpu_name', 'gpu_serial', 'pid', 'process_name', 'used_memory', 'used_gpu_memory']);

/** Works out what a CSV holds from its first line; `fields` names the columns of a headerless file. */
export function csvLayout(firstLine: string, file: string, fields?: readonly string[]): CsvLayout {
  const cells = splitCsvLine(firstLine);
  const names = cells.map(headerFieldName);
  const isHeader = cells.every((cell) => headerCell.test(cell)) && names.some((name) => queryGpuFieldNamed(name) !== undefined || appsNames.has(name));
  if (isHeader) return { kind: isComputeAppsHeader(names) ? 'compute-apps' : 'query-gpu', names, hasHeader: true };
  if (fields) {
    if (fields.length !== cells.length) throw new FormatError(file, `line 1 has ${cells.length} values but ${fields.length} fields were named`);
    return { kind: isComputeAppsHeader([...fields]) ? 'compute-apps' : 'query-gpu', names: [...fields], hasHeader: false };
  }
  if (cells.length === samplerQueryGpuNames.length) return { kind: 'query-gpu', names: [...samplerQueryGpuNames], hasHeader: false };
  if (cells.length === computeAppsQuery.length) return { kind: 'compute-apps', names: [...computeAppsQuery], hasHeader: false };
  if (cells.length === computeAppsQuery.length - 1) return { kind: 'compute-apps', names: computeAppsQuery.slice(1), hasHeader: false };
  throw new FormatError(
    file,
    `line 1 is not a CSV header and its ${cells.length} values match no known column order; name the columns (the --query-gpu list the file was written with)`,
  );
}

function dataLines(text: string): { line: string; number: number }[] {
  return text
    .split(/\r?\n/)
    .map((line, index) => ({ line, number: index + 1 }))
    .filter(({ line }) => line.trim() !== '');
}

/** Parses a `--query-gpu` CSV into a snapshot with no processes. */
export function parseQueryGpuCsv(text: string, file: string, fields?: readonly string[]): GpuSnapshot {
  const lines = dataLines(text);
  if (lines.length === 0) throw new FormatError(file, 'the file is empty');
  const layout = csvLayout(lines[0].line, file, fields);
  if (layout.kind !== 'query-gpu') throw new FormatError(file, 'holds --query-compute-apps output, not --query-gpu');
  const columns = queryGpuColumns(layout.names);
  if (!columns.some((field) => field !== undefined)) throw new FormatError(file, `none of its columns is a GPU metric Tensorsight reads (${layout.names.slice(0, 5).join(', ')}, ...)`);
  const nameColumn = columns.findIndex((field) => field?.key === 'name');
  const timeColumn = layout.names.indexOf('timestamp');
  const gpus: GpuDevice[] = [];
  let driverVersion: string | null = null;
  let time: string | null = null;
  for (const { line, number } of lines.slice(layout.hasHeader ? 1 : 0)) {
    const values = splitCsvLine(line, columns.length, nameColumn >= 0 ? nameColumn : undefined);
    const row = parseQueryGpuRow(values, columns, gpus.length);
    if (typeof row === 'string') throw new FormatError(file, `line ${number}: ${row}`);
    gpus.push(row.gpu);
    driverVersion ??= row.driverVersion;
    if (time === null && timeColumn >= 0) time = csvLocalTime(values[timeColumn]);
  }
  // The local clock of the machine that wrote it, with no offset: kept as written (nvidiaSmiTime.ts).
  return { source: 'nvidia-smi-csv', time, timestamp: null, driverVersion, cudaVersion: null, gpus, processes: [] };
}

/** Parses a `--query-compute-apps` CSV; an empty list is valid (no process holds a GPU). */
export function parseComputeAppsCsv(text: string, file: string, fields?: readonly string[]): GpuProcess[] {
  const lines = dataLines(text);
  if (lines.length === 0) return [];
  const layout = csvLayout(lines[0].line, file, fields);
  if (layout.kind !== 'compute-apps') throw new FormatError(file, 'holds --query-gpu output, not --query-compute-apps');
  const columns = computeAppsColumns(layout.names);
  const processes: GpuProcess[] = [];
  for (const { line, number } of lines.slice(layout.hasHeader ? 1 : 0)) {
    const process = parseComputeAppRow(splitCsvLine(line, columns.count, columns.name >= 0 ? columns.name : undefined), columns);
    if (!process) throw new FormatError(file, `line ${number}: expected ${columns.count} values with a numeric pid and memory: ${JSON.stringify(line.slice(0, 120))}`);
    processes.push(process);
  }
  return processes;
}
