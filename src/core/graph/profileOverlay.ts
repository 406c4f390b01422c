// Lays an ONNX Runtime profile over the model's graph: per graph node name, the time of the profile's node rows.
// A row ORT fused from several graph nodes (Conv+BatchNorm+Relu as one FusedConv) has one time for all of them and
// no way to tell their parts apart; its time is split equally among them, so group sums and the total stay exact,
// and each node keeps the kernel's name and whole time for the properties pane to say so. Rows that stand for no
// graph node (layout reorders ORT inserted) are counted apart, never spread over the graph.
import { countOf } from '../display/quantities';
import type { ModelProfile } from '../profile/modelProfile';
import type { NodeTiming, ProfileOverlay } from '../protocol/graph';

let made = 0;

/** A new overlay id: unique in this process and across its restarts. */
function newId(): string {
  return `${Date.now().toString(36)}-${++made}`;
}

/** The label an overlay gets by default: `cpu · 10 runs`. */
export function profileLabel(profile: Pick<ModelProfile, 'ep' | 'runs'>): string {
  return `${profile.ep} · ${countOf(profile.runs, 'run')}`;
}

/** The overlay of `profile` on its model's graph. */
export function profileOverlay(profile: Pick<ModelProfile, 'ep' | 'runs' | 'nodes'>, label = profileLabel(profile), id = newId()): ProfileOverlay {
  // No prototype: a node may be named `__proto__` or `constructor`.
  const nodes = Object.create(null) as Record<string, NodeTiming>;
  let totalUs = 0;
  let unplacedUs = 0;
  for (const row of profile.nodes) {
    totalUs += row.totalUs;
    const members = [...new Set(row.graphNodes)];
    if (members.length === 0) {
      unplacedUs += row.totalUs;
      continue;
    }
    const share = 1 / members.length;
    const fused = members.length > 1 ? { name: row.name, op: row.op, totalUs: row.totalUs, nodes: members.length } : undefined;
    for (const name of members) {
      const part: NodeTiming = { totalUs: row.totalUs * share, meanUs: 0, pct: row.pct * share, provider: row.provider, fellBack: row.fellBack, calls: row.calls, ...(row.name !== name ? { row: row.name } : {}), ...(fused ? { fused } : {}) };
      nodes[name] = Object.hasOwn(nodes, name) ? merge(nodes[name], part) : part;
    }
  }
  for (const timing of Object.values(nodes)) timing.meanUs = timing.calls > 0 ? timing.totalUs / timing.calls : 0;
  return { id, ep: profile.ep, label, runs: profile.runs, totalUs, unplacedUs, nodes };
}

/** One graph node timed in two rows (rare: a node ORT ran in two places): times and calls add up. */
function merge(a: NodeTiming, b: NodeTiming): NodeTiming {
  const providers = [...new Set([...a.provider.split(', '), b.provider])].join(', ');
  const row = a.row ?? b.row;
  return { totalUs: a.totalUs + b.totalUs, meanUs: 0, pct: a.pct + b.pct, provider: providers, fellBack: a.fellBack || b.fellBack, calls: a.calls + b.calls, ...(row ? { row } : {}), ...(a.fused ?? b.fused ? { fused: a.fused ?? b.fused } : {}) };
}

/**
 * The graph node a name from the profile stands for: itself when the overlay has it, else the first graph node
 * whose row has that name (a Profile panel row of a kernel ORT renamed or fused), else the name as given.
 */
export function overlayNodeFor(overlay: ProfileOverlay, name: string): string {
  if (Object.hasOwn(overlay.nodes, name)) return name;
  for (const [node, timing] of Object.entries(overlay.nodes)) if (timing.row === name) return node;
  return name;
}
