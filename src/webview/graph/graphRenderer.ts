// Draws a laid-out scene on a 2D canvas, only what is on screen, with semantic zoom: boxes and frames in world
// space, then text in screen space at a readable size. Near, every box says what it is (op, key attributes, weights;
// group names and figures); far out, nodes are plain boxes and group names are drawn at a fixed size, largest groups
// first, skipping any that would overlap. Labels are measured once (TextFitter); the frame loop allocates nothing.
import { GROUP_TITLE, type Scene, type SceneItem } from '../../core/graph/hierarchicalLayout';
import type { NodeLabel } from '../../core/graph/nodeLabel';
import { LABEL_METRICS } from '../../core/graph/sceneLabels';
import { visibleWorld, type Rect, type Viewport } from '../../core/graph/viewport';
import { drawEdges, drawEdgeShapes } from './edgePainter';
import type { GraphTheme } from './graphTheme';
import { LabelPlacer } from './labelPlacer';
import { FILL_TEXT } from './nodeColors';
import { TextFitter } from './textFitter';

/** What each item says and its fill, supplied by the view (labels cached there, one object per item). */
export interface ItemStyle {
  label(item: SceneItem): NodeLabel;
  fill(item: SceneItem): string;
  /** A collapsed group's card fill when it is coloured (white text on it); undefined: the theme's card. */
  groupFill?(item: SceneItem): string | undefined;
}

/** What to emphasise: the selected item, and the items up- and downstream of it. */
export interface Emphasis {
  selected: string | null;
  related: Set<string> | null;
  matches: Set<string>;
  /** An item whose ring pulses (revealed from elsewhere), and the ring's opacity now. */
  flash?: { key: string; alpha: number } | null;
  /** Outline colours of items Compare Models marked (added, removed, changed layers, or groups holding them). */
  marks?: Map<string, string>;
}

/** World height of a box's title row and of each line under it, and font sizes at 1:1, as the layout sized boxes. */
const { titleRow: TITLE_ROW, lineRow: LINE_ROW, titleFont: TITLE_PX, lineFont: LINE_PX } = LABEL_METRICS;
/** Font size of group names drawn far out, in screen pixels. */
const GROUP_PX = 13;
/** Text drawn in the last frame that the probe keeps. */
const PROBE_LABELS = 300;
/** Far out, node titles are offered for at most this many nodes on screen per frame (after the group names). */
const FAR_NODE_TRIES = 300;
/** Title rows below this many screen pixels are too small for text: the frame draws group names instead. */
const MIN_ROW_PX = 11;

/** Text grows with the zoom from 1:1 up, and stays at a readable floor below it. */
const textSize = (scale: number) => Math.min(2, Math.max(0.85, scale));
/** Whether a box's attribute and weight lines are drawn at `scale`: each row must hold the line's font. */
const linesShown = (scale: number) => TITLE_ROW * scale >= MIN_ROW_PX && LINE_ROW * scale >= LINE_PX * textSize(scale);

/** Draws scenes on one canvas. */
export class GraphRenderer {
  /** Items drawn in the last frame, for tests and the status element. */
  lastDrawn = 0;
  /** The text drawn in the last frame, in draw order (the first 300). */
  readonly labels: string[] = [];
  private titles!: TextFitter;
  private lines!: TextFitter;
  private names!: TextFitter;
  private readonly placer = new LabelPlacer(150);
  private readonly byArea = new WeakMap<Scene, SceneItem[]>();
  private readonly record = (text: string): void => {
    if (this.labels.length < PROBE_LABELS) this.labels.push(text);
  };

  constructor(
    private readonly canvas: HTMLCanvasElement,
    public theme: GraphTheme,
  ) {
    this.setTheme(theme);
  }

  /** Takes a new theme (after a theme change); labels are measured again in its font. */
  setTheme(theme: GraphTheme): void {
    this.theme = theme;
    const measurer = (font: string) => {
      const ctx = document.createElement('canvas').getContext('2d')!;
      ctx.font = font;
      return (text: string) => ctx.measureText(text).width;
    };
    this.titles = new TextFitter(measurer(`bold ${TITLE_PX}px ${theme.font}`));
    this.lines = new TextFitter(measurer(`${LINE_PX}px ${theme.font}`));
    this.names = new TextFitter(measurer(`bold ${GROUP_PX}px ${theme.font}`));
  }

  draw(scene: Scene, view: Viewport, style: ItemStyle, emphasis: Emphasis): void {
    const ratio = window.devicePixelRatio || 1;
    const width = this.canvas.clientWidth;
    const height = this.canvas.clientHeight;
    if (this.canvas.width !== Math.round(width * ratio) || this.canvas.height !== Math.round(height * ratio)) {
      this.canvas.width = Math.round(width * ratio);
      this.canvas.height = Math.round(height * ratio);
    }
    const ctx = this.canvas.getContext('2d')!;
    const theme = this.theme;
    const scale = view.scale;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, height);
    ctx.setTransform(ratio * scale, 0, 0, ratio * scale, -view.x * scale * ratio, -view.y * scale * ratio);
    const shown = visibleWorld(view, width, height);
    const px = 1 / scale;
    const related = emphasis.related;
    const lines = linesShown(scale);
    let drawn = 0;

    // Expanded group frames first (parents before children), then edges, then boxes on top.
    for (const item of scene.items) {
      if (!item.expanded || !onScreen(item, shown)) continue;
      drawn++;
      const selected = item.key === emphasis.selected;
      ctx.globalAlpha = related !== null && !related.has(item.key) ? 0.5 : 1;
      ctx.fillStyle = theme.frameFill;
      ctx.fillRect(item.x, item.y, item.width, item.height);
      if (GROUP_TITLE * scale >= 2) {
        ctx.fillStyle = theme.frameTitle;
        ctx.fillRect(item.x, item.y, item.width, Math.min(GROUP_TITLE, item.height));
      }
      ctx.strokeStyle = selected ? theme.selected : theme.frameBorder;
      ctx.lineWidth = (selected ? 2 : theme.highContrast ? 1.5 : 1) * px;
      ctx.strokeRect(item.x, item.y, item.width, item.height);
    }
    ctx.globalAlpha = 1;
    drawEdges(ctx, scene, shown, emphasis, theme, scale);
    for (const item of scene.items) {
      if (item.expanded || !onScreen(item, shown) || (item.width < px / 2 && item.height < px / 2)) continue;
      drawn++;
      ctx.globalAlpha = related !== null && !related.has(item.key) ? 0.35 : 1;
      this.drawBox(ctx, item, style, px, item.width * scale > 6, lines);
      const selected = item.key === emphasis.selected;
      if (selected || emphasis.matches.has(item.key)) {
        ctx.strokeStyle = selected ? theme.selected : theme.match;
        ctx.lineWidth = 3 * px;
        ctx.strokeRect(item.x - 2 * px, item.y - 2 * px, item.width + 4 * px, item.height + 4 * px);
      }
      const mark = emphasis.marks?.get(item.key);
      if (mark) {
        ctx.strokeStyle = mark;
        ctx.lineWidth = 3 * px;
        ctx.strokeRect(item.x - 5 * px, item.y - 5 * px, item.width + 10 * px, item.height + 10 * px);
      }
      if (item.key === emphasis.flash?.key) {
        ctx.globalAlpha = emphasis.flash.alpha;
        ctx.strokeStyle = theme.selected;
        ctx.lineWidth = 6 * px;
        ctx.strokeRect(item.x - 8 * px, item.y - 8 * px, item.width + 16 * px, item.height + 16 * px);
      }
    }

    // Text, in screen pixels.
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.globalAlpha = 1;
    ctx.textBaseline = 'middle';
    this.labels.length = 0;
    if (TITLE_ROW * scale >= MIN_ROW_PX) this.drawText(ctx, scene, view, shown, style);
    else this.drawGroupNames(ctx, scene, view, shown, style, width);
    this.lastDrawn = drawn;
  }

  /** One box; without `lines` (too far out to read them) a node's title band fills the room its lines would take. */
  private drawBox(ctx: CanvasRenderingContext2D, item: SceneItem, style: ItemStyle, px: number, outlined: boolean, lines: boolean): void {
    const theme = this.theme;
    if (item.kind === 'port') {
      // A pill on the group's frame naming what crosses it; a dot when too small to read.
      ctx.beginPath();
      if (outlined && item.height / px >= MIN_ROW_PX) {
        ctx.roundRect(item.x, item.y, item.width, item.height, item.height / 2);
        ctx.fillStyle = theme.background;
        ctx.fill();
        ctx.strokeStyle = theme.edge;
        ctx.lineWidth = px;
        ctx.stroke();
      } else {
        ctx.arc(item.x + item.width / 2, item.y + item.height / 2, Math.max(3 * px, item.height / 4), 0, 2 * Math.PI);
        ctx.fillStyle = theme.edge;
        ctx.fill();
      }
      return;
    }
    if (item.kind === 'input' || item.kind === 'output') {
      // Graph inputs and outputs are rounded, as Netron draws them.
      ctx.fillStyle = theme.nodeBody;
      ctx.strokeStyle = theme.highContrast ? theme.nodeBorder : theme.foreground;
      ctx.lineWidth = 1.25 * px;
      ctx.beginPath();
      ctx.roundRect(item.x, item.y, item.width, item.height, Math.min(item.height / 2, 12));
      ctx.fill();
      if (outlined) ctx.stroke();
      return;
    }
    if (item.kind === 'group') {
      // A collapsed group reads as a stack of cards.
      ctx.strokeStyle = theme.groupBorder;
      ctx.lineWidth = px;
      if (outlined) ctx.strokeRect(item.x + 4, item.y - 4, item.width, item.height);
      ctx.fillStyle = style.groupFill?.(item) ?? theme.groupFill;
      ctx.fillRect(item.x, item.y, item.width, item.height);
      ctx.lineWidth = 1.5 * px;
      ctx.strokeRect(item.x, item.y, item.width, item.height);
      return;
    }
    if (item.height / px < 4) {
      // A few pixels on screen: one fill in the node's colour says as much, at a third of the cost.
      ctx.fillStyle = style.fill(item);
      ctx.fillRect(item.x, item.y, item.width, item.height);
      return;
    }
    const label = style.label(item);
    const band = lines && label.attrs.length + label.weights.length > 0 ? Math.min(TITLE_ROW, item.height) : item.height;
    if (band < item.height) {
      ctx.fillStyle = theme.nodeBody;
      ctx.fillRect(item.x, item.y + band, item.width, item.height - band);
    }
    ctx.fillStyle = style.fill(item);
    ctx.fillRect(item.x, item.y, item.width, band);
    if (outlined) {
      ctx.strokeStyle = theme.nodeBorder;
      ctx.lineWidth = px;
      ctx.strokeRect(item.x, item.y, item.width, item.height);
    }
  }

  /** Near: every box's title and lines, and the titles of open frames (kept in view while the frame is). */
  private drawText(ctx: CanvasRenderingContext2D, scene: Scene, view: Viewport, shown: Rect, style: ItemStyle): void {
    const theme = this.theme;
    const scale = view.scale;
    const size = textSize(scale);
    const lineRoom = linesShown(scale);
    ctx.font = `bold ${TITLE_PX * size}px ${theme.font}`;
    for (const item of scene.items) {
      if (item.kind === 'port' || !onScreen(item, shown)) continue;
      const label = style.label(item);
      const x = (item.x - view.x) * scale;
      const y = (item.y - view.y) * scale;
      const w = item.width * scale;
      if (item.expanded) {
        // The title sticks to the left edge of the screen while the frame reaches past it.
        const left = Math.max(x, 0) + 8;
        this.text(ctx, this.titles, label.title, left, y + (GROUP_TITLE * scale) / 2, x + w - left - 8, size, theme.foreground, false);
        continue;
      }
      // Without its lines, a box's title is centred in it (a group's card too).
      const rows = lineRoom ? label.attrs.length + label.weights.length : 0;
      const titleY = y + (item.kind === 'group' ? top(item, rows) + TITLE_ROW / 2 : (rows ? Math.min(TITLE_ROW, item.height) : item.height) / 2) * scale;
      this.text(ctx, this.titles, label.title, x + w / 2, titleY, w - 4, size, onFill(item, style) ? FILL_TEXT : theme.foreground, true);
    }
    if (!lineRoom) return;
    ctx.font = `${LINE_PX * size}px ${theme.font}`;
    drawEdgeShapes(ctx, scene, view, shown, theme, this.lines, size, this.record);
    for (const item of scene.items) {
      if (item.expanded || !onScreen(item, shown)) continue;
      const label = style.label(item);
      if (item.kind === 'port') {
        this.text(ctx, this.lines, label.title, (item.x + item.width / 2 - view.x) * scale, (item.y + item.height / 2 - view.y) * scale, item.width * scale - 8, size, theme.muted, true);
        continue;
      }
      const x = (item.x - view.x) * scale + 6;
      const w = item.width * scale - 12;
      let y = (item.y - view.y + top(item, label.attrs.length + label.weights.length) + TITLE_ROW + LINE_ROW / 2) * scale;
      // A node's lines are on its body; a coloured group's on its fill.
      const color = item.kind !== 'group' ? theme.foreground : onFill(item, style) ? FILL_TEXT : theme.muted;
      for (let i = 0; i < label.attrs.length; i++, y += LINE_ROW * scale) this.text(ctx, this.lines, label.attrs[i], x, y, w, size, color, false);
      for (let i = 0; i < label.weights.length; i++, y += LINE_ROW * scale) this.text(ctx, this.lines, label.weights[i], x, y, w, size, theme.muted, false);
    }
  }

  /** Far: group names (collapsed and open) at a fixed size, largest groups first, then node titles, none overlapping. */
  private drawGroupNames(ctx: CanvasRenderingContext2D, scene: Scene, view: Viewport, shown: Rect, style: ItemStyle, width: number): void {
    const theme = this.theme;
    let groups = this.byArea.get(scene);
    if (!groups) {
      groups = scene.items.filter((item) => item.kind === 'group').sort((a, b) => b.width * b.height - a.width * a.height);
      this.byArea.set(scene, groups);
    }
    this.placer.reset();
    ctx.font = `bold ${GROUP_PX}px ${theme.font}`;
    const rowHeight = GROUP_PX + 6;
    for (const item of groups) {
      if (this.placer.placed >= this.placer.capacity) break;
      if (!onScreen(item, shown)) continue;
      const title = style.label(item).title;
      const x = Math.max((item.x - view.x) * view.scale, 0);
      const y = Math.max((item.y - view.y) * view.scale, 0);
      const room = Math.min(260, width - x - 8);
      const text = this.names.fit(title, room);
      if (!text) continue;
      const w = Math.min(this.names.width(title), room) + 8;
      if (!this.placer.place(x, y, w, rowHeight)) continue;
      ctx.globalAlpha = 0.88;
      ctx.fillStyle = theme.labelBackdrop;
      ctx.fillRect(x, y, w, rowHeight);
      ctx.globalAlpha = 1;
      ctx.fillStyle = theme.foreground;
      ctx.textAlign = 'left';
      ctx.fillText(text, x + 4, y + rowHeight / 2);
      this.record(text);
    }
    // Where groups leave room (a flat graph has none), node and input/output titles on their own colour.
    ctx.font = `bold ${TITLE_PX}px ${theme.font}`;
    const nodeRow = TITLE_PX + 6;
    let tried = 0;
    for (const item of scene.items) {
      if (this.placer.placed >= this.placer.capacity || tried >= FAR_NODE_TRIES) break;
      if (item.expanded || item.kind === 'group' || item.kind === 'port' || !onScreen(item, shown)) continue;
      tried++;
      const title = style.label(item).title;
      const w = Math.min(this.titles.width(title), 160) + 8;
      const x = (item.x + item.width / 2 - view.x) * view.scale - w / 2;
      const y = (item.y + item.height / 2 - view.y) * view.scale - nodeRow / 2;
      if (!this.placer.place(x, y, w, nodeRow)) continue;
      const node = item.kind === 'node';
      ctx.fillStyle = node ? style.fill(item) : theme.nodeBody;
      ctx.fillRect(x, y, w, nodeRow);
      this.text(ctx, this.titles, title, x + w / 2, y + nodeRow / 2, w - 4, 1, node ? FILL_TEXT : theme.foreground, true);
    }
  }

  /** One label cut to `maxWidth`, left-aligned at `x` or centred on it; kept for the probe. */
  private text(ctx: CanvasRenderingContext2D, fitter: TextFitter, label: string, x: number, y: number, maxWidth: number, size: number, color: string, centred: boolean): void {
    const text = fitter.fit(label, maxWidth, size);
    if (!text) return;
    ctx.fillStyle = color;
    ctx.textAlign = centred ? 'center' : 'left';
    ctx.fillText(text, x, y);
    this.record(text);
  }
}

/** Whether an item's text sits on a coloured fill (a node's title band, a coloured group card): white text. */
function onFill(item: SceneItem, style: ItemStyle): boolean {
  return item.kind === 'node' || (item.kind === 'group' && style.groupFill?.(item) !== undefined);
}

/** Where an item's text block starts below its top: a group's name and figures are centred in its card. */
function top(item: SceneItem, rows: number): number {
  return item.kind === 'group' ? Math.max(0, (item.height - TITLE_ROW - rows * LINE_ROW) / 2) : 0;
}

function onScreen(item: Rect, shown: Rect): boolean {
  return item.x < shown.x + shown.width && item.x + item.width > shown.x && item.y < shown.y + shown.height && item.y + item.height > shown.y;
}

/** The top-most item under a world point: deepest first, so a node wins over the group frame around it. */
export function hitTest(scene: Scene, point: { x: number; y: number }): SceneItem | undefined {
  let best: SceneItem | undefined;
  for (const item of scene.items) {
    if (item.kind === 'port' || point.x < item.x || point.x > item.x + item.width || point.y < item.y || point.y > item.y + item.height) continue;
    if (!best || item.depth > best.depth || (item.depth === best.depth && !item.expanded)) best = item;
  }
  return best;
}
