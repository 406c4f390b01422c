// The legend under the toolbar: one swatch and label per entry of the node colouring shown (no swatch: a note).
import type { Overlay } from './nodeColors';

/** Fills `element` with the entries of `legend`. */
export function showLegendEntries(element: HTMLElement, legend: Overlay['legend']): void {
  element.replaceChildren(...legend.map(({ label, color }) => {
    const entry = document.createElement('span');
    // An entry without a colour is a note (a heading, what the colours leave out).
    if (!color) {
      entry.textContent = label;
      return entry;
    }
    const swatch = document.createElement('i');
    swatch.style.background = color;
    entry.append(swatch, label);
    return entry;
  }));
}
