// One long-lived child process whose stdout is consumed line by line as it arrives. It reports how it ended
// (exit code, signal, start error, its stderr tail) and leaves restarting to its owner.
import { spawn, type ChildProcess } from 'node:child_process';
import { LineSplitter } from './lineSplitter';

/** How a stream ended. */
export interface LineStreamExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started. */
  error?: NodeJS.ErrnoException;
  /** The end of its stderr, for failure messages. */
  stderrTail: string;
  uptimeMs: number;
  /** True when stop() ended it. */
  stopped: boolean;
}

const tailLimit = 4096;

/** A running `binary args` with line callbacks; create a new one to restart. */
export class LineStream {
  private readonly child: ChildProcess;
  private readonly startedAt = Date.now();
  private stderrTail = '';
  private stopping = false;
  private readonly closed: Promise<void>;

  constructor(binary: string, args: readonly string[], env: NodeJS.ProcessEnv | undefined, onLine: (line: string) => void, onExit: (exit: LineStreamExit) => void) {
    const lines = new LineSplitter();
    let startError: NodeJS.ErrnoException | undefined;
    this.child = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true, env: env ?? process.env });
    this.child.stdout?.setEncoding('utf8');
    this.child.stderr?.setEncoding('utf8');
    this.child.stdout?.on('data', (chunk: string) => {
      for (const line of lines.push(chunk)) onLine(line);
    });
    this.child.stderr?.on('data', (chunk: string) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-tailLimit);
    });
    this.child.on('error', (error: NodeJS.ErrnoException) => {
      startError ??= error;
    });
    this.closed = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        const rest = lines.flush();
        if (rest !== undefined) onLine(rest);
        resolve();
        onExit({ code, signal, error: startError, stderrTail: this.stderrTail, uptimeMs: Date.now() - this.startedAt, stopped: this.stopping });
      });
    });
  }

  /** The child's pid, undefined when it could not be started. */
  get pid(): number | undefined {
    return this.child.pid;
  }

  /** Ends the process (SIGTERM, then SIGKILL after `graceMs`); resolves when it has exited. */
  stop(graceMs = 2000): Promise<void> {
    this.stopping = true;
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill('SIGTERM');
      const force = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
      force.unref();
      void this.closed.then(() => clearTimeout(force));
    }
    return this.closed;
  }
}
