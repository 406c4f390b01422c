// The current view of a scene as an SVG document, for *Export SVG*: the same boxes, frames, edges and labels the
// canvas draws (a node's coloured title row over its attribute and weight lines, rounded graph inputs and outputs,
// collapsed groups as cards, ports as dots), at the same viewport, as vector shapes that scale and can be edited.
import { GROUP_TITLE, type Scene, type SceneItem } from './hierarchicalLayout';
import type { NodeLabel } from './nodeLabel';
import { intersects, visibleWorld, type Rect, type Viewport } from './viewport';

/** Colours and text, as the canvas renderer uses them (CSS colour strings from the VS Code theme). */
export interface SvgStyle {
  label(item: SceneItem): NodeLabel;
  /** The fill of a node's title row. */
  fill(item: SceneItem): string;
  colors: {
    foreground: string; muted: string; background: string; edge: string; selected: string;
    nodeBody: string; nodeBorder: string; groupFill: string; groupBorder: string; frameFill: string; frameTitle: string; frameBorder: string;
  };
  font: string;
}

/** World height of a box's title row and of each line under it (as the canvas draws them). */
const TITLE_ROW = 24;
const LINE_ROW = 16;
/** Average glyph width of 12px text in world units: labels are cut to their box, as the canvas's fitter does. */
const CHAR_WIDTH = 7;
/** The text drawn on a node's coloured title row. */
const ON_FILL = '#ffffff';

/** The `width` × `height` pixels that `view` shows, as an SVG document; items outside the view are left out. */
export function sceneToSvg(scene: Scene, view: Viewport, width: number, height: number, style: SvgStyle, selected: string | null = null): string {
  const shown = visibleWorld(view, width, height);
  const { colors } = style;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${attr(style.font)}" font-size="12">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="6" markerHeight="6" markerUnits="userSpaceOnUse" orient="auto">'
      + `<path d="M0,0 L10,5 L0,10 z" fill="${attr(colors.edge)}"/></marker></defs>`,
    `<rect width="${width}" height="${height}" fill="${attr(colors.background)}"/>`,
    `<g transform="matrix(${num(view.scale)} 0 0 ${num(view.scale)} ${num(-view.x * view.scale)} ${num(-view.y * view.scale)})">`,
  ];
  const stroke = (item: SceneItem, color: string, widthPx = 1) => (item.key === selected ? `${attr(colors.selected)}" stroke-width="${num(2 / view.scale)}` : `${attr(color)}" stroke-width="${num(widthPx / view.scale)}`);
  for (const item of scene.items) {
    if (!item.expanded || !intersects(item, shown)) continue;
    out.push(`<rect data-key="${attr(item.key)}" x="${num(item.x)}" y="${num(item.y)}" width="${num(item.width)}" height="${num(item.height)}" fill="${attr(colors.frameFill)}" stroke="${stroke(item, colors.frameBorder)}"/>`);
    out.push(`<rect x="${num(item.x)}" y="${num(item.y)}" width="${num(item.width)}" height="${num(Math.min(GROUP_TITLE, item.height))}" fill="${attr(colors.frameTitle)}"/>`);
    out.push(text(style.label(item).title, item.x + 8, item.y + GROUP_TITLE / 2 + 4, item.width - 16, colors.foreground, { bold: true }));
  }
  for (const edge of scene.edges) {
    if (edge.points.length < 2 || !intersects(boundsOf(edge.points), shown)) continue;
    const points = edge.points.map((point) => `${num(point.x)},${num(point.y)}`).join(' ');
    out.push(`<polyline points="${points}" fill="none" stroke="${attr(colors.edge)}" stroke-width="${num(Math.min(4, 1 + Math.log2(edge.count) / 2) / view.scale)}" marker-end="url(#arrow)"/>`);
  }
  for (const item of scene.items) {
    if (item.expanded || !intersects(item, shown)) continue;
    // The item's own shape carries its key; a node's title row is drawn over it.
    const box = `data-key="${attr(item.key)}" x="${num(item.x)}" y="${num(item.y)}" width="${num(item.width)}" height="${num(item.height)}"`;
    if (item.kind === 'port') {
      out.push(`<circle data-key="${attr(item.key)}" cx="${num(item.x + item.width / 2)}" cy="${num(item.y + item.height / 2)}" r="${num(Math.max(item.width, item.height) / 2)}" fill="${attr(colors.edge)}"/>`);
      continue;
    }
    const label = style.label(item);
    const rows = [...label.attrs, ...label.weights];
    const band = rows.length > 0 ? Math.min(TITLE_ROW, item.height) : item.height;
    if (item.kind === 'node') {
      out.push(`<rect ${box} fill="${attr(colors.nodeBody)}" stroke="${stroke(item, colors.nodeBorder)}"/>`);
      out.push(`<rect x="${num(item.x)}" y="${num(item.y)}" width="${num(item.width)}" height="${num(band)}" fill="${attr(style.fill(item))}"/>`);
    } else if (item.kind === 'group') out.push(`<rect ${box} fill="${attr(colors.groupFill)}" stroke="${stroke(item, colors.groupBorder, 1.5)}"/>`);
    else out.push(`<rect ${box} rx="${num(Math.min(item.height / 2, 12))}" fill="${attr(colors.nodeBody)}" stroke="${stroke(item, colors.foreground)}"/>`);
    out.push(text(label.title, item.x + item.width / 2, item.y + band / 2 + 4, item.width - 10, item.kind === 'node' ? ON_FILL : colors.foreground, { bold: true, centred: true }));
    rows.forEach((row, index) => {
      const muted = item.kind === 'group' || index >= label.attrs.length;
      out.push(text(row, item.x + 6, item.y + TITLE_ROW + LINE_ROW * index + LINE_ROW / 2 + 4, item.width - 12, muted ? colors.muted : colors.foreground, { size: 11 }));
    });
  }
  out.push('</g></svg>');
  return `${out.join('\n')}\n`;
}

function text(content: string, x: number, y: number, maxWidth: number, fill: string, options: { bold?: boolean; centred?: boolean; size?: number } = {}): string {
  const size = options.size ?? 12;
  const fits = Math.max(1, Math.floor((maxWidth * 12) / (size * CHAR_WIDTH)));
  const cut = content.length > fits ? `${content.slice(0, fits - 1)}…` : content;
  return `<text x="${num(x)}" y="${num(y)}" fill="${attr(fill)}"${options.bold ? ' font-weight="bold"' : ''}${options.centred ? ' text-anchor="middle"' : ''}${size !== 12 ? ` font-size="${size}"` : ''}>${escapeXml(cut)}</text>`;
}

function boundsOf(points: readonly { x: number; y: number }[]): Rect {
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { x, y } of points) {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  }
  // A straight vertical or horizontal edge has no area; give it a hairline so it still intersects.
  return { x: minX, y: minY, width: Math.max(maxX - minX, 1e-6), height: Math.max(maxY - minY, 1e-6) };
}

function num(value: number): string {
  return String(Math.round(value * 100) / 100);
}

function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (char) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[char]!);
}

const attr = escapeXml;
