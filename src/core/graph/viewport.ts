// Pan and zoom: the mapping between world coordinates (the layout's) and screen pixels of the
// canvas. screen = (world - origin) * scale. Pure, so the maths is tested without a browser.

/** What the canvas shows: the world point at the screen's top-left, and pixels per world unit. */
export interface Viewport {
  x: number;
  y: number;
  scale: number;
}

/** A point. */
export interface Point {
  x: number;
  y: number;
}

/** An axis-aligned rectangle. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const MIN_SCALE = 0.002;
export const MAX_SCALE = 8;

const clampScale = (scale: number) => Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));

/** World point -> screen pixel. */
export function toScreen(view: Viewport, point: Point): Point {
  return { x: (point.x - view.x) * view.scale, y: (point.y - view.y) * view.scale };
}

/** Screen pixel -> world point. */
export function toWorld(view: Viewport, point: Point): Point {
  return { x: point.x / view.scale + view.x, y: point.y / view.scale + view.y };
}

/** Moves the view by a screen-pixel drag of (dx, dy): the content follows the pointer. */
export function pan(view: Viewport, dx: number, dy: number): Viewport {
  return { x: view.x - dx / view.scale, y: view.y - dy / view.scale, scale: view.scale };
}

/** Zooms by `factor` about a screen point, which stays over the same world point. */
export function zoomAt(view: Viewport, screen: Point, factor: number): Viewport {
  const scale = clampScale(view.scale * factor);
  const anchor = toWorld(view, screen);
  return { x: anchor.x - screen.x / scale, y: anchor.y - screen.y / scale, scale };
}

/** The view that shows `bounds` whole and centred in a `width` x `height` screen with `margin` pixels around. */
export function fit(bounds: Rect, width: number, height: number, margin = 24, maxScale = 1.5): Viewport {
  const usableW = Math.max(1, width - 2 * margin);
  const usableH = Math.max(1, height - 2 * margin);
  const scale = clampScale(Math.min(maxScale, usableW / Math.max(1, bounds.width), usableH / Math.max(1, bounds.height)));
  return {
    x: bounds.x + bounds.width / 2 - width / 2 / scale,
    y: bounds.y + bounds.height / 2 - height / 2 / scale,
    scale,
  };
}

/** The view that keeps a world point that moved from `before` to `after` at the same screen pixel (no jump on relayout). */
export function anchor(view: Viewport, before: Point, after: Point): Viewport {
  return { x: view.x + (after.x - before.x), y: view.y + (after.y - before.y), scale: view.scale };
}

/** The view centred on `point` at the current scale. */
export function centerOn(view: Viewport, point: Point, width: number, height: number): Viewport {
  return { x: point.x - width / 2 / view.scale, y: point.y - height / 2 / view.scale, scale: view.scale };
}

/** The world rectangle the screen shows. */
export function visibleWorld(view: Viewport, width: number, height: number): Rect {
  return { x: view.x, y: view.y, width: width / view.scale, height: height / view.scale };
}

/** Whether two rectangles overlap. */
export function intersects(a: Rect, b: Rect): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/**
 * The first view of a graph: about 1:1, the top of the graph (`start`: its first input, or its top item) `margin`
 * pixels below the top of the screen. A graph a little wider than the screen is shown whole across, down to
 * `minScale`; a wider one is centred across on `start`, without showing empty space beside the graph.
 */
export function firstView(start: Rect, bounds: Rect, width: number, margin = 24, minScale = 0.75): Viewport {
  const usable = Math.max(1, width - 2 * margin);
  const scale = Math.min(1, Math.max(minScale, usable / Math.max(1, bounds.width)));
  const across = width / scale;
  let x: number;
  if (bounds.width * scale <= usable) x = bounds.x + bounds.width / 2 - across / 2;
  else x = Math.min(Math.max(start.x + start.width / 2 - across / 2, bounds.x - margin / scale), bounds.x + bounds.width + margin / scale - across);
  return { x, y: start.y - margin / scale, scale };
}

/**
 * The view moved as little as possible so that `rect` (an item that was just expanded or collapsed) is on screen.
 * A rect that fits is brought wholly into view; one wider or taller than the screen is centred across and shows
 * its top (its title and first row) `margin` pixels below the top of the screen. The scale is kept.
 */
export function keepInView(view: Viewport, rect: Rect, width: number, height: number, margin = 24): Viewport {
  const axis = (origin: number, start: number, size: number, screen: number, topFirst: boolean): number => {
    const span = screen / view.scale;
    const pad = margin / view.scale;
    if (size + 2 * pad > span) return topFirst ? start - pad : start + size / 2 - span / 2;
    if (start - pad < origin) return start - pad;
    if (start + size + pad > origin + span) return start + size + pad - span;
    return origin;
  };
  return { x: axis(view.x, rect.x, rect.width, width, false), y: axis(view.y, rect.y, rect.height, height, true), scale: view.scale };
}
