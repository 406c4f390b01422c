// The HParams table: runs × hyperparameters and their final metrics, sortable by clicking a column header. Long
// absolute paths (a resumed run's checkpoint) are shortened to their last parts, whole on hover.
import { formatValue } from '../../core/display/quantities';
import type { RunState } from '../../core/charts/trainingState';
import { shortPath } from './pathText';

type Cell = number | string | boolean | null | undefined;

export class HParamsTable {
  readonly element: HTMLElement;
  private sortColumn = 0;
  private descending = false;

  constructor() {
    this.element = document.createElement('section');
    this.element.className = 'ts-hparams';
  }

  /** Redraws; hidden when no run logged hparams. */
  update(runs: readonly RunState[]): void {
    const withParams = runs.filter((run) => run.hparams);
    this.element.hidden = withParams.length === 0;
    if (withParams.length === 0) return;
    const params = [...new Set(withParams.flatMap((run) => Object.keys(run.hparams!)))].sort();
    // Metrics: those the experiment names, else every scalar tag; the value is the last point's.
    const named = [...new Set(withParams.flatMap((run) => run.hparamMetrics ?? []))];
    const metrics = named.length > 0 ? named : [...new Set(withParams.flatMap((run) => [...run.scalars.keys()]))].sort();
    const header = ['run', ...params, ...metrics];
    const rows: Cell[][] = withParams.map((run) => [
      run.run,
      ...params.map((name) => run.hparams![name]),
      ...metrics.map((tag) => {
        const series = run.scalars.get(tag);
        return series && series.length > 0 ? series.values[series.length - 1] : undefined;
      }),
    ]);
    rows.sort((a, b) => compare(a[this.sortColumn], b[this.sortColumn]) * (this.descending ? -1 : 1));

    const title = document.createElement('h2');
    title.textContent = 'HParams';
    const table = document.createElement('table');
    const head = table.createTHead().insertRow();
    header.forEach((name, column) => {
      const th = document.createElement('th');
      th.textContent = name + (column === this.sortColumn ? (this.descending ? ' ▼' : ' ▲') : '');
      th.className = column > params.length ? 'ts-metric' : '';
      th.addEventListener('click', () => {
        this.descending = column === this.sortColumn ? !this.descending : false;
        this.sortColumn = column;
        this.update(runs);
      });
      head.append(th);
    });
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const cell of row) {
        const td = tr.insertCell();
        td.textContent = cell === undefined || cell === null ? '' : typeof cell === 'number' ? formatValue(cell) : shortPath(String(cell));
        if (typeof cell === 'string' && td.textContent !== cell) td.title = cell;
      }
    }
    // Many runs' metrics make the table wider than the panel: it scrolls on its own, the charts above stay put.
    const scroller = document.createElement('div');
    scroller.style.overflowX = 'auto';
    scroller.append(table);
    this.element.replaceChildren(title, scroller);
  }
}

function compare(a: Cell, b: Cell): number {
  if (a === b) return 0;
  if (a === undefined || a === null) return 1;
  if (b === undefined || b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}
