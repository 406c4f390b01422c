// The print styles of the PyTorch examples and tutorials most training scripts are copied from:
//   pytorch/examples mnist   Train Epoch: 1 [640/60000 (1%)]\tLoss: 2.213500      (also `loss=2.2135`)
//                            Test set: Average loss: 0.0474, Accuracy: 9843/10000 (98%)
//   cifar10 tutorial         [1,  2000] loss: 2.187
//   yunjey/pytorch-tutorial  Epoch [1/5], Step [100/600], Loss: 0.2215
// Steps: mnist prints the sample index within the epoch and the dataset size, so the global step is the
// samples seen, (epoch - base) × N + n; `Epoch [e/E], Step [s/S]` gives (e - base) × S + s. The epoch base
// (0 or 1; both are printed by copies of these scripts) is learned from the first epoch printed. The cifar
// tutorial does not print how many batches an epoch has: its points carry the epoch only. The mnist test line
// belongs to the end of the last training epoch seen; before any training line it has no place and is no point.
import type { LogLineResult } from './logMetric';
import type { LogFormat } from './logFormat';
import { EpochBase, NUMBER, parseNumber } from './logValues';
import { readPairs } from './keyValueLines';

const MNIST_TRAIN = new RegExp(`^Train Epoch: (\\d+) \\[(\\d+)/(\\d+) \\(\\d+%\\)\\]\\s+(?:Loss: |loss=)(${NUMBER})\\s*$`);
const MNIST_TEST = new RegExp(`^Test set: Av(?:erage|g\\.) loss: (${NUMBER}), Accuracy: (\\d+)/(\\d+) \\(\\d+%\\)\\s*$`);
const CIFAR = new RegExp(`^\\[(\\d+),\\s*(\\d+)\\] loss: (${NUMBER})\\s*$`);
const EPOCH_STEP = /^Epoch \[(\d+)\/(\d+)\],? Step \[(\d+)\/(\d+)\],?\s*(.*)$/;

/** mnist, cifar10-tutorial and `Epoch [e/E], Step [s/S]` lines. */
export class TutorialLines implements LogFormat {
  private readonly mnistBase = new EpochBase();
  private readonly cifarBase = new EpochBase();
  private readonly epochStepBase = new EpochBase();
  /** The last mnist training epoch and dataset size, for the test line after it. */
  private mnist: { epoch: number; size: number } | null = null;

  push(line: string): LogLineResult | null {
    const first = line.charCodeAt(0);
    if (first === 84 /* T */) return this.mnistLine(line);
    if (first === 91 /* [ */) {
      const m = CIFAR.exec(line);
      if (!m) return null;
      const epoch = Number(m[1]);
      this.cifarBase.observe(epoch);
      const loss = parseNumber(m[3]);
      const metrics = loss === null ? [] : [{ step: null, epoch, values: { loss }, source: 'cifar-tutorial' }];
      return { metrics, progress: { epoch, position: Number(m[2]) } };
    }
    if (first === 69 /* E */ && line.startsWith('Epoch [')) {
      const m = EPOCH_STEP.exec(line);
      if (!m) return null;
      const [epoch, epochs, s, perEpoch] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
      const values = readPairs(m[5]);
      const progress = { epoch, epochs, position: s, total: perEpoch };
      if (values === null) return { metrics: [], progress };
      const step = this.epochStepBase.step(epoch, s, perEpoch);
      return { metrics: [{ step, epoch, values, source: 'epoch-step' }], progress };
    }
    return null;
  }

  private mnistLine(line: string): LogLineResult | null {
    const train = MNIST_TRAIN.exec(line);
    if (train) {
      const [epoch, n, size] = [Number(train[1]), Number(train[2]), Number(train[3])];
      this.mnist = { epoch, size };
      const loss = parseNumber(train[4]);
      const step = this.mnistBase.step(epoch, n, size);
      const metrics = loss === null ? [] : [{ step, epoch, values: { loss }, source: 'pytorch-examples' }];
      return { metrics, progress: { epoch, position: n, total: size } };
    }
    const test = MNIST_TEST.exec(line);
    if (!test) return null;
    if (this.mnist === null) return { metrics: [], progress: null };
    const { epoch, size } = this.mnist;
    const loss = parseNumber(test[1]);
    const values: Record<string, number> = {};
    if (loss !== null) values.test_loss = loss;
    values.test_accuracy = Number(test[2]) / Number(test[3]);
    // The end of the epoch: `n` = size within it.
    const step = this.mnistBase.step(epoch, size, size);
    return { metrics: [{ step, epoch, values, source: 'pytorch-examples' }], progress: null };
  }
}
