// Runs the verify script in an interpreter (a child process with a time limit) and reads its one JSON line.
import { tmpdir } from 'node:os';
import type { SetupFramework } from './chooseWheelVariant';
import { runProcess } from './runProcess';
import { VERIFY_MARKER, VERIFY_SCRIPT } from './verifyScript';

/** What the check found: the framework works (with its facts and the multiply's time), or why it does not. */
export type VerifyResult =
  | {
      ok: true;
      framework: SetupFramework;
      python: string;
      version: string;
      /** The CUDA version the build was made for; null for CPU-only builds or when the framework does not say. */
      cudaBuild: string | null;
      cudaAvailable: boolean;
      /** The GPU's name, or 'CPU'. */
      device: string;
      /** Side of the square float32 matrices multiplied. */
      n: number;
      /** Best of three timed runs after a warm-up, in milliseconds. */
      matmulMs: number;
      /** Largest difference from a float64 product of the first rows, relative to its largest value. */
      maxRelError: number;
    }
  | { ok: false; framework: SetupFramework; python: string; stage: 'start' | 'import' | 'matmul' | 'output'; error: string };

/**
 * Limits for one check. Matrix sides: 4096 on a GPU (137 GFLOP: about a millisecond on a data-centre GPU, tens on a
 * laptop one) and 512 on the CPU (0.27 GFLOP: tens of milliseconds even on a slow, shared core).
 */
export interface VerifyOptions {
  timeoutMs: number;
  gpuN?: number;
  cpuN?: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export async function verifyFramework(python: string, framework: SetupFramework, options: VerifyOptions): Promise<VerifyResult> {
  const sizes = [String(options.gpuN ?? 4096), String(options.cpuN ?? 512)];
  // cwd outside the workspace: a file named torch.py there must not be imported instead of the framework.
  const run = await runProcess(python, ['-c', VERIFY_SCRIPT, framework, ...sizes], { timeoutMs: options.timeoutMs, env: options.env, signal: options.signal, cwd: tmpdir() });
  const failed = (stage: 'start' | 'output', error: string): VerifyResult => ({ ok: false, framework, python, stage, error });
  if (run.outcome === 'not-found') return failed('start', `${python} not found`);
  if (run.outcome === 'spawn-failed') return failed('start', `could not start ${python}: ${run.error ?? 'unknown error'}`);
  if (run.outcome === 'timed-out') return failed('output', `the check did not finish within ${options.timeoutMs} ms and was killed`);
  if (run.outcome === 'aborted') return failed('output', 'cancelled');
  return parseVerifyOutput(run.stdout, framework, python, run.stderr);
}

/** Reads the verify script's output: the last line with the marker. Anything else is an error saying what was seen. */
export function parseVerifyOutput(stdout: string, framework: SetupFramework, python: string, stderr = ''): VerifyResult {
  const line = stdout.split('\n').reverse().find((candidate) => candidate.startsWith('{') && candidate.includes(VERIFY_MARKER));
  const failed = (stage: 'import' | 'matmul' | 'output', error: string): VerifyResult => ({ ok: false, framework, python, stage, error });
  if (line === undefined) {
    const tail = stderr.trim().split('\n').slice(-3).join(' | ');
    return failed('output', `no result line from the check${tail ? `: ${tail}` : ' (no output)'}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (error) {
    return failed('output', `the result line is not JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || (raw as Record<string, unknown>).marker !== VERIFY_MARKER) return failed('output', 'the result line lacks the marker');
  const fields = raw as Record<string, unknown>;
  if (typeof fields.error === 'string') return failed(fields.stage === 'matmul' ? 'matmul' : 'import', fields.error);
  const missing = ['version', 'cudaAvailable', 'device', 'matmulMs', 'maxRelError'].filter((key) => fields[key] === undefined);
  if (missing.length > 0) return failed('output', `the result line lacks ${missing.join(', ')}`);
  if (typeof fields.version !== 'string' || typeof fields.cudaAvailable !== 'boolean' || typeof fields.device !== 'string' || !isNumber(fields.matmulMs) || !isNumber(fields.maxRelError) || !isNumber(fields.n)) {
    return failed('output', `the result line has fields of the wrong type: ${line.slice(0, 300)}`);
  }
  return {
    ok: true,
    framework,
    python: typeof fields.python === 'string' ? fields.python : python,
    version: fields.version,
    cudaBuild: typeof fields.cudaBuild === 'string' ? fields.cudaBuild : null,
    cudaAvailable: fields.cudaAvailable,
    device: fields.device,
    n: fields.n,
    matmulMs: fields.matmulMs,
    maxRelError: fields.maxRelError,
  };
}

/** A float32 product of standard normals over n terms stays well within this of the float64 one (about 1e-6 typical). */
const TOLERANCE = 1e-3;

/** One line for the user: 'PyTorch 2.5.1 (CUDA 12.4 build) on NVIDIA H200: 4096×4096 matmul 0.3 ms (...), result correct'. */
export function describeVerifyResult(result: VerifyResult): string {
  const name = { pytorch: 'PyTorch', tensorflow: 'TensorFlow', jax: 'JAX' }[result.framework];
  if (!result.ok) return `${name} in ${result.python} failed at ${result.stage}: ${result.error}`;
  const build = result.cudaBuild ? ` (CUDA ${result.cudaBuild} build)` : '';
  const where = result.cudaAvailable ? `on ${result.device}` : 'on the CPU (CUDA not available)';
  const gflops = (2 * result.n ** 3) / (result.matmulMs * 1e6);
  const correct = result.maxRelError <= TOLERANCE ? 'result correct' : `result WRONG (relative error ${result.maxRelError.toExponential(2)})`;
  return `${name} ${result.version}${build} ${where}: ${result.n}×${result.n} matmul ${result.matmulMs.toFixed(1)} ms (${gflops.toFixed(0)} GFLOP/s), ${correct}`;
}

/** Whether the multiply's result matched the float64 reference. */
export function verifiedCorrect(result: VerifyResult): boolean {
  return result.ok && result.maxRelError <= TOLERANCE;
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}
