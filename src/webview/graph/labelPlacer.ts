// Places screen-space labels without overlap: the caller offers labels largest group first, and each is kept only
// where it overlaps none kept before. The kept rectangles live in one preallocated array, so a frame allocates nothing.

/** Kept label rectangles of one frame, in screen pixels. */
export class LabelPlacer {
  private readonly rects: Float64Array;
  private count = 0;

  constructor(
    /** Labels kept at most per frame. */
    readonly capacity = 200,
    /** Pixels kept clear around each label. */
    private readonly gap = 2,
  ) {
    this.rects = new Float64Array(capacity * 4);
  }

  /** Starts a frame. */
  reset(): void {
    this.count = 0;
  }

  /** Labels kept this frame. */
  get placed(): number {
    return this.count;
  }

  /** Keeps the rectangle when it is clear of every one kept so far (and there is room); true when kept. */
  place(x: number, y: number, width: number, height: number): boolean {
    if (this.count >= this.capacity) return false;
    const gap = this.gap;
    for (let i = 0; i < this.count * 4; i += 4) {
      const r = this.rects;
      if (x < r[i] + r[i + 2] + gap && r[i] < x + width + gap && y < r[i + 1] + r[i + 3] + gap && r[i + 1] < y + height + gap) return false;
    }
    const at = this.count * 4;
    this.rects[at] = x;
    this.rects[at + 1] = y;
    this.rects[at + 2] = width;
    this.rects[at + 3] = height;
    this.count++;
    return true;
  }
}
