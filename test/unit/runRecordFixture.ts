// A run.json record for tests: a running `train.py` started 2026-12-03 10:00 UTC, with nothing else known;
// each test overrides what it is about.
import type { RunRecord } from '../../src/core/launch/runRecord';

export function runRecordFixture(overrides: Partial<RunRecord>): RunRecord {
  return {
    version: 1,
    id: '20261203-100000-train',
    script: '/work/project/train.py',
    args: [],
    cwd: '/work/project',
    interpreter: { path: '/usr/bin/python3', version: '3.11.2' },
    frameworks: {},
    git: null,
    env: {},
    host: 'test',
    gpus: [],
    driverVersion: null,
    startTime: '2026-12-03T10:00:00.000Z',
    endTime: null,
    status: 'running',
    exitCode: null,
    signal: null,
    pid: null,
    launcherPid: process.pid,
    progress: null,
    failure: null,
    linkedEventDirs: [],
    hparams: {},
    ...overrides,
  };
}
