// Turns a script's raw output (chunks as they come from its pipes) into the lines the log parsers read. A
// terminal redraws progress bars in place with `\r` (tqdm, Keras) and `\b` runs (Keras' dynamic display); each
// redraw is a state of the bar the parsers want to see, so a lone `\r` ends a segment just as `\n` ends a line.
// ANSI escape sequences (colours, `\x1b[A` cursor-up from nested tqdm bars, OSC titles/links) are removed.

/* eslint-disable no-control-regex -- terminal control bytes are what this file removes */

// CSI (`ESC [` params intermediates final), OSC (`ESC ]` ... BEL or `ESC \`), and two-byte escapes (`ESC 7`, `ESC (B`).
const ANSI = /\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[()][0-9A-Za-z]|[0-~])/g;
const NEEDS_CLEANING = /[\x1b\x08]/;

/** The text with ANSI escape sequences and backspaces removed. */
export function stripAnsi(text: string): string {
  if (!NEEDS_CLEANING.test(text)) return text;
  return text.replace(ANSI, '').replace(/\x1b/g, '').replace(/\x08/g, '');
}

/** A line longer than this without a terminator is handed on in pieces, so a script that never prints `\n` cannot grow memory. */
const MAX_LINE = 64 * 1024;

/**
 * Splits output chunks into lines: `\n`, `\r\n` and a lone `\r` end a segment; ANSI codes and `\b` are removed;
 * empty segments (a `\r` right before `\n`, a redraw that only moved the cursor) are dropped. An unterminated
 * tail waits for the next chunk (an escape sequence may be cut between chunks), or for end().
 */
export class TerminalLineSplitter {
  private carry = '';
  /** The tail began right after a lone `\r`: it is a progress bar's current state, not the start of a line. */
  private carryIsRedraw = false;
  /** The redraw state last given by peekRedraw(), not to be given again when its segment ends unchanged. */
  private peeked: string | null = null;

  push(chunk: string): string[] {
    const text = this.carry.length > 0 ? this.carry + chunk : chunk;
    const lines: string[] = [];
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      if (i > start) this.emit(text.slice(start, i), lines);
      start = i + 1;
      this.carryIsRedraw = c === 13;
    }
    this.carry = start === 0 ? text : text.slice(start);
    if (this.carry.length > MAX_LINE) {
      this.emit(this.carry, lines);
      this.carry = '';
    }
    return lines;
  }

  /**
   * The current state of a tqdm bar being redrawn in place, before its next redraw ends it: tqdm writes
   * `\r<bar>` and only the next update (seconds later in a slow loop) would end that segment. Only a redraw
   * tail that ends in tqdm's closing `]` counts as complete: block-buffered stdout cuts writes anywhere, and half
   * a line (`loss: 0.5` of `loss: 0.523`) must never be read. null otherwise, or when already given.
   */
  peekRedraw(): string | null {
    if (!this.carryIsRedraw || this.carry.length === 0) return null;
    const clean = stripAnsi(this.carry).trimEnd();
    if (!clean.endsWith(']') || clean === this.peeked) return null;
    this.peeked = clean;
    return clean;
  }

  /** The unterminated tail, once the output has ended. */
  end(): string[] {
    const lines: string[] = [];
    if (this.carry.length > 0) this.emit(this.carry, lines);
    this.carry = '';
    return lines;
  }

  private emit(segment: string, into: string[]): void {
    const clean = stripAnsi(segment);
    const seen = this.peeked !== null && clean.trimEnd() === this.peeked;
    this.peeked = null;
    if (clean.length > 0 && !seen) into.push(clean);
  }
}
