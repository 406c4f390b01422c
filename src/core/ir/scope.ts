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

/**
 * scopeFromName with one shared array per module path: a large graph has thousands of nodes but few modules, and the
 * arrays are read, never changed.
 */
export class ScopeCache {
  private readonly byPrefix = new Map<string, string[]>();

  constructor(private readonly separator = '/') {}

  scopeOf(name: string): string[] {
    const last = name.lastIndexOf(this.separator);
    if (last < 0) return [];
    // A trailing separator leaves the op name elsewhere: no shared path to key by.
    if (last === name.length - this.separator.length) return scopeFromName(name, this.separator);
    const prefix = name.slice(0, last);
    let scope = this.byPrefix.get(prefix);
    if (!scope) this.byPrefix.set(prefix, (scope = scopeFromName(name, this.separator)));
    return scope;
  }
}
