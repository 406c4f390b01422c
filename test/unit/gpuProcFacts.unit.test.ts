// The /proc readers behind the GPUs view's user, CPU %, running time and run columns, on this test process and on
// children it starts; expected figures come from Node (process.*, os.*), getconf and ps, never from the readers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir, userInfo, uptime } from 'node:os';
import { join } from 'node:path';
import { LocalProcessFacts, runDirVariable, sameProgram } from '../../src/core/gpu/localProcessFacts';
import { clockTicksFromAuxv, cpuPercent, environValue, parsePasswd, parseProcStat, parseStatusUid, parseUptime, splitNul } from '../../src/core/gpu/procFiles';
import { type GpuProcess } from '../../src/core/gpu/gpuSnapshot';

const linux = process.platform === 'linux' ? false : 'reads /proc, which only Linux has';
const sleepBinary = '/usr/bin/sleep';
const hz = () => Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

function gpuProcess(pid: number, name: string): GpuProcess {
  return { gpu: 0, gpuUuid: null, pid, name, memoryMiB: 512, type: 'C', gpuInstanceId: null, computeInstanceId: null };
}

async function started(child: ChildProcess): Promise<number> {
  if (child.pid === undefined) await once(child, 'spawn');
  return child.pid!;
}

test('stat of this process: its comm, parent and CPU time as Node and the kernel report them', { skip: linux }, () => {
  const stat = parseProcStat(readFileSync('/proc/self/stat', 'utf8'));
  assert.ok(stat);
  assert.equal(stat.comm, readFileSync('/proc/self/comm', 'utf8').trimEnd());
  assert.equal(stat.ppid, process.ppid);
  // getrusage (process.cpuUsage) and the stat ticks count the same CPU time; they differ by the ticks' rounding.
  const usage = process.cpuUsage();
  const seconds = (usage.user + usage.system) / 1e6;
  assert.ok(Math.abs(stat.cpuTicks / hz() - seconds) < 0.1, `${stat.cpuTicks} ticks vs ${seconds} s`);
});

test('stat of a child whose name holds spaces and parentheses', { skip: linux }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'ts-proc-'));
  const odd = join(dir, 'a (b) c');
  symlinkSync(sleepBinary, odd);
  const child = spawn(odd, ['30'], { stdio: 'ignore' });
  t.after(() => {
    child.kill();
    rmSync(dir, { recursive: true, force: true });
  });
  const pid = await started(child);
  const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  assert.equal(stat?.comm, readFileSync(`/proc/${pid}/comm`, 'utf8').trimEnd());
  assert.equal(stat?.comm, 'a (b) c');
  assert.equal(stat?.ppid, process.pid);
});

test('uid, user name, clock rate and uptime agree with Node, getconf and os.uptime', { skip: linux }, () => {
  assert.equal(parseStatusUid(readFileSync('/proc/self/status', 'utf8')), process.getuid!());
  assert.equal(parsePasswd(readFileSync('/etc/passwd', 'utf8')).get(process.getuid!()), userInfo().username);
  assert.equal(clockTicksFromAuxv(readFileSync('/proc/self/auxv')), hz());
  const seconds = parseUptime(readFileSync('/proc/uptime', 'utf8'));
  assert.ok(seconds !== null && Math.abs(seconds - uptime()) < 2, `${seconds} vs ${uptime()}`);
});

test('cmdline and environ of a child: its arguments and the run folder it was given', { skip: linux }, async (t) => {
  const runDir = join(tmpdir(), 'tensorsight-runs', 'train', '20260603-101500-train');
  const child = spawn(sleepBinary, ['30'], { stdio: 'ignore', env: { ...process.env, [runDirVariable]: runDir } });
  t.after(() => child.kill());
  const pid = await started(child);
  assert.deepEqual(splitNul(readFileSync(`/proc/${pid}/cmdline`)), [sleepBinary, '30']);
  assert.equal(environValue(splitNul(readFileSync(`/proc/${pid}/environ`)), runDirVariable), runDir);
  assert.equal(environValue(splitNul(readFileSync('/proc/self/environ')), 'TENSORSIGHT_NO_SUCH_VARIABLE'), null);
});

test('CPU % is the ticks spent over the wall time between two readings, in percent of one core', () => {
  assert.equal(cpuPercent({ cpuTicks: 100, atMs: 0 }, { cpuTicks: 150, atMs: 1000 }, 100), 50);
  assert.equal(cpuPercent({ cpuTicks: 0, atMs: 0 }, { cpuTicks: 400, atMs: 2000 }, 100), 200);
  assert.equal(cpuPercent({ cpuTicks: 5, atMs: 1000 }, { cpuTicks: 5, atMs: 1000 }, 100), null);
  assert.equal(cpuPercent({ cpuTicks: 9, atMs: 0 }, { cpuTicks: 5, atMs: 1000 }, 100), null);
});

test('LocalProcessFacts: user, command, start, run and CPU % of a busy and an idle child', { skip: linux }, async (t) => {
  const runDir = join(tmpdir(), 'tensorsight-runs', 'spin', '20260603-101500-spin');
  const spawnedAt = Date.now();
  const busy = spawn(process.execPath, ['-e', 'const end = Date.now() + 20000; while (Date.now() < end);'], { stdio: 'ignore', env: { ...process.env, [runDirVariable]: runDir } });
  const idle = spawn(sleepBinary, ['30'], { stdio: 'ignore' });
  t.after(() => {
    busy.kill();
    idle.kill();
  });
  const [busyPid, idlePid] = await Promise.all([started(busy), started(idle)]);
  const facts = new LocalProcessFacts();
  const listed = [gpuProcess(busyPid, process.execPath), gpuProcess(idlePid, sleepBinary)];
  const [first] = facts.annotate(listed);
  assert.ok(first.local, 'the busy child is local');
  assert.equal(first.local.user, userInfo().username);
  assert.equal(first.local.executable, realpathSync(process.execPath));
  assert.equal(first.local.runDir, runDir);
  assert.equal(first.local.cpuPercent, null, 'no CPU % before a second reading');
  assert.ok(first.local.startedAt !== null && first.local.startedAt >= spawnedAt - 1500 && first.local.startedAt <= Date.now() + 1500, `started ${first.local.startedAt}, spawned ${spawnedAt}`);
  await new Promise((resolve) => setTimeout(resolve, 600));
  const [busyAgain, idleAgain] = facts.annotate(listed);
  // One core spins; a shared test machine may give it less than the whole core, never more.
  const busyCpu = busyAgain.local?.cpuPercent ?? -1;
  assert.ok(busyCpu > 20 && busyCpu <= 110, `busy child at ${busyCpu}%`);
  assert.equal(idleAgain.local?.cpuPercent, 0);
  assert.equal(idleAgain.local?.command, `${sleepBinary} 30`);
  assert.equal(idleAgain.local?.runDir, null, 'not launched by Tensorsight');
});

test('pids that are not the listed program, or not alive, get no local facts (replayed fixtures)', { skip: linux }, async (t) => {
  const child = spawn(sleepBinary, ['30'], { stdio: 'ignore' });
  t.after(() => child.kill());
  const pid = await started(child);
  const gone = spawn(sleepBinary, ['0'], { stdio: 'ignore' });
  const gonePid = await started(gone);
  await once(gone, 'exit');
  const annotated = new LocalProcessFacts().annotate([gpuProcess(pid, '/usr/bin/ffmpeg'), gpuProcess(gonePid, 'sleep')]);
  assert.deepEqual(
    annotated.map((entry) => entry.local),
    [undefined, undefined],
  );
});

test('sameProgram matches nvidia-smi names to argv[0], the executable or the 15-byte comm', () => {
  assert.equal(sameProgram('/usr/bin/python3 train.py', 'python3', '/usr/bin/python3.11', 'python3'), true);
  assert.equal(sameProgram('python', 'python', '/usr/bin/python3.11', 'python'), true);
  assert.equal(sameProgram('/opt/app/a-very-long-program-name', '/opt/app/other', null, 'a-very-long-pro'), true);
  assert.equal(sameProgram('ffmpeg', 'sleep', '/usr/bin/sleep', 'sleep'), false);
  assert.equal(sameProgram('', 'sleep', '/usr/bin/sleep', 'sleep'), true);
});
