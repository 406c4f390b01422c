// Paths in the panel's tables, short enough to read (no DOM, so it is unit-tested).

/**
 * A long absolute path as its last three parts (`…/<run>/checkpoints/stopped`, as the trainer's resumedFrom; the
 * table gives the whole path on hover); other values as they are.
 */
export function shortPath(value: string): string {
  if (value.length <= 40 || !/^(\/|[A-Za-z]:[\\/])/.test(value)) return value;
  const parts = value.split(/[\\/]+/).filter(Boolean);
  return parts.length > 3 ? `…/${parts.slice(-3).join('/')}` : value;
}
