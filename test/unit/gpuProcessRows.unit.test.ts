// The GPU process rows of the GPUs view, the status-bar tooltip and Copy details: program first, then pid, user,
// GPU memory, CPU %, running time and run. Replayed processes (real nvidia-smi files) show dashes for what this
// machine cannot know; a real child of this test shows its real facts (running time checked against ps).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { gpuDetailsText, gpuMetricRows } from '../../src/core/gpu/gpuDisplay';
import { formatElapsed, gpuMemoryText, processRow, processesMarkdown } from '../../src/core/gpu/gpuProcessDisplay';
import { type GpuSnapshot } from '../../src/core/gpu/gpuSnapshot';
import { tooltipMarkdown } from '../../src/core/gpu/gpuTooltip';
import { LocalProcessFacts, runDirVariable } from '../../src/core/gpu/localProcessFacts';
import { parseGpuReport } from '../../src/core/gpu/parseGpuReport';

const upstream = resolve(__dirname, '../fixtures/upstream/nvidia-smi');
const load = (file: string, options?: { phase?: string }): GpuSnapshot => parseGpuReport(readFileSync(file, 'utf8'), file, options);
const linux = process.platform === 'linux' ? false : 'reads /proc, which only Linux has';

test('replayed processes (rtx-4080 compute-apps CSV): program first, dashes for user, CPU and time, full path at the end', () => {
  // The file lists 2165 /usr/bin/kwin_wayland 25 MiB, 5022 ffmpeg 503 MiB, 5021 ffmpeg 360 MiB.
  const { processes } = load(join(upstream, 'csv/rtx-4080-super_595.71.05_load_query-compute-apps.csv'));
  const rows = processes.map((process) => processRow(process, Date.now()));
  assert.deepEqual(
    rows.map((row) => [row.label, row.description]),
    [
      ['kwin_wayland', '2165 · — · 25 MiB · CPU — · — · /usr/bin/kwin_wayland'],
      ['ffmpeg', '5022 · — · 503 MiB · CPU — · —'],
      ['ffmpeg', '5021 · — · 360 MiB · CPU — · —'],
    ],
  );
  assert.match(rows[0].tooltip, /Not a process of this machine/);
});

test('GPU memory reads in MiB under 1 GiB and in GiB above (mig-a100-v12.xml: 280 and 11990 MiB)', () => {
  const { processes } = load(resolve(__dirname, '../fixtures/gpu/mig-a100-v12.xml'));
  assert.deepEqual(
    processes.map((process) => gpuMemoryText(process.memoryMiB)),
    ['280 MiB', '11.7 GiB'],
  );
  assert.equal(gpuMemoryText(null), 'n/a');
});

test('running time in the format of ps -o etime', () => {
  assert.equal(formatElapsed(0), '00:00');
  assert.equal(formatElapsed(65_000), '01:05');
  assert.equal(formatElapsed(3_723_000), '01:02:03');
  assert.equal(formatElapsed(3 * 86_400_000 + 2 * 3_600_000 + 5 * 60_000), '3-02:05:00');
  assert.equal(formatElapsed(null), '—');
});

test('a local child launched for a run: its user, CPU, running time (as ps says) and run folder name', { skip: linux }, async (t) => {
  const runDir = join(tmpdir(), 'tensorsight-runs', 'train', '20260603-101500-train');
  const child = spawn('/usr/bin/sleep', ['30'], { stdio: 'ignore', env: { ...process.env, [runDirVariable]: runDir } });
  t.after(() => child.kill());
  if (child.pid === undefined) await once(child, 'spawn');
  const listed = [{ gpu: 0, gpuUuid: null, pid: child.pid!, name: '/usr/bin/sleep', memoryMiB: 1536, type: 'C', gpuInstanceId: null, computeInstanceId: null }];
  const facts = new LocalProcessFacts();
  facts.annotate(listed);
  await new Promise((resolveWait) => setTimeout(resolveWait, 1100));
  const [annotated] = facts.annotate(listed);
  const now = Date.now();
  const row = processRow(annotated, now);
  assert.equal(row.label, 'sleep');
  const match = new RegExp(`^${child.pid} · ${userInfo().username} · 1\\.5 GiB · CPU 0\\.0% · (\\d\\d:\\d\\d) · run 20260603-101500-train · /usr/bin/sleep 30$`).exec(row.description);
  assert.ok(match, row.description);
  const seconds = (etime: string) => etime.split(':').reduce((sum, part) => sum * 60 + Number(part), 0);
  const ps = execFileSync('ps', ['-o', 'etime=', '-p', String(child.pid)], { encoding: 'utf8' }).trim();
  assert.ok(Math.abs(seconds(match[1]) - seconds(ps)) <= 1, `ours ${match[1]}, ps ${ps}`);
  assert.match(row.tooltip, new RegExp(`Tensorsight run: ${runDir.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const details = gpuDetailsText({ ...load(join(upstream, 'xml/telegraf_a10g.xml')).gpus[0], index: 0, uuid: null }, [annotated], { driverVersion: null, cudaVersion: null }, now);
  assert.match(details, new RegExp(`^ {4}${child.pid} {2}sleep {2}${userInfo().username} {2}1\\.5 GiB {2}CPU 0\\.0% {2}\\d\\d:\\d\\d {2}20260603-101500-train {2}/usr/bin/sleep 30$`, 'm'));
});

test('the tooltip gives each process its own table row (A10G file: pid 725, /usr/lib/xorg/Xorg, 22 MiB)', () => {
  const markdown = tooltipMarkdown(load(join(upstream, 'xml/telegraf_a10g.xml')));
  assert.match(markdown, /^\*\*Processes on GPU 0\*\*$/m);
  assert.match(markdown, /^\| Process \| PID \| User \| GPU memory \| CPU \| Time \| Run \|$/m);
  assert.match(markdown, /^\| Xorg \| 725 \| — \| 22 MiB \| — \| — \| — \|$/m);
  assert.ok(!markdown.includes('<br>'), 'no HTML in a hover');
});

test('a long process list is cut with a count of the rest (datakit GTX 1050: two processes, limit 1)', () => {
  const snapshot = load(join(upstream, 'xml/datakit_gtx-1050-1.xml'));
  const lines = processesMarkdown(snapshot.processes, Date.now(), 1);
  assert.equal(lines.filter((line) => /^\| [^P:]/.test(line)).length, 1);
  assert.equal(lines[lines.length - 1], 'and 1 more');
  assert.deepEqual(processesMarkdown([], Date.now()), ['No processes']);
});

test('metric rows: utilization, memory, temperature and power on top; the rest in the Details group', () => {
  const gpu = load(join(upstream, 'xml/telegraf_a100-sxm4-v12.xml')).gpus[0];
  const rows = gpuMetricRows(gpu);
  assert.deepEqual(
    rows.filter((row) => !row.detail).map((row) => row.id),
    ['utilization', 'memory', 'temperature', 'power'],
  );
  assert.deepEqual(
    rows.filter((row) => row.detail).map((row) => row.id),
    ['clocks', 'fan', 'pstate', 'throttle', 'ecc', 'pcie', 'mig'],
  );
  // 50 of 81920 MiB: 0.05 of 80 GiB, shown in GiB like the status bar.
  assert.equal(rows.find((row) => row.id === 'memory')?.value, '0 / 80 GiB (0%)');
});
