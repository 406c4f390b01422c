// How a count, a byte size or a measured value reads to a person, on every surface (CLI, tree views, status bar,
// webviews): one function per kind of quantity, so one number never reads two ways. Unknown figures (null) read
// "unknown", never 0.

/** What an unknown figure reads as. */
const unknownText = 'unknown';

const countUnits: [number, string][] = [
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'K'],
];

/** A count in short form: `11.69 M`, `786.56 K`; under a thousand as it is. */
export function formatCount(value: number | null): string {
  if (value === null) return unknownText;
  for (const [size, unit] of countUnits) if (Math.abs(value) >= size) return `${(value / size).toFixed(2)} ${unit}`;
  return String(value);
}

/**
 * A total of which some parts are unknown (MACs of layers without cost rules): `786.56 K+?` when the known parts add
 * up to something, "unknown" when nothing known contributes, the plain count when every part is known.
 */
export function formatPartialCount(known: number, unknownParts: number, format: (value: number) => string = formatCount): string {
  if (unknownParts === 0) return format(known);
  return known === 0 ? unknownText : `${format(known)}+?`;
}

/** A count in full, with thousands separators: `11,689,512`. */
export function formatExactCount(value: number | null): string {
  return value === null ? unknownText : value.toLocaleString('en-US');
}

/** `count` in full with its noun, singular for one: "1 row", "1,408 events" (`plural` defaults to `word` + s). */
export function countOf(count: number, word: string, plural = `${word}s`): string {
  return `${formatExactCount(count)} ${count === 1 ? word : plural}`;
}

const byteUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** The binary unit that `bytes` reads in (the largest with a value of 1 or more) and its size. */
function byteUnit(bytes: number): { size: number; unit: string } {
  let index = 0;
  while (index < byteUnits.length - 1 && Math.abs(bytes) >= 1024 ** (index + 1)) index++;
  return { size: 1024 ** index, unit: byteUnits[index] };
}

/** A byte size in binary units: `44.59 MiB`; under 1 KiB in bytes: `512 B`. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null) return unknownText;
  const { size, unit } = byteUnit(bytes);
  return size === 1 ? `${bytes} B` : `${(bytes / size).toFixed(2)} ${unit}`;
}

/** Bytes in a mebibyte, for figures reported in MiB (nvidia-smi). */
export const MiB = 1024 * 1024;

/** A figure reported in MiB as its source gives it (`1474 MiB`), `n/a` when it does not report one. */
export function formatMib(mib: number | null): string {
  return mib === null ? 'n/a' : `${mib} MiB`;
}

/**
 * A used/total pair in the total's unit, compact for a status bar: `31.2/79.6 GiB` (one decimal, none from 100 on,
 * `.0` dropped). `n/a` stands for a figure the source does not report.
 */
export function formatBytesPair(used: number | null, total: number | null, separator = '/'): string {
  const { size, unit } = byteUnit(total ?? used ?? 0);
  const part = (bytes: number | null) => {
    if (bytes === null) return 'n/a';
    const scaled = bytes / size;
    return scaled >= 100 || size === 1 ? scaled.toFixed(0) : scaled.toFixed(1).replace(/\.0$/, '');
  };
  return `${part(used)}${separator}${part(total)} ${unit}`;
}

/**
 * A measured value (a loss, a weight statistic): integers as they are, else six significant digits, and exponent
 * form for very small or large magnitudes: `0.693147`, `1.2346e-5`, `3.5000e+7`.
 */
export function formatValue(value: number): string {
  if (!Number.isFinite(value) || Number.isInteger(value)) return String(value);
  const abs = Math.abs(value);
  return abs < 1e-4 || abs >= 1e6 ? value.toExponential(4) : String(Number(value.toPrecision(6)));
}
