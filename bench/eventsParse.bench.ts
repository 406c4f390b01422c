// The measuring half of eventsParse.bench.mjs (which bundles this file like the extension is bundled):
// writes a scalar logdir with our writer, then times, in the same process and on the same bytes,
//  - the baseline: a plain chunked read plus CRC32C of every byte (the floor any checked reader pays),
//  - our LogdirReader (CRC-checked frames, fast scalar path, columnar run store),
//  - protobufjs' generic Event decode on a sample (what the fast path replaces).
// Throughput is reported against wall time and against CPU time: the parse runs on one core, and on a
// shared machine CPU time is the fairer measure of what that core did.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32c } from '../src/core/events/crc32c';
import { eventTypes } from '../src/core/events/eventSchema';
import { EventFileWriter } from '../src/core/events/eventWriter';
import { LogdirReader } from '../src/core/events/logdirReader';

const MiB = 2 ** 20;
const TAGS = ['train/loss', 'train/accuracy', 'train/learning_rate', 'val/loss'];

/** Options: total logdir size, runs, and how many times each measurement repeats (the median is kept). */
export interface EventsParseOptions {
  megabytes?: number;
  runs?: number;
  repeats?: number;
}

interface Timing {
  wallS: number;
  cpuS: number;
}

function timed(work: () => void): Timing {
  const cpu = process.cpuUsage();
  const start = performance.now();
  work();
  const used = process.cpuUsage(cpu);
  return { wallS: (performance.now() - start) / 1000, cpuS: (used.user + used.system) / 1e6 };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (value: number) => Math.round(value * 10) / 10;
const round2 = (value: number) => Math.round(value * 100) / 100;

function writeLogdir(root: string, megabytes: number, runs: number): { files: string[]; bytes: number; points: number } {
  const files: string[] = [];
  let points = 0;
  for (let r = 0; r < runs; r++) {
    const writer = new EventFileWriter(join(root, `run_${r}`), { time: 1700000000 + r, host: 'bench', pid: 1, index: 0 });
    let value = 1;
    let step = 0;
    while (statSync(writer.path).size < (megabytes * MiB) / runs) {
      // 65536 points between size checks; values follow a noisy decay like a loss curve.
      for (let i = 0; i < 16384; i++, step++) {
        value = value * 0.99999 + Math.sin(step) * 1e-3;
        for (const tag of TAGS) writer.addScalar(tag, value, step, 1700000000 + step * 0.05);
        points += TAGS.length;
      }
      writer.flush();
    }
    writer.close();
    files.push(writer.path);
  }
  return { files, bytes: files.reduce((sum, file) => sum + statSync(file).size, 0), points };
}

function readAndCrc(files: string[]): number {
  const buffer = new Uint8Array(8 * MiB);
  let checksum = 0;
  for (const file of files) {
    const fd = openSync(file, 'r');
    for (let position = 0; ; ) {
      const got = readSync(fd, buffer, 0, buffer.length, position);
      if (got === 0) break;
      checksum ^= crc32c(buffer, 0, got);
      position += got;
    }
    closeSync(fd);
  }
  return checksum;
}

function protobufjsSample(file: string, sampleBytes: number): { bytes: number; records: number; timing: Timing } {
  const buffer = new Uint8Array(sampleBytes);
  const fd = openSync(file, 'r');
  const got = readSync(fd, buffer, 0, sampleBytes, 0);
  closeSync(fd);
  const view = new DataView(buffer.buffer);
  const Event = eventTypes().Event;
  let at = 0;
  let records = 0;
  const timing = timed(() => {
    while (at + 12 <= got) {
      const length = view.getUint32(at, true);
      if (at + 16 + length > got) break;
      Event.decode(buffer.subarray(at + 12, at + 12 + length));
      at += 16 + length;
      records++;
    }
  });
  return { bytes: at, records, timing };
}

/** Runs the benchmark; returns the result row of `npm run bench`. */
export function measureEventsParse(options: EventsParseOptions = {}): Record<string, unknown> {
  const megabytes = options.megabytes ?? 1024;
  const runs = options.runs ?? 4;
  const repeats = options.repeats ?? 3;
  const root = mkdtempSync(join(tmpdir(), 'tensorsight-bench-events-'));
  try {
    let logdir = { files: [] as string[], bytes: 0, points: 0 };
    const write = timed(() => (logdir = writeLogdir(root, megabytes, runs)));
    const mb = logdir.bytes / MiB;
    const baseline: Timing[] = [];
    const parse: Timing[] = [];
    let recordsRead = 0;
    let fastShare = 0;
    for (let r = 0; r < repeats; r++) {
      baseline.push(timed(() => readAndCrc(logdir.files)));
      let reader: LogdirReader | undefined;
      parse.push(timed(() => (reader = new LogdirReader(root)).poll()));
      const runReaders = reader!.runList();
      recordsRead = runReaders.reduce((sum, run) => sum + run.totals().records, 0);
      const fast = runReaders.reduce((sum, run) => sum + run.decoder.fastRecords, 0);
      fastShare = fast / recordsRead;
      const kept = runReaders.reduce((sum, run) => sum + run.store.scalarTags().reduce((n, tag) => n + run.store.scalar(tag)!.length, 0), 0);
      if (kept !== logdir.points) throw new Error(`read ${kept} points, wrote ${logdir.points}`);
      reader = undefined;
    }
    // The host reads in 4 MiB slices (src/host/runs/runsModel.ts): the longest slice is the longest stall of its event loop.
    const slices: number[] = [];
    const sliced = new LogdirReader(root);
    for (let more = true, rescan = true; more; rescan = false) {
      const start = performance.now();
      more = sliced.poll({ rescan, maxBytes: 4 * MiB }).more;
      slices.push(performance.now() - start);
    }
    const generic = protobufjsSample(logdir.files[0], 64 * MiB);
    const parseWall = mb / median(parse.map((t) => t.wallS));
    const parseCpu = mb / median(parse.map((t) => t.cpuS));
    const baseWall = mb / median(baseline.map((t) => t.wallS));
    const baseCpu = mb / median(baseline.map((t) => t.cpuS));
    return {
      name: 'eventsParse',
      what: `scalar logdir (${runs} runs, ${TAGS.length} tags, simple_value) written by EventFileWriter, read by LogdirReader with every CRC checked and every point kept; median of ${repeats}; files in the page cache`,
      unit: 'MB/s',
      value: round(parseWall),
      target: 300,
      better: 'higher',
      pass: parseWall >= 300,
      samples: parse.map((t) => round(mb / t.wallS)),
      megabytes: round(mb),
      points: logdir.points,
      records: recordsRead,
      fastPathShare: round2(fastShare),
      pointsPerSecondMillions: round(logdir.points / median(parse.map((t) => t.wallS)) / 1e6),
      cpuTime: { what: 'MB per CPU-second of this process (user + system)', parse: round(parseCpu), baselineReadPlusCrc: round(baseCpu), ratio: round2(parseCpu / baseCpu) },
      baselineReadPlusCrc: { what: 'chunked read + CRC32C of every byte, same files, same run', mbPerSec: round(baseWall), samples: baseline.map((t) => round(mb / t.wallS)) },
      ratioToBaseline: round2(parseWall / baseWall),
      protobufjsGenericDecode: {
        what: 'protobufjs Event.decode of each record (no CRC, no store) on the first 64 MiB',
        mbPerSec: round(generic.bytes / MiB / generic.timing.wallS),
        recordsPerSecondMillions: round(generic.records / generic.timing.wallS / 1e6),
        fastPathSpeedup: round(parseWall / (generic.bytes / MiB / generic.timing.wallS)),
      },
      writeMBps: round(mb / write.wallS),
      hostSlices: { what: 'the same logdir read as the extension host reads it, in 4 MiB slices: slice count and the longest and median slice in ms', count: slices.length, maxMs: round(Math.max(...slices)), medianMs: round(median(slices)) },
    };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
