// Pointer, wheel and keyboard input on the graph canvas: drag pans, the wheel zooms about the pointer,
// arrows, +, - and 0 pan, zoom and fit; a click without a drag, a second click soon after at the same place (a
// double click), and the remaining keys go to the view.
import { pan, zoomAt, type Point, type Viewport } from '../../core/graph/viewport';

/** What the input handlers read and change. */
export interface CanvasInputTarget {
  view: Viewport;
  /** Fits the graph to the canvas (the 0 key). */
  fit(): void;
  /** A click without a drag, in canvas pixels. */
  click(local: Point): void;
  /** A second click within the double-click time at the place of the first (which was reported as a click). */
  doubleClick(local: Point): void;
  /** Keys other than navigation; true when handled. */
  key(key: string): boolean;
  /** The view changed: redraw (and save the state when `settled`). */
  changed(settled: boolean): void;
}

/** Movement under this many pixels still counts as a click. */
const CLICK_SLOP = 4;
/** Two clicks this close in time (ms) make a double click. */
const DOUBLE_CLICK_MS = 400;

/** Wires the canvas's input events to `target`. */
export function attachCanvasInput(canvas: HTMLCanvasElement, target: CanvasInputTarget): void {
  let drag: { x: number; y: number; moved: boolean } | undefined;
  // Pointer events, not dblclick: the first click has acted (a group opened) by the time a dblclick event comes.
  let lastClick = { at: -Infinity, x: 0, y: 0 };
  const local = (event: { clientX: number; clientY: number }): Point => {
    const rect = canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  canvas.addEventListener('pointerdown', (event) => {
    drag = { x: event.clientX, y: event.clientY, moved: false };
    canvas.setPointerCapture(event.pointerId);
  });
  canvas.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < CLICK_SLOP) return;
    drag = { x: event.clientX, y: event.clientY, moved: true };
    target.view = pan(target.view, dx, dy);
    target.changed(false);
  });
  canvas.addEventListener('pointerup', (event) => {
    const click = drag && !drag.moved;
    drag = undefined;
    if (!click) return target.changed(true);
    const at = local(event);
    const double = event.timeStamp - lastClick.at < DOUBLE_CLICK_MS && Math.hypot(at.x - lastClick.x, at.y - lastClick.y) < CLICK_SLOP * 2;
    lastClick = double ? { at: -Infinity, x: 0, y: 0 } : { at: event.timeStamp, ...at };
    if (double) target.doubleClick(at);
    else target.click(at);
  });
  canvas.addEventListener('wheel', (event) => {
    event.preventDefault();
    target.view = zoomAt(target.view, local(event), Math.exp(-event.deltaY * 0.0015));
    target.changed(true);
  }, { passive: false });
  canvas.addEventListener('keydown', (event) => {
    const step = 60;
    const center = { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 };
    const view = target.view;
    const moves: Record<string, () => Viewport> = {
      ArrowLeft: () => pan(view, step, 0),
      ArrowRight: () => pan(view, -step, 0),
      ArrowUp: () => pan(view, 0, step),
      ArrowDown: () => pan(view, 0, -step),
      '+': () => zoomAt(view, center, 1.25),
      '=': () => zoomAt(view, center, 1.25),
      '-': () => zoomAt(view, center, 0.8),
    };
    const move = moves[event.key];
    if (move) target.view = move();
    else if (event.key === '0') target.fit();
    else if (!target.key(event.key)) return;
    event.preventDefault();
    target.changed(true);
  });
}
