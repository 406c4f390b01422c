// Frames per second of the graph canvas under scripted input, shared by the page-level (graphPaint) and the
// real-UI (graphOpen) benchmarks so both move the view the same way.
/* global performance, requestAnimationFrame, PointerEvent, WheelEvent -- runs in the page */

/**
 * Two seconds of wheel zoom (in, then out) and drag pan (right, then left), one input event per frame, on `canvas`;
 * resolves with the frames drawn per second. Pass it to a canvas locator's `evaluate`: it runs in the page.
 */
export async function scriptedCanvasFps(canvas) {
  const rect = canvas.getBoundingClientRect();
  const cx = rect.left + rect.width / 2;
  const cy = rect.top + rect.height / 2;
  let frames = 0;
  const start = performance.now();
  await new Promise((resolve) => {
    const tick = () => {
      frames++;
      const phase = Math.floor(frames / 30) % 4;
      if (phase < 2) canvas.dispatchEvent(new WheelEvent('wheel', { deltaY: phase === 0 ? 40 : -40, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
      else {
        const dx = phase === 2 ? 8 : -8;
        canvas.dispatchEvent(new PointerEvent('pointerdown', { clientX: cx, clientY: cy, pointerId: 2, bubbles: true }));
        canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: cx + dx, clientY: cy, pointerId: 2, bubbles: true }));
        canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: cx + 2 * dx, clientY: cy, pointerId: 2, bubbles: true }));
        canvas.dispatchEvent(new PointerEvent('pointerup', { clientX: cx + 2 * dx, clientY: cy, pointerId: 2, bubbles: true }));
      }
      if (performance.now() - start < 2000) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame(tick);
  });
  return frames / ((performance.now() - start) / 1000);
}
