// Small pieces every log format shares: reading a printed number, and the step/epoch arithmetic that is only
// safe when the epoch numbering is known.

/** A printed number: `0.2215`, `-3`, `.5`, `4.3609e-05`, `1e-4`. */
export const NUMBER = '[-+]?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?';
const WHOLE_NUMBER = new RegExp(`^${NUMBER}$`);

/** The number a token prints, or null when it is not exactly a finite number (`nan`, `30ms`, `0:07:05` are not). */
export function parseNumber(token: string): number | null {
  if (!WHOLE_NUMBER.test(token)) return null;
  const value = Number(token);
  return Number.isFinite(value) ? value : null;
}

/**
 * Whether printed epochs count from 0 or 1, learned from the first epoch a format prints: scripts print both
 * (`epoch + 1` in most tutorials, a bare `epoch` in Lightning and some GANs). A first epoch above 1 (a resumed
 * run) leaves it unknown, and then no global step is derived from epochs.
 */
export class EpochBase {
  private base: 0 | 1 | null | undefined;

  /** Sees an epoch as printed; returns the base, or null when unknown. */
  observe(epoch: number): 0 | 1 | null {
    if (this.base === undefined) this.base = epoch === 0 ? 0 : epoch === 1 ? 1 : null;
    else if (this.base === 1 && epoch === 0) this.base = null; // contradicts what was learned: stop guessing
    return this.base;
  }

  /** Global step of position `n` (1-based within the epoch) of `perEpoch` in `epoch`, or null when unknown. */
  step(epoch: number, n: number, perEpoch: number): number | null {
    const base = this.observe(epoch);
    return base === null ? null : (epoch - base) * perEpoch + n;
  }
}

/** Keys of evaluation metrics: printed once per evaluation but often carried on every later progress line. */
export function isEvalKey(key: string): boolean {
  return /^(?:val|valid|validation|test|eval)(?:[_/ .-]|$)/i.test(key);
}
