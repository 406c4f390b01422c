// The search box's result list: one row per matching node (`op · name`), picked with a click or Enter.
import type { PayloadNode } from '../../core/protocol/graph';

/** Fills `list` with the rows of `results` (node indices) and hides it when there are none. */
export function showSearchResults(list: HTMLUListElement, nodes: readonly PayloadNode[], results: readonly number[], pick: (index: number) => void): void {
  list.replaceChildren(...results.map((index) => {
    const row = document.createElement('li');
    row.setAttribute('role', 'option');
    row.tabIndex = 0;
    row.textContent = `${nodes[index].op} · ${nodes[index].name}`;
    row.addEventListener('click', () => pick(index));
    row.addEventListener('keydown', (event) => event.key === 'Enter' && pick(index));
    return row;
  }));
  list.hidden = results.length === 0;
}
