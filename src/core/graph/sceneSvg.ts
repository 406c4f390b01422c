// The current view of a scene as an SVG document, for *Export SVG*: the same boxes, frames, edges and
// labels the canvas draws, at the same viewport, as vector shapes that scale and can be edited.
import { GROUP_TITLE, type Scene, type SceneItem } from './hierarchicalLayout';
import { intersects, visibleWorld, type Rect, type Viewport } from './viewport';

/** Colours and text, as the canvas renderer uses them (CSS colour strings from the VS Code theme). */
export interface SvgStyle {
  title(item: SceneItem): string;
  subtitle(item: SceneItem): string;
  fill(item: SceneItem): string;
  colors: { foreground: string; border: string; edge: string; groupFill: string; background: string; selected: string };
  font: string;
}

/** Average glyph width of 12px text in world units: labels are cut to their box, as the canvas's maxWidth does. */
const CHAR_WIDTH = 7;

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
  const stroke = (item: SceneItem) => (item.key === selected ? `${attr(colors.selected)}" stroke-width="${num(2 / view.scale)}` : `${attr(colors.border)}" stroke-width="${num(1 / view.scale)}`);
  for (const item of scene.items) {
    if (!item.expanded || !intersects(item, shown)) continue;
    out.push(`<rect x="${num(item.x)}" y="${num(item.y)}" width="${num(item.width)}" height="${num(item.height)}" fill="${attr(colors.groupFill)}" stroke="${stroke(item)}"/>`);
    out.push(text(`▾ ${style.title(item)}  ${style.subtitle(item)}`, item.x + 8, item.y + GROUP_TITLE / 2 + 6, item.width - 16, colors.foreground));
  }
  for (const edge of scene.edges) {
    if (edge.points.length < 2 || !intersects(boundsOf(edge.points), shown)) continue;
    const points = edge.points.map((point) => `${num(point.x)},${num(point.y)}`).join(' ');
    out.push(`<polyline points="${points}" fill="none" stroke="${attr(colors.edge)}" stroke-width="${num(Math.min(3, 1 + Math.log2(edge.count) / 2) / view.scale)}" marker-end="url(#arrow)"/>`);
  }
  for (const item of scene.items) {
    if (item.expanded || !intersects(item, shown)) continue;
    out.push(`<rect x="${num(item.x)}" y="${num(item.y)}" width="${num(item.width)}" height="${num(item.height)}" fill="${attr(style.fill(item))}" stroke="${stroke(item)}"/>`);
    const subtitle = style.subtitle(item);
    const title = `${item.kind === 'group' ? '▸ ' : ''}${style.title(item)}`;
    const middle = item.y + item.height / 2;
    out.push(text(title, item.x + 8, subtitle ? middle - 4 : middle + 4, item.width - 16, colors.foreground, item.kind === 'group'));
    if (subtitle) out.push(text(subtitle, item.x + 8, middle + 12, item.width - 16, colors.foreground, false, 10));
  }
  out.push('</g></svg>');
  return `${out.join('\n')}\n`;
}

function text(content: string, x: number, y: number, maxWidth: number, fill: string, bold = false, size = 12): string {
  const fits = Math.max(1, Math.floor((maxWidth * 12) / (size * CHAR_WIDTH)));
  const cut = content.length > fits ? `${content.slice(0, fits - 1)}…` : content;
  return `<text x="${num(x)}" y="${num(y)}" fill="${attr(fill)}"${bold ? ' font-weight="bold"' : ''}${size !== 12 ? ` font-size="${size}"` : ''}>${escapeXml(cut)}</text>`;
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
