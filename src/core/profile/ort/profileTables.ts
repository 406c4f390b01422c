// Per node and per op type tables of the measured runs of an ORT profile, and the timeline of one run.
// Warm-up runs are dropped by window: a kernel event counts when it lies inside a measured `model_run`. A
// control-flow node's time is its own, without its bodies' (controlFlowTime.ts), so every kernel microsecond is
// counted once and shares are of the measured runs' `model_run` time (the rest is ORT's time between kernels).
import type { ExecutionProviderName, NodeRow, OpTypeRow } from '../modelProfile';
import { splitControlFlow } from './controlFlowTime';
import { percentile } from './latencyStats';
import { runIndexAt, type OrtNodeEvent, type OrtProfileEvents, type OrtWindow } from './ortProfileEvents';

/** The tables of a profile. */
export interface ProfileTables {
  nodes: NodeRow[];
  ops: OpTypeRow[];
  timeline: { startUs: number; durUs: number; node: number }[];
  /** The measured `model_run` windows. */
  measuredRuns: OrtWindow[];
}

const CPU_PROVIDER = 'CPUExecutionProvider';

/**
 * Builds the tables from `events`, skipping the first `warmup` runs. `graphNodes` maps a profiled node name to
 * the model's nodes (fusedNodeMap.ts); `ep` is the provider asked for, so CPU nodes of another EP count as fallbacks;
 * `containers` names the model's If/Loop/Scan nodes (controlFlowNodeNames).
 */
export function profileTables(events: OrtProfileEvents, warmup: number, ep: ExecutionProviderName, graphNodes: Map<string, string[]>, containers: ReadonlySet<string> = new Set()): ProfileTables {
  const measuredRuns = events.runs.slice(warmup);
  const measured: OrtNodeEvent[] = [];
  const perRun: OrtNodeEvent[][] = measuredRuns.map(() => []);
  for (const event of events.nodes) {
    const run = runIndexAt(events.runs, event.ts);
    if (run < warmup) continue;
    perRun[run - warmup].push(event);
    measured.push(event);
  }
  const split = splitControlFlow(measured, containers);
  const byNode = new Map<string, number[]>();
  measured.forEach((event, index) => {
    const list = byNode.get(event.name);
    if (list) list.push(index);
    else byNode.set(event.name, [index]);
  });
  const runTotal = measuredRuns.reduce((sum, run) => sum + run.dur, 0);
  const share = (us: number): number => (runTotal > 0 ? (us / runTotal) * 100 : 0);
  const nodes: NodeRow[] = [...byNode.entries()].map(([name, list]) => {
    const durations = list.map((index) => split.selfUs[index]).sort((a, b) => a - b);
    const totalUs = durations.reduce((sum, dur) => sum + dur, 0);
    const bodyUs = list.reduce((sum, index) => sum + split.bodyUs[index], 0);
    const container = split.container[list[0]];
    const first = measured[list[0]];
    return {
      name,
      op: first.op,
      provider: first.provider,
      calls: list.length,
      totalUs,
      meanUs: totalUs / list.length,
      p90Us: percentile(durations, 90),
      pct: share(totalUs),
      ...(bodyUs > 0 ? { bodyUs } : {}),
      ...(container >= 0 ? { container: measured[container].name } : {}),
      inputShapes: first.inputShapes,
      outputShapes: first.outputShapes,
      activationBytes: first.activationBytes,
      parameterBytes: first.parameterBytes,
      fellBack: ep !== 'cpu' && first.provider === CPU_PROVIDER,
      graphNodes: graphNodes.get(name) ?? [],
    };
  });
  nodes.sort((a, b) => b.totalUs - a.totalUs || a.name.localeCompare(b.name));
  return { nodes, ops: opTypeRows(nodes, share), timeline: timelineOf(measuredRuns, perRun, nodes), measuredRuns };
}

function opTypeRows(nodes: NodeRow[], share: (us: number) => number): OpTypeRow[] {
  const byOp = new Map<string, OpTypeRow>();
  for (const node of nodes) {
    const row = byOp.get(node.op) ?? { op: node.op, calls: 0, totalUs: 0, meanUs: 0, pct: 0, providers: [] };
    row.calls += node.calls;
    row.totalUs += node.totalUs;
    if (!row.providers.includes(node.provider)) row.providers.push(node.provider);
    byOp.set(node.op, row);
  }
  const rows = [...byOp.values()];
  for (const row of rows) {
    row.meanUs = row.totalUs / row.calls;
    row.pct = share(row.totalUs);
  }
  return rows.sort((a, b) => b.totalUs - a.totalUs || a.op.localeCompare(b.op));
}

/** The kernels of the measured run of median length, relative to its start. */
function timelineOf(runs: OrtWindow[], perRun: OrtNodeEvent[][], nodes: NodeRow[]): ProfileTables['timeline'] {
  if (runs.length === 0) return [];
  const order = runs.map((_run, index) => index).sort((a, b) => runs[a].dur - runs[b].dur);
  const median = order[(order.length - 1) >> 1];
  const index = new Map(nodes.map((node, i) => [node.name, i]));
  return perRun[median].map((event) => ({ startUs: event.ts - runs[median].ts, durUs: event.dur, node: index.get(event.name)! }));
}
