// Where the timeline's axis ticks go and what they read. Pure, so the figures are tested in Node.

/** The tick step (µs) for a zoom of `usPerPx`: the smallest 1-2-5 multiple at least `minSpacingPx` apart. */
export function tickStep(usPerPx: number, minSpacingPx = 90): number {
  const raw = usPerPx * minSpacingPx;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (power * m >= raw) return power * m;
  return power * 10;
}

/**
 * A tick's text in the unit of the value's size, with the decimals the step needs: `0`, `250 µs`, `1.5 ms`,
 * `30.54238 s` (a tick 20 µs apart, 30 s into the trace).
 */
export function tickLabel(us: number, step: number): string {
  if (us === 0) return '0';
  const abs = Math.abs(us);
  const [unit, name] = abs >= 1e6 ? [1e6, 's'] : abs >= 1000 ? [1000, 'ms'] : [1, 'µs'];
  const decimals = Math.max(0, Math.min(9, Math.ceil(-Math.log10(step / unit) - 1e-9)));
  return `${(us / unit).toFixed(decimals)} ${name}`;
}
