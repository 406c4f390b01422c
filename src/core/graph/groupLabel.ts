// What a collapsed group's card says: its name, then its size and cost (op count, params, MACs). One function for
// the renderer that draws it and the layout that sizes the card, so the text always fits.
import { formatCount, formatPartialCount } from '../display/quantities';
import type { ViewGroup } from './groupTree';
import type { NodeLabel } from './nodeLabel';

/** The card of `group`; `inferred` false while MACs are not known yet (the declared payload of a large graph). */
export function groupLabel(group: ViewGroup, inferred: boolean): NodeLabel {
  const macs = inferred ? formatPartialCount(group.macs, group.unknownMacs) : '…';
  return { title: group.label, attrs: [`${group.nodeCount} ops · ${formatCount(group.params)} params`, `${macs} MACs`], weights: [] };
}
