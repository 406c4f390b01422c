// The graph canvas's view across resizes: the editor's column narrows when a panel opens beside it, the window is
// resized, a page is shown again at another size. An automatic view (the opening view, or a fit) is made again for
// the new size until the user moves the view; a view the user chose keeps the world point at the canvas's centre
// (resizedView.ts). A fit leaves the legend's band at the bottom free, so the legend covers no box.
import type { Scene } from '../../core/graph/hierarchicalLayout';
import { firstView, fit, type Rect, type Viewport } from '../../core/graph/viewport';
import { fitHeight, resizedView, type AutoKind, type Size } from './resizedView';

/** The graph canvas's automatic view and the size its view was made for. */
export class ViewSizing {
  /** The automatic view shown, made again at each resize; null once the user moved the view. */
  kind: AutoKind | null;
  /** The canvas size the view was last made or moved for (undefined: not measured yet). */
  size: Size | undefined;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly legend: HTMLElement,
    saved: { autoView?: AutoKind; viewSize?: Size },
  ) {
    this.kind = saved.autoView ?? null;
    this.size = saved.viewSize;
  }

  /** The legend's band on the canvas (canvas pixels), null when the legend is empty. */
  legendRect(): Rect | null {
    const legend = this.legend;
    return legend.childElementCount === 0 ? null : { x: legend.offsetLeft, y: legend.offsetTop, width: legend.offsetWidth, height: legend.offsetHeight };
  }

  /** The view showing `bounds` whole above the legend. */
  fit(bounds: Rect): Viewport {
    return fit(bounds, this.canvas.clientWidth, fitHeight(this.canvas.clientHeight, this.legendRect()?.y ?? null));
  }

  /** `kind`'s view of `shown` for the canvas now, shown until the user moves the view. */
  auto(kind: AutoKind, shown: Scene): Viewport {
    this.kind = kind;
    this.size = this.measure();
    if (kind === 'fit') return this.fit(shown.bounds);
    // The first view: about 1:1 from the first graph input (or the top item) down.
    let start = shown.byKey.get('i:0');
    if (!start) for (const item of shown.items) if (item.depth === 0 && (!start || item.y < start.y)) start = item;
    return start ? firstView(start, shown.bounds, this.canvas.clientWidth) : this.fit(shown.bounds);
  }

  /** The view for the canvas's size now (see resizedView); `shown` is the scene on screen, if any. */
  resized(view: Viewport, shown: Scene | undefined): Viewport | undefined {
    const before = this.size;
    const after = this.measure();
    const kind = this.kind;
    const next = resizedView(view, before, after, () => (kind && shown ? this.auto(kind, shown) : undefined));
    if (after.width > 0 && after.height > 0) this.size = after;
    return next;
  }

  /** The legend changed size (another colouring, a narrower canvas): a fit is made again above it. */
  legendChanged(shown: Scene | undefined): Viewport | undefined {
    return this.kind === 'fit' && shown ? this.auto('fit', shown) : undefined;
  }

  private measure(): Size {
    return { width: this.canvas.clientWidth, height: this.canvas.clientHeight };
  }
}
