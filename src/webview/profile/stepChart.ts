// The overview's step-time chart, as torch-tb-profiler drew it: one stacked column per step with the 8 categories
// in their precedence (Kernel at the bottom), a legend, and a tooltip per segment with its time and share. SVG:
// a trace has tens to hundreds of steps, and each segment carries its own <title>.
import { formatMicros, formatPercent } from '../../core/display/durations';
import { stepCategories, type StepBreakdown } from '../../core/profile/traceSummary';
import { stepColor, stepLabels } from './timelineColors';

const SVG = 'http://www.w3.org/2000/svg';
const HEIGHT = 220;
const LEFT = 64;
const BOTTOM = 28;

function svg<K extends keyof SVGElementTagNameMap>(name: K, attributes: Record<string, string | number>): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, String(value));
  return element;
}

/** The legend: a swatch and name per category. */
export function stepLegend(dark: boolean): HTMLElement {
  const legend = document.createElement('div');
  legend.className = 'tp-legend';
  for (const category of stepCategories) {
    const item = document.createElement('span');
    const swatch = document.createElement('span');
    swatch.className = 'tp-swatch';
    swatch.style.background = stepColor(category, dark);
    item.append(swatch, stepLabels[category]);
    legend.append(item);
  }
  return legend;
}

/** The stacked columns of `steps`, `width` pixels wide. */
export function stepChart(steps: StepBreakdown[], width: number, dark: boolean): SVGSVGElement {
  const chart = svg('svg', { width, height: HEIGHT, class: 'tp-stepchart', role: 'img', 'aria-label': 'Step time by category' });
  const max = Math.max(1, ...steps.map((step) => step.durUs));
  const plotWidth = width - LEFT - 8;
  const plotHeight = HEIGHT - BOTTOM - 8;
  const slot = plotWidth / Math.max(1, steps.length);
  const barWidth = Math.max(2, Math.min(48, slot * 0.7));
  for (let k = 0; k <= 4; k++) {
    const y = 8 + plotHeight - (plotHeight * k) / 4;
    chart.append(svg('line', { x1: LEFT, x2: width - 8, y1: y, y2: y, class: 'tp-grid' }));
    const label = svg('text', { x: LEFT - 6, y: y + 4, 'text-anchor': 'end', class: 'tp-axis' });
    label.textContent = k === 0 ? '0' : formatMicros((max * k) / 4);
    chart.append(label);
  }
  const labelEvery = Math.ceil(steps.length / Math.max(1, plotWidth / 48));
  steps.forEach((step, i) => {
    const x = LEFT + slot * i + (slot - barWidth) / 2;
    let y = 8 + plotHeight;
    for (const category of stepCategories) {
      const us = step.breakdownUs[category];
      if (!(us > 0)) continue;
      const h = (plotHeight * us) / max;
      y -= h;
      const rect = svg('rect', { x, y, width: barWidth, height: Math.max(h, 0.5), fill: stepColor(category, dark) });
      const title = svg('title', {});
      title.textContent = `${step.name}\n${stepLabels[category]}: ${formatMicros(us)} (${formatPercent((100 * us) / step.durUs)})\nstep: ${formatMicros(step.durUs)}`;
      rect.append(title);
      chart.append(rect);
    }
    if (i % labelEvery === 0) {
      const label = svg('text', { x: x + barWidth / 2, y: HEIGHT - 10, 'text-anchor': 'middle', class: 'tp-axis' });
      label.textContent = step.step < 0 ? 'whole trace' : String(step.step);
      chart.append(label);
    }
  });
  return chart;
}

/** One horizontal bar of the average step's split, each part titled. */
export function averageBar(breakdownUs: Record<(typeof stepCategories)[number], number>, dark: boolean): HTMLElement {
  const total = stepCategories.reduce((sum, category) => sum + breakdownUs[category], 0);
  const bar = document.createElement('div');
  bar.className = 'tp-hbar';
  for (const category of stepCategories) {
    const us = breakdownUs[category];
    if (!(us > 0) || total <= 0) continue;
    const part = document.createElement('span');
    part.style.width = `${(100 * us) / total}%`;
    part.style.background = stepColor(category, dark);
    part.title = `${stepLabels[category]}: ${formatMicros(us)} (${formatPercent((100 * us) / total)})`;
    bar.append(part);
  }
  return bar;
}
