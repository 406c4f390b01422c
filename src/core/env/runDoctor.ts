// Runs every environment check at once (each in its own child processes, each with a timeout) and assembles the report.
import { availableParallelism, release } from 'node:os';
import { checkNvidiaSmi } from './checkNvidiaSmi';
import { detectProblems } from './detectProblems';
import type { DoctorReport, GpuReport, PythonReport, RuntimesReport } from './doctorReport';
import { realPath } from './findPythonCandidates';
import { probeNodeRuntimes } from './probeNodeRuntimes';
import { probePython, type PythonCandidate } from './probePython';
import { summarizeFrameworks } from './summarizeFrameworks';

/**
 * Interpreters probed at once. Each probe's time limit starts when it is spawned, so a machine with a dozen pyenv
 * versions doesn't make every import share the CPU and run past its limit.
 */
const PROBE_CONCURRENCY = Math.max(2, Math.min(6, availableParallelism()));

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
    mapConcurrently(options.pythons, PROBE_CONCURRENCY, (candidate) => probePython(candidate, shared).catch((error: unknown) => crashedPython(candidate, error))),
    checkNvidiaSmi({ ...shared, nvidiaSmi: options.nvidiaSmi }).catch((error: unknown): GpuReport => ({ status: 'failed', nvidiaSmi: options.nvidiaSmi ?? 'nvidia-smi', error: `internal error: ${message(error)}`, gpus: [] })),
    probeNodeRuntimes({ ...shared, moduleRoot: options.moduleRoot, nodePath: options.nodePath }).catch((error: unknown) => crashedRuntimes(options, error)),
  ]);
  const python = markDefault(mergeSameInterpreter(pythons));
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

/**
 * Launchers of one interpreter (a pyenv shim and the version it selects, a symlink elsewhere on PATH) answer with
 * the same sys.executable and sys.prefix: the first report keeps the others' paths as aliases.
 */
function mergeSameInterpreter(reports: PythonReport[]): PythonReport[] {
  const kept = new Map<string, PythonReport>();
  return reports.filter((report) => {
    if (report.status !== 'ok' || !report.executable) return true;
    const key = `${realPath(report.executable)}\0${report.prefix ?? ''}`;
    const first = kept.get(key);
    if (!first) {
      kept.set(key, report);
      return true;
    }
    const aliases = (first.aliases ??= []);
    for (const path of [report.path, ...(report.aliases ?? [])]) if (path !== first.path && !aliases.includes(path)) aliases.push(path);
    return false;
  });
}

/** The first interpreter in precedence order is the one Tensorsight runs, whatever its state: the report says so. */
function markDefault(reports: PythonReport[]): PythonReport[] {
  return reports.map((report, index) => ({ ...report, isDefault: index === 0 }));
}

/** Runs `work` over `items` with at most `limit` at once, keeping the input order in the result. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
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
