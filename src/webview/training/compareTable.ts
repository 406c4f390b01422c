// The compare table above the charts when runs are compared (Runs view: Compare): one row per run, with the
// configuration columns whose values differ highlighted (the table's rows come from core/charts/runCompare.ts).
import { compareTable, type CompareCell, type CompareInput } from '../../core/charts/runCompare';
import type { RunState } from '../../core/charts/trainingState';
import { formatClock } from '../../core/charts/xAxis';
import { formatValue } from '../../core/display/quantities';
import type { LaunchedRun } from '../../core/protocol/training';

export class CompareView {
  readonly element: HTMLElement;

  constructor(private readonly onClose: () => void) {
    this.element = document.createElement('section');
    this.element.className = 'ts-compare';
    this.element.hidden = true;
  }

  /** Redraws for the compared runs (hidden when there are fewer than one). */
  update(compare: readonly string[], runs: ReadonlyMap<string, RunState>, launched: ReadonlyMap<string, LaunchedRun>, now: number): void {
    const inputs = compare.flatMap((id) => {
      const run = runs.get(id);
      return run ? [compareInput(run, launched.get(id))] : [];
    });
    this.element.hidden = inputs.length === 0;
    if (inputs.length === 0) return;
    const table = compareTable(inputs, now);
    const header = document.createElement('header');
    const title = document.createElement('h2');
    title.textContent = `Comparing ${inputs.length} run(s)`;
    const note = document.createElement('span');
    note.className = 'ts-note';
    note.textContent = table.columns.some((column) => column.differs) ? 'highlighted columns differ between the runs' : 'no configuration column differs';
    const close = document.createElement('button');
    close.className = 'ts-link';
    close.textContent = 'Close comparison';
    close.title = 'Show every ticked run again';
    close.addEventListener('click', () => this.onClose());
    header.append(title, note, close);

    const element = document.createElement('table');
    const head = element.createTHead().insertRow();
    for (const column of table.columns) {
      const th = document.createElement('th');
      th.textContent = column.label;
      th.dataset.kind = column.kind;
      if (column.differs) {
        th.classList.add('ts-differs');
        th.title = 'Differs between the compared runs';
      }
      head.append(th);
    }
    const body = element.createTBody();
    for (const row of table.rows) {
      const tr = body.insertRow();
      tr.dataset.run = row.run;
      row.cells.forEach((cell, c) => {
        const td = tr.insertCell();
        const column = table.columns[c];
        td.textContent = column.kind === 'duration' && typeof cell === 'number' ? formatClock(cell) : display(cell);
        if (column.differs) td.classList.add('ts-differs');
        if (column.kind === 'run') {
          const swatch = document.createElement('span');
          swatch.className = 'ts-swatch';
          swatch.style.background = runs.get(row.run)?.color ?? 'transparent';
          td.prepend(swatch);
        }
        if (column.kind === 'status' && typeof cell === 'string') td.classList.add(`ts-status-${cell}`);
      });
    }
    const scroller = document.createElement('div');
    scroller.className = 'ts-compare-scroll';
    scroller.append(element);
    this.element.replaceChildren(header, scroller);
  }
}

function display(cell: CompareCell): string {
  if (cell === null) return '—';
  return typeof cell === 'number' ? formatValue(cell) : String(cell);
}

/** A run's held data as the compare table reads it. */
function compareInput(run: RunState, launched: LaunchedRun | undefined): CompareInput {
  const metrics = new Map<string, Float64Array>();
  let first = Infinity;
  let last = -Infinity;
  for (const [tag, series] of run.scalars) {
    const { values, wallTimes } = series.view();
    metrics.set(tag, values);
    if (wallTimes.length > 0) {
      first = Math.min(first, wallTimes[0]);
      last = Math.max(last, wallTimes[wallTimes.length - 1]);
    }
  }
  return { run: run.run, launched, hparams: run.hparams, metrics, wallSpan: first <= last ? [first, last] : undefined };
}
