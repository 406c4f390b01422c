// Pairs the layers of two models. First by name (the same scope and name on both sides, unique, of the same op
// family), then by structure, walking out from what is paired already (the graph inputs and the named pairs):
//   1. a consumer or producer at the same place on both sides with the same op (two exports that named nodes
//      differently, or not at all);
//   2. across one or two inserted nodes: A's `relu -> pool` and B's `relu -> new -> pool` pair the pools;
//   3. the only unpaired consumers of a paired output on both sides, whatever their ops: an op that changed
//      (`Relu` -> `Sigmoid`).
// Each step runs again until nothing more pairs. Within one format ops must be equal and input slots line up;
// across formats (ONNX against TFLite) ops compare by family (opFamily.ts) and slots are not compared.
import type { DiffSide, SideNode } from './diffSide';

import type { MatchKind } from './diffTypes';

/** The pairing: for each layer of A its partner in B (-1: removed), and the reverse. */
export interface NodeMatching {
  aToB: Int32Array;
  bToA: Int32Array;
  /** How each A layer was paired (index into A). */
  kind: (MatchKind | undefined)[];
}

type Consumer = { node: number; slot: number };

/** The words of a layer's scope and name: `layer2`, `0`, `downsample`, ... (numbers and names alike). */
function words(side: SideNode): Set<string> {
  return new Set([...side.node.scope, side.node.name].join('/').toLowerCase().split(/[^a-z0-9]+/).filter(Boolean));
}

/** Pairs the layers of `a` and `b`; `sameFormat` compares exact ops and input slots. */
export function matchNodes(a: DiffSide, b: DiffSide, sameFormat: boolean): NodeMatching {
  const aToB = new Int32Array(a.nodes.length).fill(-1);
  const bToA = new Int32Array(b.nodes.length).fill(-1);
  const kind: (MatchKind | undefined)[] = new Array(a.nodes.length);
  const queue: number[] = [];
  const pair = (x: number, y: number, how: MatchKind): void => {
    aToB[x] = y;
    bToA[y] = x;
    kind[x] = how;
    queue.push(x);
  };
  const opKey = (node: SideNode) => (sameFormat ? `${node.node.domain ?? ''}::${node.node.op}` : node.family);
  const sameOp = (x: number, y: number) => opKey(a.nodes[x]) === opKey(b.nodes[y]);

  // 1. Names: a name held by one layer on each side, with the same scope and op family.
  const byName = (side: DiffSide) => {
    const names = new Map<string, number>();
    side.nodes.forEach(({ node }, index) => {
      if (!node.name) return;
      const key = `${node.scope.join('/')}\u0000${node.name}`;
      names.set(key, names.has(key) ? -1 : index);
    });
    return names;
  };
  const namesB = byName(b);
  for (const [key, x] of byName(a)) {
    const y = namesB.get(key);
    if (x >= 0 && y !== undefined && y >= 0 && a.nodes[x].family === b.nodes[y].family) pair(x, y, 'name');
  }

  // Graph inputs pair by name, else by position when both sides have as many.
  const inputPairs: [Consumer[], Consumer[]][] = [];
  const inputsB = new Map(b.inputs.map((input, index) => [input.name, index]));
  a.inputs.forEach((input, index) => {
    const other = inputsB.get(input.name) ?? (a.inputs.length === b.inputs.length ? index : undefined);
    if (other !== undefined) inputPairs.push([input.consumers, b.inputs[other].consumers]);
  });

  const unpairedA = (list: Consumer[]) => list.filter((consumer) => aToB[consumer.node] < 0);
  const unpairedB = (list: Consumer[]) => list.filter((consumer) => bToA[consumer.node] < 0);
  const slotFits = (x: Consumer, y: Consumer) => !sameFormat || x.slot === y.slot;

  /**
   * Pairs consumers at the same place with the same op. A tie (a block's main path and its shortcut both read one
   * output) is broken by the other inputs agreeing, then by the words of their names (`layer2.0.downsample.0` and
   * `/layer2/layer2.0/downsample/downsample.0/Conv` share `downsample`), then by their order in the files.
   */
  const pairConsumers = (fromA: Consumer[], fromB: Consumer[]): void => {
    const restA = unpairedA(fromA);
    for (const x of restA) {
      if (aToB[x.node] >= 0) continue;
      const candidates = unpairedB(fromB).filter((y) => slotFits(x, y) && sameOp(x.node, y.node));
      let best = candidates.length > 1 ? candidates.filter((y) => sourcesAgree(x.node, y.node)) : candidates;
      if (best.length > 1) best = closestNames(x.node, best);
      if (best.length > 1) {
        // The k-th of A's tied layers (in file order) with the k-th of B's.
        const tiedA = restA.filter((other) => aToB[other.node] < 0 && slotFits(other, x) && opKey(a.nodes[other.node]) === opKey(a.nodes[x.node])).map((other) => other.node).sort((p, q) => p - q);
        const tiedB = best.map((y) => y.node).sort((p, q) => p - q);
        if (tiedA.length === tiedB.length) best = [{ node: tiedB[tiedA.indexOf(x.node)], slot: x.slot }];
      }
      if (best.length === 1 && bToA[best[0].node] < 0) pair(x.node, best[0].node, 'structure');
    }
  };
  /** The candidates whose names share the most words with A's layer `x`'s. */
  const closestNames = (x: number, candidates: Consumer[]): Consumer[] => {
    const wordsA = words(a.nodes[x]);
    const scores = candidates.map((y) => [...words(b.nodes[y.node])].filter((word) => wordsA.has(word)).length);
    const top = Math.max(...scores);
    return candidates.filter((_, index) => scores[index] === top);
  };
  /** Whether every paired producer of A's layer `x` feeds B's layer `y` at the same place. */
  const sourcesAgree = (x: number, y: number): boolean => {
    const sx = a.nodes[x].sources;
    const sy = b.nodes[y].sources;
    if (sameFormat && sx.length !== sy.length) return false;
    return sx.every((source, slot) => {
      if (source.kind !== 'node' || aToB[source.node] < 0) return true;
      const other = sy[slot];
      return other?.kind === 'node' && other.node === aToB[source.node];
    });
  };

  /** Step 1: propagate from every pair in the queue, forwards to consumers and backwards to producers. */
  const propagate = (): void => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const x = next;
      const y = aToB[x];
      const nodeA = a.nodes[x];
      const nodeB = b.nodes[y];
      nodeA.consumers.forEach((list, output) => pairConsumers(list, nodeB.consumers[output] ?? []));
      nodeA.sources.forEach((source, slot) => {
        const other = sameFormat || nodeA.sources.length === nodeB.sources.length ? nodeB.sources[slot] : undefined;
        if (source.kind !== 'node' || other?.kind !== 'node' || source.output !== other.output) return;
        if (aToB[source.node] < 0 && bToA[other.node] < 0 && sameOp(source.node, other.node)) pair(source.node, other.node, 'structure');
      });
    }
  };

  /** Consumers of every output of `side`'s layer `index`, `depth` hops on through unpaired layers. */
  const reach = (side: DiffSide, paired: Int32Array, index: number, depth: number): number[] => {
    const found: number[] = [];
    let frontier = [index];
    for (let hop = 0; hop < depth; hop++) {
      const next: number[] = [];
      for (const at of frontier) for (const list of side.nodes[at].consumers) for (const { node } of list) if (paired[node] < 0) next.push(node);
      frontier = next;
      found.push(...next);
    }
    return found;
  };

  /** Step 2: A's unpaired consumer of a pair meets B's layer one or two hops on with the same op (or the reverse). */
  const bridge = (): boolean => {
    let paired = false;
    a.nodes.forEach((_, x) => {
      const y = aToB[x];
      if (y < 0) return;
      const nearA = reach(a, aToB, x, 1);
      const nearB = reach(b, bToA, y, 1);
      const farA = reach(a, aToB, x, 3);
      const farB = reach(b, bToA, y, 3);
      for (const u of nearA) {
        if (aToB[u] >= 0 || nearB.some((v) => sameOp(u, v))) continue;
        const hits = farB.filter((v) => bToA[v] < 0 && sameOp(u, v));
        if (hits.length !== 1) continue;
        pair(u, hits[0], 'structure');
        paired = true;
      }
      for (const v of nearB) {
        if (bToA[v] >= 0 || nearA.some((u) => sameOp(u, v))) continue;
        const hits = farA.filter((u) => aToB[u] < 0 && sameOp(u, v));
        if (hits.length !== 1) continue;
        pair(hits[0], v, 'structure');
        paired = true;
      }
    });
    return paired;
  };

  /** Step 3: the only unpaired consumer of a paired output on each side pair as a changed op. */
  const changedOps = (): boolean => {
    let paired = false;
    const consider = (fromA: Consumer[], fromB: Consumer[]) => {
      const restA = unpairedA(fromA);
      const restB = unpairedB(fromB);
      if (restA.length !== 1 || restB.length !== 1 || !slotFits(restA[0], restB[0])) return;
      pair(restA[0].node, restB[0].node, 'changed-op');
      paired = true;
    };
    a.nodes.forEach((nodeA, x) => {
      const y = aToB[x];
      if (y >= 0) nodeA.consumers.forEach((list, output) => consider(list, b.nodes[y].consumers[output] ?? []));
    });
    inputPairs.forEach(([fromA, fromB]) => consider(fromA, fromB));
    return paired;
  };

  for (const [fromA, fromB] of inputPairs) pairConsumers(fromA, fromB);
  propagate();
  for (;;) {
    if (bridge()) {
      propagate();
      continue;
    }
    if (changedOps()) {
      propagate();
      continue;
    }
    break;
  }
  return { aToB, bToA, kind };
}
