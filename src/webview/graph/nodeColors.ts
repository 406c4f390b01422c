// Node fill colours for the three overlays: by op type (a stable hue per op), or by params or MACs on
// a log scale. The overlay takes per-node values, so profile timings can use it later.
import { formatCount } from '../../core/display/quantities';
import type { ColorBy, PayloadNode } from '../../core/protocol/graph';

/** A colouring: the fill of each node index, and the legend entries to show. */
export interface Overlay {
  fill(index: number): string;
  legend: { label: string; color: string }[];
}

function hue(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619);
  return (hash >>> 0) % 360;
}

/** The fill of an op type. */
export function opColor(op: string, dark: boolean): string {
  return `hsl(${hue(op)}, 45%, ${dark ? 32 : 80}%)`;
}

/** A blue-to-red ramp over log10(value + 1) scaled to the largest value. */
function ramp(value: number | null, max: number, dark: boolean): string {
  if (value === null) return dark ? '#555' : '#ccc';
  const t = max > 0 ? Math.log10(value + 1) / Math.log10(max + 1) : 0;
  return `hsl(${Math.round(220 - 220 * t)}, 60%, ${dark ? 30 + 10 * t : 85 - 15 * t}%)`;
}

/** Builds the overlay for `colorBy` (or for any per-node values, e.g. profile timings). */
export function buildOverlay(nodes: readonly PayloadNode[], colorBy: ColorBy, dark: boolean): Overlay {
  if (colorBy === 'op') {
    const counts = new Map<string, number>();
    nodes.forEach((node) => counts.set(node.op, (counts.get(node.op) ?? 0) + 1));
    const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 12);
    return { fill: (index) => opColor(nodes[index].op, dark), legend: top.map(([op, count]) => ({ label: `${op} (${count})`, color: opColor(op, dark) })) };
  }
  return valueOverlay(nodes.map((node) => (colorBy === 'params' ? node.params : node.macs)), colorBy === 'params' ? 'params' : 'MACs', dark);
}

/** An overlay from per-node values (null: unknown). */
export function valueOverlay(values: readonly (number | null)[], what: string, dark: boolean): Overlay {
  const max = values.reduce<number>((best, value) => Math.max(best, value ?? 0), 0);
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => Math.round(10 ** (t * Math.log10(max + 1)) - 1));
  return {
    fill: (index) => ramp(values[index], max, dark),
    legend: [...stops.map((stop) => ({ label: `${formatCount(stop)} ${what}`, color: ramp(stop, max, dark) })), { label: 'unknown', color: ramp(null, max, dark) }],
  };
}
