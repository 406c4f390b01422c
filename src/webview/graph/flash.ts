// The flash that marks a node revealed from elsewhere (a Profile panel row): a ring that pulses three times and
// fades, so the eye finds the node the view just moved to. The page redraws while it runs.

/** How long the flash lasts, ms, and how many times it pulses. */
const FLASH_MS = 1500;
const PULSES = 3;

/** One item's flash; `at(now)` is its ring's opacity, null once it is over. */
export class Flash {
  private key: string | null = null;
  private start = 0;

  /** Flashes the item `key` from `now`. */
  begin(key: string, now: number): void {
    [this.key, this.start] = [key, now];
  }

  /** The flashed item and its ring's opacity at `now`, or null when none is flashing. */
  at(now: number): { key: string; alpha: number } | null {
    if (this.key === null) return null;
    const f = (now - this.start) / FLASH_MS;
    if (f >= 1 || f < 0) {
      this.key = null;
      return null;
    }
    return { key: this.key, alpha: (1 - f) * (0.5 - 0.5 * Math.cos(2 * Math.PI * PULSES * f)) };
  }
}
