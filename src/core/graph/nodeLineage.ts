// Which nodes feed a node and which it feeds, at any distance: the graph view emphasises them when a node is
// selected. The consumers of each node are indexed once per payload.
import type { PayloadNode } from '../protocol/graph';

/** The up- and downstream nodes of a payload's nodes. */
export class NodeLineage {
  private readonly consumers: number[][];

  constructor(private readonly nodes: readonly PayloadNode[]) {
    this.consumers = nodes.map(() => []);
    nodes.forEach((node, index) => node.inputs.forEach((input) => input.from !== undefined && input.from >= 0 && this.consumers[input.from].push(index)));
  }

  /** Node `start`, every node it reads from and every node that reads from it, at any distance. */
  related(start: number): Set<number> {
    const reached = new Set<number>([start]);
    const walk = (next: (index: number) => number[]) => {
      const queue = [start];
      while (queue.length) {
        for (const other of next(queue.pop()!)) {
          if (reached.has(other)) continue;
          reached.add(other);
          queue.push(other);
        }
      }
    };
    walk((index) => this.nodes[index].inputs.map((input) => input.from ?? -1).filter((from) => from >= 0));
    walk((index) => this.consumers[index]);
    return reached;
  }
}
