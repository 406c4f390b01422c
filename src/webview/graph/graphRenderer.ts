// Draws a laid-out scene on a 2D canvas: only what is on screen, with level of detail (plain boxes when
// zoomed out; labels, figures and edge shapes when zoomed in). Colours come from VS Code's theme variables.
import type { Scene, SceneItem } from '../../core/graph/hierarchicalLayout';
import { GROUP_TITLE } from '../../core/graph/hierarchicalLayout';
import { intersects, visibleWorld, type Viewport } from '../../core/graph/viewport';
import type { SvgStyle } from '../../core/graph/sceneSvg';

/** Text and fill of each item, supplied by the view. */
export interface ItemStyle {
  title(item: SceneItem): string;
  subtitle(item: SceneItem): string;
  fill(item: SceneItem): string;
}

/** What to emphasise: the selected item, and the items up- and downstream of it. */
export interface Emphasis {
  selected: string | null;
  related: Set<string> | null;
  matches: Set<string>;
}

interface Theme {
  foreground: string;
  border: string;
  edge: string;
  groupFill: string;
  selected: string;
  match: string;
  background: string;
  font: string;
}

function readTheme(): Theme {
  const css = getComputedStyle(document.body);
  const get = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    foreground: get('--vscode-editor-foreground', '#ccc'),
    border: get('--vscode-panel-border', '#555'),
    edge: get('--vscode-editorLineNumber-foreground', '#888'),
    groupFill: get('--vscode-sideBar-background', '#252526'),
    selected: get('--vscode-focusBorder', '#007fd4'),
    match: get('--vscode-editor-findMatchHighlightBackground', 'rgba(234,92,0,0.5)'),
    background: get('--vscode-editor-background', '#1e1e1e'),
    font: get('--vscode-font-family', 'sans-serif'),
  };
}

/** Draws scenes on one canvas. */
export class GraphRenderer {
  private theme = readTheme();
  /** Items drawn in the last frame, for tests and the status element. */
  lastDrawn = 0;

  constructor(private readonly canvas: HTMLCanvasElement) {}

  /** The theme's colours and font, for drawing the same view as SVG. */
  svgTheme(): Pick<SvgStyle, 'colors' | 'font'> {
    const { font, ...colors } = this.theme;
    return { colors, font };
  }

  /** Re-reads theme colours (after a theme change). */
  refreshTheme(): void {
    this.theme = readTheme();
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
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, width, height);
    ctx.setTransform(ratio * view.scale, 0, 0, ratio * view.scale, -view.x * view.scale * ratio, -view.y * view.scale * ratio);
    const shown = visibleWorld(view, width, height);
    const detailed = view.scale >= 0.45;
    const px = 1 / view.scale;
    let drawn = 0;
    const dim = (key: string) => emphasis.related !== null && !emphasis.related.has(key);

    // Expanded group frames first (parents before children), then edges, then boxes on top.
    for (const item of scene.items) {
      if (!item.expanded || !intersects(item, shown)) continue;
      drawn++;
      ctx.globalAlpha = dim(item.key) ? 0.5 : 1;
      ctx.fillStyle = theme.groupFill;
      ctx.strokeStyle = item.key === emphasis.selected ? theme.selected : theme.border;
      ctx.lineWidth = (item.key === emphasis.selected ? 2 : 1) * px;
      ctx.fillRect(item.x, item.y, item.width, item.height);
      ctx.strokeRect(item.x, item.y, item.width, item.height);
      if (view.scale * 12 >= 5) {
        ctx.fillStyle = theme.foreground;
        ctx.font = `12px ${theme.font}`;
        ctx.textBaseline = 'middle';
        ctx.fillText(`▾ ${style.title(item)}  ${style.subtitle(item)}`, item.x + 8, item.y + GROUP_TITLE / 2 + 2, item.width - 16);
      }
    }
    ctx.lineWidth = px;
    for (const edge of scene.edges) {
      if (edge.points.length < 2) continue;
      const related = emphasis.related !== null && emphasis.related.has(edge.from) && emphasis.related.has(edge.to);
      ctx.globalAlpha = emphasis.related !== null && !related ? 0.25 : 1;
      ctx.strokeStyle = related ? theme.selected : theme.edge;
      ctx.lineWidth = (related ? 2 : Math.min(3, 1 + Math.log2(edge.count) / 2)) * px;
      ctx.beginPath();
      ctx.moveTo(edge.points[0].x, edge.points[0].y);
      for (let i = 1; i < edge.points.length; i++) ctx.lineTo(edge.points[i].x, edge.points[i].y);
      ctx.stroke();
      const end = edge.points[edge.points.length - 1];
      const before = edge.points[edge.points.length - 2];
      if (detailed) {
        arrowHead(ctx, before, end, 6);
        const label = edge.tensor?.shape || (edge.count > 1 ? `×${edge.count}` : '');
        if (label && view.scale >= 0.8) {
          const mid = edge.points[Math.floor(edge.points.length / 2)];
          ctx.fillStyle = theme.edge;
          ctx.font = `10px ${theme.font}`;
          ctx.fillText(label, mid.x + 4, mid.y);
        }
      }
    }
    for (const item of scene.items) {
      if (item.expanded || !intersects(item, shown)) continue;
      drawn++;
      ctx.globalAlpha = dim(item.key) ? 0.35 : 1;
      ctx.fillStyle = style.fill(item);
      const selected = item.key === emphasis.selected;
      const matched = emphasis.matches.has(item.key);
      ctx.fillRect(item.x, item.y, item.width, item.height);
      if (detailed || selected || matched) {
        ctx.strokeStyle = selected ? theme.selected : matched ? theme.match : theme.border;
        ctx.lineWidth = (selected || matched ? 3 : item.kind === 'group' ? 1.5 : 1) * px;
        ctx.strokeRect(item.x, item.y, item.width, item.height);
      }
      if (item.kind === 'group' && detailed) {
        // A collapsed group reads as a stack of cards.
        ctx.strokeStyle = theme.border;
        ctx.lineWidth = px;
        ctx.strokeRect(item.x + 3, item.y - 3, item.width, item.height);
      }
      if (view.scale * 12 >= 6) {
        ctx.fillStyle = theme.foreground;
        ctx.textBaseline = 'middle';
        ctx.font = `${item.kind === 'group' ? 'bold ' : ''}12px ${theme.font}`;
        const subtitle = detailed ? style.subtitle(item) : '';
        const titleY = subtitle ? item.y + item.height / 2 - 8 : item.y + item.height / 2;
        ctx.fillText(`${item.kind === 'group' ? '▸ ' : ''}${style.title(item)}`, item.x + 8, titleY, item.width - 16);
        if (subtitle) {
          ctx.font = `10px ${theme.font}`;
          ctx.fillText(subtitle, item.x + 8, item.y + item.height / 2 + 9, item.width - 16);
        }
      }
    }
    ctx.globalAlpha = 1;
    this.lastDrawn = drawn;
  }
}

function arrowHead(ctx: CanvasRenderingContext2D, from: { x: number; y: number }, to: { x: number; y: number }, size: number): void {
  const angle = Math.atan2(to.y - from.y, to.x - from.x);
  ctx.beginPath();
  ctx.moveTo(to.x, to.y);
  ctx.lineTo(to.x - size * Math.cos(angle - 0.4), to.y - size * Math.sin(angle - 0.4));
  ctx.lineTo(to.x - size * Math.cos(angle + 0.4), to.y - size * Math.sin(angle + 0.4));
  ctx.closePath();
  ctx.fillStyle = ctx.strokeStyle;
  ctx.fill();
}

/** The top-most item under a world point: deepest first, so a node wins over the group frame around it. */
export function hitTest(scene: Scene, point: { x: number; y: number }): SceneItem | undefined {
  let best: SceneItem | undefined;
  for (const item of scene.items) {
    if (point.x < item.x || point.x > item.x + item.width || point.y < item.y || point.y > item.y + item.height) continue;
    if (!best || item.depth > best.depth || (item.depth === best.depth && !item.expanded)) best = item;
  }
  return best;
}

/** The minimap's box on screen: bottom-right corner, above the legend. */
export function minimapRect(width: number, height: number): { x: number; y: number; width: number; height: number } {
  const w = Math.min(200, width / 4);
  const h = Math.min(140, height / 4);
  return { x: width - w - 10, y: height - h - 40, width: w, height: h };
}

/** Scale and offset that map the scene bounds into the minimap box. */
export function minimapTransform(scene: Scene, box: { x: number; y: number; width: number; height: number }): { scale: number; x: number; y: number } {
  const scale = Math.min(box.width / Math.max(1, scene.bounds.width), box.height / Math.max(1, scene.bounds.height));
  return { scale, x: box.x + (box.width - scene.bounds.width * scale) / 2, y: box.y + (box.height - scene.bounds.height * scale) / 2 };
}

/** Draws the minimap: top-level boxes and open frames, and the rectangle the main view shows. */
export function drawMinimap(canvas: HTMLCanvasElement, scene: Scene, view: Viewport, fill: (item: SceneItem) => string): void {
  const ctx = canvas.getContext('2d')!;
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const box = minimapRect(width, height);
  const map = minimapTransform(scene, box);
  const css = getComputedStyle(document.body);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.globalAlpha = 0.92;
  ctx.fillStyle = css.getPropertyValue('--vscode-editorWidget-background').trim() || '#252526';
  ctx.fillRect(box.x, box.y, box.width, box.height);
  ctx.strokeStyle = css.getPropertyValue('--vscode-widget-border').trim() || css.getPropertyValue('--vscode-panel-border').trim() || '#555';
  ctx.lineWidth = 1;
  ctx.strokeRect(box.x, box.y, box.width, box.height);
  // Only the outer levels: a minimap of 40k boxes would cost more than the frame it helps with.
  for (const item of scene.items) {
    if (item.depth > 1) continue;
    ctx.fillStyle = item.expanded ? 'transparent' : fill(item);
    const x = map.x + item.x * map.scale;
    const y = map.y + item.y * map.scale;
    if (item.expanded) ctx.strokeRect(x, y, Math.max(1, item.width * map.scale), Math.max(1, item.height * map.scale));
    else ctx.fillRect(x, y, Math.max(1, item.width * map.scale), Math.max(1, item.height * map.scale));
  }
  const shown = visibleWorld(view, width, height);
  ctx.globalAlpha = 1;
  ctx.strokeStyle = css.getPropertyValue('--vscode-focusBorder').trim() || '#007fd4';
  ctx.lineWidth = 1.5;
  ctx.strokeRect(map.x + shown.x * map.scale, map.y + shown.y * map.scale, shown.width * map.scale, shown.height * map.scale);
}
