// MIG instances as children of their GPU, with the processes running in each, on the real MIG-mode A100 of
// Telegraf's testdata and on the files assembled in test/fixtures/gpu (processes tagged with GI/CI; -L profiles).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type GpuSnapshot } from '../../src/core/gpu/gpuSnapshot';
import { tooltipMarkdown } from '../../src/core/gpu/gpuTooltip';
import { groupByMig, migRow } from '../../src/core/gpu/migGroups';
import { parseGpuReport } from '../../src/core/gpu/parseGpuReport';

const load = (file: string, options?: { phase?: string }): GpuSnapshot => parseGpuReport(readFileSync(file, 'utf8'), file, options);

test('the real MIG-mode A100-SXM4-80GB: four instances, GI 3 to 6, 12 of 19968 MiB and 14 SMs each, no processes', () => {
  const snapshot = load(resolve(__dirname, '../fixtures/upstream/nvidia-smi/xml/telegraf_a100-sxm4-v12.xml'));
  const [gpu] = snapshot.gpus;
  const { instances, rest } = groupByMig(gpu, snapshot.processes);
  assert.deepEqual(
    instances.map(({ mig, processes }) => [mig.index, mig.gpuInstanceId, processes.length]),
    [
      [0, 3, 0],
      [1, 4, 0],
      [2, 5, 0],
      [3, 6, 0],
    ],
  );
  assert.deepEqual(rest, []);
  // 19968 MiB is 19.5 GiB; 12 MiB is 0.01 GiB, shown as 0.
  assert.deepEqual(migRow(instances[0].mig), { label: 'MIG 0', description: 'GI 3 · CI 0 · 0/19.5 GiB · 14 SMs' });
  const markdown = tooltipMarkdown(snapshot);
  assert.equal(markdown.match(/^\*\*MIG \d\*\* GI \d · CI 0 · 0\/19\.5 GiB · 14 SMs$/gm)?.length, 4);
  assert.ok(!/Processes on GPU 0/.test(markdown), 'no GPU-wide process table when the instances hold them all');
});

test('processes go under the instance their GI/CI names (mig-a100-v12.xml: 4101 in GI 1, 4177 in GI 2)', () => {
  const snapshot = load(resolve(__dirname, '../fixtures/gpu/mig-a100-v12.xml'));
  const { instances, rest } = groupByMig(snapshot.gpus[0], snapshot.processes);
  assert.deepEqual(
    instances.map(({ mig, processes }) => [mig.gpuInstanceId, processes.map((process) => process.pid)]),
    [
      [1, [4101]],
      [2, [4177]],
    ],
  );
  assert.deepEqual(rest, []);
  // 12011 of 40448 MiB: 11.7 of 39.5 GiB.
  assert.deepEqual(migRow(instances[1].mig), { label: 'MIG 1', description: 'GI 2 · CI 0 · 11.7/39.5 GiB · 42 SMs' });
  const markdown = tooltipMarkdown(snapshot);
  assert.match(markdown, /^\*\*MIG 1\*\* GI 2 · CI 0 · 11\.7\/39\.5 GiB · 42 SMs\n\n\| Process \|.*\n.*\n\| python3 \| 4177 \| — \| 11\.7 GiB \| — \| — \| — \|$/m);
});

test('processes listed without instance ids stay under the GPU (capture: -L profiles, compute-apps by GPU UUID)', () => {
  const snapshot = load(resolve(__dirname, '../fixtures/gpu/mig-a100-capture.txt'), { phase: 'load' });
  const { instances, rest } = groupByMig(snapshot.gpus[0], snapshot.processes);
  assert.deepEqual(
    instances.map(({ mig, processes }) => [migRow(mig).label, processes.length]),
    [
      ['MIG 0 · 3g.40gb', 0],
      ['MIG 1 · 3g.40gb', 0],
    ],
  );
  assert.deepEqual(
    rest.map((process) => process.pid),
    [4177, 4101],
  );
  assert.match(tooltipMarkdown(snapshot), /^\*\*Processes on GPU 0\*\*$/m);
});
