// ORT times every node of an If/Loop/Scan body under the body node's own name, and also times the If/Loop/Scan
// that ran the body, whose kernel event spans its body's events (Silero VAD: If_25 146.4 ms of a 146.7 ms run,
// its body's nodes as much again). Summing both counts the body twice. This splits a container's time into its
// own (dispatch, copying feeds to the body) and its bodies' time, which stays with the body nodes' own rows.
import type { Graph } from '../../ir/graph';
import type { OrtNodeEvent } from './ortProfileEvents';

/** The control-flow ops ORT runs subgraphs for, when the model's graph does not name the node. */
const CONTROL_FLOW_OPS = new Set(['If', 'Loop', 'Scan']);

/** Names of the model's nodes that hold subgraphs (If, Loop, Scan, at any depth). */
export function controlFlowNodeNames(graph: Graph): Set<string> {
  const names = new Set<string>();
  const visit = (current: Graph): void => {
    for (const node of current.nodes) {
      if (!node.subgraphs) continue;
      names.add(node.name);
      for (const body of Object.values(node.subgraphs)) visit(body);
    }
  };
  visit(graph);
  return names;
}

/** Names of the model's nodes inside subgraphs (the names ORT reports body nodes by). */
export function bodyNodeNames(graph: Graph): Set<string> {
  const names = new Set<string>();
  const visit = (current: Graph, inBody: boolean): void => {
    for (const node of current.nodes) {
      if (inBody) names.add(node.name);
      for (const body of Object.values(node.subgraphs ?? {})) visit(body, true);
    }
  };
  visit(graph, false);
  return names;
}

/** Per event (same order as the input): the time of its own, and the container event it ran inside (or -1). */
export interface ControlFlowSplit {
  selfUs: number[];
  bodyUs: number[];
  container: number[];
}

/**
 * Splits `events` (one profile's kernel events) into own and body time: an event that starts and ends inside a
 * container's window on the container's thread ran in its body, and its duration comes off the container's own
 * time (nested containers: only off the innermost). ORT rounds ts and dur to µs separately, so an end may pass
 * its container's by 1 µs.
 */
export function splitControlFlow(events: readonly OrtNodeEvent[], containers: ReadonlySet<string>): ControlFlowSplit {
  const selfUs = events.map((event) => event.dur);
  const bodyUs = events.map(() => 0);
  const container = events.map(() => -1);
  const order = events.map((_event, index) => index).sort((a, b) => events[a].ts - events[b].ts || events[b].dur - events[a].dur);
  const isContainer = (event: OrtNodeEvent): boolean => containers.has(event.name) || CONTROL_FLOW_OPS.has(event.op);
  const open: number[] = [];
  for (const index of order) {
    const event = events[index];
    const inside = (outer: OrtNodeEvent): boolean => event.tid === outer.tid && event.ts >= outer.ts && event.ts < outer.ts + outer.dur && event.ts + event.dur <= outer.ts + outer.dur + 1;
    while (open.length > 0 && !inside(events[open[open.length - 1]])) open.pop();
    const parent = open[open.length - 1];
    if (parent !== undefined) {
      container[index] = parent;
      bodyUs[parent] += event.dur;
      selfUs[parent] -= event.dur;
    }
    if (isContainer(event)) open.push(index);
  }
  // Rounding can leave a container a microsecond below its bodies.
  for (let i = 0; i < selfUs.length; i++) {
    if (selfUs[i] < 0) {
      bodyUs[i] += selfUs[i];
      selfUs[i] = 0;
    }
  }
  return { selfUs, bodyUs, container };
}
