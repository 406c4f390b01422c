// Hugging Face `Trainer` output: each log call prints the logs dict with Python's repr,
//   {'loss': 2.5586, 'grad_norm': 6.84, 'learning_rate': 5e-05, 'epoch': 0.01}
// (newer numpy prints `np.float64(2.5586)`), and the end of training/evaluation prints blocks
//   ***** eval metrics *****
//     epoch                   =        1.0
//     eval_loss               =     2.1941
// The Trainer's dict has no step (a `step` key, as some loops print, is used), and the tqdm bar that would say it is written to stderr while the dict goes to stdout,
// so the two arrive in no fixed order (the fixtures show the bar one step behind): the point carries the
// fractional epoch the dict prints, with step null. Block lines are points of their own, as printed, under
// the block's epoch; values that are not plain numbers (`0:07:05.42`, `4454709GF`) are left out.
import type { LogLineResult, LogMetric } from './logMetric';
import type { LogFormat } from './logFormat';
import { NUMBER, parseNumber } from './logValues';

const ENTRY = new RegExp(`\\s*'([^']+)':\\s*(?:(?:np\\.)?float(?:16|32|64)\\((${NUMBER})\\)|(${NUMBER})|(\\S[^,]*?))\\s*(?:,|$)`, 'y');
const BLOCK_HEAD = /^\*{5} (\w+) metrics \*{5}$/;
const BLOCK_LINE = /^\s+([\w./-]+)\s*=\s*(\S+)\s*$/;

/** The numeric entries of a `{'key': value, ...}` line, or null when it is not such a dict. */
export function parseTrainerDict(line: string): Record<string, number> | null {
  const text = line.trim();
  if (!text.startsWith("{'") || !text.endsWith('}')) return null;
  const body = text.slice(1, -1);
  const values: Record<string, number> = {};
  let numeric = 0;
  ENTRY.lastIndex = 0;
  while (ENTRY.lastIndex < body.length) {
    const start = ENTRY.lastIndex;
    const m = ENTRY.exec(body);
    if (!m || ENTRY.lastIndex === start) return null;
    const value = parseNumber(m[2] ?? m[3] ?? '');
    if (value === null) continue; // a string or None entry: not a metric
    values[m[1]] = value;
    numeric++;
  }
  return numeric > 0 ? values : null;
}

/** Trainer dict lines and `***** <split> metrics *****` blocks. */
export class HfTrainer implements LogFormat {
  /** Inside a metrics block: the block's epoch line, when it has come. */
  private block: { epoch: number | null } | null = null;

  push(line: string): LogLineResult | null {
    const first = line.charCodeAt(0);
    if (this.block !== null && first === 32) {
      const m = BLOCK_LINE.exec(line);
      if (m) return { metrics: this.blockLine(m[1], m[2]), progress: null };
    }
    this.block = null;
    if (first === 42 /* * */) {
      const head = BLOCK_HEAD.exec(line);
      if (head) {
        this.block = { epoch: null };
        return { metrics: [], progress: null };
      }
      return null;
    }
    if (first !== 123 /* { */ && first !== 32) return null;
    const values = parseTrainerDict(line);
    if (values === null) return null;
    // The Trainer adds the epoch to every log once training has started; a dict with neither an epoch nor a
    // step (a config, an evaluate() before training) has no place on an axis.
    const epoch = values.epoch ?? null;
    const stepValue = values.step ?? values.global_step;
    const step = stepValue !== undefined && Number.isInteger(stepValue) ? stepValue : null;
    if (epoch === null && step === null) return null;
    delete values.epoch;
    if (step !== null) {
      delete values.step;
      delete values.global_step;
    }
    if (Object.keys(values).length === 0) return { metrics: [], progress: null };
    return { metrics: [{ step, epoch, values, source: 'hf-trainer' }], progress: null };
  }

  other(): LogMetric[] {
    this.block = null;
    return [];
  }

  private blockLine(key: string, text: string): LogMetric[] {
    const value = parseNumber(text);
    if (value === null || this.block === null) return [];
    if (key === 'epoch') {
      this.block.epoch = value;
      return [];
    }
    return [{ step: null, epoch: this.block.epoch, values: { [key]: value }, source: 'hf-trainer' }];
  }
}
