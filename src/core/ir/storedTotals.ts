// The summary's totals over stored tensors: parameters (each stored tensor once, however many
// layers read it) and, apart from them, constants that are no weights (shapes, axes, Clip bounds).
import type { WeightIndex } from './weightIndex';

/** Totals over every stored tensor of the main graph and its bodies. */
export interface StoredTotals {
  /** Elements of the stored weights: every initializer, and Constant values read as a layer's weight. */
  params: number;
  paramBytes: number;
  paramsByDtype: Record<string, { elements: number; bytes: number }>;
  /** Set only where the format says which weights train. */
  trainableParams?: number;
  nonTrainableParams?: number;
  /** Framework buffers (PyTorch register_buffer: running statistics, num_batches_tracked): not in `params`; only when the model has some. */
  buffers?: { count: number; elements: number; bytes: number };
  /** Values of Constant nodes that are no weights (shapes, axes, Clip bounds): not in `params`. */
  constants: { count: number; elements: number; bytes: number };
  /** Identity nodes that only alias a stored tensor (not layers; their readers own the weight). */
  weightAliases: number;
}

/** Sums the stored tensors `weights` indexes; string tensors count elements, no bytes. */
export function storedTotals(weights: WeightIndex): StoredTotals {
  const byDtype: Record<string, { elements: number; bytes: number }> = {};
  const constants = { count: 0, elements: 0, bytes: 0 };
  const buffers = { count: 0, elements: 0, bytes: 0 };
  let trainable = 0;
  let nonTrainable = 0;
  let flagged = false;
  for (const tensor of weights.tensors()) {
    if (tensor.buffer) {
      buffers.count++;
      buffers.elements += tensor.elements;
      buffers.bytes += tensor.bytes ?? 0;
      continue;
    }
    if (!weights.isParam(tensor)) {
      constants.count++;
      constants.elements += tensor.elements;
      constants.bytes += tensor.bytes ?? 0;
      continue;
    }
    const entry = (byDtype[tensor.dtype] ??= { elements: 0, bytes: 0 });
    entry.elements += tensor.elements;
    entry.bytes += tensor.bytes ?? 0;
    if (tensor.trainable === true) trainable += tensor.elements;
    if (tensor.trainable === false) nonTrainable += tensor.elements;
    flagged ||= tensor.trainable !== undefined;
  }
  const entries = Object.values(byDtype);
  return {
    params: entries.reduce((sum, entry) => sum + entry.elements, 0),
    paramBytes: entries.reduce((sum, entry) => sum + entry.bytes, 0),
    paramsByDtype: byDtype,
    ...(flagged ? { trainableParams: trainable, nonTrainableParams: nonTrainable } : {}),
    ...(buffers.count > 0 ? { buffers } : {}),
    constants,
    weightAliases: weights.aliasCount(),
  };
}
