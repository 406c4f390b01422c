// The properties pane's Profile section: the selected node's time in the profile shown on the graph (per run, in
// all, per call, share of the run), where it ran, whether it fell back to the CPU, and for a node ORT fused with
// others how its time was attributed; for a group, the summed time of its nodes.
import { countOf } from '../../core/display/quantities';
import { formatMicros, formatPercent } from '../../core/display/durations';
import type { NodeTiming, ProfileOverlay } from '../../core/protocol/graph';
import type { GroupTime } from './profileTimes';
import { element, table } from './propertiesPane';


/** Puts the section right under the pane's first table of facts (above attributes and tensors), where it is seen. */
function place(pane: HTMLElement, section: HTMLElement[]): void {
  const facts = pane.querySelector('table.facts');
  if (facts) facts.after(...section);
  else pane.append(...section);
}

/** Appends the Profile section of a node to `pane`. */
export function showNodeTiming(pane: HTMLElement, timing: NodeTiming | null, profile: ProfileOverlay): void {
  const heading = element('h3', `Profile (${profile.label})`);
  if (!timing) {
    place(pane, [heading, element('p', 'No time in this profile: ONNX Runtime folded this node away when it optimized the graph (a constant, or a node merged into a kernel timed under another node).', 'hint')]);
    return;
  }
  const runs = Math.max(1, profile.runs);
  const rows: [string, string][] = [
    ['time per run', formatMicros(timing.totalUs / runs)],
    ['share of run', formatPercent(timing.pct)],
    ['total', `${formatMicros(timing.totalUs)} over ${countOf(profile.runs, 'run')}`],
    ['calls', `${timing.calls}${profile.runs > 1 ? ` (${+(timing.calls / runs).toFixed(2)} per run)` : ''}`],
    ['mean per call', formatMicros(timing.meanUs)],
    ['provider', timing.provider],
  ];
  if (profile.ep !== 'cpu') rows.push(['fell back to CPU', timing.fellBack ? `yes: ran on the CPU, not ${profile.ep}` : 'no']);
  const facts = table(rows, 'facts profile');
  if (timing.fellBack) facts.rows[facts.rows.length - 1].classList.add('fell-back');
  const section = [heading, facts];
  if (timing.fused) {
    const { name, op, totalUs, nodes } = timing.fused;
    section.push(element('p', `Fused: ONNX Runtime ran this node and ${countOf(nodes - 1, 'other graph node')} as one ${op} kernel (${name}), ${formatMicros(totalUs / runs)} per run in all. It times the kernel as one, so the times here are equal shares of it.`, 'hint'));
  }
  place(pane, section);
}

/** Appends the Profile section of a group to `pane`: its nodes' summed time. */
export function showGroupTiming(pane: HTMLElement, time: GroupTime, nodeCount: number, profile: ProfileOverlay): void {
  const runs = Math.max(1, profile.runs);
  place(pane, [element('h3', `Profile (${profile.label})`), table([
    ['time per run', formatMicros(time.totalUs / runs)],
    ['share of run', formatPercent(time.pct)],
    ['timed nodes', `${time.timed} of ${nodeCount}`],
  ], 'facts profile')]);
}
