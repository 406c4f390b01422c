// The order of the charts inside a tag group: by name, except that a Keras-style validation metric follows its
// training twin (loss, val_loss, accuracy, val_accuracy... rather than every val_* after the rest), so the two
// curves of one quantity sit side by side, as TensorBoard's train/validation runs share one chart.

/** The key charts are sorted by: the tag with a `val_` prefix of its last part moved behind the name. */
export function chartOrderKey(tag: string): string {
  const slash = tag.lastIndexOf('/');
  const head = tag.slice(0, slash + 1);
  const last = tag.slice(slash + 1);
  // \u0000 and \u0001 sort before every printable character: loss (loss\u0000) < val_loss (loss\u0001) < loss_scale.
  return last.startsWith('val_') && last.length > 4 ? `${head}${last.slice(4)}\u0001` : `${head}${last}\u0000`;
}

/** Compares two tags by chartOrderKey (for Array.prototype.sort). */
export function compareChartTags(a: string, b: string): number {
  const ka = chartOrderKey(a);
  const kb = chartOrderKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
