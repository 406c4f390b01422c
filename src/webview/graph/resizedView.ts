// The view on a canvas that changed size or is partly covered, pure (the unit tests run it): an automatic view is
// made again for a new size, a view the user moved keeps its centre, and a fit stops above the legend.
import type { Scene } from '../../core/graph/hierarchicalLayout';
import { intersects, toScreen, type Viewport, type Rect } from '../../core/graph/viewport';

/** An automatic view: the first view (the top of the graph about 1:1), or the whole graph fitted. */
export type AutoKind = 'opening' | 'fit';

/** A canvas size in CSS pixels. */
export interface Size {
  width: number;
  height: number;
}

/**
 * The view after the canvas went from `before` to `after`, or undefined when it stays: the same size, or none (a
 * hidden page measures 0 × 0; the view waits for a real size). `remake` makes the automatic view shown, if any.
 */
export function resizedView(view: Viewport, before: Size | undefined, after: Size, remake: () => Viewport | undefined): Viewport | undefined {
  if (after.width <= 0 || after.height <= 0) return undefined;
  if (before && before.width === after.width && before.height === after.height) return undefined;
  const made = remake();
  if (made || !before) return made;
  // The world point at the old centre stays at the centre.
  return { x: view.x + (before.width - after.width) / 2 / view.scale, y: view.y + (before.height - after.height) / 2 / view.scale, scale: view.scale };
}

/** The height a fit may fill: down to the legend's top (a legend over half the canvas is drawn over the graph). */
export function fitHeight(canvasHeight: number, legendTop: number | null): number {
  return legendTop === null ? canvasHeight : Math.min(canvasHeight, Math.max(canvasHeight / 2, legendTop));
}

/** How many boxes (nodes, collapsed groups, inputs, outputs) of `shown` lie under `cover` on screen (canvas pixels). */
export function boxesUnder(shown: Scene, view: Viewport, cover: Rect): number {
  let count = 0;
  for (const item of shown.items) {
    if (item.expanded || item.kind === 'port') continue;
    const corner = toScreen(view, item);
    if (intersects({ x: corner.x, y: corner.y, width: item.width * view.scale, height: item.height * view.scale }, cover)) count++;
  }
  return count;
}
