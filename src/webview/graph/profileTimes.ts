// A profile overlay matched to the graph shown: each node's timing by node name, the summed time of every group, and
// the names the profile has that the graph does not. A node the file left unnamed is shown under its first output,
// and ONNX Runtime names it `<op>_<k>`, k counting the unnamed nodes of its graph before it (Graph::GenerateNodeName;
// seen in ORT 1.30 profiles of squeezenet's ConstantOfShape_2 and a lone Conv_0): both names find it. Pure: no DOM.
import type { GroupTree } from '../../core/graph/groupTree';
import type { NodeTiming, PayloadNode, ProfileOverlay } from '../../core/protocol/graph';

/** Summed time of the nodes inside a group, at any depth. */
export interface GroupTime {
  totalUs: number;
  pct: number;
  /** Nodes inside that have time. */
  timed: number;
}

/** A profile overlay on one payload. */
export interface GraphTimes {
  /** Per node index: its timing, or null when the profile has none for it. */
  nodes: (NodeTiming | null)[];
  groups: Map<string, GroupTime>;
  /** Graph nodes with time. */
  profiled: number;
  /** Names in the profile that match no node of this graph (a profile of another version of the model). */
  unmatched: string[];
}

/** Finds nodes by the name a profile gives them: their own, their first output's, or ORT's name for an unnamed one. */
export function nodeNameIndex(nodes: readonly PayloadNode[]): (name: string) => number | undefined {
  const byName = new Map<string, number>();
  const byOutput = new Map<string, number>();
  const byOrtName = new Map<string, number>();
  let unnamed = 0;
  nodes.forEach((node, index) => {
    if (!byName.has(node.name)) byName.set(node.name, index);
    const first = node.outputs[0]?.name;
    if (first && !byOutput.has(first)) byOutput.set(first, index);
    // Unnamed (named after its output) and of the main graph: outside control-flow bodies, or a body's owner.
    const mainGraph = !node.group || node.group.at(-1) === node.name;
    if (first !== undefined && node.name === first && mainGraph) byOrtName.set(`${node.op}_${unnamed++}`, index);
  });
  return (name) => byName.get(name) ?? byOrtName.get(name) ?? byOutput.get(name);
}

/** The index of the node a profile names `name`, -1 when the graph has none. */
export function nodeIndexByName(nodes: readonly PayloadNode[], name: string): number {
  return nodeNameIndex(nodes)(name) ?? -1;
}

/** Matches `overlay` to `nodes` and sums it over `tree`'s groups. */
export function graphTimes(nodes: readonly PayloadNode[], tree: GroupTree, overlay: ProfileOverlay): GraphTimes {
  const find = nodeNameIndex(nodes);
  const times: (NodeTiming | null)[] = new Array<NodeTiming | null>(nodes.length).fill(null);
  const unmatched: string[] = [];
  let profiled = 0;
  for (const [name, timing] of Object.entries(overlay.nodes)) {
    const index = find(name);
    if (index === undefined || times[index] !== null) {
      if (index === undefined) unmatched.push(name);
      continue;
    }
    times[index] = timing;
    profiled++;
  }
  return { nodes: times, groups: groupTimes(tree, times), profiled, unmatched };
}

/**
 * The summed time of each group's nodes, at any depth: each node into its own group, then groups into parents,
 * deepest first. Bodies count in the groups above them like any group: the profile gives an If or Loop only its own
 * time, its body's nodes' time taken out (src/core/profile/ort: ORT times both, so each body would count twice).
 */
export function groupTimes(tree: GroupTree, times: readonly (NodeTiming | null)[]): Map<string, GroupTime> {
  const groups = new Map<string, GroupTime>();
  const add = (id: string, totalUs: number, pct: number, timed: number) => {
    const sum = groups.get(id);
    if (sum) [sum.totalUs, sum.pct, sum.timed] = [sum.totalUs + totalUs, sum.pct + pct, sum.timed + timed];
    else groups.set(id, { totalUs, pct, timed });
  };
  times.forEach((timing, index) => {
    const parent = tree.parentOf[index];
    if (timing && parent !== null) add(parent, timing.totalUs, timing.pct, 1);
  });
  const deepestFirst = [...tree.groups.values()].filter((group) => group.parent !== null).sort((a, b) => b.depth - a.depth);
  for (const group of deepestFirst) {
    const sum = groups.get(group.id);
    if (sum) add(group.parent!, sum.totalUs, sum.pct, sum.timed);
  }
  return groups;
}
