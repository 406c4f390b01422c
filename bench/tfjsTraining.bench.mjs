// TF.js training (issue 14): samples/s and validation accuracy of the demo CNN (demo/train/digits_cnn.train.json,
// the 8×8 digits) trained by the shipped CLI (`node dist/cli.js train … --backend X --json`, which forks
// dist/workers/trainModel.js) on each rung of the backend ladder, against the same model and data trained by
// Debian's PyTorch on the CPU (bench/torchDigitsCnn.py: the same split, normalization, batch size, optimizer,
// learning rate, epochs and initializers) in the same run. Early stopping and checkpoints are taken out of the
// spec so every trainer runs exactly EPOCHS epochs. Pass: every backend that trained ends within 2 points of
// PyTorch's validation accuracy, and none failed mid-training. A backend the ladder rules out here (tfjs-node(-gpu)
// not installed; wasm, which has no Conv2D gradient) is listed as skipped with the reason the CLI gave.
// PyTorch runs on 1 thread, as the TF.js cpu and wasm backends do (one JavaScript thread). webgpu on lavapipe
// (Mesa's Vulkan on the CPU) may use every core; PyTorch on more threads is not measured, since on this 2-core
// machine, shared with other work, its threads mostly wait for each other.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const SPEC = join(root, 'demo/train/digits_cnn.train.json');
const BACKENDS = ['tfjs-node-gpu', 'webgpu', 'tfjs-node', 'wasm', 'cpu'];
const EPOCHS = 15;
const MAX_GAP_POINTS = 2;
const PYTHON = '/usr/bin/python3';

const round = (value, digits = 2) => Math.round(value * 10 ** digits) / 10 ** digits;
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[sorted.length >> 1] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
};

/** The demo spec with absolute data paths, EPOCHS epochs, no early stopping, no checkpoints. */
function benchSpec(scratch) {
  const spec = JSON.parse(readFileSync(SPEC, 'utf8'));
  delete spec.$schema;
  delete spec.earlyStopping;
  delete spec.checkpoint;
  spec.epochs = EPOCHS;
  spec.data.features = resolve(dirname(SPEC), spec.data.features);
  spec.data.labels = resolve(dirname(SPEC), spec.data.labels);
  const file = join(scratch, 'digits_cnn.train.json');
  writeFileSync(file, JSON.stringify(spec, null, 2));
  return file;
}

/** Figures shared by both trainers: totals over the run, the steady epochs (after the first), the time to 95%. */
function figures(epochs, result) {
  let elapsed = 0;
  let secondsTo95 = null;
  for (const epoch of epochs) {
    elapsed += epoch.seconds;
    if (secondsTo95 === null && epoch.values.val_accuracy > 0.95) secondsTo95 = round(elapsed, 1);
  }
  return {
    samplesPerSecond: Math.round(result.samplesPerSecond),
    steadyEpochSamplesPerSecond: Math.round(median(epochs.slice(1).map((epoch) => epoch.samplesPerSecond))),
    trainSeconds: round(elapsed, 1),
    valAccuracy: round(result.values.val_accuracy, 4),
    valLoss: round(result.values.val_loss, 4),
    secondsTo95,
    firstEpochAbove95: epochs.find((epoch) => epoch.values.val_accuracy > 0.95)?.epoch ?? null,
  };
}

/** One backend through the CLI: its figures, or why it did not train. */
function trainTfjs(cli, spec, backend, scratch) {
  const started = performance.now();
  const child = spawnSync(process.execPath, [cli, 'train', spec, '--backend', backend, '--json', '--runs-dir', join(scratch, 'runs')], {
    cwd: root, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 2 ** 20,
    // Dawn warns on every start without a runtime folder.
    env: { ...process.env, XDG_RUNTIME_DIR: process.env.XDG_RUNTIME_DIR ?? scratch },
  });
  const wallSeconds = round((performance.now() - started) / 1000, 1);
  if (child.status !== 0) {
    const reason = (child.stderr.split('\n').find((line) => line.startsWith('tensorsight train:')) ?? child.stderr.trim().split('\n').pop() ?? `exit ${child.status}`).replace(/^tensorsight train: /, '');
    // Not loading here is the ladder's answer (skipped); loading and then failing to train is a defect (failed).
    const skipped = /^backend \S+ is not available: /.test(reason);
    return { backend, trained: false, ...(skipped ? { skipped: true } : { failed: true }), reason: reason.replace(/^backend \S+ is not available: /, '') };
  }
  const out = JSON.parse(child.stdout);
  if (out.epochs.length !== EPOCHS) throw new Error(`${backend}: trained ${out.epochs.length} epochs, expected ${EPOCHS}`);
  const device = out.backend.attempts.find((attempt) => attempt.backend === backend)?.device ?? null;
  return { backend, trained: true, device, wallSeconds, trainSamples: out.run.trainSamples, validationSamples: out.run.validationSamples, ...figures(out.epochs, out.result) };
}

/** The PyTorch baseline on `threads` threads. */
function trainTorch(spec, threads) {
  const child = spawnSync(PYTHON, [join(here, 'torchDigitsCnn.py'), spec, '--threads', String(threads)], {
    encoding: 'utf8', timeout: 600_000, env: { ...process.env, PYTHONDONTWRITEBYTECODE: '1' },
  });
  if (child.error) throw new Error(`${PYTHON} bench/torchDigitsCnn.py: ${child.error.message}`);
  if (child.status !== 0) throw new Error(`bench/torchDigitsCnn.py failed (apt install python3-torch): ${child.stderr.slice(-1500)}`);
  const out = JSON.parse(child.stdout);
  return { torch: out.torch, threads: out.threads, trainSamples: out.trainSamples, validationSamples: out.validationSamples, ...figures(out.epochs, out.result) };
}

export async function run() {
  const cli = join(root, 'dist/cli.js');
  const scratch = mkdtempSync(join(tmpdir(), 'tensorsight-bench-tfjs-'));
  try {
    const spec = benchSpec(scratch);
    const pytorch = trainTorch(spec, 1);
    const backends = BACKENDS.map((backend) => trainTfjs(cli, spec, backend, scratch));
    const trained = backends.filter((entry) => entry.trained);
    if (trained.length === 0) throw new Error(`no backend trained: ${backends.map((entry) => `${entry.backend}: ${entry.reason}`).join('; ')}`);
    for (const entry of trained) {
      // Same split or no comparison: the baseline redraws the trainer's shuffle from the spec's seed.
      if (entry.trainSamples !== pytorch.trainSamples || entry.validationSamples !== pytorch.validationSamples) {
        throw new Error(`${entry.backend} split ${entry.trainSamples}/${entry.validationSamples} samples, PyTorch ${pytorch.trainSamples}/${pytorch.validationSamples}`);
      }
      entry.vsPytorch = round(entry.samplesPerSecond / pytorch.samplesPerSecond, 4);
      entry.accuracyGapPoints = round(Math.abs(entry.valAccuracy - pytorch.valAccuracy) * 100, 2);
    }
    const worstGap = Math.max(...trained.map((entry) => entry.accuracyGapPoints));
    const failed = backends.filter((entry) => entry.failed).map((entry) => entry.backend);
    return {
      name: 'tfjsTraining',
      unit: 'points',
      value: worstGap,
      target: MAX_GAP_POINTS,
      better: 'lower',
      pass: worstGap <= MAX_GAP_POINTS && failed.length === 0,
      criterion: `validation accuracy after ${EPOCHS} epochs within ${MAX_GAP_POINTS} points of PyTorch's for every backend that trained, and no backend that loads failing to train`,
      failed,
      spec: 'demo/train/digits_cnn.train.json',
      epochs: EPOCHS,
      backends,
      pytorch,
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(JSON.stringify(await run(), null, 2));
}
