// The timeline tab: a toolbar (search with previous/next, fit, the controls' hint), the canvas drawn by
// TimelinePainter once per animation frame when something changed, a hover tooltip, and the details pane of the
// selected event. The view state (viewport, selection, matches) lives here; the data is a TimelineIndex.
import { countOf } from '../../core/display/quantities';
import { formatMicros } from '../../core/display/durations';
import { traceCategoryOrder, type TimelineData } from '../../core/profile/traceTimeline';
import { ms, type Probe, type ProfileStatus } from '../common/testProbes';
import { pageIsDark, pageTheme } from '../graph/pageTheme';
import { categoryLabels, categoryPalette } from './timelineColors';
import { TimelineDetails } from './timelineDetails';
import { TimelineIndex } from './timelineIndex';
import { attachTimelineInput } from './timelineInput';
import { AXIS_HEIGHT, GUTTER, ROW_HEIGHT, rowAt, TimelinePainter, type PainterTheme, type TimelineViewport } from './timelinePainter';
import { timelineToolbar, type TimelineToolbar } from './timelineToolbar';

export class TimelineView {
  readonly element: HTMLElement;
  readonly index: TimelineIndex;
  private readonly painter: TimelinePainter;
  private readonly canvas: HTMLCanvasElement;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly tooltip: HTMLElement;
  private readonly details: TimelineDetails;
  private readonly toolbar: TimelineToolbar;
  private readonly view: TimelineViewport = { t0: 0, usPerPx: 1, scrollY: 0 };
  private theme: PainterTheme | undefined;
  private selected = -1;
  private flows: { from: number; to: number }[] = [];
  private matchIndex = -1;
  private pending = 0;
  private frames = 0;
  private fitted = false;
  private readonly swatches: { category: number; element: HTMLElement }[] = [];

  constructor(data: TimelineData, private readonly probe: Probe<ProfileStatus>, note?: string) {
    this.index = new TimelineIndex(data);
    this.painter = new TimelinePainter(this.index);
    this.element = document.createElement('section');
    this.element.className = 'tp-timeline tp-fill';
    this.toolbar = timelineToolbar({
      search: (query) => this.search(query),
      step: (delta) => this.stepMatch(delta),
      fit: () => this.fit(),
    });
    const legend = document.createElement('div');
    legend.className = 'tp-legend';
    for (const c of [...new Set(data.category)].sort((a, b) => a - b)) {
      const item = document.createElement('span');
      const swatch = document.createElement('span');
      swatch.className = 'tp-swatch';
      this.swatches.push({ category: c, element: swatch });
      item.append(swatch, categoryLabels[traceCategoryOrder[c] ?? 'other']);
      legend.append(item);
    }
    this.colourLegend();
    const host = document.createElement('div');
    host.className = 'tp-canvas-host';
    this.canvas = document.createElement('canvas');
    this.canvas.tabIndex = 0;
    this.canvas.setAttribute('aria-label', 'Timeline: drag to pan, wheel or W/S to zoom, A/D to pan, Shift+wheel to scroll tracks');
    this.ctx = this.canvas.getContext('2d', { alpha: false })!;
    this.tooltip = document.createElement('div');
    this.tooltip.className = 'tp-tooltip';
    this.tooltip.hidden = true;
    host.append(this.canvas, this.tooltip);
    // The tab's free height (the stylesheet's flex), but no taller than the tracks need (a model run is one row).
    const tracksHeight = Math.ceil(this.painter.contentHeight + AXIS_HEIGHT + 12);
    host.style.maxHeight = `${tracksHeight}px`;
    host.style.minHeight = `${Math.min(160, tracksHeight)}px`;
    this.details = new TimelineDetails((event) => this.select(event, true));
    const info = document.createElement('p');
    info.className = 'tp-muted';
    info.textContent = note ?? `${countOf(data.startUs.length, 'event')} on ${countOf(data.tracks.length, 'track')}${data.dropped > 0 ? ` (${countOf(data.dropped, 'more event')} left out: the timeline shows a part of the trace)` : ''}.`;
    this.element.append(this.toolbar.element, info, legend, host, this.details.element);
    attachTimelineInput(this.canvas, {
      pan: (dx, dy) => {
        this.view.t0 -= dx * this.view.usPerPx;
        this.view.scrollY -= dy;
        this.changed();
      },
      zoom: (factor, x) => {
        const plotX = Math.max(0, x - GUTTER);
        const time = this.view.t0 + plotX * this.view.usPerPx;
        // From a nanosecond per pixel in to the whole trace in a quarter of the width out.
        this.view.usPerPx = Math.min(Math.max(this.view.usPerPx / factor, 1e-3), (this.index.spanUs * 4) / Math.max(100, this.canvas.clientWidth - GUTTER));
        this.view.t0 = time - plotX * this.view.usPerPx;
        this.changed();
      },
      click: (x, y) => this.select(this.eventAt(x, y), false),
      hover: (x, y) => this.hover(x, y),
      leave: () => (this.tooltip.hidden = true),
      key: (event) => {
        if (event.key === 'Escape') this.select(-1, false);
        else if (event.key === 'f' || event.key === 'F') this.fit();
        else if (event.key === 'Enter') this.stepMatch(event.shiftKey ? -1 : 1);
        else return false;
        return true;
      },
    });
    new ResizeObserver(() => this.resize()).observe(host);
    probe.set({ timelineEvents: data.startUs.length, timelineRows: this.index.rowCount, timelineTracks: data.tracks.length, selected: -1, selectedName: '', matches: 0, matchIndex: -1 });
  }

  /** Fits the whole trace in the width and scrolls to the top. */
  fit(): void {
    const plotWidth = Math.max(100, this.canvas.clientWidth - GUTTER);
    this.view.usPerPx = (this.index.spanUs * 1.02) / plotWidth;
    this.view.t0 = -this.index.spanUs * 0.01;
    this.view.scrollY = 0;
    this.changed();
  }

  /** The theme changed: colours are read again at the next frame. */
  retheme(): void {
    this.theme = undefined;
    this.colourLegend();
    this.changed();
  }

  private colourLegend(): void {
    const palette = categoryPalette(pageIsDark());
    for (const { category, element } of this.swatches) element.style.background = palette.fill[category];
  }

  /** Shows the time range [startUs, startUs + durUs] (centred, with a margin). */
  reveal(startUs: number, durUs: number): void {
    const plotWidth = Math.max(100, this.canvas.clientWidth - GUTTER);
    const want = Math.max(durUs * 4, 20 * this.index.spanUs / 1e7);
    if (durUs / this.view.usPerPx > plotWidth * 0.8 || durUs / this.view.usPerPx < 4) this.view.usPerPx = want / plotWidth;
    this.view.t0 = startUs + durUs / 2 - (plotWidth / 2) * this.view.usPerPx;
    this.changed();
  }

  select(event: number, reveal: boolean): void {
    this.selected = event;
    this.flows = event >= 0 ? this.index.flowPartners(event) : [];
    if (event >= 0) {
      this.details.show(this.index, event, this.flows);
      if (reveal) {
        const data = this.index.data;
        this.reveal(data.startUs[event], data.durUs[event]);
        const top = this.painter.tops[this.index.eventRow[event]];
        const visible = this.canvas.clientHeight - AXIS_HEIGHT;
        if (top < this.view.scrollY || top > this.view.scrollY + visible - ROW_HEIGHT) this.view.scrollY = top - visible / 2;
      }
    } else this.details.clear();
    this.probe.set({ selected: event, selectedName: event >= 0 ? this.index.data.names[this.index.data.nameIndex[event]] : '', selectedFlows: this.flows.length });
    this.changed();
  }

  private search(query: string): void {
    const matches = this.index.search(query);
    this.painter.setMatches(matches);
    this.matchIndex = -1;
    this.toolbar.setCount(query.trim() ? `${matches.length.toLocaleString('en-US')} match${matches.length === 1 ? '' : 'es'}` : '');
    this.probe.set({ matches: matches.length, matchIndex: -1 });
    this.changed();
  }

  private stepMatch(delta: number): void {
    const matches = this.painter.matches;
    if (matches.length === 0) return;
    this.matchIndex = (this.matchIndex + delta + matches.length) % matches.length;
    this.toolbar.setCount(`${this.matchIndex + 1} of ${matches.length.toLocaleString('en-US')}`);
    this.probe.set({ matchIndex: this.matchIndex });
    this.select(matches[this.matchIndex], true);
  }

  private eventAt(x: number, y: number): number {
    if (x < GUTTER || y < AXIS_HEIGHT) return -1;
    const row = rowAt(this.painter.tops, y - AXIS_HEIGHT + this.view.scrollY);
    return this.index.eventAt(row, this.view.t0 + (x - GUTTER) * this.view.usPerPx, 3 * this.view.usPerPx);
  }

  private hover(x: number, y: number): void {
    const event = this.eventAt(x, y);
    if (event < 0) {
      this.tooltip.hidden = true;
      return;
    }
    const data = this.index.data;
    const name = document.createElement('strong');
    name.textContent = data.names[data.nameIndex[event]];
    const line = document.createElement('div');
    line.textContent = `${formatMicros(data.durUs[event])} · ${categoryLabels[traceCategoryOrder[data.category[event]] ?? 'other']} · at ${formatMicros(data.startUs[event])}`;
    this.tooltip.replaceChildren(name, line);
    this.tooltip.hidden = false;
    const left = Math.min(x + 14, this.canvas.clientWidth - this.tooltip.offsetWidth - 4);
    this.tooltip.style.left = `${Math.max(0, left)}px`;
    this.tooltip.style.top = `${y + 16}px`;
  }

  private resize(): void {
    const dpr = window.devicePixelRatio || 1;
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    if (width === 0 || height === 0) return;
    this.canvas.width = Math.round(width * dpr);
    this.canvas.height = Math.round(height * dpr);
    if (!this.fitted) {
      this.fitted = true;
      this.fit();
    }
    this.changed();
  }

  private changed(): void {
    if (!this.pending) this.pending = requestAnimationFrame(() => this.draw());
  }

  private readTheme(): PainterTheme {
    const page = pageTheme();
    const css = getComputedStyle(document.body);
    const size = css.getPropertyValue('--vscode-editor-font-size').trim() || '12px';
    return {
      background: page.background,
      foreground: page.foreground,
      muted: page.muted,
      grid: page.frameBorder,
      gutter: page.frameFill,
      selection: page.selected,
      match: page.match,
      flow: page.dark ? '#ffcc66' : '#b35c00',
      font: `${Math.min(12, parseFloat(size) || 12)}px ${page.font}`,
      palette: categoryPalette(page.dark),
    };
  }

  private draw(): void {
    this.pending = 0;
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    if (width === 0 || height === 0) return;
    const start = performance.now();
    this.theme ??= this.readTheme();
    const maxScroll = Math.max(0, this.painter.contentHeight - (height - AXIS_HEIGHT) + ROW_HEIGHT);
    this.view.scrollY = Math.min(Math.max(this.view.scrollY, 0), maxScroll);
    const dpr = this.canvas.width / width;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const stats = this.painter.draw(this.ctx, width, height, this.view, this.theme, this.selected, this.flows);
    this.frames++;
    this.probe.set({
      drawnBoxes: stats.boxes,
      drawnLabels: stats.labels,
      drawnRows: stats.rows,
      spansVisited: stats.spansVisited,
      lodThresholdUs: stats.levelThresholdUs.toPrecision(3),
      drawMs: ms(performance.now() - start),
      frames: this.frames,
      view: `${this.view.t0.toFixed(1)},${this.view.usPerPx.toPrecision(4)},${this.view.scrollY.toFixed(0)}`,
    });
  }
}
