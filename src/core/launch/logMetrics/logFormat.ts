// The shape of one format family's parser, as createLogMetricParser runs them in order over every line.
import type { LogLineResult, LogMetric } from './logMetric';

/** One format family (Keras fit, Trainer dicts, tqdm bars, ...). Stateful; one instance per run. */
export interface LogFormat {
  /**
   * Reads a line if it is this format's (a cheap test first: most lines are nobody's). null: not this format's
   * line, so the next format gets it; a result (even an empty one) claims the line.
   */
  push(line: string): LogLineResult | null;
  /**
   * A line this format did not claim (another did, or none): a point held back waiting for the next line is now
   * final, and context a line sets (an `Epoch 3/10` header) is seen whichever format claimed it.
   */
  other?(line: string): LogMetric[];
  /** The output ended: points still held back. */
  end?(): LogMetric[];
}
