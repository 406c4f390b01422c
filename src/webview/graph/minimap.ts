// The minimap in the canvas's bottom-right corner: the outer levels of the scene in miniature, and the rectangle the
// main view shows, clipped to the minimap's box (a view larger than the graph does not draw across the canvas).
import type { Scene, SceneItem } from '../../core/graph/hierarchicalLayout';
import { visibleWorld, type Rect, type Viewport } from '../../core/graph/viewport';
import type { GraphTheme } from './graphTheme';

/** The minimap's box on screen: bottom-right corner, above the legend. */
export function minimapRect(width: number, height: number): Rect {
  const w = Math.min(200, width / 4);
  const h = Math.min(140, height / 4);
  return { x: width - w - 10, y: height - h - 40, width: w, height: h };
}

/** Scale and offset that map the scene bounds into the minimap box. */
export function minimapTransform(scene: Scene, box: Rect): { scale: number; x: number; y: number } {
  const scale = Math.min(box.width / Math.max(1, scene.bounds.width), box.height / Math.max(1, scene.bounds.height));
  return { scale, x: box.x + (box.width - scene.bounds.width * scale) / 2, y: box.y + (box.height - scene.bounds.height * scale) / 2 };
}

/** Draws the minimap over the frame just drawn on `canvas`. */
export function drawMinimap(canvas: HTMLCanvasElement, scene: Scene, view: Viewport, theme: GraphTheme, fill: (item: SceneItem) => string, groupFill?: (item: SceneItem) => string | undefined): void {
  const ctx = canvas.getContext('2d')!;
  const ratio = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  const box = minimapRect(width, height);
  const map = minimapTransform(scene, box);
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.globalAlpha = 0.94;
  ctx.fillStyle = theme.background;
  ctx.fillRect(box.x, box.y, box.width, box.height);
  ctx.globalAlpha = 1;
  ctx.save();
  ctx.beginPath();
  ctx.rect(box.x, box.y, box.width, box.height);
  ctx.clip();
  ctx.lineWidth = 1;
  ctx.strokeStyle = theme.frameBorder;
  // Only the outer levels: a minimap of 40k boxes would cost more than the frame it helps with.
  for (const item of scene.items) {
    if (item.depth > 1 || item.kind === 'port') continue;
    const x = map.x + item.x * map.scale;
    const y = map.y + item.y * map.scale;
    const w = Math.max(1, item.width * map.scale);
    const h = Math.max(1, item.height * map.scale);
    if (item.expanded) ctx.strokeRect(x, y, w, h);
    else {
      ctx.fillStyle = item.kind === 'group' ? (groupFill?.(item) ?? theme.groupBorder) : item.kind === 'node' ? fill(item) : theme.foreground;
      ctx.fillRect(x, y, w, h);
    }
  }
  const shown = visibleWorld(view, width, height);
  ctx.strokeStyle = theme.selected;
  ctx.lineWidth = 1.5;
  ctx.strokeRect(map.x + shown.x * map.scale, map.y + shown.y * map.scale, shown.width * map.scale, shown.height * map.scale);
  ctx.restore();
  ctx.strokeStyle = theme.frameBorder;
  ctx.lineWidth = 1;
  ctx.strokeRect(box.x + 0.5, box.y + 0.5, box.width - 1, box.height - 1);
}
