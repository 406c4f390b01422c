// Colouring by profiled time: a sequential ramp from cool to hot (blue, violet, magenta, crimson, orange-red) over
// the log of each item's share of the run, so the few nodes that take most of the time stand out and the many small
// ones still read apart. Every fill carries white text (contrast 4.5 or more) and stands off light and dark
// canvases alike; nodes without time are a grey no ramp colour comes near.
import { countOf } from '../../core/display/quantities';
import { formatMicros } from '../../core/display/durations';
import type { ProfileOverlay } from '../../core/protocol/graph';
import { toHex } from './graphTheme';
import { hsl, type Overlay } from './nodeColors';
import type { GraphTimes } from './profileTimes';

/** Decades of share the ramp spans below the largest; smaller shares take its first colour. */
export const TIME_DECADES = 3;

/** The ramp in OKLCH (perceptual lightness, chroma, hue): lightness and chroma rise with t, hue turns from blue through violet and magenta to orange-red. */
const RAMP = { l: [0.44, 0.57], c: [0.1, 0.18], h: [255, 398] };

/** Steps the ramp is drawn in: finer than the eye tells apart, and a 40k-node graph is coloured by lookup (98 -> ms). */
const STEPS = 256;
let palette: string[] | undefined;

/** The fill of ramp position `t` (0 coolest .. 1 hottest). */
export function timeColor(t: number): string {
  palette ??= Array.from({ length: STEPS }, (_, step) => {
    const at = (range: number[]) => range[0] + ((range[1] - range[0]) * step) / (STEPS - 1);
    return oklch(at(RAMP.l), at(RAMP.c), at(RAMP.h) % 360);
  });
  return palette[Math.round(Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (STEPS - 1))];
}

/** `#rrggbb` of an OKLCH colour (Björn Ottosson's OKLab), clipped to sRGB. */
export function oklch(lightness: number, chroma: number, hue: number): string {
  const a = chroma * Math.cos((hue * Math.PI) / 180);
  const b = chroma * Math.sin((hue * Math.PI) / 180);
  const l = (lightness + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (lightness - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (lightness - 0.0894841775 * a - 1.291485548 * b) ** 3;
  const linear = [4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s, -1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s, -0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s];
  const encode = (x: number) => {
    const c = Math.min(1, Math.max(0, x));
    return 255 * (c <= 0.0031308 ? 12.92 * c : 1.055 * c ** (1 / 2.4) - 0.055);
  };
  return toHex(linear.map(encode) as [number, number, number]);
}

/** The fill of items the profile has no time for. */
export function noTimeColor(dark: boolean): string {
  return hsl(0, 0, dark ? 0.29 : 0.37);
}

/** Where a share of the run falls on the ramp: log-scaled from `floor` (t 0) to `max` (t 1). */
export interface TimeScale {
  floor: number;
  max: number;
  t(pct: number): number;
  /** The share at ramp position `t`. */
  at(t: number): number;
}

/** The scale of these shares (percent): from the largest down TIME_DECADES decades, or to the smallest if nearer. */
export function timeScale(pcts: Iterable<number>): TimeScale {
  let max = 0;
  let min = Infinity;
  for (const pct of pcts) {
    if (pct > max) max = pct;
    if (pct > 0 && pct < min) min = pct;
  }
  const floor = max > 0 ? Math.max(max / 10 ** TIME_DECADES, min) : 0;
  const span = max > floor ? Math.log(max / floor) : 0;
  return {
    floor,
    max,
    t: (pct) => (span === 0 ? (pct > 0 ? 1 : 0) : Math.min(1, Math.max(0, Math.log(pct / floor) / span))),
    at: (t) => (span === 0 ? max : floor * Math.exp(t * span)),
  };
}

/** The scale of a profile on a graph: its nodes' and groups' shares together, so collapsed groups read apart too. */
export function graphTimeScale(times: GraphTimes): TimeScale {
  const pcts: number[] = [];
  for (const timing of times.nodes) if (timing) pcts.push(timing.pct);
  for (const group of times.groups.values()) pcts.push(group.pct);
  return timeScale(pcts);
}

/** Time per run of a share of `overlay`'s node time, µs. */
export function perRunUs(overlay: ProfileOverlay, pct: number): number {
  return ((pct / 100) * overlay.totalUs) / Math.max(1, overlay.runs);
}

/** The node colouring by time, with its legend: time per run at five points of the ramp, then what has none. */
export function timeOverlay(times: GraphTimes, overlay: ProfileOverlay, scale: TimeScale, dark: boolean): Overlay {
  const none = noTimeColor(dark);
  const fills = times.nodes.map((timing) => (timing ? timeColor(scale.t(timing.pct)) : none));
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => ({ t, us: perRunUs(overlay, scale.at(t)) }));
  const legend = [
    { label: `${overlay.label}: time per run`, color: '' },
    ...stops.map(({ t, us }) => ({ label: `${t === 0 && scale.floor < scale.max ? '≤ ' : ''}${formatMicros(us)}`, color: timeColor(t) })),
    { label: 'no time', color: none },
  ];
  if (overlay.unplacedUs > 0) legend.push({ label: `${formatMicros(overlay.unplacedUs / Math.max(1, overlay.runs))} in nodes ORT added`, color: '' });
  if (times.unmatched.length > 0) legend.push({ label: `${countOf(times.unmatched.length, 'profiled node')} not in this graph`, color: '' });
  return { fill: (index) => fills[index], legend };
}
