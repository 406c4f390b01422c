// The one error every format reader throws: which file, where in it, and what was expected.

// Bundles split into chunks (the Keras reader in dist/workers/chunks) each hold a copy of this class, so
// `instanceof` checks a brand shared by every copy rather than one copy's prototype.
const BRAND = Symbol.for('tensorsight.FormatError');

/** A model file could not be read; names the file, the byte offset or archive entry, and the expectation. */
export class FormatError extends Error {
  constructor(
    readonly file: string,
    readonly detail: string,
    readonly where?: { offset?: number; entry?: string },
  ) {
    const at = where?.entry !== undefined ? ` (entry ${where.entry})` : where?.offset !== undefined ? ` (at byte ${where.offset})` : '';
    super(`${file}${at}: ${detail}`);
    this.name = 'FormatError';
    Object.defineProperty(this, BRAND, { value: true });
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    if (this !== FormatError) return Function.prototype[Symbol.hasInstance].call(this, value);
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[BRAND] === true;
  }
}
