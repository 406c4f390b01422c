// The graph editor's page when there is nothing to draw: the reader's message, alone.
import type { GraphStatus, Probe } from '../common/testProbes';

/** Shows `text` in the page's error box and hides the toolbar and the canvas (nothing to draw or inspect). */
export function showLoadError(text: string, status: Probe<GraphStatus>): void {
  const box = document.getElementById('error')!;
  box.textContent = text;
  box.hidden = false;
  document.getElementById('main')!.hidden = true;
  document.getElementById('toolbar')!.hidden = true;
  status.set({ state: 'error' });
}
