// The one place that runs nvidia-smi to completion and reads the messages it prints instead of data.
// Both the GPU view (probeNvidiaSmi, the sampler) and the environment doctor (checkNvidiaSmi) go through here.
import { runProcess } from '../env/runProcess';

/** Why a binary could not be started: the errno code (ENOENT, EACCES) and the system's message. */
export interface StartError {
  code?: string;
  message: string;
}

/** What one nvidia-smi run produced. */
export interface NvidiaSmiRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started (ENOENT, EACCES). */
  error?: StartError;
  timedOut: boolean;
  /** The caller's AbortSignal fired; the process tree was killed. */
  aborted: boolean;
}

/** Where to find nvidia-smi, how long one run may take, and an optional cancellation. */
export interface NvidiaSmiRunOptions {
  binary: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

/** Runs `binary args` to completion; a hung driver can't hang us: the process tree is killed after `timeoutMs`. */
export async function runNvidiaSmi(args: readonly string[], options: NvidiaSmiRunOptions): Promise<NvidiaSmiRun> {
  const run = await runProcess(options.binary, args, { timeoutMs: options.timeoutMs, env: options.env, signal: options.signal, maxOutputBytes: 16 * 1024 * 1024 });
  const notStarted = run.outcome === 'not-found' || run.outcome === 'spawn-failed';
  return {
    code: run.code,
    signal: run.signal,
    stdout: run.stdout,
    stderr: run.stderr,
    error: notStarted ? { code: run.errorCode, message: run.error ?? 'could not be started' } : undefined,
    timedOut: run.outcome === 'timed-out',
    aborted: run.outcome === 'aborted',
  };
}

/** A message nvidia-smi printed instead of data. `driver` and `no-devices` carry what the user can do about it. */
export type NvidiaSmiFailure =
  | { kind: 'driver'; message: string; fix: string }
  | { kind: 'no-devices'; message: string; fix: string }
  | { kind: 'invalid-field'; field: string; message: string };

const DRIVER_FAILURES: { pattern: RegExp; fix: string }[] = [
  {
    pattern: /NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver[^\n]*/,
    fix: 'The NVIDIA kernel module is not loaded. Reboot after a driver or kernel update, or reinstall the driver for the running kernel (check `dmesg | grep -i nvidia` and `lsmod | grep nvidia`); with Secure Boot on, the module must be signed.',
  },
  {
    pattern: /Failed to initialize NVML: Driver\/library version mismatch[^\n]*/,
    fix: 'The loaded kernel module and the user-space driver libraries differ, usually after a driver upgrade: reboot (or unload and reload the nvidia modules).',
  },
];

const NO_DEVICES = /No devices were found[^\n]*/;
const NO_DEVICES_FIX = 'The driver is loaded but sees no GPU: check that the GPU is passed through (containers: --gpus all / NVIDIA Container Toolkit; VMs: PCI passthrough) and `lspci | grep -i nvidia`.';
const INVALID_FIELD = /Field "([^"]+)" is not a valid field to query/;

/** Recognizes nvidia-smi's failure messages in its output (it writes them to stdout or stderr), or undefined. */
export function nvidiaSmiFailure(output: string): NvidiaSmiFailure | undefined {
  for (const known of DRIVER_FAILURES) {
    const match = known.pattern.exec(output);
    if (match) return { kind: 'driver', message: match[0].trim(), fix: known.fix };
  }
  const field = INVALID_FIELD.exec(output);
  if (field) return { kind: 'invalid-field', field: field[1], message: field[0] };
  const none = NO_DEVICES.exec(output);
  if (none) return { kind: 'no-devices', message: none[0].trim(), fix: NO_DEVICES_FIX };
  return undefined;
}

/** The user-facing reason a binary could not be started. */
export function startFailureReason(binary: string, error: StartError): string {
  const named = binary.includes('/') || binary.includes('\\') ? `${binary} ` : '';
  if (error.code === 'ENOENT') return named ? `nvidia-smi not found at ${binary}` : 'nvidia-smi not found on PATH';
  if (error.code === 'EACCES') return `nvidia-smi ${named}is not executable (permission denied)`;
  return `nvidia-smi ${named}could not be started: ${error.message}`;
}

/** The first meaningful line of a failed run's output, for a reason string. */
export function firstOutputLine(run: Pick<NvidiaSmiRun, 'stdout' | 'stderr'>): string {
  return (
    `${run.stdout}\n${run.stderr}`
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}
