// Saving the view as an image: the page sends the PNG or SVG to the host, which asks where to write it; the summary
// line says where it went, or why not, and the status probe keeps the path for the tests.
import { ExportImageRequest } from '../../core/protocol/graph';
import type { HostChannel } from '../common/hostChannel';
import type { GraphStatus, Probe } from '../common/testProbes';

/** Asks the host to save `data` (base64 for PNG, the SVG's text) as an image. */
export function exportImage(host: HostChannel, format: 'png' | 'svg', data: string, summary: HTMLElement, status: Probe<GraphStatus>): void {
  host.request(ExportImageRequest, { format, data }).then(
    ({ path }) => {
      if (path) summary.textContent = `Saved the view to ${path}`;
      status.set({ exported: path ?? '' });
    },
    (error: Error) => {
      summary.textContent = `Export failed: ${error.message}`;
      status.set({ exported: '' });
    },
  );
}
