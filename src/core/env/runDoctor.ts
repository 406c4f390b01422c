// Runs every environment check at once (each in its own child processes, each with a timeout) and assembles the report.
import { release } from 'node:os';
import { checkNvidiaSmi } from './checkNvidiaSmi';
import { detectProblems } from './detectProblems';
import type { DoctorReport, GpuReport, PythonReport, RuntimesReport } from './doctorReport';
import { realPath } from './findPythonCandidates';
import { probeNodeRuntimes } from './probeNodeRuntimes';
import { probePython, type PythonCandidate } from './probePython';
import { summarizeFrameworks } from './summarizeFrameworks';

/** The default for --timeout and tensorsight.env.checkTimeoutMs. */
export const DEFAULT_CHECK_TIMEOUT_MS = 20_000;

/** Everything runDoctor needs; the CLI and the VS Code command each fill it from their own sources. */
export interface DoctorOptions {
  host: 'cli' | 'vscode';
  pythons: PythonCandidate[];
  /** Limit for each check (one interpreter, nvidia-smi, one runtime). */
  timeoutMs: number;
  /** The folder whose node_modules hold the optional runtimes. */
  moduleRoot: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  /** An explicit nvidia-smi; otherwise PATH is searched. */
  nvidiaSmi?: string;
  /** The Node binary for runtime probes (VS Code: the extension host's, run as Node). */
  nodePath?: string;
}

/** Never rejects: a check that throws becomes a failed check in the report. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorReport> {
  const shared = { timeoutMs: options.timeoutMs, env: options.env, signal: options.signal };
  const [pythons, gpu, runtimes] = await Promise.all([
    Promise.all(options.pythons.map((candidate) => probePython(candidate, shared).catch((error: unknown) => crashedPython(candidate, error)))),
    checkNvidiaSmi({ ...shared, nvidiaSmi: options.nvidiaSmi }).catch((error: unknown): GpuReport => ({ status: 'failed', nvidiaSmi: options.nvidiaSmi ?? 'nvidia-smi', error: `internal error: ${message(error)}`, gpus: [] })),
    probeNodeRuntimes({ ...shared, moduleRoot: options.moduleRoot, nodePath: options.nodePath }).catch((error: unknown) => crashedRuntimes(options, error)),
  ]);
  const python = dropSameInterpreter(pythons);
  const facts = {
    generatedAt: new Date().toISOString(),
    platform: { os: process.platform, arch: process.arch, release: release(), host: options.host },
    timeoutMs: options.timeoutMs,
    python,
    frameworks: summarizeFrameworks(python),
    gpu,
    runtimes,
  };
  return { ...facts, problems: detectProblems(facts) };
}

/** A report for when the doctor itself broke (a bug): nothing checked, one error saying why. */
export function failedDoctorReport(options: Pick<DoctorOptions, 'host' | 'timeoutMs' | 'moduleRoot'>, error: unknown): DoctorReport {
  const notChecked = 'not checked: the environment check failed';
  return {
    generatedAt: new Date().toISOString(),
    platform: { os: process.platform, arch: process.arch, release: release(), host: options.host },
    timeoutMs: options.timeoutMs,
    python: [],
    frameworks: summarizeFrameworks([]),
    gpu: { status: 'failed', nvidiaSmi: 'nvidia-smi', error: notChecked, gpus: [] },
    runtimes: { ...crashedRuntimes({ ...options, pythons: [] }, notChecked), tfjs: [] },
    problems: [{ code: 'internal-error', severity: 'error', message: `The environment check failed: ${message(error)}`, fix: 'Run it again; if it keeps failing, report it with this message to the Tensorsight issue tracker.' }],
  };
}

/** python3 and python can be two launchers (pyenv shims) of one interpreter: keep the first report of each. */
function dropSameInterpreter(reports: PythonReport[]): PythonReport[] {
  const seen = new Set<string>();
  return reports.filter((report) => {
    if (report.status !== 'ok' || !report.executable) return true;
    const key = `${realPath(report.executable)}\0${report.prefix ?? ''}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function crashedPython(candidate: PythonCandidate, error: unknown): PythonReport {
  return { path: candidate.path, source: candidate.source, status: 'failed', error: `internal error: ${message(error)}`, modules: {}, durationMs: 0 };
}

function crashedRuntimes(options: DoctorOptions, error: unknown): RuntimesReport {
  return {
    node: { version: process.versions.node, execPath: options.nodePath ?? process.execPath },
    moduleRoot: options.moduleRoot,
    tfjs: [],
    onnxruntime: { module: 'onnxruntime-node', status: 'failed', error: typeof error === 'string' ? error : `internal error: ${message(error)}`, providers: [] },
  };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
