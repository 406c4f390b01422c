// Runs one child process with a hard time limit; on timeout or abort the whole process tree is killed.
// Every environment check goes through here, so a hanging interpreter or driver never hangs the CLI or VS Code.
import { spawn } from 'node:child_process';

/** How a child process ended. not-found: the executable does not exist (ENOENT). */
export type ProcessOutcome = 'exited' | 'not-found' | 'spawn-failed' | 'timed-out' | 'aborted';

/** What runProcess observed; stdout and stderr are capped at maxOutputBytes each. */
export interface ProcessResult {
  outcome: ProcessOutcome;
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  /** The spawn error message (not-found, spawn-failed). */
  error?: string;
  /** The spawn error's errno code (ENOENT, EACCES), for callers that word each case. */
  errorCode?: string;
  durationMs: number;
}

/** Options for runProcess. */
export interface RunProcessOptions {
  timeoutMs: number;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  signal?: AbortSignal;
  maxOutputBytes?: number;
}

const DEFAULT_MAX_OUTPUT = 4 * 1024 * 1024;

export function runProcess(file: string, args: readonly string[], options: RunProcessOptions): Promise<ProcessResult> {
  const started = Date.now();
  const maxBytes = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT;
  return new Promise((resolve) => {
    let settled = false;
    const stdout = new CappedBuffer(maxBytes);
    const stderr = new CappedBuffer(maxBytes);
    const finish = (outcome: ProcessOutcome, code: number | null, signal: string | null, error?: string, errorCode?: string) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      resolve({ outcome, code, signal, stdout: stdout.text(), stderr: stderr.text(), error, errorCode, durationMs: Date.now() - started });
    };

    if (options.signal?.aborted) {
      finish('aborted', null, null, 'cancelled before start');
      return;
    }
    // detached: the child leads its own process group, so one kill(-pid) reaches everything it started.
    const child = spawn(file, args, { env: options.env ?? process.env, cwd: options.cwd, detached: process.platform !== 'win32', stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) => {
      finish(error.code === 'ENOENT' ? 'not-found' : 'spawn-failed', null, null, error.message, error.code);
    });
    child.on('close', (code, signal) => finish('exited', code, signal));

    const stop = (outcome: 'timed-out' | 'aborted') => {
      killTree(child.pid);
      // Do not wait for 'close': a grandchild that escaped the group could hold the pipes open forever.
      child.stdout.destroy();
      child.stderr.destroy();
      finish(outcome, null, 'SIGKILL', outcome === 'timed-out' ? `timed out after ${options.timeoutMs} ms` : 'cancelled');
    };
    const timer = setTimeout(() => stop('timed-out'), options.timeoutMs);
    const onAbort = () => stop('aborted');
    options.signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Kills a process and every process in its group (POSIX) or tree (Windows). */
export function killTree(pid: number | undefined): void {
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => undefined);
    return;
  }
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

/** Collects output up to a byte limit, noting how much was dropped. */
class CappedBuffer {
  private readonly chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    const room = this.limit - this.size;
    if (room <= 0) {
      this.dropped += chunk.length;
      return;
    }
    const kept = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.chunks.push(kept);
    this.size += kept.length;
    this.dropped += chunk.length - kept.length;
  }

  text(): string {
    const text = Buffer.concat(this.chunks).toString('utf8');
    return this.dropped > 0 ? `${text}\n[${this.dropped} more bytes dropped]` : text;
  }
}
