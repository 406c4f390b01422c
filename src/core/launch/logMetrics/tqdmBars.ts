// tqdm progress bars, including PyTorch Lightning's (which are tqdm bars named `Epoch N`):
//   Steps:  12%|█▏        | 120/1000 [00:30<03:40,  4.0it/s, loss=0.123, lr=1e-4]
//   Epoch 3: 100%|██████████| 938/938 [00:14<00:00, 64.23it/s, v_num=0, val_acc=0.441]
// A bar is redrawn many times at the same count; a point is taken only when the count moves, from the postfix
// `key=value` pairs (Lightning's `v_num`, the logger version, is not a metric). The step is the count while one
// bar covers the run; once a bar of the same name restarts (one bar per epoch) the count is no longer a global
// step, and then only an `Epoch N` bar with a known epoch base and a fixed length gives one:
// (N - base) × length + count. Evaluation metrics (`val_*`, `test_*`) and Lightning's `*_epoch` aggregates ride
// along on every later redraw of the training bar, so they are points only when they change or after a
// validation bar ran. Bars of other work
// (validation, sanity checks, downloads, `Map`, loading) are neither points nor progress.
import type { LogLineResult, LogMetric, LogProgress } from './logMetric';
import type { LogFormat } from './logFormat';
import { EpochBase, isEvalKey, parseNumber } from './logValues';

const BAR = /^(.*?)\s*(\d{1,3})%\|[^|]*\|\s*(\d+)\/(\d+)\s*\[([^\]]*)\]/;
const COUNTER = /^(.*?):?\s*(\d+)it \[[^\]]*\]/;
const EPOCH_DESC = /^Epoch (\d+)(?:\/(\d+))?$/i;
const OTHER_WORK = /^(?:Sanity Checking|Validation|Validating|Testing|Predicting|Evaluat|Loading|Downloading|Resolving|Fetching|Map\b|Filter\b|Generating|Extracting|Tokeniz|Saving|Upload|Processing)/i;
const EVALUATION = /^(?:Validation|Validating|Evaluat)/i;

/** What a bar line says: its name, count, total and postfix pairs. */
export interface TqdmBar {
  desc: string;
  n: number;
  total: number;
  postfix: Record<string, number>;
  /** Lightning's logger version (`v_num=0`) was in the postfix. */
  lightning: boolean;
}

/** Reads a tqdm bar out of a line (text may follow the bar when output was written without a newline). */
export function parseTqdmBar(line: string): TqdmBar | null {
  const m = BAR.exec(line);
  if (!m) return null;
  const postfix: Record<string, number> = {};
  let lightning = false;
  const items = m[5].split(', ');
  // items[0] is `elapsed<remaining`, items[1] the rate; the postfix follows.
  for (let i = 2; i < items.length; i++) {
    const eq = items[i].indexOf('=');
    if (eq <= 0) continue;
    const key = items[i].slice(0, eq).trim();
    const value = parseNumber(items[i].slice(eq + 1).trim());
    if (key === 'v_num') lightning = true;
    else if (value !== null) postfix[key] = value;
  }
  const desc = m[1].trim().replace(/:$/, '');
  return { desc, n: Number(m[3]), total: Number(m[4]), postfix, lightning };
}

interface BarState {
  lastN: number;
  epoch: number | null;
}

const NUMBERS = /\d+(?:\.\d+)?(?:e[-+]?\d+)?/gi;
const MAX_BARS = 256;

/** tqdm and Lightning bars. */
export class TqdmBars implements LogFormat {
  private readonly bars = new Map<string, BarState>();
  /** Bars that have restarted (one per epoch): their counts are not global steps. */
  private readonly restarted = new Set<string>();
  private readonly epochBase = new EpochBase();
  private epochLength: number | null | undefined;
  private evaluationRan = false;
  private lightning = false;
  private main: string | null = null;
  private mainTotal = 0;
  private readonly lastEval = new Map<string, number>();

  push(line: string): LogLineResult | null {
    if (!line.includes('%|')) {
      if (line.includes('it [')) return this.counter(line);
      return null;
    }
    const bar = parseTqdmBar(line);
    if (!bar) return null;
    if (OTHER_WORK.test(bar.desc)) {
      if (EVALUATION.test(bar.desc)) this.evaluationRan = true;
      return { metrics: [], progress: null };
    }
    const epochMatch = EPOCH_DESC.exec(bar.desc);
    const epoch = epochMatch ? Number(epochMatch[1]) : null;
    if (bar.lightning) this.lightning = true;
    // A bar's identity ignores numbers in its name, so `Epoch 0` and `Epoch 1` are one bar restarting and a
    // name that prints a changing value (`loss 0.12`) does not make a new bar at every redraw.
    const key = `${bar.desc.replace(NUMBERS, '#')}\u0000${bar.total}`;
    const state = this.bars.get(key);
    const moved = state === undefined || state.lastN !== bar.n || state.epoch !== epoch;
    if (state !== undefined && state.epoch === epoch && bar.n < state.lastN) this.restarted.add(key);
    if (state) Object.assign(state, { lastN: bar.n, epoch });
    else {
      if (this.bars.size >= MAX_BARS) this.bars.clear();
      this.bars.set(key, { lastN: bar.n, epoch });
    }
    const step = this.step(bar, epoch, key);

    const progress = this.progress(key, bar, epoch, epochMatch?.[2]);
    const values = this.pick(bar.postfix, moved);
    if (values === null) return { metrics: [], progress };
    const point: LogMetric = {
      step,
      epoch,
      values,
      source: this.lightning ? 'lightning' : 'tqdm',
    };
    return { metrics: [point], progress };
  }

  /**
   * Progress comes from the run's main bar: the first bar, until it completes. Another bar drawn while it is
   * under way (an evaluation or sampling loop without a telling name) says nothing about the run's progress.
   */
  private progress(key: string, bar: TqdmBar, epoch: number | null, epochs: string | undefined): LogProgress | null {
    if (key !== this.main) {
      const main = this.main === null ? undefined : this.bars.get(this.main);
      if (main !== undefined && main.lastN < this.mainTotal) return null;
      this.main = key;
      this.mainTotal = bar.total;
    }
    const progress: LogProgress = { position: bar.n, total: bar.total };
    if (epoch !== null) progress.epoch = epoch;
    if (epochs) progress.epochs = Number(epochs);
    return progress;
  }

  /** `Validation: 0it [00:00, ?it/s]`: a bar without a total; it only matters as a sign that evaluation ran. */
  private counter(line: string): LogLineResult | null {
    const m = COUNTER.exec(line);
    if (!m) return null;
    if (EVALUATION.test(m[1].trim())) this.evaluationRan = true;
    return { metrics: [], progress: null };
  }

  /** The postfix values that make a point now, or null. */
  private pick(postfix: Record<string, number>, moved: boolean): Record<string, number> | null {
    let values: Record<string, number> | null = null;
    let evalTaken = false;
    for (const key in postfix) {
      const value = postfix[key];
      // Lightning's `*_epoch` aggregates ride along like evaluation metrics until the next epoch ends.
      if (isEvalKey(key) || key.endsWith('_epoch')) {
        const fresh = this.evaluationRan || this.lastEval.get(key) !== value;
        this.lastEval.set(key, value);
        if (!fresh) continue;
        evalTaken = true;
      } else if (!moved) continue;
      (values ??= {})[key] = value;
    }
    if (evalTaken) this.evaluationRan = false;
    return values;
  }

  private step(bar: TqdmBar, epoch: number | null, key: string): number | null {
    if (epoch === null) return this.restarted.has(key) ? null : bar.n;
    if (this.epochLength === undefined) this.epochLength = bar.total;
    else if (this.epochLength !== bar.total) this.epochLength = null;
    if (this.epochLength === null) return null;
    return this.epochBase.step(epoch, bar.n, bar.total);
  }
}
