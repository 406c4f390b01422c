// Runs the embedded probe in one Python interpreter (a child process with a hard timeout) and reads its JSON line.
import { tmpdir } from 'node:os';
import { PYTHON_MODULES, type ModuleProbe, type PythonModuleName, type PythonReport, type PythonSource } from './doctorReport';
import { PROBE_MARKER, PROBE_ORDER, PYTHON_PROBE_SCRIPT } from './pythonProbeScript';
import { runProcess } from './runProcess';

/** An interpreter to check and where we heard of it. */
export interface PythonCandidate {
  path: string;
  source: PythonSource;
  /** Other paths found for the same file (see PythonReport.aliases). */
  aliases?: string[];
}

/** Limits and environment for one probe. */
export interface ProbeOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** The probe gets most of the time; the margin lets it report a hung import before we kill it from outside. */
export function probeBudgets(timeoutMs: number): { stepBudgetMs: number; deadlineMs: number } {
  const deadlineMs = Math.max(200, timeoutMs - Math.min(1500, Math.round(timeoutMs * 0.25)));
  return { stepBudgetMs: Math.max(100, Math.min(deadlineMs, Math.round(timeoutMs / 2))), deadlineMs };
}

export async function probePython(candidate: PythonCandidate, options: ProbeOptions): Promise<PythonReport> {
  const { stepBudgetMs, deadlineMs } = probeBudgets(options.timeoutMs);
  const args = ['-c', PYTHON_PROBE_SCRIPT, String(stepBudgetMs), String(deadlineMs), PROBE_ORDER.join(',')];
  // cwd outside the workspace: nothing there can be imported in place of a framework.
  const run = await runProcess(candidate.path, args, { timeoutMs: options.timeoutMs, env: options.env, signal: options.signal, cwd: tmpdir() });
  const base = { path: candidate.path, source: candidate.source, ...(candidate.aliases?.length ? { aliases: [...candidate.aliases] } : {}), modules: {}, durationMs: run.durationMs };

  if (run.outcome === 'not-found') return { ...base, status: 'not-found', error: `${candidate.path} not found (ENOENT)` };
  if (run.outcome === 'spawn-failed') return { ...base, status: 'failed', error: `could not start ${candidate.path}: ${run.error}` };
  if (run.outcome === 'timed-out') return { ...base, status: 'timed-out', error: `timed out after ${options.timeoutMs} ms; the interpreter's process tree was killed` };
  if (run.outcome === 'aborted') return { ...base, status: 'failed', error: 'cancelled' };

  const parsed = findProbeLine(run.stdout);
  if (!parsed) {
    const how = run.signal ? `was killed by ${run.signal}` : `exited with code ${run.code}`;
    return { ...base, status: 'failed', error: `${candidate.path} ${how} without a probe result${tail(run.stderr)}` };
  }
  return { ...base, status: 'ok', ...readProbe(parsed) };
}

/** The last stdout line that is a JSON object carrying our marker. */
function findProbeLine(stdout: string): Record<string, unknown> | undefined {
  const lines = stdout.split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isRecord(value) && value.marker === PROBE_MARKER) return value;
    } catch {
      // Not our line.
    }
  }
  return undefined;
}

/** Copies only the fields we know, with their types checked: the probe's output is data from another program. */
function readProbe(raw: Record<string, unknown>): Omit<PythonReport, 'path' | 'source' | 'status' | 'durationMs'> {
  const versionInfo = Array.isArray(raw.versionInfo) && raw.versionInfo.every((part) => typeof part === 'number') ? raw.versionInfo.join('.') : undefined;
  const modules: Partial<Record<PythonModuleName, ModuleProbe>> = {};
  const rawModules = isRecord(raw.modules) ? raw.modules : {};
  for (const name of PYTHON_MODULES) {
    const entry = rawModules[name];
    if (isRecord(entry)) modules[name] = readModule(entry);
  }
  return {
    executable: str(raw.executable),
    version: str(raw.version),
    versionShort: versionInfo,
    implementation: str(raw.implementation),
    prefix: str(raw.prefix),
    virtualEnv: typeof raw.virtualEnv === 'boolean' ? raw.virtualEnv : undefined,
    cudaVisibleDevices: typeof raw.cudaVisibleDevices === 'string' ? raw.cudaVisibleDevices : null,
    modules,
  };
}

const MODULE_STATUSES = ['installed', 'missing', 'failed', 'timed-out'] as const;

function readModule(entry: Record<string, unknown>): ModuleProbe {
  const status = MODULE_STATUSES.find((candidate) => candidate === entry.status) ?? 'failed';
  const probe: ModuleProbe = { status };
  if (typeof entry.version === 'string') probe.version = entry.version;
  if (typeof entry.error === 'string') probe.error = entry.error;
  if (typeof entry.durationMs === 'number') probe.durationMs = entry.durationMs;
  if (status === 'failed' && probe.error === undefined) probe.error = `unexpected probe status ${JSON.stringify(entry.status)}`;
  // Details are plain JSON from our own script; detectProblems reads them defensively.
  if (isRecord(entry.details)) probe.details = entry.details as unknown as ModuleProbe['details'];
  return probe;
}

function tail(stderr: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean).slice(-5);
  return lines.length > 0 ? `: ${lines.join(' | ')}` : '';
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
