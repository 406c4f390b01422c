// Whether a scene is one piece: every item joined to a graph input through drawn edges, an open group's frame joined
// to its ports (edges into and out of a group are drawn inside it from and to them) and to what it holds. A Keras
// model that used to draw as eleven loose pieces is the case this checks.
import { parsePortKey } from '../../core/graph/graphLevels';
import type { Scene } from '../../core/graph/hierarchicalLayout';

/** Items of `scene` not joined to any graph input (none: the scene is connected). Edges count both ways. */
export function unconnectedItems(scene: Scene): string[] {
  const links = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    for (const [from, to] of [[a, b], [b, a]]) {
      const list = links.get(from);
      if (list) list.push(to);
      else links.set(from, [to]);
    }
  };
  for (const edge of scene.edges) link(edge.from, edge.to);
  // Items come parents first, each open group followed by what it holds: the open frame at each depth is the parent.
  const parentOf = new Map<string, string>();
  const open: string[] = [];
  for (const item of scene.items) {
    const port = parsePortKey(item.key);
    if (port) link(item.key, `g:${port.group}`);
    else if (item.depth > 0) parentOf.set(item.key, open[item.depth - 1]);
    if (item.expanded) open[item.depth] = item.key;
  }
  const reached = new Set<string>();
  const queue = scene.items.filter((item) => item.kind === 'input').map((item) => item.key);
  while (queue.length) {
    const key = queue.pop()!;
    if (reached.has(key)) continue;
    reached.add(key);
    queue.push(...(links.get(key) ?? []));
    // What an open group holds being reached joins its frame too (a group that nothing enters still sits in the graph).
    const parent = parentOf.get(key);
    if (parent !== undefined) queue.push(parent);
  }
  return scene.items.filter((item) => !reached.has(item.key)).map((item) => item.key);
}
