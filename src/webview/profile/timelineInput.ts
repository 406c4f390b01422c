// Input on the timeline canvas, as Perfetto users expect: drag pans (both axes), the wheel zooms about the pointer
// (with or without Ctrl), Shift+wheel scrolls the tracks, a sideways wheel pans, and W/S zoom and A/D pan for as
// long as the key is held. A click without a drag selects; moving without a button hovers.

/** What the input handlers drive. */
export interface TimelineInputTarget {
  /** Pans by pixels (positive dx moves the view's content right, so earlier time comes into view). */
  pan(dx: number, dy: number): void;
  /** Zooms by `factor` (>1 zooms in) keeping the time under plot x `x` fixed. */
  zoom(factor: number, x: number): void;
  click(x: number, y: number): void;
  hover(x: number, y: number): void;
  leave(): void;
  /** Other keys (Enter, Escape, F); true when handled. */
  key(event: KeyboardEvent): boolean;
}

const CLICK_SLOP = 4;

export function attachTimelineInput(canvas: HTMLCanvasElement, target: TimelineInputTarget): () => void {
  let drag: { x: number; y: number; startX: number; startY: number; moved: boolean } | undefined;
  let lastPointerX = canvas.clientWidth / 2;
  const local = (event: { clientX: number; clientY: number }) => {
    const rect = canvas.getBoundingClientRect();
    return { x: event.clientX - rect.left, y: event.clientY - rect.top };
  };
  canvas.addEventListener('pointerdown', (event) => {
    canvas.focus();
    drag = { x: event.clientX, y: event.clientY, startX: event.clientX, startY: event.clientY, moved: false };
    // Synthetic pointers (the benchmark's) have no active pointer to capture.
    try {
      canvas.setPointerCapture(event.pointerId);
    } catch {
      // nothing to capture
    }
  });
  canvas.addEventListener('pointermove', (event) => {
    const at = local(event);
    lastPointerX = at.x;
    if (!drag) return target.hover(at.x, at.y);
    if (!drag.moved && Math.hypot(event.clientX - drag.startX, event.clientY - drag.startY) < CLICK_SLOP) return;
    drag.moved = true;
    target.pan(event.clientX - drag.x, event.clientY - drag.y);
    drag.x = event.clientX;
    drag.y = event.clientY;
  });
  canvas.addEventListener('pointerup', (event) => {
    const click = drag && !drag.moved;
    drag = undefined;
    if (click) {
      const at = local(event);
      target.click(at.x, at.y);
    }
  });
  canvas.addEventListener('pointerleave', () => target.leave());
  canvas.addEventListener(
    'wheel',
    (event) => {
      event.preventDefault();
      const at = local(event);
      lastPointerX = at.x;
      const scale = event.deltaMode === 1 ? 16 : 1;
      if (event.shiftKey) target.pan(0, -(event.deltaY || event.deltaX) * scale);
      else if (Math.abs(event.deltaX) > Math.abs(event.deltaY)) target.pan(-event.deltaX * scale, 0);
      else target.zoom(Math.exp(-event.deltaY * scale * (event.ctrlKey ? 0.01 : 0.002)), at.x);
    },
    { passive: false },
  );

  // W/S/A/D act every frame while held (Perfetto's feel), not at the keyboard's repeat rate.
  const held = new Set<string>();
  let frame = 0;
  const tick = () => {
    frame = 0;
    if (held.size === 0) return;
    if (held.has('w')) target.zoom(1.06, lastPointerX);
    if (held.has('s')) target.zoom(1 / 1.06, lastPointerX);
    if (held.has('a')) target.pan(canvas.clientWidth * 0.02, 0);
    if (held.has('d')) target.pan(-canvas.clientWidth * 0.02, 0);
    frame = requestAnimationFrame(tick);
  };
  canvas.addEventListener('keydown', (event) => {
    const key = event.key.toLowerCase();
    if (!event.ctrlKey && !event.metaKey && !event.altKey && 'wasd'.includes(key) && key.length === 1) {
      held.add(key);
      if (!frame) frame = requestAnimationFrame(tick);
      event.preventDefault();
    } else if (target.key(event)) event.preventDefault();
  });
  const release = (event: KeyboardEvent) => held.delete(event.key.toLowerCase());
  canvas.addEventListener('keyup', release);
  canvas.addEventListener('blur', () => held.clear());
  return () => held.clear();
}
