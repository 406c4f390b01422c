// Run colours: a qualitative palette of ten hues, each readable on VS Code's light and dark editor backgrounds
// (contrast at least 3:1 against #ffffff and #1e1e1e, checked by the unit test). A run's colour comes from its
// name (a hash picks its preferred slot), so it does not depend on the order runs were found in; when that slot
// is taken by a run already coloured, the next free one is used, so up to ten runs never share a colour.

/** Blue, orange, green, red, violet, teal, olive, pink, brown, grey: Tableau 10's hues, with shades darkened where they were too light for a white background. */
export const RUN_PALETTE: readonly string[] = ['#4e79a7', '#d9730d', '#59a14f', '#e15759', '#7570e0', '#0f9fa6', '#a58d00', '#d45fb0', '#9c755f', '#7f7f7f'];

/** FNV-1a over the UTF-16 code units of `text`, as an unsigned 32-bit integer. */
export function hashName(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The run's preferred colour, from its name alone (what it gets when its slot is free). */
export function runColor(run: string): string {
  return RUN_PALETTE[hashName(run) % RUN_PALETTE.length];
}

/**
 * Colours for the runs of one view. A run keeps its colour while the view shows it; a new run takes its preferred
 * slot, or the next slot (cyclically) no shown run holds, or past ten runs the least used one. Assigning the
 * runs in sorted order gives the same colours for the same set of runs on every machine and reload.
 */
export class RunColors {
  private readonly slots = new Map<string, number>();

  /** The colour of `run`, assigning it a slot on first use. */
  colorOf(run: string): string {
    let slot = this.slots.get(run);
    if (slot === undefined) {
      slot = this.freeSlot(hashName(run) % RUN_PALETTE.length);
      this.slots.set(run, slot);
    }
    return RUN_PALETTE[slot];
  }

  /** Keeps the slots of these runs only (the view stopped showing the others, whose slots become free). */
  retain(runs: Iterable<string>): void {
    const kept = new Set(runs);
    for (const run of [...this.slots.keys()]) if (!kept.has(run)) this.slots.delete(run);
  }

  private freeSlot(preferred: number): number {
    const used = new Array<number>(RUN_PALETTE.length).fill(0);
    for (const slot of this.slots.values()) used[slot]++;
    const fewest = Math.min(...used);
    for (let k = 0; k < RUN_PALETTE.length; k++) {
      const slot = (preferred + k) % RUN_PALETTE.length;
      if (used[slot] === fewest) return slot;
    }
    return preferred;
  }
}

/** `#rrggbb` with an alpha, for faint drawing (raw series behind smoothed ones, bands). */
export function withAlpha(color: string, alpha: number): string {
  if (!/^#[0-9a-f]{6}$/i.test(color)) return color;
  return `${color}${Math.round(Math.max(0, Math.min(1, alpha)) * 255)
    .toString(16)
    .padStart(2, '0')}`;
}
