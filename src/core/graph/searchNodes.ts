// Search over node names and op types: exact op matches first, then name matches, in file order.
import type { PayloadNode } from '../../core/protocol/graph';

/** Indices of up to `limit` nodes whose name or op contains `query` (case-insensitive); none for a blank query. */
export function searchNodes(nodes: readonly PayloadNode[], query: string, limit: number): number[] {
  const needle = query.trim().toLowerCase();
  if (needle === '') return [];
  const exactOp: number[] = [];
  const other: number[] = [];
  nodes.forEach((node, index) => {
    const op = node.op.toLowerCase();
    if (op === needle) exactOp.push(index);
    else if (op.includes(needle) || node.name.toLowerCase().includes(needle)) other.push(index);
  });
  return [...exactOp, ...other].slice(0, limit);
}
