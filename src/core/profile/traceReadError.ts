// The one error a trace reader throws for a bad file: it names the file, the byte offset (of the decompressed JSON
// for a gzip file) and what was expected there, so a user can look at the spot.

/** A trace file that is not what it claims: truncated, damaged, or not a trace at all. */
export class TraceReadError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number,
    readonly expected: string,
    detail?: string,
  ) {
    super(`${file}: at byte ${offset}: expected ${expected}${detail ? ` (${detail})` : ''}`);
    this.name = 'TraceReadError';
  }
}

/** Thrown when the caller's AbortSignal fires; the message is exactly 'cancelled'. */
export class TraceCancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'TraceCancelledError';
  }
}
