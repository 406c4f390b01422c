// The timeline's time axis: ticks at 1-2-5 steps at least `minSpacingPx` apart, labelled relative to the trace
// start in the unit the step reads best in. Tick labels are cached per (step, value) so panning allocates nothing.
import { formatMicros } from '../../core/display/durations';

/** The tick step (µs) for a zoom of `usPerPx`: the smallest 1-2-5 multiple at least `minSpacingPx` apart. */
export function tickStep(usPerPx: number, minSpacingPx = 90): number {
  const raw = usPerPx * minSpacingPx;
  const power = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 5, 10]) if (power * m >= raw) return power * m;
  return power * 10;
}

/** A tick's text: `0`, `250 µs`, `1.5 ms`, `2 s`, with as many decimals as the step needs. */
export function tickLabel(us: number, step: number): string {
  if (us === 0) return '0';
  if (step >= 1e6) return `${trim(us / 1e6, step / 1e6)} s`;
  if (step >= 1000) return `${trim(us / 1000, step / 1000)} ms`;
  if (step >= 1) return `${trim(us, step)} µs`;
  return formatMicros(us);
}

function trim(value: number, step: number): string {
  const decimals = Math.max(0, Math.min(6, -Math.floor(Math.log10(step) + 1e-9)));
  return value.toFixed(decimals);
}

const labelCache = new Map<string, string>();

/** Draws the axis band (height `height`) and the tick lines down the whole canvas. */
export function drawAxis(
  ctx: CanvasRenderingContext2D,
  options: { left: number; width: number; height: number; fullHeight: number; t0: number; usPerPx: number; color: string; grid: string; background: string },
): void {
  const { left, width, height, fullHeight, t0, usPerPx } = options;
  ctx.fillStyle = options.background;
  ctx.fillRect(left, 0, width, height);
  const step = tickStep(usPerPx);
  const first = Math.ceil(t0 / step) * step;
  ctx.fillStyle = options.grid;
  for (let t = first; t <= t0 + width * usPerPx; t += step) ctx.fillRect(left + Math.round((t - t0) / usPerPx), height - 6, 1, fullHeight - height + 6);
  ctx.fillStyle = options.color;
  ctx.textBaseline = 'middle';
  for (let t = first; t <= t0 + width * usPerPx; t += step) {
    const key = `${step}|${t}`;
    let label = labelCache.get(key);
    if (label === undefined) {
      if (labelCache.size > 4000) labelCache.clear();
      label = tickLabel(Math.round(t / step) * step, step);
      labelCache.set(key, label);
    }
    ctx.fillText(label, left + Math.round((t - t0) / usPerPx) + 3, height / 2 - 2);
  }
}
