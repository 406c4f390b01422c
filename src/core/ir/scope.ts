// Module scopes from node names: exporters encode the module path in the name, e.g. PyTorch's
// `/layer1/layer1.0/conv1/Conv` or tf2onnx's `model/block_1/conv/Conv2D`.

/**
 * The scope path of a node named `name`: the path segments before the last one (the op itself).
 * A name without the separator is at the root scope.
 */
export function scopeFromName(name: string, separator = '/'): string[] {
  if (!name.includes(separator)) return [];
  const parts = name.split(separator).filter((part) => part.length > 0);
  return parts.slice(0, -1);
}
