// Draws GPU idle bands (core/charts/gpuIdleBands.ts) behind a uPlot chart's series: a full-height fill over each
// band's x range, in the theme's warning colour, strong on the overlay chart and faint on the run's other charts.
import type uPlot from 'uplot';

/** The colour of idle bands: the theme's chart yellow (warning), as VS Code's own charts use it. */
export function idleBandColor(): string {
  return getComputedStyle(document.body).getPropertyValue('--vscode-charts-yellow').trim() || '#cca700';
}

/** Fills each [x0, x1] range (in the x scale's units) over the plot area; call from a drawClear hook. */
export function drawIdleBands(u: uPlot, ranges: readonly [number, number][], color: string, alpha: number): void {
  if (ranges.length === 0) return;
  const { ctx, bbox } = u;
  ctx.save();
  ctx.globalAlpha = alpha;
  ctx.fillStyle = color;
  for (const [x0, x1] of ranges) {
    const left = Math.max(bbox.left, u.valToPos(x0, 'x', true));
    const right = Math.min(bbox.left + bbox.width, u.valToPos(x1, 'x', true));
    // A band of a few samples can be narrower than a pixel at a long run's scale: keep it visible.
    if (right >= left) ctx.fillRect(left, bbox.top, Math.max(right - left, 2), bbox.height);
  }
  ctx.restore();
}
