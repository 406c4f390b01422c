// A sortable, filterable table for the profile views (operators, kernels, nodes, op types, steps, diffs): click a
// header to sort (again to reverse), type to filter on the text columns, rows past `limit` are left out with a
// note (sorting and filtering still see every row). Numbers are right-aligned in tabular figures.

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
  private readonly note: HTMLElement;

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
    bar.append(input, ...(options.extra ?? []), this.note);
    this.table = document.createElement('table');
    const scroller = document.createElement('div');
    scroller.className = 'tp-table-scroll';
    scroller.append(this.table);
    this.element.append(bar, scroller);
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
      th.textContent = column.label + (c === this.sortBy ? (this.descending ? ' ▼' : ' ▲') : '');
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
          // Long names are cut by the stylesheet; the whole name shows on hover.
          if (column.filterable && typeof value === 'string' && value.length > 40) td.title = value;
        }
        const cellClass = column.cellClass?.(row);
        td.className = [column.numeric ? 'tp-num' : '', cellClass ?? ''].join(' ').trim();
      }
    }
    this.table.replaceChildren(head, body);
    const shown = Math.min(kept.length, limit);
    this.note.textContent =
      kept.length > limit ? `showing the first ${limit} of ${kept.length} rows (filter or sort to see others)` : this.filter ? `${kept.length} of ${this.rows.length} rows` : `${this.rows.length} rows`;
    this.options.onCounts?.(this.options.name, shown, this.rows.length);
  }
}
