// Running nvidia-smi once (no shell), and reading the messages it prints instead of data.
import { spawn } from 'node:child_process';

/** What one nvidia-smi run produced. */
export interface NvidiaSmiRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Set when the process could not be started (ENOENT, EACCES). */
  error?: NodeJS.ErrnoException;
  timedOut: boolean;
}

/** Where to find nvidia-smi and how long one run may take. */
export interface NvidiaSmiRunOptions {
  binary: string;
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
}

/** Runs `binary args` to completion, killing it after `timeoutMs` (a hung driver must not hang us). */
export function runNvidiaSmi(args: readonly string[], options: NvidiaSmiRunOptions): Promise<NvidiaSmiRun> {
  return new Promise((resolve) => {
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    let timedOut = false;
    let startError: NodeJS.ErrnoException | undefined;
    const child = spawn(options.binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, env: options.env ?? process.env });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, options.timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      startError ??= error;
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), error: startError, timedOut });
    });
  });
}

/** A message nvidia-smi printed instead of data. */
export type NvidiaSmiFailure =
  | { kind: 'driver'; message: string }
  | { kind: 'invalid-field'; field: string; message: string }
  | { kind: 'no-devices'; message: string };

const driverFailure = /NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver[^\n]*/;
const invalidField = /Field "([^"]+)" is not a valid field to query/;
const noDevices = /No devices were found/;

/** Recognizes nvidia-smi's failure messages in its output (it writes them to stdout or stderr). */
export function nvidiaSmiFailure(output: string): NvidiaSmiFailure | undefined {
  const driver = driverFailure.exec(output);
  if (driver) return { kind: 'driver', message: driver[0].trim() };
  const field = invalidField.exec(output);
  if (field) return { kind: 'invalid-field', field: field[1], message: field[0] };
  const none = noDevices.exec(output);
  if (none) return { kind: 'no-devices', message: none[0] };
  return undefined;
}

/** The user-facing reason a binary could not be started. */
export function startFailureReason(binary: string, error: NodeJS.ErrnoException): string {
  const named = binary.includes('/') || binary.includes('\\') ? `${binary} ` : '';
  if (error.code === 'ENOENT') return named ? `nvidia-smi not found at ${binary}` : 'nvidia-smi not found on PATH';
  if (error.code === 'EACCES') return `nvidia-smi ${named}is not executable (permission denied)`;
  return `nvidia-smi ${named}could not be started: ${error.message}`;
}

/** The first meaningful line of a failed run's output, for a reason string. */
export function firstOutputLine(run: NvidiaSmiRun): string {
  return (
    `${run.stdout}\n${run.stderr}`
      .split(/\r?\n/)
      .map((line) => line.trim())
      .find((line) => line !== '') ?? ''
  );
}
