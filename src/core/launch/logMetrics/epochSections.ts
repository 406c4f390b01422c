// Scripts that print an epoch header and then a line per phase (the PyTorch transfer-learning tutorial and
// its many copies):
//   Epoch 0/24
//   ----------
//   train Loss: 0.5582 Acc: 0.7090
//   val Loss: 0.2140 Acc: 0.9150
// A line that starts with a phase word (train, val, valid, validation, test, eval) and carries metrics is a
// point of the epoch in the last header, step null (batches are not printed). Names keep the phase as printed:
// `train Loss:` gives `train_Loss`, `Val Loss: 0.2, Val Acc: 91%` gives `Val_Loss`, `Val_Acc`. Before any
// header a phase line has no epoch and gives nothing.
import type { LogLineResult } from './logMetric';
import type { LogFormat } from './logFormat';
import { readPairs } from './keyValueLines';

const HEADER = /^\s*Epoch:? (\d+)(?:\s*\/\s*(\d+))?:?\s*$/i;
const PHASE = /^(train|training|val|valid|validation|test|eval|evaluation)\b\s*/i;

/** Phase lines under `Epoch N/M` headers. */
export class EpochSections implements LogFormat {
  private epoch: number | null = null;

  push(line: string): LogLineResult | null {
    const c = line.charCodeAt(0) | 0x20;
    if (c === 101 /* e */ || c === 32 /* space */) {
      const header = HEADER.exec(line);
      if (header) {
        this.epoch = Number(header[1]);
        const epochs = header[2] ? { epochs: Number(header[2]) } : {};
        return { metrics: [], progress: { epoch: this.epoch, ...epochs } };
      }
    }
    if (this.epoch === null || (c !== 116 /* t */ && c !== 118 /* v */ && c !== 101)) return null;
    if (!PHASE.test(line)) return null;
    // Aligned columns (`Test  Loss: 0.7652, Test Acc:  74.29%`) are single spaces here, not item separators.
    const text = line.replace(/ {2,}/g, ' ');
    const phase = PHASE.exec(text) as RegExpExecArray;
    const whole = readPairs(text);
    const values = whole !== null && allPrefixed(whole, phase[1]) ? whole : prefixed(readPairs(text.slice(phase[0].length)), phase[1]);
    if (values === null) return null;
    return { metrics: [{ step: null, epoch: this.epoch, values, source: 'epoch-sections' }], progress: null };
  }

  other(line: string): [] {
    // Keras claims `Epoch 3/10` lines; they are this format's headers too.
    const c = line.charCodeAt(0) | 0x20;
    if (c === 101 || c === 32) {
      const header = HEADER.exec(line);
      if (header) this.epoch = Number(header[1]);
    }
    return [];
  }
}

/** Every name already carries the phase (`Train_Loss`), so the whole line reads as is. */
function allPrefixed(values: Record<string, number>, phase: string): boolean {
  for (const key in values) if (!key.startsWith(`${phase}_`)) return false;
  return true;
}

function prefixed(values: Record<string, number> | null, phase: string): Record<string, number> | null {
  if (values === null) return null;
  const out: Record<string, number> = {};
  for (const key in values) out[`${phase}_${key}`] = values[key];
  return out;
}
