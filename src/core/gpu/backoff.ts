// Restart delays for a process that keeps dying: initial, 2x, 4x, ... up to a ceiling. A process that stayed
// up for `stableMs` before dying starts the sequence over, so one crash a day never waits long.

/** Delays for restarts. */
export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
  stableMs: number;
}

export const defaultBackoff: BackoffOptions = { initialMs: 1000, maxMs: 30_000, stableMs: 60_000 };

/** Counts consecutive failures and turns them into delays. */
export class Backoff {
  private failures = 0;

  constructor(private readonly options: BackoffOptions = defaultBackoff) {}

  /** The attempt number and delay before the next restart, given how long the process ran. */
  next(uptimeMs: number): { attempt: number; delayMs: number } {
    if (uptimeMs >= this.options.stableMs) this.failures = 0;
    this.failures++;
    const delayMs = Math.min(this.options.initialMs * 2 ** (this.failures - 1), this.options.maxMs);
    return { attempt: this.failures, delayMs };
  }

  reset(): void {
    this.failures = 0;
  }
}
