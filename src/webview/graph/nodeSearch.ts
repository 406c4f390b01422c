// The search box: nodes matching what is typed (by name or op), listed under it; a row, or Enter for the first,
// reveals the node.
import type { PayloadNode } from '../../core/protocol/graph';
import { searchNodes } from '../../core/graph/searchNodes';
import type { GraphStatus, Probe } from '../common/testProbes';
import { showSearchResults } from './searchResults';

/** Results shown at most. */
const MAX_RESULTS = 100;

/** The search of one page; `results` are node indices. */
export class NodeSearch {
  results: number[] = [];

  constructor(
    input: HTMLInputElement,
    private readonly list: HTMLUListElement,
    private readonly status: Probe<GraphStatus>,
    /** The nodes of the payload shown, undefined before it came (the overview is shown). */
    private readonly nodes: () => readonly PayloadNode[] | undefined,
    private readonly pick: (index: number) => void,
    private readonly changed: () => void,
  ) {
    input.addEventListener('input', () => this.run(input.value));
    input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && this.results.length > 0) pick(this.results[0]);
    });
  }

  private run(query: string): void {
    const nodes = this.nodes();
    // Typed before the payload came: nothing to search yet.
    this.results = query.trim() && nodes ? searchNodes(nodes, query, MAX_RESULTS) : [];
    showSearchResults(this.list, nodes ?? [], this.results, this.pick);
    this.status.set({ results: this.results.length });
    this.changed();
  }
}
