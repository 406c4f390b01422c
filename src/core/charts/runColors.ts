// Run colours that stay the same across reloads and machines: derived from the run name alone, never from
// the order runs were found in.

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit integer. */
export function hashName(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The colour of a run: a hue from the name's hash, at a saturation and lightness readable on dark and light themes. */
export function runColor(run: string): string {
  const hue = hashName(run) % 360;
  return `hsl(${hue}, 70%, 55%)`;
}

/** The same colour with an alpha, for the faint raw series behind a smoothed one. */
export function runColorFaint(run: string, alpha = 0.25): string {
  const hue = hashName(run) % 360;
  return `hsla(${hue}, 70%, 55%, ${alpha})`;
}
