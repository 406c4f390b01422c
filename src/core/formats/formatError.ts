// The one error every format reader throws: which file, where in it, and what was expected.

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
  }
}
