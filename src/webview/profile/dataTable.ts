// A sortable, filterable table for the profile views (operators, kernels, nodes, op types, steps, diffs): click a
// header to sort (again to reverse), type to filter on the text columns, rows past `limit` are left out with a
// note (sorting and filtering still see every row). Numbers are right-aligned in tabular figures. In a narrow panel
// the name column is cut with an ellipsis (whole on hover) and the least important columns are hidden, the bar
// naming them; "Show all" brings them back in a horizontal scroll, the last resort.
import { countOf } from '../../core/display/quantities';

export interface Column<Row> {
  label: string;
  /** The sort value; null sorts last. */
  value: (row: Row) => number | string | null;
  /** The cell's text (defaults to the value as text, '—' for null). */
  format?: (row: Row) => string;
  /** A cell's class (for coloured deltas). */
  cellClass?: (row: Row) => string | undefined;
  title?: string;
  numeric?: boolean;
  /** The filter searches this column's text. */
  filterable?: boolean;
  /** Builds the cell's content instead of text (a source link). */
  render?: (row: Row) => Node | string;
  /** Hidden to fit a narrow panel, highest first; a column without one always shows. */
  hidePriority?: number;
  /** Cut with an ellipsis when narrow, the whole text on hover (the name column). */
  truncate?: boolean;
}

export interface TableOptions<Row> {
  name: string;
  columns: Column<Row>[];
  sortBy: number;
  descending?: boolean;
  limit?: number;
  filterPlaceholder?: string;
  onRowClick?: (row: Row) => void;
  rowClass?: (row: Row) => string | undefined;
  rowTitle?: (row: Row) => string | undefined;
  /** Controls put in the table's toolbar beside the filter. */
  extra?: HTMLElement[];
  onCounts?: (name: string, shown: number, total: number) => void;
}

export class DataTable<Row> {
  readonly element: HTMLElement;
  private rows: Row[] = [];
  private filter = '';
  private sortBy: number;
  private descending: boolean;
  private readonly table: HTMLTableElement;
  private readonly scroller: HTMLElement;
  private readonly note: HTMLElement;
  private readonly hiddenNote: HTMLElement;
  /** The user asked for every column (a horizontal scroll) instead of hiding some to fit. */
  private showAll = false;
  private fittedWidth = -1;

  constructor(private readonly options: TableOptions<Row>) {
    this.sortBy = options.sortBy;
    this.descending = options.descending ?? true;
    this.element = document.createElement('div');
    this.element.className = 'tp-table';
    this.element.dataset.table = options.name;
    const bar = document.createElement('div');
    bar.className = 'tp-table-bar';
    const input = document.createElement('input');
    input.type = 'search';
    input.placeholder = options.filterPlaceholder ?? 'Filter by name';
    input.setAttribute('aria-label', input.placeholder);
    input.addEventListener('input', () => {
      this.filter = input.value.trim().toLowerCase();
      this.render();
    });
    this.note = document.createElement('span');
    this.note.className = 'tp-muted';
    this.hiddenNote = document.createElement('span');
    this.hiddenNote.className = 'tp-muted tp-hidden-cols';
    bar.append(input, ...(options.extra ?? []), this.note, this.hiddenNote);
    this.table = document.createElement('table');
    this.scroller = document.createElement('div');
    this.scroller.className = 'tp-table-scroll';
    this.scroller.append(this.table);
    this.element.append(bar, this.scroller);
    // Refit when the panel is resized (or first shown: a hidden tab has no width to fit to).
    new ResizeObserver(() => {
      if (this.scroller.clientWidth !== this.fittedWidth) this.fit();
    }).observe(this.scroller);
  }

  setRows(rows: Row[]): void {
    this.rows = rows;
    this.render();
  }

  private render(): void {
    const { columns, limit = 1000 } = this.options;
    const head = document.createElement('thead');
    const headRow = head.insertRow();
    columns.forEach((column, c) => {
      const th = document.createElement('th');
      th.textContent = column.label + (c === this.sortBy ? (this.descending ? '\u00a0▼' : '\u00a0▲') : '');
      if (column.title) th.title = column.title;
      if (column.numeric) th.className = 'tp-num';
      th.setAttribute('aria-sort', c === this.sortBy ? (this.descending ? 'descending' : 'ascending') : 'none');
      th.addEventListener('click', () => {
        this.descending = c === this.sortBy ? !this.descending : Boolean(column.numeric);
        this.sortBy = c;
        this.render();
      });
      headRow.append(th);
    });
    const filterable = columns.filter((column) => column.filterable);
    const kept = this.filter ? this.rows.filter((row) => filterable.some((column) => String(column.value(row) ?? '').toLowerCase().includes(this.filter))) : [...this.rows];
    const key = columns[this.sortBy].value;
    const sign = this.descending ? -1 : 1;
    kept.sort((a, b) => {
      const x = key(a);
      const y = key(b);
      if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
      return (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y))) * sign;
    });
    const body = document.createElement('tbody');
    for (const row of kept.slice(0, limit)) {
      const tr = body.insertRow();
      const rowClass = this.options.rowClass?.(row);
      if (rowClass) tr.className = rowClass;
      const title = this.options.rowTitle?.(row);
      if (title) tr.title = title;
      if (this.options.onRowClick) {
        tr.classList.add('tp-clickable');
        tr.addEventListener('click', () => this.options.onRowClick!(row));
      }
      for (const column of columns) {
        const td = tr.insertCell();
        if (column.render) td.append(column.render(row));
        else if (column.format) td.textContent = column.format(row);
        else {
          const value = column.value(row);
          td.textContent = value === null ? '—' : String(value);
        }
        // A cut name shows whole on hover.
        if (column.truncate && td.textContent) td.title = td.textContent;
        const cellClass = column.cellClass?.(row);
        td.className = [column.numeric ? 'tp-num' : '', column.truncate ? 'tp-trunc' : '', cellClass ?? ''].join(' ').trim();
      }
    }
    columns.forEach((column, c) => {
      if (column.truncate) headRow.cells[c].classList.add('tp-trunc');
    });
    this.table.replaceChildren(head, body);
    const shown = Math.min(kept.length, limit);
    this.note.textContent =
      kept.length > limit
        ? `showing the first ${limit} of ${countOf(kept.length, 'row')} (filter or sort to see others)`
        : this.filter
          ? `${kept.length} of ${countOf(this.rows.length, 'row')}`
          : countOf(this.rows.length, 'row');
    this.fit();
    this.options.onCounts?.(this.options.name, shown, this.rows.length);
  }

  /** Hides the least important columns until the table fits its box's width, and names them in the bar. */
  private fit(): void {
    const { columns } = this.options;
    const available = this.scroller.clientWidth;
    this.fittedWidth = available;
    const hidden = new Set<number>();
    this.setHidden(hidden);
    if (available === 0) return;
    const order = columns
      .map((column, c) => ({ c, priority: column.hidePriority }))
      .filter((entry): entry is { c: number; priority: number } => entry.priority !== undefined && entry.c !== this.sortBy)
      .sort((a, b) => b.priority - a.priority);
    if (!this.showAll) {
      // One measurement of every column, then hide by priority until the rest fits; a second look corrects
      // for the name column widening into the room freed.
      const widths = Array.from(this.table.tHead?.rows[0]?.cells ?? [], (cell) => cell.offsetWidth);
      let width = this.table.offsetWidth;
      for (const { c } of order) {
        if (width <= available) break;
        hidden.add(c);
        width -= widths[c] ?? 0;
      }
      this.setHidden(hidden);
      for (const { c } of order) {
        if (this.table.offsetWidth <= available) break;
        if (hidden.has(c)) continue;
        hidden.add(c);
        this.setHidden(hidden);
      }
      // Columns measured squeezed (headers wrapped) sum to less than they take once there is room: bring back
      // each hidden one that still fits, the most important first.
      for (const { c } of [...order].reverse()) {
        if (!hidden.has(c)) continue;
        hidden.delete(c);
        this.setHidden(hidden);
        if (this.table.offsetWidth > available) {
          hidden.add(c);
          this.setHidden(hidden);
        }
      }
    }
    const names = [...hidden].map((c) => columns[c].label);
    const toggle = document.createElement('button');
    toggle.className = 'tp-link';
    if (names.length > 0) {
      toggle.textContent = 'Show all';
      toggle.title = 'Show every column, scrolling sideways';
      this.hiddenNote.replaceChildren(`${countOf(names.length, 'column')} hidden to fit: ${names.join(', ')}`, toggle);
    } else if (this.showAll && this.table.offsetWidth > available) {
      toggle.textContent = 'Fit to width';
      toggle.title = 'Hide the less important columns instead of scrolling sideways';
      this.hiddenNote.replaceChildren('scroll sideways for more columns', toggle);
    } else this.hiddenNote.replaceChildren();
    toggle.addEventListener('click', () => {
      this.showAll = !this.showAll;
      this.fit();
    });
    this.element.dataset.hiddenColumns = names.join(',');
  }

  private setHidden(hidden: Set<number>): void {
    for (const row of this.table.rows) for (let c = 0; c < row.cells.length; c++) row.cells[c].hidden = hidden.has(c);
  }
}
