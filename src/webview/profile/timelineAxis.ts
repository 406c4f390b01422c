// The timeline's time axis: ticks at 1-2-5 steps at least 90 px apart (timelineTicks.ts), labelled from the trace
// start. Tick labels are cached per (step, value) so panning does not format them again each frame.
import { tickLabel, tickStep } from './timelineTicks';

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
