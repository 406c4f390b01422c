// Draws one frame of the timeline onto a canvas: the rows in view, each from the level of detail that suits the
// zoom, found by binary search, with sub-pixel spans merged into one pixel span; names in boxes wide enough; search
// matches outlined; the selected event and its CPU→GPU flow arrows; track labels in the left gutter; the time axis.
// It allocates nothing per event: typed arrays and scratch buffers made when the index arrives.
import { drawAxis } from './timelineAxis';
import type { CategoryPalette } from './timelineColors';
import type { TimelineIndex } from './timelineIndex';
import { firstReaching, levelFor } from './timelineLod';

export const ROW_HEIGHT = 18;
export const TRACK_GAP = 8;
export const AXIS_HEIGHT = 24;
export const GUTTER = 220;

/** The visible window: time at the plot's left edge (µs from the trace start), zoom, and vertical scroll (px). */
export interface TimelineViewport {
  t0: number;
  usPerPx: number;
  scrollY: number;
}

export interface PainterTheme {
  background: string;
  foreground: string;
  muted: string;
  grid: string;
  gutter: string;
  selection: string;
  match: string;
  flow: string;
  font: string;
  palette: CategoryPalette;
}

/** Figures of the last frame, for the probes and the benchmark. */
export interface FrameStats {
  boxes: number;
  labels: number;
  rows: number;
  levelThresholdUs: number;
  spansVisited: number;
}

/** Row tops (content px, before scrolling): rows of a track are adjacent, tracks separated by TRACK_GAP. */
export function rowTops(index: TimelineIndex): Float64Array {
  const tops = new Float64Array(index.rowCount + 1);
  let y = 0;
  for (let r = 0; r < index.rowCount; r++) {
    if (r > 0 && index.rowTrack[r] !== index.rowTrack[r - 1]) y += TRACK_GAP;
    tops[r] = y;
    y += ROW_HEIGHT;
  }
  tops[index.rowCount] = y;
  return tops;
}

/** The row at content y (after adding scroll), or -1 in a gap or past the end. */
export function rowAt(tops: Float64Array, y: number): number {
  let lo = 0;
  let hi = tops.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (tops[mid] + ROW_HEIGHT <= y) lo = mid + 1;
    else hi = mid;
  }
  return lo < tops.length - 1 && y >= tops[lo] && y < tops[lo] + ROW_HEIGHT ? lo : -1;
}

export class TimelinePainter {
  readonly tops: Float64Array;
  /** Per row, the right edge (px) of the last match outline drawn this frame. */
  private readonly matchRight: Float64Array;
  private charWidth = 6.5;
  private measuredFont = '';
  matches: Uint32Array = new Uint32Array(0);
  private matchStart = new Float64Array(0);
  private matchMaxEnd = new Float64Array(0);
  readonly stats: FrameStats = { boxes: 0, labels: 0, rows: 0, levelThresholdUs: 0, spansVisited: 0 };

  constructor(private readonly index: TimelineIndex) {
    this.tops = rowTops(index);
    this.matchRight = new Float64Array(index.rowCount);
  }

  get contentHeight(): number {
    return this.tops[this.tops.length - 1];
  }

  /** Sets the search matches (event indexes ordered by start) to outline. */
  setMatches(matches: Uint32Array): void {
    const { startUs, durUs } = this.index.data;
    this.matches = matches;
    this.matchStart = new Float64Array(matches.length);
    this.matchMaxEnd = new Float64Array(matches.length);
    let max = -Infinity;
    matches.forEach((event, m) => {
      this.matchStart[m] = startUs[event];
      max = Math.max(max, startUs[event] + durUs[event]);
      this.matchMaxEnd[m] = max;
    });
  }

  draw(ctx: CanvasRenderingContext2D, width: number, height: number, view: TimelineViewport, theme: PainterTheme, selected: number, flows: readonly { from: number; to: number }[]): FrameStats {
    const index = this.index;
    const stats = this.stats;
    stats.boxes = 0;
    stats.labels = 0;
    stats.rows = 0;
    stats.spansVisited = 0;
    ctx.font = theme.font;
    if (this.measuredFont !== theme.font) {
      this.measuredFont = theme.font;
      const sample = 'aten::convolution_backward ProfilerStep#12 volta_sgemm_128x64_nn';
      this.charWidth = (ctx.measureText(sample).width / sample.length) * 1.08;
    }
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, height);
    const plotWidth = width - GUTTER;
    const { t0, usPerPx, scrollY } = view;
    const t1 = t0 + plotWidth * usPerPx;
    drawAxis(ctx, { left: GUTTER, width: plotWidth, height: AXIS_HEIGHT, fullHeight: height, t0, usPerPx, color: theme.muted, grid: theme.grid, background: theme.background });

    ctx.save();
    ctx.beginPath();
    ctx.rect(GUTTER, AXIS_HEIGHT, plotWidth, height - AXIS_HEIGHT);
    ctx.clip();
    const level = levelFor(index.levels, usPerPx);
    stats.levelThresholdUs = level.thresholdUs;
    const { start, end, category, event, count } = level;
    const names = index.data.names;
    const nameIndex = index.data.nameIndex;
    const palette = theme.palette;
    ctx.textBaseline = 'middle';
    const firstRow = Math.max(0, rowAt(this.tops, scrollY) === -1 ? this.firstRowBelow(scrollY) : rowAt(this.tops, scrollY));
    for (let r = firstRow; r < index.rowCount; r++) {
      const y = AXIS_HEIGHT + this.tops[r] - scrollY;
      if (y > height) break;
      stats.rows++;
      const stop = level.rowOffset[r + 1];
      let pendingX0 = 0;
      let pendingX1 = -Infinity;
      let pendingCategory = 0;
      for (let k = firstReaching(level, r, t0); k < stop && start[k] <= t1; k++) {
        stats.spansVisited++;
        let x0 = (start[k] - t0) / usPerPx;
        let x1 = (end[k] - t0) / usPerPx;
        if (x1 < 0) continue;
        if (x0 < -2) x0 = -2;
        if (x1 > plotWidth + 2) x1 = plotWidth + 2;
        if (x1 - x0 < 1.5) {
          // Sub-pixel: extend the pending pixel span, or flush it and start another.
          if (x0 <= pendingX1 + 1) {
            if (x1 > pendingX1) pendingX1 = x1;
            continue;
          }
          if (pendingX1 > -Infinity) this.box(ctx, palette.fill[pendingCategory], GUTTER + pendingX0, y, Math.max(1, pendingX1 - pendingX0));
          pendingX0 = x0;
          pendingX1 = Math.max(x1, x0 + 1);
          pendingCategory = category[k];
          continue;
        }
        if (pendingX1 > -Infinity) {
          this.box(ctx, palette.fill[pendingCategory], GUTTER + pendingX0, y, Math.max(1, pendingX1 - pendingX0));
          pendingX1 = -Infinity;
        }
        const c = category[k];
        this.box(ctx, palette.fill[c], GUTTER + x0, y, x1 - x0 - (x1 - x0 > 4 ? 1 : 0));
        if (count[k] === 1 && x1 - x0 > 28) this.label(ctx, names[nameIndex[event[k]]], palette.text[c], GUTTER + Math.max(x0, 0), y, Math.min(x1, plotWidth) - Math.max(x0, 0));
      }
      if (pendingX1 > -Infinity) this.box(ctx, palette.fill[pendingCategory], GUTTER + pendingX0, y, Math.max(1, pendingX1 - pendingX0));
    }
    this.drawMatches(ctx, view, plotWidth, height, theme.match);
    if (selected >= 0) this.drawSelection(ctx, view, selected, flows, theme);
    ctx.restore();
    this.drawGutter(ctx, height, scrollY, theme);
    // A scroll thumb on the right when the tracks are taller than the view (Shift+wheel or a vertical drag scrolls).
    const visible = height - AXIS_HEIGHT;
    const scrollRange = this.contentHeight - visible + ROW_HEIGHT;
    if (scrollRange > 0) {
      const thumb = Math.max(24, (visible * visible) / (this.contentHeight + ROW_HEIGHT));
      ctx.fillStyle = theme.muted;
      ctx.fillRect(width - 6, AXIS_HEIGHT + (visible - thumb) * Math.min(1, scrollY / scrollRange), 4, thumb);
    }
    return stats;
  }

  private gutterText(ctx: CanvasRenderingContext2D, text: string, y: number): void {
    const room = GUTTER - 14;
    ctx.fillText(text.length * this.charWidth <= room ? text : `${text.slice(0, Math.floor(room / this.charWidth) - 1)}…`, 8, y);
  }

  private firstRowBelow(scrollY: number): number {
    for (let r = 0; r < this.index.rowCount; r++) if (this.tops[r] + ROW_HEIGHT > scrollY) return r;
    return this.index.rowCount;
  }

  private box(ctx: CanvasRenderingContext2D, color: string, x: number, y: number, w: number): void {
    if (ctx.fillStyle !== color) ctx.fillStyle = color;
    ctx.fillRect(x, y + 1, w, ROW_HEIGHT - 2);
    this.stats.boxes++;
  }

  private label(ctx: CanvasRenderingContext2D, name: string, color: string, x: number, y: number, w: number): void {
    const room = w - 6;
    if (room < this.charWidth * 3) return;
    ctx.fillStyle = color;
    if (name.length * this.charWidth <= room) ctx.fillText(name, x + 3, y + ROW_HEIGHT / 2);
    else ctx.fillText(`${name.slice(0, Math.max(1, Math.floor(room / this.charWidth) - 1))}…`, x + 3, y + ROW_HEIGHT / 2);
    this.stats.labels++;
  }

  /** Outlines matches in view, at most one outline per pixel per row. */
  private drawMatches(ctx: CanvasRenderingContext2D, view: TimelineViewport, plotWidth: number, height: number, color: string): void {
    if (this.matches.length === 0) return;
    const { t0, usPerPx, scrollY } = view;
    const t1 = t0 + plotWidth * usPerPx;
    this.matchRight.fill(-Infinity);
    ctx.strokeStyle = color;
    ctx.lineWidth = 2;
    const { durUs } = this.index.data;
    let lo = 0;
    let hi = this.matches.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.matchMaxEnd[mid] < t0) lo = mid + 1;
      else hi = mid;
    }
    for (let m = lo; m < this.matches.length && this.matchStart[m] <= t1; m++) {
      const e = this.matches[m];
      const row = this.index.eventRow[e];
      const y = AXIS_HEIGHT + this.tops[row] - scrollY;
      if (y < AXIS_HEIGHT - ROW_HEIGHT || y > height) continue;
      const x0 = Math.max(-2, (this.matchStart[m] - t0) / usPerPx);
      const x1 = Math.min(plotWidth + 2, (this.matchStart[m] + durUs[e] - t0) / usPerPx);
      if (x1 < 0 || x0 < this.matchRight[row] + 2) continue;
      this.matchRight[row] = Math.max(x1, x0 + 2);
      ctx.strokeRect(GUTTER + x0, y + 1, Math.max(2, x1 - x0), ROW_HEIGHT - 2);
    }
  }

  /** Centre of an event's box on the canvas (x clamped to the plot's reach), for the flow arrows. */
  private anchor(view: TimelineViewport, event: number, atEnd: boolean): { x: number; y: number } {
    const { startUs, durUs } = this.index.data;
    const time = startUs[event] + (atEnd ? durUs[event] : 0);
    return { x: GUTTER + (time - view.t0) / view.usPerPx, y: AXIS_HEIGHT + this.tops[this.index.eventRow[event]] - view.scrollY + ROW_HEIGHT / 2 };
  }

  private drawSelection(ctx: CanvasRenderingContext2D, view: TimelineViewport, selected: number, flows: readonly { from: number; to: number }[], theme: PainterTheme): void {
    const { startUs, durUs } = this.index.data;
    const y = AXIS_HEIGHT + this.tops[this.index.eventRow[selected]] - view.scrollY;
    const x = GUTTER + (startUs[selected] - view.t0) / view.usPerPx;
    ctx.strokeStyle = theme.selection;
    ctx.lineWidth = 2;
    ctx.strokeRect(x - 1, y, Math.max(3, durUs[selected] / view.usPerPx + 2), ROW_HEIGHT);
    ctx.strokeStyle = theme.flow;
    ctx.fillStyle = theme.flow;
    ctx.lineWidth = 1.5;
    for (const flow of flows) {
      const a = this.anchor(view, flow.from, false);
      const b = this.anchor(view, flow.to, false);
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      const bend = Math.max(20, Math.abs(b.y - a.y) / 3);
      ctx.bezierCurveTo(a.x + bend, a.y, b.x - bend, b.y, b.x, b.y);
      ctx.stroke();
      ctx.beginPath();
      ctx.moveTo(b.x, b.y);
      ctx.lineTo(b.x - 7, b.y - 4);
      ctx.lineTo(b.x - 7, b.y + 4);
      ctx.closePath();
      ctx.fill();
    }
  }

  /** Track labels in the left gutter, each at its track's first row (kept in view while the track is). */
  private drawGutter(ctx: CanvasRenderingContext2D, height: number, scrollY: number, theme: PainterTheme): void {
    const index = this.index;
    ctx.fillStyle = theme.gutter;
    ctx.fillRect(0, 0, GUTTER, height);
    ctx.fillStyle = theme.grid;
    ctx.fillRect(GUTTER - 1, 0, 1, height);
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, AXIS_HEIGHT, GUTTER - 4, height - AXIS_HEIGHT);
    ctx.clip();
    ctx.textBaseline = 'middle';
    for (const t of index.trackOrder) {
      const first = index.trackFirstRow[t];
      const last = first + index.data.tracks[t].maxDepth;
      const top = AXIS_HEIGHT + this.tops[first] - scrollY;
      const bottom = AXIS_HEIGHT + this.tops[last] + ROW_HEIGHT - scrollY;
      if (bottom < AXIS_HEIGHT || top > height) continue;
      const y = Math.min(Math.max(top, AXIS_HEIGHT), bottom - ROW_HEIGHT) + ROW_HEIGHT / 2;
      ctx.fillStyle = theme.grid;
      ctx.fillRect(0, top - TRACK_GAP / 2, width(ctx), 1);
      ctx.fillStyle = theme.foreground;
      const label = index.data.tracks[t].label;
      // A track of two rows or more has room for 'process' over 'thread'.
      const cut = label.indexOf(' / ');
      if (last > first && cut > 0 && label.length * this.charWidth > GUTTER - 14) {
        this.gutterText(ctx, label.slice(0, cut), y);
        ctx.fillStyle = theme.muted;
        this.gutterText(ctx, label.slice(cut + 3), y + ROW_HEIGHT);
      } else this.gutterText(ctx, label, y);
    }
    ctx.restore();
    ctx.fillStyle = theme.gutter;
    ctx.fillRect(0, 0, GUTTER - 1, AXIS_HEIGHT);
  }
}

function width(ctx: CanvasRenderingContext2D): number {
  return ctx.canvas.width;
}
