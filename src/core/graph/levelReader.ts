// What derivation (derivedGroups.ts) reads of one level of the group tree: each item's name, op signature and the
// items it reads from, worked out from the nodes inside each item.
import { nodeGroup, type PayloadNode } from '../protocol/graph';
import type { LevelItem } from './derivedGroups';
import type { GroupTree } from './groupTree';

/** What derivation needs of a level's items: names, op signatures and reads between them. */
export class LevelReader {
  /** Position in the level being read of each node inside it, valid where `stamp` equals `generation`. */
  private readonly position: Int32Array;
  private readonly stamp: Int32Array;
  private generation = 0;
  private readonly signatures = new Map<string, { signature: string; nodes: number }>();
  /** A small number for each op and group signature. */
  private readonly codes = new Map<string, number>();
  /** Producers of each node's inputs (indices into `producers` from `firstProducer[i]` to `firstProducer[i + 1]`), made on first use. */
  private firstProducer = new Int32Array(0);
  private producers = new Int32Array(0);

  constructor(private readonly tree: GroupTree, private readonly nodes: readonly PayloadNode[]) {
    this.position = new Int32Array(nodes.length);
    this.stamp = new Int32Array(nodes.length);
  }

  private indexProducers(): void {
    const { nodes } = this;
    this.firstProducer = new Int32Array(nodes.length + 1);
    const producers: number[] = [];
    for (let index = 0; index < nodes.length; index++) {
      this.firstProducer[index] = producers.length;
      const inputs = nodes[index].inputs;
      for (let at = 0; at < inputs.length; at++) {
        const from = inputs[at].from;
        if (from !== undefined && from >= 0) producers.push(from);
      }
    }
    this.firstProducer[nodes.length] = producers.length;
    this.producers = Int32Array.from(producers);
  }

  items(level: readonly (string | number)[]): LevelItem[] {
    if (this.firstProducer.length === 0) this.indexProducers();
    const generation = ++this.generation;
    level.forEach((item, position) => this.mark(item, position, generation));
    const lastReader = new Int32Array(level.length).fill(-1);
    return level.map((item, position) => {
      const reads: number[] = [];
      this.collectReads(item, position, generation, reads, lastReader);
      if (typeof item === 'string') {
        const { signature, nodes } = this.signatureOf(item);
        return { name: this.tree.groups.get(item)!.label, signature, reads, nodes, constant: false };
      }
      const node = this.nodes[item];
      return { name: leafName(node), op: node.op, signature: node.op, reads, nodes: 1, constant: readsOnlyWeights(node) };
    });
  }

  private mark(item: string | number, position: number, generation: number): void {
    if (typeof item !== 'number') {
      for (const child of this.tree.groups.get(item)!.children) this.mark(child, position, generation);
      return;
    }
    this.position[item] = position;
    this.stamp[item] = generation;
  }

  /** Adds to `reads` the positions of the level that nodes inside `item` read, each once. */
  private collectReads(item: string | number, position: number, generation: number, reads: number[], lastReader: Int32Array): void {
    if (typeof item !== 'number') {
      for (const child of this.tree.groups.get(item)!.children) this.collectReads(child, position, generation, reads, lastReader);
      return;
    }
    for (let at = this.firstProducer[item]; at < this.firstProducer[item + 1]; at++) {
      const from = this.producers[at];
      if (this.stamp[from] !== generation) continue;
      const read = this.position[from];
      if (read === position || lastReader[read] === position) continue;
      lastReader[read] = position;
      reads.push(read);
    }
  }

  /** A group's op sequence (as two 32-bit hashes, cheap to compare) and node count, worked out once per group. */
  private signatureOf(id: string): { signature: string; nodes: number } {
    const known = this.signatures.get(id);
    if (known) return known;
    let low = 0x811c9dc5;
    let high = 0x01000193;
    let nodes = 0;
    for (const child of this.tree.groups.get(id)!.children) {
      let code: number;
      if (typeof child === 'number') {
        code = this.opCode(this.nodes[child].op);
        nodes += 1;
      } else {
        const inner = this.signatureOf(child);
        code = this.opCode(inner.signature) + 0x9e3779b9;
        nodes += inner.nodes;
      }
      low = Math.imul(low ^ code, 0x01000193) >>> 0;
      high = Math.imul(high ^ code, 0x5bd1e995) >>> 0;
    }
    const result = { signature: `(${low.toString(36)}:${high.toString(36)})`, nodes };
    this.signatures.set(id, result);
    return result;
  }

  private opCode(op: string): number {
    let code = this.codes.get(op);
    if (code === undefined) this.codes.set(op, (code = this.codes.size));
    return code;
  }
}

/** A constant, or a node that only reads stored weights (an exporter's Identity over a shared initializer). */
export function readsOnlyWeights(node: PayloadNode): boolean {
  return node.inputs.every((input) => input.weight);
}

/** A node's own name without its scope (`/layer1/0/conv1/Conv` -> `Conv`); an unnamed node's output name. */
export function leafName(node: PayloadNode): string {
  if (!node.name) return node.outputs[0]?.name ?? '';
  const slash = node.name.lastIndexOf('/');
  return nodeGroup(node).length > 0 && slash >= 0 ? node.name.slice(slash + 1) : node.name;
}

/** Everything derivation reads of a level, as a 64-bit hash in text: levels with equal keys derive the same groups. */
export function levelKey(level: readonly LevelItem[]): string {
  let low = 0x811c9dc5;
  let high = 0x9747b28c;
  const mix = (code: number) => {
    low = Math.imul(low ^ code, 0x01000193) >>> 0;
    high = Math.imul(high ^ code, 0x5bd1e995) >>> 0;
  };
  const text = (value: string) => {
    for (let at = 0; at < value.length; at++) mix(value.charCodeAt(at));
    mix(0x10ffff + 1);
  };
  for (const item of level) {
    text(item.name);
    text(item.op ?? '');
    text(item.signature);
    mix(item.nodes);
    mix(item.constant ? 1 : 2);
    for (const read of item.reads) mix(read + 3);
    mix(0x10ffff + 2);
  }
  return `${level.length}:${low.toString(36)}:${high.toString(36)}`;
}
