// Reads any saved nvidia-smi output Tensorsight understands, detected by content: `-q -x` XML, `--query-gpu`
// or `--query-compute-apps` CSV, or a capture file holding both. Other nvidia-smi outputs (the `-q` text,
// the default table, dmon/pmon) are named in the error, with the command that writes a readable form.
import { FormatError } from '../formats/formatError';
import { captureCollectedAt, captureCudaVersion, captureGpuList, captureQueries, capturePhases, isCaptureFile, readCaptureSections } from './nvidiaSmiCapture';
import { csvLayout, parseComputeAppsCsv, parseQueryGpuCsv } from './nvidiaSmiCsv';
import { parseGpuList, type ListedGpu } from './nvidiaSmiList';
import { offsetFromReference, withOffset } from './nvidiaSmiTime';
import { parseNvidiaSmiXml } from './nvidiaSmiXml';
import { resolveProcessGpus, type GpuDevice, type GpuSnapshot } from './gpuSnapshot';
import { nvidiaSmiFailure } from './runNvidiaSmi';

/** Options for reading a saved report. */
export interface GpuReportOptions {
  /** Column names of a headerless CSV (its --query-gpu or --query-compute-apps list). */
  fields?: readonly string[];
  /** Which phase of a capture file to read (`idle`, `load`); the last one by default. */
  phase?: string;
}

const readableForms = 'save `nvidia-smi -q -x` (XML) or `nvidia-smi --query-gpu=... --format=csv` instead';

/** Parses saved nvidia-smi output into a snapshot; throws FormatError naming the file and what was expected. */
export function parseGpuReport(text: string, file: string, options: GpuReportOptions = {}): GpuSnapshot {
  const body = text.replace(/^\uFEFF/, '');
  const head = body.trimStart();
  if (head === '') throw new FormatError(file, 'the file is empty');
  if (head.startsWith('<')) return parseNvidiaSmiXml(body, file);
  const failure = nvidiaSmiFailure(body.slice(0, 4096));
  if (failure?.kind === 'driver') throw new FormatError(file, `holds nvidia-smi's driver failure message, not GPU data: "${failure.message}"`);
  if (isCaptureFile(body)) return parseCapture(body, file, options.phase);
  const firstLine = head.split(/\r?\n/, 1)[0];
  if (/^=+NVSMI LOG=+/.test(firstLine)) throw new FormatError(file, `holds \`nvidia-smi -q\` text output, which Tensorsight does not read; ${readableForms}`);
  if (/^#\s*gpu\s+/.test(firstLine)) throw new FormatError(file, `holds \`nvidia-smi dmon\` or \`pmon\` output, which Tensorsight does not read; ${readableForms}`);
  if (/\|\s*NVIDIA-SMI \d/.test(body.slice(0, 4096))) throw new FormatError(file, `holds the \`nvidia-smi\` summary table, which Tensorsight does not read; ${readableForms}`);
  if (!firstLine.includes(',') || hasControlCharacters(firstLine)) {
    throw new FormatError(file, `is not nvidia-smi output Tensorsight reads (expected -q -x XML or --query-gpu CSV); line 1 begins ${JSON.stringify(firstLine.slice(0, 60))}`, { offset: 0 });
  }
  if (csvLayout(firstLine, file, options.fields).kind === 'compute-apps') {
    // No GPU rows to match UUIDs against: each process keeps its UUID, with a null index.
    return { source: 'nvidia-smi-csv', time: null, timestamp: null, driverVersion: null, cudaVersion: null, gpus: [], processes: parseComputeAppsCsv(body, file, options.fields) };
  }
  return parseQueryGpuCsv(body, file, options.fields);
}

/**
 * A capture's `--query-gpu` CSV of one phase, completed from its other sections: MIG devices from `-L`, the
 * CUDA version from `--version` (or the summary table), and the UTC offset from the header's `collected_at`.
 */
function parseCapture(text: string, file: string, phase?: string): GpuSnapshot {
  const sections = readCaptureSections(text);
  const phases = capturePhases(sections);
  if (phases.length === 0) throw new FormatError(file, 'is a capture file without a `--query-gpu --format=csv` section');
  const chosen = phase ?? phases[phases.length - 1];
  if (!phases.includes(chosen)) throw new FormatError(file, `has no phase '${chosen}' with GPU data; it has ${phases.join(', ')}`);
  const { gpu, apps } = captureQueries(sections, chosen);
  const snapshot = parseQueryGpuCsv(gpu?.body ?? '', `${file} (${chosen} :: ${gpu?.title})`);
  const listing = captureGpuList(sections);
  const gpus = listing ? withMigDevices(snapshot.gpus, parseGpuList(listing.body)) : snapshot.gpus;
  const processes = apps ? parseComputeAppsCsv(apps.body, `${file} (${chosen} :: ${apps.title})`) : [];
  const collectedAt = captureCollectedAt(text);
  const offset = snapshot.time !== null && collectedAt !== undefined ? offsetFromReference(snapshot.time, collectedAt) : null;
  return {
    ...snapshot,
    ...(snapshot.time !== null && offset !== null ? withOffset(snapshot.time, offset) : {}),
    cudaVersion: captureCudaVersion(sections, chosen),
    gpus,
    processes: resolveProcessGpus(processes, gpus),
  };
}

/** Each GPU with the MIG devices `-L` lists under the GPU of the same UUID (or, without UUIDs, index). */
function withMigDevices(gpus: GpuDevice[], listed: readonly ListedGpu[]): GpuDevice[] {
  return gpus.map((gpu) => {
    const match = listed.find((entry) => (gpu.uuid !== null && entry.uuid !== null ? entry.uuid === gpu.uuid : entry.index === gpu.index));
    return match && match.migDevices.length > 0 ? { ...gpu, migDevices: match.migDevices } : gpu;
  });
}

/** Binary data (a model file passed by mistake) shows control characters that text output never has. */
function hasControlCharacters(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code < 0x20 && code !== 0x09 && code !== 0x0d) return true;
  }
  return false;
}
