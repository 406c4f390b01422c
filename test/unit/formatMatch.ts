// Runs a format's `match` as the registry does, with a match context for the file at `path`.
import { matchContext } from '../../src/core/formats/matchContext';
import type { FormatModule } from '../../src/core/formats/registry';

export function matches(format: FormatModule, head: Uint8Array, path = 'model'): boolean {
  return format.match(head, path, matchContext(head, path));
}
