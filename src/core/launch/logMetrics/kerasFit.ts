// Keras `fit` progress (verbose 1 and 2), Keras 2 (`tf.keras`) and Keras 3:
//   Epoch 3/30
//   1719/1719 [==============================] - 2s 881us/step - loss: 0.4485 - accuracy: 0.8423 - val_loss: ...   (Keras 2)
//    125/125 ━━━━━━━━━━━━━━━━━━━━ 1s 10ms/step - accuracy: 0.7590 - loss: 0.8659 - val_accuracy: ...          (Keras 3)
// Only the epoch's final line is a point: the redraws before it show running averages over the epoch so far
// (Keras 2 marks them with `ETA:`), which are not the epoch's values; they give progress only. The final line's
// step is the epoch's last batch, (epoch - 1) × steps + n: Keras prints epochs 1-based and absolute (also when
// resumed with initial_epoch). A progress bar with no `Epoch` line before it (evaluate, predict) gives no point.
import type { LogLineResult, LogMetric, LogProgress } from './logMetric';
import type { LogFormat } from './logFormat';
import { NUMBER, parseNumber } from './logValues';

const EPOCH_LINE = /^\s*Epoch (\d+)\/(\d+)\s*$/;
// `n/total` (or `n/Unknown`), then a Keras 2 `[===>...]` bar, a Keras 3 `━━━` bar, or (verbose 2) ` - `.
const BAR_LINE = /^\s*(\d+)\/(\d+|Unknown)(?: \[[=>.]*\]| ━*| -)\s*(.*)$/;
const COUNTLESS = /^ - \d+s(?: \d+(?:s|ms|us)\/\w+)?( - .*)$/;
const KERAS3_TIME = /^(\d+(?::\d\d)*s?)\s+\d+(?:s|ms|us)\/\w+/;
const METRIC = new RegExp(`^([A-Za-z_][\\w./-]*): (${NUMBER}|nan|inf)\\s*$`);

interface BarLine {
  n: number;
  total: number | null;
  keras3: boolean;
  /** Keras 2 redraws carry `ETA:`; the final line carries the epoch's time instead. */
  eta: boolean;
  /** The time column of a Keras 3 line (ETA while running, elapsed once final): `0s`, `12s`, `1:02`. */
  time: string | null;
  values: Record<string, number>;
}

function parseBar(line: string): BarLine | null {
  const m = BAR_LINE.exec(line);
  if (!m) return null;
  const rest = m[3];
  const keras3 = line.includes('━') || (!line.includes('[') && !rest.startsWith('-') && KERAS3_TIME.test(rest));
  const values = readMetrics(rest);
  const eta = rest.includes('ETA:');
  const time = keras3 ? (KERAS3_TIME.exec(rest)?.[1] ?? null) : null;
  return { n: Number(m[1]), total: m[2] === 'Unknown' ? null : Number(m[2]), keras3, eta, time, values };
}

/** The ` - name: value` items of a progress line. */
function readMetrics(text: string): Record<string, number> {
  const values: Record<string, number> = {};
  for (const item of text.split(' - ')) {
    const kv = METRIC.exec(item);
    if (!kv) continue;
    const value = parseNumber(kv[2]);
    if (value !== null) values[kv[1]] = value;
  }
  return values;
}

function hasEvalKey(values: Record<string, number>): boolean {
  for (const key in values) if (key.startsWith('val_')) return true;
  return false;
}

/** Keras 2 and 3 `fit` output. */
export class KerasFit implements LogFormat {
  private epoch: number | null = null;
  private epochs: number | null = null;
  /** An `Epoch` line was seen and its final progress line not yet. */
  private open = false;
  /** A Keras 3 line at n == total that may be the last redraw before the final one: emitted when nothing follows. */
  private held: LogMetric | null = null;

  push(line: string): LogLineResult | null {
    const first = line.charCodeAt(0);
    if (first === 69 /* E */ || first === 32 /* space */) {
      const m = EPOCH_LINE.exec(line);
      if (m) {
        const metrics = this.release();
        this.epoch = Number(m[1]);
        this.epochs = Number(m[2]);
        this.open = true;
        return { metrics, progress: { epoch: this.epoch, epochs: this.epochs } };
      }
    }
    if (first === 32 && this.open && this.epoch !== null && line.startsWith(' - ')) return this.countless(line);
    if (!((first >= 48 && first <= 57) || first === 32) || !line.includes('/')) return null;
    const bar = parseBar(line);
    if (!bar) return null;
    const progress: LogProgress = { position: bar.n, ...(bar.total !== null ? { total: bar.total } : {}) };
    if (this.epoch !== null) progress.epoch = this.epoch;
    if (this.epochs !== null) progress.epochs = this.epochs;
    if (!this.open || this.epoch === null) return { metrics: [], progress: null };
    const point: LogMetric = {
      step: bar.total !== null ? (this.epoch - 1) * bar.total + bar.n : null,
      epoch: this.epoch,
      values: bar.values,
      source: bar.keras3 ? 'keras3' : 'keras2',
    };
    const atEnd = bar.total !== null && bar.n >= bar.total;
    const withEval = hasEvalKey(bar.values);
    let final: boolean;
    if (!bar.keras3) final = (atEnd || bar.total === null) && !bar.eta && (bar.total !== null || withEval);
    else if (bar.total === null) final = withEval;
    else if (!atEnd) final = false;
    else if (withEval || (bar.time !== null && bar.time !== '0s')) final = true;
    else {
      // Keras 3 draws the last batch (ETA `0s`) and then the final line (elapsed time, `0s` when the epoch took
      // under half a second): hold it until the next line says whether a final one follows.
      this.held = point;
      return { metrics: [], progress };
    }
    if (!final || Object.keys(bar.values).length === 0) return { metrics: [], progress };
    this.held = null;
    this.open = false;
    return { metrics: [point], progress };
  }

  /** Keras ≤ 2.2 with verbose=2 prints the epoch's line without a count: ` - 3s - loss: 0.2796 - acc: 0.9150`. */
  private countless(line: string): LogLineResult | null {
    const m = COUNTLESS.exec(line);
    if (!m || this.epoch === null) return null;
    const values = readMetrics(m[1]);
    if (Object.keys(values).length === 0) return null;
    this.open = false;
    return { metrics: [{ step: null, epoch: this.epoch, values, source: 'keras2' }], progress: null };
  }

  other(): LogMetric[] {
    return this.release();
  }

  end(): LogMetric[] {
    return this.release();
  }

  private release(): LogMetric[] {
    if (this.held === null) return [];
    const point = this.held;
    this.held = null;
    this.open = false;
    return Object.keys(point.values).length > 0 ? [point] : [];
  }
}
