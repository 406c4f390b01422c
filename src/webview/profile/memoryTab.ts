// The Memory tab: allocated and reserved bytes over time per device (uPlot, as the Training panel draws), the
// peak marked with a line and the operator that reached it.
import uPlot from 'uplot';
import { formatMicros } from '../../core/display/durations';
import { formatBytes } from '../../core/display/quantities';
import type { MemoryCurve, TraceSummary } from '../../core/profile/traceSummary';
import { cssVar, themedAxis } from '../training/chartTheme';
import { memoryFacts } from './memoryFacts';
import { section } from './overviewTab';

type Device = MemoryCurve['devices'][number];

function deviceChart(device: Device, startUs: number, width: number): HTMLElement {
  // Times may be absolute (Kineto's epoch µs) or already relative; the axis reads from the trace start.
  const relative = (t: number) => (t >= startUs && startUs > 0 ? t - startUs : t);
  const xs = Float64Array.from(device.timesUs, (t) => relative(t) / 1000);
  const hasReserved = device.reservedBytes.some((value) => value !== null);
  const data: uPlot.AlignedData = [xs, device.allocatedBytes.map((b) => b / 2 ** 20), ...(hasReserved ? [device.reservedBytes.map((b) => (b === null ? null : b / 2 ** 20))] : [])];
  const peakX = relative(device.peakAtUs) / 1000;
  const peakColor = cssVar('--vscode-editorError-foreground', '#f14c4c');
  const axis = themedAxis();
  const host = document.createElement('div');
  host.className = 'tp-memchart';
  const tooltip = document.createElement('div');
  tooltip.className = 'tp-muted tp-memvalue';
  tooltip.textContent = 'Hover the chart for the values at a time.';
  const plot = new uPlot(
    {
      width,
      height: 240,
      legend: { show: false },
      scales: { x: { time: false } },
      series: [
        {},
        { label: 'allocated', stroke: cssVar('--vscode-charts-blue', '#3794ff'), width: 1.5, fill: 'rgba(55,148,255,0.12)', points: { show: false } },
        ...(hasReserved ? [{ label: 'reserved', stroke: cssVar('--vscode-charts-orange', '#d18616'), width: 1.5, dash: [6, 3], points: { show: false } }] : []),
      ],
      axes: [
        { ...axis, label: 'ms from the trace start', values: (_u, ticks) => ticks.map((t) => `${t}`) },
        { ...axis, size: 70, label: 'MiB', values: (_u, ticks) => ticks.map((t) => `${t}`) },
      ],
      hooks: {
        draw: [
          (u) => {
            const x = u.valToPos(peakX, 'x', true);
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = peakColor;
            ctx.setLineDash([4, 3]);
            ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.restore();
          },
        ],
        setCursor: [
          (u) => {
            const i = u.cursor.idx;
            if (i === null || i === undefined) return;
            const reserved = hasReserved ? ` · reserved ${formatBytes(device.reservedBytes[i])}` : '';
            tooltip.textContent = `at ${formatMicros(xs[i] * 1000)}: allocated ${formatBytes(device.allocatedBytes[i])}${reserved}`;
          },
        ],
      },
    },
    data,
    host,
  );
  host.dataset.points = String(plot.data[0].length);
  const legend = document.createElement('div');
  legend.className = 'tp-legend';
  const item = (color: string, text: string, dashed = false) => {
    const span = document.createElement('span');
    const swatch = document.createElement('span');
    swatch.className = dashed ? 'tp-swatch tp-dashed' : 'tp-swatch';
    swatch.style.background = color;
    span.append(swatch, text);
    return span;
  };
  legend.append(item(cssVar('--vscode-charts-blue', '#3794ff'), 'allocated'));
  if (hasReserved) legend.append(item(cssVar('--vscode-charts-orange', '#d18616'), 'reserved (caching allocator)', true));
  legend.append(item(peakColor, 'peak'));
  const peak = document.createElement('p');
  peak.className = 'tp-peak';
  peak.textContent = `Peak ${formatBytes(device.peakBytes)} at ${formatMicros(relative(device.peakAtUs))}${device.peakOperator ? `, reached in ${device.peakOperator}` : ''}`;
  return section(`Memory: ${device.device}`, peak, legend, host, tooltip);
}

export function memoryTab(summary: TraceSummary): HTMLElement {
  const element = document.createElement('div');
  const devices = summary.memory.devices.filter((device) => device.timesUs.length > 0);
  if (devices.length === 0) return memoryFacts(summary);
  const startUs = summary.startUs;
  const width = Math.max(360, Math.min(1100, document.body.clientWidth - 60));
  for (const device of devices) element.append(deviceChart(device, startUs, width));
  return element;
}
