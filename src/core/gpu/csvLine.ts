// nvidia-smi's CSV is not RFC 4180: values are separated by ", " and never quoted. A process name may hold
// a comma, so where the caller knows how many columns to expect, the surplus is folded back into the one
// free-text column.

/** Splits one nvidia-smi CSV line into trimmed values; `freeColumn` absorbs extra commas when `expected` is known. */
export function splitCsvLine(line: string, expected?: number, freeColumn?: number): string[] {
  const raw = line.split(',');
  if (expected === undefined || freeColumn === undefined || freeColumn < 0 || raw.length <= expected || freeColumn >= expected) return raw.map((part) => part.trim());
  const surplus = raw.length - expected;
  const merged = raw.slice(freeColumn, freeColumn + surplus + 1).join(',');
  return [...raw.slice(0, freeColumn), merged, ...raw.slice(freeColumn + surplus + 1)].map((part) => part.trim());
}

/** A header cell without its unit: `memory.total [MiB]` becomes `memory.total`. */
export function headerFieldName(cell: string): string {
  return cell.replace(/\s*\[[^\]]*\]\s*$/, '').trim();
}
