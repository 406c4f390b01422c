// What the log parsers find in a script's printed output: metric points and progress. Every parser turns one
// output line (ANSI codes stripped, `\r` redraws split into separate lines) into zero or more of these.

/** One metric point read from a printed line. */
export interface LogMetric {
  /**
   * The global step the point belongs to, when the line says it unambiguously (a helper call, `Step [100/600]`
   * with its epoch, a Trainer dict's position, a tqdm counter); null when only the epoch is known.
   */
  step: number | null;
  /** The epoch as printed (1-based for Keras and most scripts), when known. */
  epoch: number | null;
  /** Metric values by name as printed (`loss`, `val_loss`, `accuracy`, `valid_1's l2` becomes `valid_1/l2`). */
  values: Record<string, number>;
  /** Which parser read it (`keras2`, `keras3`, `hf-trainer`, `tqdm`, `lightning`, `gbdt`, `pytorch-examples`, ...). */
  source: string;
}

/** Progress facts a line gives without (or beside) metrics: `Epoch 3/10`, a tqdm `n/total`. */
export interface LogProgress {
  epoch?: number;
  epochs?: number;
  /** Position and total within the current bar or epoch (steps per epoch for Keras and tqdm). */
  position?: number;
  total?: number;
}

/** What one line gave. */
export interface LogLineResult {
  metrics: LogMetric[];
  progress: LogProgress | null;
}

/**
 * Reads a run's output line by line. Stateful: Keras prints `Epoch 3/10` on one line and the metrics on the
 * next, so a parser remembers context. Where a format's epoch or step is ambiguous it gives no point rather
 * than a wrong one.
 */
export interface LogMetricParser {
  push(line: string): LogLineResult;
  /** The output ended: points a format held back waiting for the next line (Keras 3's last redraw). */
  end?(): LogLineResult;
}
