// How the IR's shapes, tensor types and attributes read to a person, on every surface (CLI table, Model view,
// graph editor): one form each, whichever surface shows them.
import { isTensorRef } from '../ir/attrs';
import type { AttrValue, Dim, Graph } from '../ir/graph';

/** `[1, 3, 224, 224]`, symbolic dims by name, `?` for an unknown dim; `?` for an unknown shape. */
export function formatShape(shape: readonly Dim[] | null | undefined): string {
  return shape ? `[${shape.map((dim) => (dim === null ? '?' : String(dim))).join(', ')}]` : '?';
}

/** `float32 [1, 3, 224, 224]`, `?` for what is not known. */
export function formatTensorType(dtype: string | null | undefined, shape: readonly Dim[] | null | undefined): string {
  return `${dtype ?? '?'} ${formatShape(shape)}`;
}

/** Longest attribute text; longer values are cut with `…`. */
const attrChars = 80;

function isGraph(value: unknown): value is Graph {
  return typeof value === 'object' && value !== null && Array.isArray((value as Graph).nodes);
}

/** An attribute as one short line: strings as they are, tensors by dtype and shape, graphs by size, the rest as JSON. */
export function formatAttr(value: AttrValue | undefined): string {
  let text: string;
  if (value === null || value === undefined) text = 'null';
  else if (typeof value !== 'object') text = String(value);
  else if (isTensorRef(value)) text = `tensor ${value.dtype}${formatShape(value.shape)}`;
  else if ('graph' in value && isGraph(value.graph)) text = `graph ${value.graph.name ? `${value.graph.name} ` : ''}(${value.graph.nodes.length} nodes)`;
  else if ('graphs' in value && Array.isArray(value.graphs)) text = `${value.graphs.length} graphs`;
  else text = JSON.stringify(value, (_key, item: unknown) => (typeof item === 'bigint' ? String(item) : item)) ?? String(value);
  return text.length > attrChars ? `${text.slice(0, attrChars - 1)}…` : text;
}
