// Turns a stream of text chunks into whole lines. A pipe delivers whatever the kernel had buffered, so a row
// can arrive in two chunks; the tail without a newline waits for the next chunk.

/** Buffers partial lines across chunks; a line longer than `maxLine` is cut, so garbage cannot grow memory. */
export class LineSplitter {
  private pending = '';

  constructor(private readonly maxLine = 64 * 1024) {}

  /** The complete lines in `pending + chunk`, without their line endings. */
  push(chunk: string): string[] {
    const text = this.pending + chunk;
    const lines = text.split('\n');
    this.pending = lines.pop() ?? '';
    if (this.pending.length > this.maxLine) {
      lines.push(this.pending.slice(0, this.maxLine));
      this.pending = '';
    }
    for (let i = 0; i < lines.length; i++) if (lines[i].endsWith('\r')) lines[i] = lines[i].slice(0, -1);
    return lines;
  }

  /** The unterminated tail, if any (at end of stream). */
  flush(): string | undefined {
    const rest = this.pending;
    this.pending = '';
    return rest === '' ? undefined : rest.replace(/\r$/, '');
  }
}
