// The trace analyses against an independent computation: bench/traceAggregate.py (json.load and plain Python, written
// apart from the TypeScript) over every real trace fixture. Operators (calls, host total/self, device total/self),
// kernels (calls, total, min, max, launching op, written occupancy), HTA's idle split, the span and the steps with
// their breakdown must agree, and every step's parts must add up to the step.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { traceAnalysis, type TraceAnalysis } from '../../src/core/profile/analysis/traceAnalysis';
import { readTrace } from '../../src/core/profile/traceReader';
import { stepCategories } from '../../src/core/profile/traceSummary';

const root = path.resolve(__dirname, '../..');
const python = '/usr/bin/python3';
const skip = existsSync(python) ? false : `${python} is missing (Debian's python3 runs the independent aggregation)`;

/** Every real trace fixture, with what it holds (so a fixture that loses its steps or kernels fails here). */
const fixtures: { file: string; dialect: string; steps: number; kernels: boolean; device: boolean }[] = [
  { file: 'upstream/traces/pytorch/hta_alexnet_a100_benchmark.pt.trace.json', dialect: 'kineto', steps: 0, kernels: true, device: true },
  { file: 'upstream/traces/pytorch/hta_cpu_only_rank-34.pt.trace.json', dialect: 'kineto', steps: 1, kernels: false, device: false },
  { file: 'upstream/traces/pytorch/hta_cupti_profiler_benchmark_trace.json.gz', dialect: 'kineto', steps: 0, kernels: true, device: true },
  { file: 'upstream/traces/pytorch/hta_distributed_info_not_found.json.gz', dialect: 'kineto', steps: 1, kernels: false, device: false },
  { file: 'upstream/traces/pytorch/hta_triton_example.json.gz', dialect: 'kineto', steps: 1, kernels: true, device: true },
  { file: 'upstream/traces/pytorch/kineto_docs_before_fix_trace.json', dialect: 'kineto', steps: 0, kernels: true, device: true },
  { file: 'upstream/traces/pytorch/kineto_tb_plugin_gpu_metrics_input.json', dialect: 'kineto-legacy', steps: 1, kernels: true, device: true },
  { file: 'upstream/traces/tensorflow/tfx_keras_profile_penguin.trace.json.gz', dialect: 'tensorflow', steps: 0, kernels: false, device: false },
  { file: 'traces/torch113_cpu_train.trace.json', dialect: 'torch-autograd', steps: 0, kernels: false, device: false },
  { file: 'traces/torch113_cpu_profiler_steps.trace.json', dialect: 'torch-autograd', steps: 3, kernels: false, device: false },
];

interface PythonResult {
  dialect: string;
  startUs: number;
  spanUs: number;
  ops: { name: string; calls: number; totalUs: number; selfUs: number; deviceTotalUs: number; deviceSelfUs: number }[];
  kernels: { name: string; calls: number; totalUs: number; minUs: number; maxUs: number; operator: string | null; occupancyPct: number | null }[];
  idle: { device: string; busyUs: number; hostWaitUs: number; kernelWaitUs: number; otherUs: number }[];
  steps: { step: number; name: string; startUs: number; durUs: number; breakdownUs: Record<string, number> }[];
}

function aggregateInPython(file: string): PythonResult {
  return JSON.parse(execFileSync(python, [path.join(root, 'bench/traceAggregate.py'), file], { encoding: 'utf8', maxBuffer: 64 * 2 ** 20 })) as PythonResult;
}

/** Equal up to the rounding of summing the same numbers in another order. */
function close(actual: number, expected: number, what: string): void {
  const tolerance = 1e-6 + 1e-9 * Math.max(Math.abs(actual), Math.abs(expected));
  assert.ok(Math.abs(actual - expected) <= tolerance, `${what}: ${actual} vs python ${expected}`);
}

for (const fixture of fixtures) {
  test(`${fixture.file}: operators, kernels and steps agree with plain Python`, { skip }, async () => {
    const file = path.join(root, 'test/fixtures', fixture.file);
    const read = await readTrace(file, [traceAnalysis()] as const);
    const ours: TraceAnalysis = read.results[0];
    const theirs = aggregateInPython(file);
    assert.equal(read.metadata.dialect, fixture.dialect);
    assert.equal(theirs.dialect, fixture.dialect);
    close(ours.startUs, theirs.startUs, 'start');
    close(ours.spanUs, theirs.spanUs, 'span');

    assert.ok(ours.ops.length > 0, 'an operator table');
    assert.deepEqual(ours.ops.map((o) => o.name).sort(), theirs.ops.map((o) => o.name).sort());
    const pyOps = new Map(theirs.ops.map((o) => [o.name, o]));
    for (const op of ours.ops) {
      const py = pyOps.get(op.name)!;
      assert.equal(op.calls, py.calls, `${op.name} calls`);
      close(op.hostTotalUs, py.totalUs, `${op.name} total`);
      close(op.hostSelfUs, py.selfUs, `${op.name} self`);
      assert.ok(op.hostSelfUs >= -1e-6 && op.hostSelfUs <= op.hostTotalUs + 1e-6, `${op.name} self within total`);
      if (fixture.device) {
        close(op.deviceTotalUs!, py.deviceTotalUs, `${op.name} device total`);
        close(op.deviceSelfUs!, py.deviceSelfUs, `${op.name} device self`);
      } else {
        assert.equal(op.deviceTotalUs, null, `${op.name}: no device time without device events`);
      }
    }

    assert.equal(ours.kernels.length > 0, fixture.kernels);
    assert.deepEqual(ours.kernels.map((k) => k.name).sort(), theirs.kernels.map((k) => k.name).sort());
    const pyKernels = new Map(theirs.kernels.map((k) => [k.name, k]));
    for (const kernel of ours.kernels) {
      const py = pyKernels.get(kernel.name)!;
      assert.equal(kernel.calls, py.calls, `${kernel.name} calls`);
      close(kernel.totalUs, py.totalUs, `${kernel.name} total`);
      close(kernel.minUs, py.minUs, `${kernel.name} min`);
      close(kernel.maxUs, py.maxUs, `${kernel.name} max`);
      assert.equal(kernel.operator, py.operator, `${kernel.name} launched by`);
      // Python reads only the written `est. achieved occupancy %`; where the trace has none ours is an estimate.
      if (py.occupancyPct !== null) close(kernel.occupancyPct!, py.occupancyPct, `${kernel.name} occupancy`);
    }

    // Idle time, HTA's split, per GPU.
    assert.deepEqual(ours.idle.devices.map((d) => d.device), theirs.idle.map((d) => d.device));
    assert.equal(ours.idle.devices.length > 0, fixture.device);
    ours.idle.devices.forEach((d, i) => {
      const py = theirs.idle[i];
      close(d.busyUs, py.busyUs, `${d.device} busy`);
      close(d.hostWaitUs, py.hostWaitUs, `${d.device} host wait`);
      close(d.kernelWaitUs, py.kernelWaitUs, `${d.device} kernel wait`);
      close(d.otherUs, py.otherUs, `${d.device} other wait`);
      close(d.idleUs, d.hostWaitUs + d.kernelWaitUs + d.otherUs, `${d.device} idle = the three waits`);
    });

    const stepCount = fixture.steps === 0 ? 1 : fixture.steps;
    assert.equal(ours.steps.length, stepCount);
    assert.equal(theirs.steps.length, stepCount);
    if (fixture.steps === 0) assert.equal(ours.steps[0].step, -1, 'a pseudo-step without ProfilerStep ranges');
    ours.steps.forEach((step, i) => {
      const py = theirs.steps[i];
      assert.equal(step.name, py.name);
      assert.equal(step.step, py.step);
      close(step.startUs, py.startUs, `${step.name} start`);
      close(step.durUs, py.durUs, `${step.name} duration`);
      let sum = 0;
      for (const category of stepCategories) {
        close(step.breakdownUs[category], py.breakdownUs[category], `${step.name} ${category}`);
        assert.ok(step.breakdownUs[category] >= 0);
        sum += step.breakdownUs[category];
      }
      close(sum, step.durUs, `${step.name}: the parts add up to the step`);
    });
  });
}
