// The graph editor's summary line (`onnx · 39220 nodes · 37 groups · 25.4M params · 1.2G MACs`): its figures come
// from a payload and its group tree, in the webview or in the host's worker (the overview carries them), and one
// function writes the line, so the overview and the full graph say it alike.
import { formatCount, formatPartialCount } from '../display/quantities';
import type { GraphPayload } from '../protocol/graph';
import type { GroupTree } from './groupTree';

/** The figures the summary line shows. */
export interface SummaryFigures {
  format: string;
  nodes: number;
  /** Groups at the top level. */
  groups: number;
  params: number;
  /** False while shapes and MACs are being inferred. */
  inferred: boolean;
  macs: number | null;
  /** Nodes whose MACs are unknown. */
  unknownMacs: number;
}

/** The summary figures of `payload` grouped by `tree`. */
export function summaryFigures(payload: GraphPayload, tree: GroupTree): SummaryFigures {
  const groups = tree.root.filter((item) => typeof item === 'string').length;
  const unknownMacs = payload.nodes.reduce((count, node) => count + (node.macs === null ? 1 : 0), 0);
  return { format: payload.format, nodes: payload.nodes.length, groups, params: payload.params, inferred: payload.inferred, macs: payload.macs, unknownMacs };
}

/** The summary line of `figures`. */
export function summaryLine(figures: SummaryFigures): string {
  const macs = !figures.inferred ? 'inferring shapes and MACs…' : figures.macs === null ? 'MACs unknown' : `${formatPartialCount(figures.macs, figures.unknownMacs)} MACs`;
  return `${figures.format} · ${figures.nodes} nodes · ${figures.groups} groups · ${formatCount(figures.params)} params · ${macs}`;
}
