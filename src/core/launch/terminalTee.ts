// The script's output on its way to the launcher's terminal. Writing to a TTY from Node's process.stdout is
// synchronous, so a slow terminal would stall the launcher, which would stop draining the script's pipe, which
// would block the script's print(). Instead bytes are queued and written with async fs.write (on libuv's
// thread pool) up to a cap; past the cap whole lines are left out for the terminal only (output.log keeps them)
// and one note says how many when the terminal has caught up.
import { write } from 'node:fs';

/** Settings of a TerminalTee. */
export interface TerminalTeeOptions {
  /** Queued bytes past which new lines are left out (default 1 MiB). */
  capBytes?: number;
  /** Largest single write (default 64 KiB). */
  writeBytes?: number;
  /**
   * How long output gathers before a write starts when none is in flight (default 4 ms): a pipe delivers a
   * chatty script's output in chunks of a few lines, and one write per chunk would cost more than the rest of
   * the launcher together.
   */
  gatherMs?: number;
  /** The write function (fs.write by default); tests pass a slow one. */
  writer?: (fd: number, data: Buffer, done: (error: NodeJS.ErrnoException | null, written: number) => void) => void;
}

const NEWLINE = 10;

/** The note printed where lines were left out. */
export function droppedLinesNote(count: number): string {
  return `… ${count} line${count === 1 ? '' : 's'} not shown here (all in output.log)\n`;
}

/** A bounded, never-blocking writer of output lines to one file descriptor (1 for the terminal). */
export class TerminalTee {
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private writing = false;
  private broken = false;
  private atLineStart = true;
  private dropping = false;
  private droppedRun = 0;
  /** Lines left out in total (all of them are in output.log). */
  droppedLines = 0;
  private readonly capBytes: number;
  private readonly writeBytes: number;
  private readonly writer: NonNullable<TerminalTeeOptions['writer']>;
  private idle: (() => void)[] = [];
  private readonly gatherMs: number;
  private gathering: NodeJS.Timeout | undefined;

  constructor(
    private readonly fd: number,
    options: TerminalTeeOptions = {},
  ) {
    this.capBytes = options.capBytes ?? 1 << 20;
    this.writeBytes = options.writeBytes ?? 64 << 10;
    this.writer = options.writer ?? ((fd, data, done) => write(fd, data, 0, data.length, null, done));
    this.gatherMs = options.gatherMs ?? 4;
  }

  /** Queues `chunk` (bytes as the script wrote them, ANSI codes and `\r` included); never blocks. */
  push(chunk: Buffer): void {
    if (this.broken || chunk.length === 0) return;
    // The usual case: the terminal keeps up, so the chunk goes whole without looking at its lines.
    if (!this.dropping && this.queued + chunk.length <= this.capBytes) {
      this.enqueue(chunk);
      this.atLineStart = chunk[chunk.length - 1] === NEWLINE;
      return;
    }
    let position = 0;
    while (position < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, position);
      const end = newline < 0 ? chunk.length : newline + 1;
      // Decided at the start of each line, so the terminal only ever gets whole lines.
      if (this.atLineStart) this.decide();
      if (this.dropping) {
        if (newline >= 0) {
          this.droppedRun++;
          this.droppedLines++;
        }
      } else {
        this.enqueue(chunk.subarray(position, end));
      }
      this.atLineStart = newline >= 0;
      position = end;
    }
  }

  /** Resolves when everything queued is written, or after `timeoutMs` (a terminal that never drains). */
  drain(timeoutMs = 2000): Promise<void> {
    if (this.atLineStart && this.droppedRun > 0) this.resume();
    if (this.gathering) {
      clearTimeout(this.gathering);
      this.gathering = undefined;
      this.pump();
    }
    if (!this.writing && this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      this.idle.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private decide(): void {
    if (this.dropping) {
      // Resume once half the cap has drained, so output does not flicker between shown and left out.
      if (this.queued <= this.capBytes / 2) this.resume();
    } else if (this.queued >= this.capBytes) {
      this.dropping = true;
    }
  }

  private resume(): void {
    this.dropping = false;
    if (this.droppedRun > 0) this.enqueue(Buffer.from(droppedLinesNote(this.droppedRun)));
    this.droppedRun = 0;
  }

  private enqueue(data: Buffer): void {
    this.queue.push(data);
    this.queued += data.length;
    if (this.writing || this.gathering) return;
    if (this.gatherMs <= 0) return this.pump();
    this.gathering = setTimeout(() => {
      this.gathering = undefined;
      this.pump();
    }, this.gatherMs);
  }

  private pump(): void {
    if (this.queue.length === 0 || this.broken) {
      this.writing = false;
      const waiting = this.idle;
      this.idle = [];
      for (const resolve of waiting) resolve();
      return;
    }
    this.writing = true;
    let data: Buffer;
    if (this.queue.length === 1 || this.queue[0].length >= this.writeBytes) {
      data = this.queue.shift()!;
    } else {
      const parts: Buffer[] = [];
      let size = 0;
      while (this.queue.length > 0 && size + this.queue[0].length <= this.writeBytes) {
        const part = this.queue.shift()!;
        parts.push(part);
        size += part.length;
      }
      data = Buffer.concat(parts, size);
    }
    if (data.length > this.writeBytes) {
      this.queue.unshift(data.subarray(this.writeBytes));
      data = data.subarray(0, this.writeBytes);
    }
    this.writer(this.fd, data, (error, written) => {
      if (error) {
        if (error.code === 'EAGAIN') {
          // A non-blocking descriptor that is full: try again shortly, keeping the bytes.
          this.queue.unshift(data);
          setTimeout(() => this.pump(), 10);
          return;
        }
        // The terminal is gone (EPIPE, EIO after it closed): nothing more can be shown; output.log has it all.
        this.broken = true;
        this.queue.length = 0;
        this.queued = 0;
        return this.pump();
      }
      this.queued -= written;
      if (written < data.length) this.queue.unshift(data.subarray(written));
      this.pump();
    });
  }
}
