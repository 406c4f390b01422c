// How a measured duration reads on every profiling surface (trace editor, Profile panel, CLI text): one function,
// so a kernel's time never reads "1.2ms" in one place and "1200 µs" in another. Unknown figures (null) read "—".

/** A duration given in microseconds: `0.42 µs`, `123.4 µs`, `12.35 ms`, `1.234 s`. */
export function formatMicros(us: number | null): string {
  if (us === null || !Number.isFinite(us)) return '—';
  const abs = Math.abs(us);
  if (abs < 10) return `${us.toFixed(2)} µs`;
  if (abs < 1000) return `${us.toFixed(1)} µs`;
  if (abs < 1e6) return `${(us / 1000).toFixed(2)} ms`;
  return `${(us / 1e6).toFixed(3)} s`;
}

/** A duration given in milliseconds, read the same way as formatMicros. */
export function formatMillis(ms: number | null): string {
  return formatMicros(ms === null ? null : ms * 1000);
}

/** A share in percent: `12.3 %`; null reads "—". */
export function formatPercent(pct: number | null): string {
  return pct === null || !Number.isFinite(pct) ? '—' : `${pct.toFixed(1)} %`;
}

/** A signed delta in microseconds: `+1.20 ms`, `−35.0 µs`. */
export function formatDeltaMicros(us: number): string {
  const text = formatMicros(Math.abs(us));
  return us > 0 ? `+${text}` : us < 0 ? `−${text}` : text;
}

/** A signed change in percent: `+12.3 %`, `−72.7 %`. */
export function formatDeltaPercent(pct: number): string {
  const text = formatPercent(Math.abs(pct));
  return pct > 0 ? `+${text}` : pct < 0 ? `−${text}` : text;
}
