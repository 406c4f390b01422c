// Where each chunk of the script's output goes: the terminal (bounded, may leave lines out), output.log (every
// line), and the log parsers (ANSI removed, `\r` redraws as separate lines). Everything is handled as the chunk
// arrives and nothing here waits, so the script's pipes are drained as fast as it writes.
import { type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { type LogLineResult, type LogMetricParser } from './logMetrics/logMetric';
import { TerminalLineSplitter } from './logMetrics/terminalLines';
import { type OutputLog, type OutputStream } from './outputLog';
import { type TerminalTee } from './terminalTee';

/** Receives what the parsers found in one line, with the line's arrival time (seconds since the epoch). */
export type ParsedLineSink = (result: LogLineResult, wallTime: number) => void;

/** The fan-out of both output streams of one run. */
export class RunOutput {
  private readonly open = new Set<OutputStream>();
  private readonly splitters: Record<OutputStream, TerminalLineSplitter> = { out: new TerminalLineSplitter(), err: new TerminalLineSplitter() };
  private readonly decoders: Record<OutputStream, StringDecoder> = { out: new StringDecoder('utf8'), err: new StringDecoder('utf8') };
  private ended: (() => void) | undefined;
  /** Resolves when both streams have closed. */
  readonly closed: Promise<void>;

  constructor(
    private readonly log: OutputLog,
    private readonly terminal: TerminalTee | null,
    private readonly parser: LogMetricParser,
    private readonly sink: ParsedLineSink,
  ) {
    this.closed = new Promise((resolve) => (this.ended = resolve));
  }

  /** Follows one of the script's pipes until it closes. */
  attach(stream: Readable, which: OutputStream): void {
    this.open.add(which);
    stream.on('data', (chunk: Buffer) => this.chunk(which, chunk));
    stream.on('close', () => this.close(which));
    stream.on('error', () => this.close(which));
  }

  /** Handles one chunk; public for tests that feed output without a process. */
  chunk(which: OutputStream, chunk: Buffer): void {
    const now = Date.now();
    this.terminal?.push(chunk);
    const text = this.decoders[which].write(chunk);
    if (text === '') return;
    this.log.push(which, text, new Date(now));
    const splitter = this.splitters[which];
    const lines = splitter.push(text);
    // A tqdm bar's current state is parsed now, not when its next redraw comes (seconds later in a slow loop).
    const redraw = splitter.peekRedraw();
    if (redraw !== null) lines.push(redraw);
    this.parse(lines, now / 1000);
  }

  /** Ends a stream: its last partial line goes to output.log and the parsers. */
  close(which: OutputStream): void {
    if (!this.open.delete(which)) return;
    const rest = this.decoders[which].end();
    if (rest) this.log.push(which, rest);
    this.parse([...(rest ? this.splitters[which].push(rest) : []), ...this.splitters[which].end()], Date.now() / 1000);
    if (this.open.size > 0) return;
    // Points a format held back for a following line that will never come.
    const last = this.parser.end?.();
    if (last && (last.metrics.length > 0 || last.progress !== null)) this.sink(last, Date.now() / 1000);
    this.ended?.();
  }

  /** Stops waiting for streams that a process outside the run still holds open. */
  abandon(): void {
    for (const which of [...this.open]) this.close(which);
  }

  private parse(lines: string[], wallTime: number): void {
    for (const line of lines) {
      const result = this.parser.push(line);
      if (result.metrics.length > 0 || result.progress !== null) this.sink(result, wallTime);
    }
  }
}
