// Whether the GPUs view may stop a process (core/gpu/killRefusal.ts): the owner read from /proc matches what `ps`
// reports, the refusals follow the rules, and a failed stop reads in words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { killFailure, killRefusal, processOwnerUid, statusUid, type KillContext } from '../../src/core/gpu/killRefusal';

const hasProc = existsSync('/proc/self/status');
const hasPs = spawnSync('ps', ['-o', 'uid=', '-p', String(process.pid)], { encoding: 'utf8' }).status === 0;

test('the owner from /proc is the uid `ps` reports, for this process and for pid 1', { skip: hasProc && hasPs ? false : 'needs /proc and ps (Linux)' }, async () => {
  for (const pid of [process.pid, 1]) {
    const ps = Number(spawnSync('ps', ['-o', 'uid=', '-p', String(pid)], { encoding: 'utf8' }).stdout.trim());
    assert.equal(await processOwnerUid(pid), ps, `pid ${pid}`);
  }
  assert.equal(await processOwnerUid(2 ** 30), undefined, 'no such process');
});

test('statusUid reads the real uid from a status text, the first of its four columns', () => {
  assert.equal(statusUid('Name:\tpython3\nUmask:\t0022\nState:\tS (sleeping)\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\n'), 1000);
  assert.equal(statusUid('Uid:\t0\t1000\t0\t0\n'), 0);
  assert.equal(statusUid('Name:\tpython3\n'), undefined);
});

/** A context where user `uid` asks, and every other process belongs to `owner`. */
const as = (uid: number | undefined, owner: number | undefined): KillContext => ({ selfPid: 4242, uid, ownerOf: async () => owner });

test('refusals: init, non-pids, the extension host itself, and another user\'s process unless root asks', async () => {
  assert.equal(await killRefusal(1, as(1000, 1000)), 'pid 1 is not a process that can be stopped');
  assert.equal(await killRefusal(0, as(1000, 1000)), 'pid 0 is not a process that can be stopped');
  assert.equal(await killRefusal(12.5, as(1000, 1000)), 'pid 12.5 is not a process that can be stopped');
  assert.equal(await killRefusal(4242, as(1000, 1000)), 'that is the VS Code extension host itself');
  assert.equal(await killRefusal(777, as(1000, 0)), 'process 777 belongs to user id 0, not to you (1000)');
  assert.equal(await killRefusal(777, as(1000, 1000)), undefined);
  assert.equal(await killRefusal(777, as(0, 1000)), undefined, 'root may stop any process');
  assert.equal(await killRefusal(777, as(1000, undefined)), undefined, 'owner unknown (no /proc): the OS decides');
  assert.equal(await killRefusal(777, as(undefined, 0)), undefined, 'no uids on this platform (Windows)');
});

test('a child of ours may be stopped; stopping it again fails with "already exited"', { skip: hasProc ? false : 'needs /proc (Linux)' }, async () => {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  assert.equal(await killRefusal(child.pid!), undefined);
  process.kill(child.pid!, 'SIGTERM');
  await exited;
  let error: unknown;
  try {
    process.kill(child.pid!, 'SIGTERM');
  } catch (thrown) {
    error = thrown;
  }
  assert.equal(killFailure(error), 'it has already exited');
  assert.equal(killFailure(Object.assign(new Error('kill EPERM'), { code: 'EPERM' })), 'permission denied (it runs as another user)');
  assert.equal(killFailure(new Error('something else')), 'something else');
});
