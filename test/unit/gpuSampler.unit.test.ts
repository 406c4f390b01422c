// The streaming sampler against a real child process: test/fixtures/bin/nvidia-smi-replay, placed on PATH as
// nvidia-smi, replays rows recorded from real GPUs (an RTX 2080 SUPER capture cycling idle/load, an RTX 4080
// SUPER load recording) at the requested -lms interval. Tests wait for sampler events, never for time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type GpuSamplerState } from '../../src/core/gpu/gpuSampler';
import { type GpuSnapshot } from '../../src/core/gpu/gpuSnapshot';
import { NvidiaSmiSampler } from '../../src/core/gpu/nvidiaSmiSampler';
import { groupByMig } from '../../src/core/gpu/migGroups';
import { collect, isAlive, setUpReplay, waitFor, type ReplaySetup } from '../fixtures/gpu/replay';

const fast = { intervalMs: 50, processIntervalMs: 100, backoff: { initialMs: 20, maxMs: 200, stableMs: 60_000 } };

/** A sampler over the replay with `env` settings; cleaned up after the test body. */
async function withSampler(env: Record<string, string>, body: (sampler: NvidiaSmiSampler, replay: ReplaySetup) => Promise<void>, binary?: string): Promise<void> {
  const replay = setUpReplay(env);
  const sampler = new NvidiaSmiSampler({ ...fast, binary: binary ?? 'nvidia-smi', env: replay.env });
  try {
    await body(sampler, replay);
  } finally {
    await sampler.stop();
    sampler.dispose();
    replay.cleanup();
  }
}

const states = (sampler: NvidiaSmiSampler) => sampler.onState;
const snapshots = (sampler: NvidiaSmiSampler) => sampler.onSnapshot;
const loopPids = (replay: ReplaySetup) => replay.runs().filter((run) => run.loop).map((run) => run.pid);

test('one long-lived process streams ticks of one row per GPU, with processes resolved to their GPU', async () => {
  await withSampler({}, async (sampler, replay) => {
    const handle = sampler.acquire();
    const got = await collect<GpuSnapshot>(snapshots(sampler), 6);
    for (const snapshot of got) {
      assert.deepEqual(snapshot.gpus.map((gpu) => gpu.index), [0, 1]);
      assert.deepEqual(snapshot.gpus.map((gpu) => gpu.name), ['NVIDIA GeForce RTX 2080 SUPER', 'NVIDIA GeForce RTX 4080 SUPER']);
      assert.deepEqual(snapshot.gpus.map((gpu) => gpu.memoryTotalMiB), [8192, 16376]);
    }
    // The capture's idle and load samples alternate: utilization.gpu 0 and 8, memory.used 214 and 819 MiB.
    assert.deepEqual(new Set(got.map((snapshot) => snapshot.gpus[0].utilization)), new Set([0, 8]));
    assert.deepEqual(new Set(got.map((snapshot) => snapshot.gpus[0].memoryUsedMiB)), new Set([214, 819]));
    const last = got[got.length - 1];
    const pidsOf = (gpu: number) => last.processes.filter((process) => process.gpu === gpu).map((process) => process.pid);
    assert.deepEqual(pidsOf(0), [5268, 5267], 'the capture load section lists ffmpeg 5268 and 5267');
    assert.deepEqual(pidsOf(1), [2165, 5022, 5021], 'the 4080 compute-apps recording lists three processes');
    assert.equal(sampler.state.kind, 'running');
    // However many ticks arrive, there is one GPU loop process and one process loop, not a spawn per poll.
    await waitFor(snapshots(sampler), () => replay.runs().filter((run) => run.loop).length >= 2);
    await collect(snapshots(sampler), 3);
    const loops = replay.runs().filter((run) => run.loop);
    assert.deepEqual(loops.map((run) => run.query).sort(), ['apps', 'gpu']);
    assert.ok(loops.find((run) => run.query === 'gpu')!.args.includes('50'), 'the gpu loop runs at -lms 50');
    assert.equal(sampler.stats.malformedLines, 0);
    handle.dispose();
  });
});

test('a process that dies is restarted with doubling delays, and sampling resumes', async () => {
  // Each of the first two loop runs dies after 3 rows: mid-tick with two GPUs.
  await withSampler({ NVIDIA_SMI_REPLAY_DIE_AFTER_ROWS: '3', NVIDIA_SMI_REPLAY_DIE_TIMES: '2' }, async (sampler, replay) => {
    const restarts: GpuSamplerState[] = [];
    sampler.onState((state) => state.kind === 'restarting' && restarts.push(state));
    const seen: GpuSnapshot[] = [];
    sampler.onSnapshot((snapshot) => seen.push(snapshot));
    sampler.acquire();
    await waitFor(states(sampler), () => restarts.length === 2);
    await waitFor(states(sampler), (state) => state.kind === 'running');
    const afterRestart = seen.length;
    await collect(snapshots(sampler), 3);
    assert.ok(seen.length >= afterRestart + 3, 'snapshots keep coming after the restarts');
    assert.deepEqual(
      restarts.map((state) => state.kind === 'restarting' && [state.attempt, state.delayMs]),
      [
        [1, 20],
        [2, 40],
      ],
    );
    assert.match((restarts[0] as { reason: string }).reason, /nvidia-smi exited with code 1/);
    assert.equal(sampler.stats.restarts, 2);
    assert.ok(seen.every((snapshot) => snapshot.gpus.length === 2), 'the half tick of a dying process is dropped, not emitted');
    assert.equal(replay.runs().filter((run) => run.loop && run.query === 'gpu').length, 3);
  });
});

test('a malformed line is counted and skipped while sampling goes on', async () => {
  await withSampler({ NVIDIA_SMI_REPLAY_MALFORMED_AFTER_ROWS: '3' }, async (sampler) => {
    sampler.acquire();
    const after = await waitFor(snapshots(sampler), () => sampler.stats.malformedLines === 1);
    await collect(snapshots(sampler), 2);
    assert.equal(after.gpus.length, 2);
    assert.equal(sampler.stats.malformedLines, 1);
    assert.match(sampler.stats.lastMalformedLine!, /^1, GPU-0{8}-0{4}-0{4}-0{4}-0{11}1, NVIDIA/);
    assert.equal(sampler.stats.restarts, 0);
    assert.equal(sampler.state.kind, 'running');
  });
});

test('split writes: rows cut between pipe chunks are reassembled', async () => {
  await withSampler({ NVIDIA_SMI_REPLAY_SPLIT_WRITES: '1' }, async (sampler) => {
    sampler.acquire();
    const got = await collect<GpuSnapshot>(snapshots(sampler), 4);
    assert.ok(got.every((snapshot) => snapshot.gpus.length === 2 && snapshot.gpus[1].memoryTotalMiB === 16376));
    assert.equal(sampler.stats.malformedLines, 0);
  });
});

test('a missing binary is a clear unavailable state, checked once', async () => {
  await withSampler({}, async (sampler, replay) => {
    sampler.acquire();
    const state = await waitFor(states(sampler), (value) => value.kind === 'unavailable');
    assert.deepEqual(state, { kind: 'unavailable', reason: 'nvidia-smi not found at /nonexistent/bin/nvidia-smi' });
    assert.equal(replay.runs().length, 0);
  }, '/nonexistent/bin/nvidia-smi');
  const sampler = new NvidiaSmiSampler({ ...fast, env: { ...process.env, PATH: resolve(__dirname, '../fixtures/gpu') } });
  sampler.acquire();
  const state = await waitFor(states(sampler), (value) => value.kind === 'unavailable');
  assert.deepEqual(state, { kind: 'unavailable', reason: 'nvidia-smi not found on PATH' });
  sampler.dispose();
});

test('the driver failure message makes the state unavailable until refresh()', async () => {
  await withSampler({ NVIDIA_SMI_REPLAY_DRIVER_FAILURE: '1' }, async (sampler, replay) => {
    const handle = sampler.acquire();
    const state = await waitFor(states(sampler), (value) => value.kind === 'unavailable');
    assert.equal(
      (state as { reason: string }).reason,
      "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running.",
    );
    const runsAfterCheck = replay.runs().length;
    handle.dispose();
    sampler.acquire();
    assert.equal(sampler.state.kind, 'unavailable');
    assert.equal(replay.runs().length, runsAfterCheck, 'availability is checked once, not on every acquire');
    // The driver comes back (the user fixed it) and *Refresh GPUs* re-checks.
    delete replay.env.NVIDIA_SMI_REPLAY_DRIVER_FAILURE;
    const refreshed = await sampler.refresh();
    assert.equal(refreshed.kind, 'running');
    const snapshot = await waitFor(snapshots(sampler), () => true);
    assert.equal(snapshot.gpus.length, 2);
  });
});

test('a driver lost while sampling stops the processes and reports why', async () => {
  await withSampler({ NVIDIA_SMI_REPLAY_DRIVER_FAILURE_AFTER_ROWS: '4' }, async (sampler, replay) => {
    sampler.acquire();
    await waitFor(states(sampler), (value) => value.kind === 'running');
    const state = await waitFor(states(sampler), (value) => value.kind === 'unavailable');
    assert.match((state as { reason: string }).reason, /^NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver/);
    assert.equal(sampler.stats.restarts, 0, 'no restart loop against a missing driver');
    await sampler.stop();
    for (const pid of loopPids(replay)) assert.equal(isAlive(pid), false, `pid ${pid} is gone`);
  });
});

test('fields an older driver rejects fall back to their older name or are dropped', async () => {
  await withSampler({ NVIDIA_SMI_REPLAY_REJECT_FIELDS: 'temperature.memory,clocks_throttle_reasons.active' }, async (sampler) => {
    sampler.acquire();
    const running = await waitFor(states(sampler), (value) => value.kind === 'running');
    assert.ok(running.kind === 'running');
    assert.deepEqual(running.droppedFields, ['temperature.memory']);
    assert.ok(running.fields.includes('clocks_event_reasons.active') && !running.fields.includes('temperature.memory'));
    const snapshot = await waitFor(snapshots(sampler), () => true);
    assert.equal(snapshot.gpus[0].memoryTemperatureC, null);
    // The capture's idle sample reads 0x4 (sw_power_cap), its load sample 0x0.
    assert.ok(snapshot.gpus[0].throttleReasons !== null && ['[]', '["sw_power_cap"]'].includes(JSON.stringify(snapshot.gpus[0].throttleReasons)));
  });
});

test('no devices is unavailable with a reason', async () => {
  await withSampler({ NVIDIA_SMI_REPLAY_NO_DEVICES: '1' }, async (sampler) => {
    sampler.acquire();
    const state = await waitFor(states(sampler), (value) => value.kind === 'unavailable');
    assert.equal((state as { reason: string }).reason, 'No NVIDIA GPU found (nvidia-smi: No devices were found)');
  });
});

test('sampling stops, and its processes exit, when the last observer lets go', async () => {
  await withSampler({}, async (sampler, replay) => {
    const first = sampler.acquire();
    const second = sampler.acquire();
    await collect(snapshots(sampler), 2);
    const pids = sampler.processIds();
    assert.equal(pids.length, 2, 'the GPU loop and the process loop');
    first.dispose();
    await collect(snapshots(sampler), 1);
    assert.ok(pids.every(isAlive), 'one observer left: still sampling');
    second.dispose();
    second.dispose(); // releasing twice counts once
    await waitFor(states(sampler), (value) => value.kind === 'stopped');
    for (const pid of pids) assert.equal(isAlive(pid), false, `pid ${pid} is gone`);
    assert.deepEqual(sampler.processIds(), []);
    // Observed again: it starts again without re-checking availability.
    const checks = replay.runs().filter((run) => !run.loop).length;
    sampler.acquire();
    await collect(snapshots(sampler), 1);
    assert.equal(replay.runs().filter((run) => !run.loop).length, checks);
  });
});

test('MIG instances from -q -x are listed under their GPU while streaming', async () => {
  const env = {
    NVIDIA_SMI_REPLAY_GPUS: 'csv/h200_590.48.01_idle_query-gpu.csv',
    NVIDIA_SMI_REPLAY_SET: 'mig.mode.current=Enabled',
    NVIDIA_SMI_REPLAY_XML: resolve(__dirname, '../fixtures/gpu/mig-a100-v12.xml'),
  };
  await withSampler(env, async (sampler) => {
    sampler.acquire();
    await waitFor(states(sampler), (value) => value.kind === 'running');
    const snapshot = await waitFor(snapshots(sampler), () => true);
    assert.equal(snapshot.gpus[0].migMode, 'Enabled');
    assert.deepEqual(snapshot.gpus[0].migDevices.map((mig) => [mig.gpuInstanceId, mig.memoryTotalMiB]), [
      [1, 40448],
      [2, 40448],
    ]);
  });
});

test('on a MIG GPU each process is placed in its instance (from -q -x), and the layout is read again while streaming', async () => {
  // The MIG capture's compute-apps rows (pids 4101 and 4177, listed by GPU UUID only), moved to the replayed H200's bus.
  const capture = readFileSync(resolve(__dirname, '../fixtures/gpu/mig-a100-capture.txt'), 'utf8').split('\n');
  const header = capture.find((line) => line.startsWith('timestamp, gpu_name, gpu_bus_id'))!;
  const rows = capture.filter((line) => /^\d{4}\/.*, 00000000:00:09\.0, .*, \d+, python/.test(line)).map((line) => line.replace('00000000:00:09.0', '00000000:83:00.0'));
  assert.equal(rows.length, 2);
  const dir = mkdtempSync(join(tmpdir(), 'ts-mig-apps-'));
  writeFileSync(join(dir, 'apps.csv'), `${header}\n${rows.join('\n')}\n`);
  const env = {
    NVIDIA_SMI_REPLAY_GPUS: 'csv/h200_590.48.01_idle_query-gpu.csv',
    NVIDIA_SMI_REPLAY_SET: 'mig.mode.current=Enabled',
    NVIDIA_SMI_REPLAY_XML: resolve(__dirname, '../fixtures/gpu/mig-a100-v12.xml'),
    NVIDIA_SMI_REPLAY_APPS: join(dir, 'apps.csv'),
  };
  const replay = setUpReplay(env);
  const sampler = new NvidiaSmiSampler({ ...fast, migIntervalMs: 100, binary: 'nvidia-smi', env: replay.env, localProcessFacts: false });
  try {
    sampler.acquire();
    const xmlReads = () => replay.runs().filter((run) => run.args.includes('-x')).length;
    const snapshot = await waitFor(snapshots(sampler), (value) => value.processes.length === 2 && xmlReads() >= 2);
    // mig-a100-v12.xml places 4101 in GI 1 and 4177 in GI 2 (CI 0 both).
    const { instances, rest } = groupByMig(snapshot.gpus[0], snapshot.processes);
    assert.deepEqual(
      instances.map((group) => [group.mig.gpuInstanceId, group.processes.map((process) => [process.pid, process.computeInstanceId])]),
      [
        [1, [[4101, 0]]],
        [2, [[4177, 0]]],
      ],
    );
    assert.deepEqual(rest, []);
  } finally {
    await sampler.stop();
    sampler.dispose();
    replay.cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
});
