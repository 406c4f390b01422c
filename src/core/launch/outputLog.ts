// output.log: every line the script printed, each prefixed with the time it arrived and its stream:
//   2026-12-03T15:40:01.123Z out Train Epoch: 1 [0/60000 (0%)]	Loss: 2.305
// A progress bar redrawn with `\r` is kept as the text it showed last, and ANSI colour and cursor codes are
// removed, so the file reads well in an editor. Writes are batched and asynchronous: the launcher never
// waits on the disk while the script's pipe fills.
import { close, open, write } from 'node:fs';
import { stripAnsi } from './logMetrics/terminalLines';

/** The output.log file name inside a run folder. */
export const OUTPUT_LOG = 'output.log';

/** Which pipe a line came from, as output.log names it. */
export type OutputStream = 'out' | 'err';

/** The longest line kept whole; a longer one without a newline is written in pieces of this size. */
const MAX_LINE = 1 << 20;

/** How long lines gather before a write starts when none is in flight. */
const GATHER_MS = 20;

/** Lines kept in memory for the failure report (a traceback is rarely longer). */
const TAIL_LINES = 400;

/** What a terminal would show for one line: the text after the last `\r` redraw, without ANSI codes. */
export function finalLineText(line: string): string {
  let text = line.endsWith('\r') ? line.slice(0, -1) : line;
  const redraw = text.lastIndexOf('\r');
  if (redraw >= 0) text = text.slice(redraw + 1);
  return stripAnsi(text);
}

/** Appends the script's output lines to output.log, one pending partial line per stream. */
export class OutputLog {
  private fd: number | undefined;
  private opening: Promise<void>;
  private pending: string[] = [];
  private writing = false;
  private gathering: NodeJS.Timeout | undefined;
  private closed = false;
  private failure: Error | undefined;
  private idle: (() => void)[] = [];
  private readonly partial: Record<OutputStream, string> = { out: '', err: '' };
  /** Lines written (or queued) so far. */
  lines = 0;
  private tailLines: string[] = [];

  constructor(readonly path: string) {
    this.opening = new Promise((resolve) => {
      open(path, 'a', (error, fd) => {
        if (error) this.failure = error;
        else this.fd = fd;
        resolve();
        this.pump();
      });
    });
  }

  /** Adds a chunk of one stream's text; complete lines are queued with the chunk's arrival time. */
  push(stream: OutputStream, text: string, time: Date = new Date()): void {
    const joined = this.partial[stream] + text;
    const last = joined.lastIndexOf('\n');
    if (last < 0) {
      this.keepPartial(stream, joined, time);
      return;
    }
    this.keepPartial(stream, joined.slice(last + 1), time);
    const prefix = `${time.toISOString()} ${stream} `;
    let block = '';
    let start = 0;
    while (start <= last) {
      const end = joined.indexOf('\n', start);
      const line = finalLineText(joined.slice(start, end));
      block += `${prefix}${line}\n`;
      this.tailLines.push(line);
      this.lines++;
      start = end + 1;
    }
    if (this.tailLines.length > 2 * TAIL_LINES) this.tailLines = this.tailLines.slice(-TAIL_LINES);
    this.enqueue(block);
  }

  /**
   * Keeps a line still being written. A progress bar redrawn with `\r` for a whole epoch never ends its line, so
   * only its latest state is kept (memory and work stay flat); a line longer than MAX_LINE without either is
   * written in pieces.
   */
  private keepPartial(stream: OutputStream, text: string, time: Date): void {
    const end = text.endsWith('\r') ? text.length - 1 : text.length;
    const redraw = end > 0 ? text.lastIndexOf('\r', end - 1) : -1;
    const kept = redraw >= 0 ? text.slice(redraw + 1) : text;
    if (kept.length <= MAX_LINE) {
      this.partial[stream] = kept;
      return;
    }
    this.partial[stream] = '';
    this.push(stream, `${kept}\n`, time);
  }

  /** The last lines of both streams in arrival order, as written to the file (without the prefix). */
  tail(): string[] {
    return this.tailLines.slice(-TAIL_LINES);
  }

  /** Writes the unterminated tails (the script ended without a final newline). */
  endStreams(time: Date = new Date()): void {
    for (const stream of ['out', 'err'] as const) {
      if (this.partial[stream] === '') continue;
      const text = this.partial[stream];
      this.partial[stream] = '';
      this.push(stream, `${text}\n`, time);
    }
  }

  /** A line from the launcher itself (`stopping: SIGINT sent`), marked as such. */
  note(text: string, time: Date = new Date()): void {
    this.enqueue(`${time.toISOString()} tensorsight ${text}\n`);
  }

  /** Writes everything queued and closes the file; rejects if the file could not be written. */
  async close(): Promise<void> {
    this.endStreams();
    await this.opening;
    if (this.gathering) {
      clearTimeout(this.gathering);
      this.gathering = undefined;
      this.pump();
    }
    if (this.writing || this.pending.length > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    this.closed = true;
    if (this.fd !== undefined) {
      const fd = this.fd;
      this.fd = undefined;
      await new Promise<void>((resolve) => close(fd, () => resolve()));
    }
    if (this.failure) throw this.failure;
  }

  private enqueue(text: string): void {
    if (this.closed) return;
    this.pending.push(text);
    if (this.writing || this.gathering) return;
    // Output gathers for a moment first: one write per pipe chunk of a chatty script would dominate the launcher.
    this.gathering = setTimeout(() => {
      this.gathering = undefined;
      this.pump();
    }, GATHER_MS);
  }

  private pump(): void {
    if (this.writing) return;
    // Still opening: the open callback pumps.
    if (this.fd === undefined && !this.failure) return;
    if (this.failure) this.pending = [];
    if (this.fd === undefined || this.pending.length === 0) {
      const waiting = this.idle;
      this.idle = [];
      for (const resolve of waiting) resolve();
      return;
    }
    this.writing = true;
    const data = Buffer.from(this.pending.join(''));
    this.pending = [];
    this.writeAll(this.fd, data);
  }

  private writeAll(fd: number, data: Buffer): void {
    write(fd, data, 0, data.length, null, (error, written) => {
      if (!error && written < data.length) return this.writeAll(fd, data.subarray(written));
      if (error) this.failure = error;
      this.writing = false;
      this.pump();
    });
  }
}
