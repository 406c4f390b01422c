// The layers Compare Models marked in this graph (added, removed, changed), as outline colours per drawn item: a
// marked node, or the collapsed group that holds it. Colours are the workbench's chart colours (green, red, orange),
// read at each refresh (the page refreshes at a theme change).
import type { DiffMark, GraphPayload } from '../../core/protocol/graph';
import { countOf } from '../../core/display/quantities';

const COLOUR_VARIABLES: Record<DiffMark, [string, string, string]> = {
  added: ['--vscode-charts-green', '#388a34', '#89d185'],
  removed: ['--vscode-charts-red', '#e51400', '#f14c4c'],
  changed: ['--vscode-charts-orange', '#d18616', '#d18616'],
};
/** Which mark a group holding several shows. */
const RANK: Record<DiffMark, number> = { changed: 1, removed: 2, added: 2 };

/** The marks of one graph and the text that says what they are. */
export class DiffMarks {
  private marks: Record<string, DiffMark> = {};
  private label = '';

  /** Takes the host's marks (empty: none). */
  set(marks: Record<string, DiffMark>, label: string): void {
    [this.marks, this.label] = [marks, label];
  }

  get size(): number {
    return Object.keys(this.marks).length;
  }

  /** `compared with b.onnx: 1 added, 5 changed` for the summary line; '' without marks. */
  describe(): string {
    if (this.size === 0) return '';
    const counts: Record<DiffMark, number> = { added: 0, removed: 0, changed: 0 };
    for (const mark of Object.values(this.marks)) counts[mark]++;
    const parts = (Object.keys(counts) as DiffMark[]).filter((mark) => counts[mark] > 0).map((mark) => `${counts[mark]} ${mark}`);
    return `compared with ${this.label}: ${parts.join(', ')} (${countOf(this.size, 'layer')} outlined)`;
  }

  /** Outline colour per drawn item key (`visibleKey` maps a node index to its node or its collapsed group). */
  colours(payload: GraphPayload, visibleKey: (index: number) => string, dark: boolean): Map<string, string> {
    const byKey = new Map<string, DiffMark>();
    if (this.size === 0) return new Map();
    payload.nodes.forEach((node, index) => {
      const mark = this.marks[node.id];
      if (!mark) return;
      const key = visibleKey(index);
      const before = byKey.get(key);
      if (!before || RANK[mark] > RANK[before]) byKey.set(key, mark);
    });
    const style = getComputedStyle(document.body);
    const colour = (mark: DiffMark) => {
      const [variable, light, darkColour] = COLOUR_VARIABLES[mark];
      return style.getPropertyValue(variable).trim() || (dark ? darkColour : light);
    };
    return new Map([...byKey].map(([key, mark]) => [key, colour(mark)]));
  }
}
