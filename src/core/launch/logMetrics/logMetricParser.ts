// The launcher's one entry to the log parsers: every line of the script's output (from TerminalLineSplitter)
// goes through createLogMetricParser().push. The format families run in a fixed order; each rejects a line
// that is not its own with a cheap test first, and the first one that claims a line reads it. Most lines
// are nobody's (warnings, banners), so that path must stay cheap: a script may print 100k lines a second.
import type { LogLineResult, LogMetric, LogMetricParser } from './logMetric';
import type { LogFormat } from './logFormat';
import { KerasFit } from './kerasFit';
import { HfTrainer } from './hfTrainer';
import { GbdtRounds } from './gbdtRounds';
import { TqdmBars } from './tqdmBars';
import { TutorialLines } from './tutorialLines';
import { EpochSections } from './epochSections';
import { KeyValueLines } from './keyValueLines';

/**
 * The format families, most specific first, a fresh set per run since each keeps context between lines.
 * The generic readers (epoch sections, `epoch 1 | loss 0.5`) come last so that they never take a line a
 * specific format knows; every format still sees the lines it does not claim through other().
 */
function formats(): LogFormat[] {
  return [new KerasFit(), new HfTrainer(), new GbdtRounds(), new TqdmBars(), new TutorialLines(), new EpochSections(), new KeyValueLines()];
}

class CompositeParser implements LogMetricParser {
  private readonly formats = formats();

  push(line: string): LogLineResult {
    let claimed: LogLineResult | null = null;
    let held: LogMetric[] | null = null;
    for (const format of this.formats) {
      if (claimed === null) {
        claimed = format.push(line);
        if (claimed !== null) continue;
      }
      if (format.other) {
        const released = format.other(line);
        if (released.length > 0) held = held === null ? released : held.concat(released);
      }
    }
    if (held === null) return claimed ?? { metrics: [], progress: null };
    // Points released by this line belong before the line's own.
    return { metrics: claimed ? held.concat(claimed.metrics) : held, progress: claimed?.progress ?? null };
  }

  end(): LogLineResult {
    const metrics: LogMetric[] = [];
    for (const format of this.formats) if (format.end) metrics.push(...format.end());
    return { metrics, progress: null };
  }
}

/** A parser for one run's output, line by line. Call end() once the output has ended. */
export function createLogMetricParser(): LogMetricParser & Required<Pick<LogMetricParser, 'end'>> {
  return new CompositeParser();
}
