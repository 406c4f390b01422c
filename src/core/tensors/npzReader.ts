// NumPy's .npz: a zip archive of .npy members (numpy.savez, stored; numpy.savez_compressed, deflated).
import * as fs from 'node:fs';
import { unzipSync } from 'fflate';
import { FormatError } from '../formats/formatError';
import type { HostTensor } from './hostTensor';
import { readNpy } from './npyReader';

/** The arrays of the .npz at `path`, keyed by member name without `.npy`, in archive order. */
export function readNpzFile(path: string): Map<string, HostTensor> {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(fs.readFileSync(path));
  } catch (error) {
    throw new FormatError(path, `expected a zip archive of .npy arrays (numpy.savez): ${(error as Error).message}`);
  }
  const arrays = new Map<string, HostTensor>();
  for (const [entry, bytes] of Object.entries(members)) {
    if (!entry.endsWith('.npy')) continue;
    arrays.set(entry.slice(0, -'.npy'.length), readNpy(bytes, path, entry));
  }
  if (arrays.size === 0) throw new FormatError(path, 'the archive holds no .npy member');
  return arrays;
}
