// `tensorsight gpu`: the DESIGN.md §4 JSON shape, text output, exit codes, live sampling through the replaying
// nvidia-smi, and --watch ending on Ctrl-C with its nvidia-smi processes gone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { fixturesDir, isAlive, setUpReplay } from '../fixtures/gpu/replay';

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['gpu', ...args], { out: (text) => (out += text), err: (text) => (err += text) });
  return { code, out, err };
}

const t4 = join(fixturesDir, 'xml/telegraf_tesla-t4.xml');

test('--from XML --json prints the contract fields (figures from xmllint on the file)', async () => {
  const { code, out } = await cli('--from', t4, '--json');
  assert.equal(code, 0);
  const report = JSON.parse(out);
  const [gpu] = report.gpus;
  assert.deepEqual(
    { index: gpu.index, name: gpu.name, uuid: gpu.uuid, utilization: gpu.utilization, memoryUsedMiB: gpu.memoryUsedMiB, memoryTotalMiB: gpu.memoryTotalMiB, temperatureC: gpu.temperatureC, powerW: gpu.powerW, powerLimitW: gpu.powerLimitW },
    { index: 0, name: 'Tesla T4', uuid: 'GPU-d37e67a5-91dd-3774-a5cb-99096249601a', utilization: 0, memoryUsedMiB: 1032, memoryTotalMiB: 15360, temperatureC: 40, powerW: 26.78, powerLimitW: 70 },
  );
  assert.equal(gpu.fanPercent, null, 'fan_speed is N/A on the T4: null, not 0');
  assert.deepEqual(
    report.processes.map((process: { gpu: number; pid: number; name: string; memoryMiB: number }) => [process.gpu, process.pid, process.name, process.memoryMiB]),
    [
      [0, 675, '/usr/lib/xorg/Xorg', 22],
      [0, 5762, 'python', 1005],
    ],
  );
});

test('--from prints a compact table in text mode', async () => {
  const { code, out } = await cli('--from', join(fixturesDir, 'xml/telegraf_rtx-4000-sff-ada-v13.xml'));
  assert.equal(code, 0);
  assert.match(out, /^driver 595\.84 {2}CUDA 13\.2/);
  assert.match(out, /0 {2}NVIDIA RTX 4000 SFF Ada Generation +0% +3534 \/ 20475 MiB +38°C +9 \/ 70 W +210 MHz +30% +P8 +gpu_idle/);
  assert.match(out, /34626 +0 +C\+G +183 MiB +\/usr\/lib\/chromium\/chromium/);
});

test('bad input exits 1 with the file and reason; bad usage exits 2', async () => {
  const missing = await cli('--from', '/nonexistent/report.xml');
  assert.deepEqual([missing.code, missing.err], [1, 'tensorsight gpu: cannot read /nonexistent/report.xml: no such file (ENOENT)\n']);
  const dmon = await cli('--from', join(fixturesDir, 'text/rtx-4080-super_595.71.05_load_dmon.txt'));
  assert.equal(dmon.code, 1);
  assert.match(dmon.err, /rtx-4080-super_595\.71\.05_load_dmon\.txt: holds `nvidia-smi dmon` or `pmon` output/);
  for (const args of [['--watch', '--from', t4], ['--interval', '100'], ['--bogus'], ['--watch', '--interval', '10'], ['extra']]) {
    const result = await cli(...args);
    assert.equal(result.code, 2, args.join(' '));
    assert.match(result.err, /Usage: tensorsight gpu/);
  }
});

test('live: one sample from nvidia-smi; without it a clear reason, and JSON that says so', async () => {
  const replay = setUpReplay();
  try {
    process.env.TENSORSIGHT_NVIDIA_SMI = replay.binary;
    const live = await cli('--json');
    assert.equal(live.code, 0);
    const report = JSON.parse(live.out);
    assert.deepEqual(report.gpus.map((gpu: { name: string }) => gpu.name), ['NVIDIA GeForce RTX 2080 SUPER', 'NVIDIA GeForce RTX 4080 SUPER']);
    assert.equal(report.processes.length, 5, 'two from the capture, three from the 4080 recording');
    process.env.TENSORSIGHT_NVIDIA_SMI = join(replay.dir, 'missing', 'nvidia-smi');
    const none = await cli('--json');
    assert.equal(none.code, 1);
    assert.deepEqual(JSON.parse(none.out), { gpus: [], processes: [], unavailable: `nvidia-smi not found at ${join(replay.dir, 'missing', 'nvidia-smi')}` });
    assert.match(none.err, /^tensorsight gpu: no GPU data: nvidia-smi not found at /);
    const text = await cli();
    assert.equal(text.code, 1);
    assert.equal(text.out, '');
  } finally {
    delete process.env.TENSORSIGHT_NVIDIA_SMI;
    replay.cleanup();
  }
});

test('--watch --count streams one JSON object per sample from one nvidia-smi loop', async () => {
  const replay = setUpReplay();
  try {
    process.env.TENSORSIGHT_NVIDIA_SMI = replay.binary;
    process.env.NVIDIA_SMI_REPLAY_LOG = replay.log;
    const { code, out } = await cli('--watch', '--count', '4', '--interval', '50', '--json');
    assert.equal(code, 0);
    const lines = out.trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.length, 4);
    assert.ok(lines.every((snapshot) => snapshot.gpus.length === 2));
    assert.equal(replay.runs().filter((run) => run.loop && run.query === 'gpu').length, 1);
    for (const run of replay.runs()) assert.equal(isAlive(run.pid), false, `nvidia-smi ${run.pid} was stopped`);
  } finally {
    delete process.env.TENSORSIGHT_NVIDIA_SMI;
    delete process.env.NVIDIA_SMI_REPLAY_LOG;
    replay.cleanup();
  }
});

test('--watch ends on Ctrl-C with exit 0 and leaves no nvidia-smi behind', async () => {
  const replay = setUpReplay();
  try {
    const child = spawn(process.execPath, ['--import', 'tsx', resolve(__dirname, '../../src/cli/main.ts'), 'gpu', '--watch', '--interval', '50'], {
      env: { ...replay.env, TENSORSIGHT_NVIDIA_SMI: replay.binary },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((resolveExit) => child.on('exit', (code) => resolveExit(code)));
    await new Promise<void>((resolveTables, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // Three tables: the sampler's loops are up and streaming.
        if ((out.match(/^GPU {2}Name/gm) ?? []).length >= 3) resolveTables();
      });
      void exited.then(() => reject(new Error(`the CLI exited early: ${out}`)));
    });
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    assert.match(out, /1 {2}NVIDIA GeForce RTX 4080 SUPER/);
    const loops = replay.runs().filter((run) => run.loop);
    assert.ok(loops.length >= 1);
    for (const run of loops) assert.equal(isAlive(run.pid), false, `nvidia-smi ${run.pid} was stopped`);
  } finally {
    replay.cleanup();
  }
});
