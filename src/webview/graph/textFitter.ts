// Fits labels to boxes without measuring text every frame: each (font, text) is measured once, and the cut form
// (`Conv…`) of a label is cached with its length, so a frame that draws the same label at the same size allocates
// nothing. Pure: the measuring function comes in (the canvas's measureText), so it is tested without a browser.

/** Width of `text` in the font last set, in pixels. */
export type MeasureText = (text: string) => number;

interface Entry {
  width: number;
  /** The last cut: how many characters were kept, and the string drawn. */
  kept: number;
  cut: string;
}

/** Labels measured at one reference font size; widths at other sizes scale linearly. */
export class TextFitter {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly measure: MeasureText,
    /** Past this many labels the cache starts over (a model's labels are far fewer). */
    private readonly limit = 200_000,
  ) {}

  /** Width of `text` at the reference size. */
  width(text: string): number {
    return this.entry(text).width;
  }

  /**
   * `text` as drawn in `maxWidth` pixels at `scale` × the reference size: whole when it fits, else cut with an
   * ellipsis to the characters that fit (by the label's average glyph width); '' when not even one fits.
   */
  fit(text: string, maxWidth: number, scale = 1): string {
    const entry = this.entry(text);
    const width = entry.width * scale;
    if (width <= maxWidth) return text;
    const kept = Math.floor((maxWidth / width) * text.length) - 1;
    if (kept < 1) return '';
    if (kept !== entry.kept) {
      entry.kept = kept;
      entry.cut = `${text.slice(0, kept)}…`;
    }
    return entry.cut;
  }

  /** Labels measured so far. */
  get size(): number {
    return this.entries.size;
  }

  private entry(text: string): Entry {
    let entry = this.entries.get(text);
    if (!entry) {
      if (this.entries.size >= this.limit) this.entries.clear();
      entry = { width: this.measure(text), kept: -1, cut: '' };
      this.entries.set(text, entry);
    }
    return entry;
  }
}
