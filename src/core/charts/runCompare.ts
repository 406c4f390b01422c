// The compare table of the Training panel: one row per compared run, one column per thing that can tell runs
// apart (status, duration, script, each argument flag, each hyperparameter, commit) and the final and best value
// of each metric the runs have in common. Configuration columns whose values are not all equal are marked, so the
// difference between two runs reads at a glance. Runs without run.json fill what their event files give.
import type { HParamCell, LaunchedRun } from '../protocol/training';

/** What the table knows of one run. */
export interface CompareInput {
  run: string;
  launched?: LaunchedRun;
  /** Hyperparameters the event files hold (hparams plugin). */
  hparams?: Record<string, HParamCell>;
  /** Per scalar tag, its values in step order (a level-of-detail copy keeps the extremes and the last point, so final and best are exact). */
  metrics: ReadonlyMap<string, ArrayLike<number>>;
  /** First and last wall time (Unix seconds) over the run's series: the duration of a run without run.json. */
  wallSpan?: [number, number];
}

export type CompareCell = string | number | boolean | null;

/** Column kinds; configuration kinds (status, script, arg, hparam, commit) are the ones marked when they differ. */
export type CompareKind = 'run' | 'status' | 'duration' | 'script' | 'arg' | 'hparam' | 'commit' | 'final' | 'best';

export interface CompareColumn {
  kind: CompareKind;
  label: string;
  /** Whether the rows' values are not all the same (only for configuration columns; metrics always differ). */
  differs: boolean;
}

export interface CompareTable {
  columns: CompareColumn[];
  rows: { run: string; cells: CompareCell[] }[];
}

/** Tags that are the launcher's GPU samples, not training metrics. */
const GPU_TAG = /^gpu\//;

/**
 * Arguments as (flag, value) pairs: `--lr 1e-3` and `--lr=1e-3` give ['--lr', '1e-3']; a flag followed by another
 * flag or by nothing gives [flag, 'true']; positional arguments are named `arg 1`, `arg 2`... A negative number
 * after a flag is its value.
 */
export function splitArgs(args: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  let positional = 0;
  const isFlag = (text: string | undefined) => text !== undefined && /^-/.test(text) && !/^-\d|^-\.\d/.test(text) && text !== '-';
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (!isFlag(arg)) {
      out.push([`arg ${++positional}`, arg]);
      continue;
    }
    const equals = arg.indexOf('=');
    if (arg.startsWith('--') && equals > 2) out.push([arg.slice(0, equals), arg.slice(equals + 1)]);
    else if (i + 1 < args.length && !isFlag(args[i + 1])) out.push([arg, args[++i]]);
    else out.push([arg, 'true']);
  }
  return out;
}

/** Whether a metric is better low (losses, errors) or high (accuracy, F1...); unknown names count as low-is-better, as losses are the usual case. */
export function metricDirection(tag: string): 'min' | 'max' {
  const name = tag.toLowerCase();
  if (/acc|f1|auc|precision|recall|iou|\bmap\b|bleu|rouge|score|r2|reward|return/.test(name) && !/loss|err/.test(name)) return 'max';
  return 'min';
}

/** The last finite value and the best finite value of a series, or nulls when it has none. */
export function finalAndBest(values: ArrayLike<number>, direction: 'min' | 'max'): { final: number | null; best: number | null } {
  let final: number | null = null;
  let best: number | null = null;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (!Number.isFinite(value)) continue;
    final = value;
    if (best === null || (direction === 'min' ? value < best : value > best)) best = value;
  }
  return { final, best };
}

/** Seconds from start to end (or `now` while running) of a launched run, else from its wall span. */
function durationOf(input: CompareInput, now: number): number | null {
  if (input.launched) {
    const start = Date.parse(input.launched.startTime);
    const end = input.launched.endTime ? Date.parse(input.launched.endTime) : now;
    return Number.isFinite(start) && Number.isFinite(end) ? Math.max(0, (end - start) / 1000) : null;
  }
  return input.wallSpan ? input.wallSpan[1] - input.wallSpan[0] : null;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/** The table of the given runs, in their order; `now` (ms since the epoch) ends the durations of running runs. */
export function compareTable(inputs: readonly CompareInput[], now: number): CompareTable {
  const argsOf = inputs.map((input) => new Map(splitArgs(input.launched?.args ?? [])));
  const hparamsOf = inputs.map((input) => new Map<string, CompareCell>([...Object.entries(input.hparams ?? {}), ...Object.entries(input.launched?.hparams ?? {})]));
  const flags = [...new Set(argsOf.flatMap((args) => [...args.keys()]))];
  const hparams = [...new Set(hparamsOf.flatMap((params) => [...params.keys()]))].sort();
  const withMetrics = inputs.filter((input) => input.metrics.size > 0);
  const metrics = withMetrics.length === 0 ? [] : [...withMetrics[0].metrics.keys()].filter((tag) => !GPU_TAG.test(tag) && withMetrics.every((input) => input.metrics.has(tag))).sort();
  const anyLaunched = inputs.some((input) => input.launched);

  const columns: CompareColumn[] = [{ kind: 'run', label: 'run', differs: false }];
  const cellsOf: ((input: CompareInput, index: number) => CompareCell)[] = [(input) => input.run];
  const add = (kind: CompareKind, label: string, cell: (input: CompareInput, index: number) => CompareCell) => {
    columns.push({ kind, label, differs: false });
    cellsOf.push(cell);
  };
  if (anyLaunched) add('status', 'status', (input) => input.launched?.status ?? null);
  add('duration', 'duration', (input) => durationOf(input, now));
  if (anyLaunched) add('script', 'script', (input) => (input.launched ? baseName(input.launched.script) : null));
  for (const flag of flags) add('arg', flag, (_, i) => argsOf[i].get(flag) ?? null);
  for (const name of hparams) add('hparam', name, (_, i) => hparamsOf[i].get(name) ?? null);
  if (inputs.some((input) => input.launched?.git)) add('commit', 'commit', (input) => (input.launched?.git ? `${input.launched.git.commit.slice(0, 8)}${input.launched.git.dirty ? ' (dirty)' : ''}` : null));
  for (const tag of metrics) {
    const direction = metricDirection(tag);
    add('final', `${tag} final`, (input) => finalAndBest(input.metrics.get(tag)!, direction).final);
    add('best', `${tag} best (${direction})`, (input) => finalAndBest(input.metrics.get(tag)!, direction).best);
  }

  const rows = inputs.map((input, i) => ({ run: input.run, cells: cellsOf.map((cell) => cell(input, i)) }));
  const configuration = new Set<CompareKind>(['status', 'script', 'arg', 'hparam', 'commit']);
  columns.forEach((column, c) => {
    if (!configuration.has(column.kind) || rows.length < 2) return;
    column.differs = rows.some((row) => String(row.cells[c]) !== String(rows[0].cells[c]));
  });
  return { columns, rows };
}
