// Colours of the timeline and the step chart, per event category and per theme: one hue per category (kernels
// green, memcpy orange, runtime purple… as torch-tb-profiler's legend readers know them), lighter fills in light
// themes, and box text in black or white by the fill's luminance. Pure: the theme comes in as flags.
import { traceCategoryOrder } from '../../core/profile/traceTimeline';
import type { StepCategory } from '../../core/profile/traceSummary';
import { luminance } from '../graph/graphTheme';

/** Hue (degrees) per TraceCategory, in traceCategoryOrder. */
const categoryHues: Record<(typeof traceCategoryOrder)[number], number> = {
  cpu_op: 212,
  user_annotation: 48,
  python_function: 165,
  kernel: 120,
  gpu_memcpy: 28,
  gpu_memset: 335,
  cuda_runtime: 285,
  cuda_driver: 310,
  cuda_sync: 0,
  communication: 192,
  dataloader: 95,
  memory: 60,
  flow: 200,
  session: 240,
  metadata: 60,
  other: 220,
};

/** Readable names of the categories, for the legend and the details pane. */
export const categoryLabels: Record<(typeof traceCategoryOrder)[number], string> = {
  cpu_op: 'CPU op',
  user_annotation: 'annotation / step',
  python_function: 'Python',
  kernel: 'kernel',
  gpu_memcpy: 'memcpy',
  gpu_memset: 'memset',
  cuda_runtime: 'CUDA runtime',
  cuda_driver: 'CUDA driver',
  cuda_sync: 'sync',
  communication: 'communication',
  dataloader: 'data loader',
  memory: 'memory',
  flow: 'flow',
  session: 'session',
  metadata: 'metadata',
  other: 'other',
};

/** Step-chart colours per StepCategory (the timeline hue of the matching events). */
const stepHues: Record<StepCategory, number> = {
  kernel: 120,
  memcpy: 28,
  memset: 335,
  communication: 192,
  runtime: 285,
  dataloader: 90,
  cpuExec: 212,
  other: 0,
};

export const stepLabels: Record<StepCategory, string> = {
  kernel: 'Kernel',
  memcpy: 'Memcpy',
  memset: 'Memset',
  communication: 'Communication',
  runtime: 'Runtime',
  dataloader: 'DataLoader',
  cpuExec: 'CPU Exec',
  other: 'Other',
};

function hsl(hue: number, saturation: number, lightness: number): string {
  const s = saturation / 100;
  const l = lightness / 100;
  const f = (n: number) => {
    const k = (n + hue / 30) % 12;
    return l - s * Math.min(l, 1 - l) * Math.max(-1, Math.min(k - 3, 9 - k, 1));
  };
  const hex = (v: number) => Math.round(v * 255).toString(16).padStart(2, '0');
  return `#${hex(f(0))}${hex(f(8))}${hex(f(4))}`;
}

export interface CategoryPalette {
  /** Fill and text colour per category index (traceCategoryOrder). */
  fill: string[];
  text: string[];
}

/** The box colours for a dark or light theme. */
export function categoryPalette(dark: boolean): CategoryPalette {
  const fill = traceCategoryOrder.map((name) => (name === 'other' || name === 'metadata' ? hsl(categoryHues[name], 8, dark ? 45 : 72) : hsl(categoryHues[name], dark ? 45 : 55, dark ? 42 : 72)));
  const text = fill.map((color) => (luminance(color) > 0.3 ? '#111111' : '#f4f4f4'));
  return { fill, text };
}

/** The step chart's colour per category. */
export function stepColor(category: StepCategory, dark: boolean): string {
  return category === 'other' ? hsl(0, 0, dark ? 55 : 65) : hsl(stepHues[category], dark ? 50 : 60, dark ? 48 : 58);
}
