// The per-run summary of DESIGN.md §4 (`tensorsight events --json`), built from what a LogdirReader read.
import { relative } from 'node:path';
import type { HParamsData } from './eventTypes';
import type { RunReader } from './runReader';
import type { DroppedPoints } from './runStore';

/** One scalar tag in the report: how many points were kept, and the first and last. */
export interface ScalarReport {
  count: number;
  first: { step: number; value: number };
  last: { step: number; value: number };
}

/** One run of `tensorsight events --json`; fields past `other` are additions to the contract. */
export interface RunReport {
  run: string;
  files: number;
  records: number;
  corrupt: number;
  scalars: Record<string, ScalarReport>;
  histograms: Record<string, number>;
  other: Record<string, number>;
  /** Plugin or value kind of each `other` tag (images, text, hparams, ...). */
  otherKinds: Record<string, string>;
  /** Points a restart orphaned, by reason (the rule is in runStore.ts); every other point is kept. */
  dropped: DroppedPoints;
  hparams?: HParamsData;
  eventFiles: {
    path: string;
    bytes: number;
    records: number;
    fileVersion?: string;
    kinds: Record<string, number>;
    pendingBytes: number;
    corrupt: { offset: number; length: number; reason: string }[];
  }[];
}

/** Builds the report of one run; file paths are shown relative to `root`. */
export function runReport(run: RunReader, root: string): RunReport {
  const store = run.store;
  const totals = run.totals();
  const scalars: Record<string, ScalarReport> = {};
  for (const tag of store.scalarTags()) {
    const series = store.scalar(tag);
    if (!series || series.length === 0) continue;
    const last = series.length - 1;
    scalars[tag] = {
      count: series.length,
      first: { step: series.stepAt(0), value: series.valueAt(0) },
      last: { step: series.stepAt(last), value: series.valueAt(last) },
    };
  }
  const histograms: Record<string, number> = {};
  for (const [tag, series] of store.histograms) if (series.length > 0) histograms[tag] = series.length;
  const other: Record<string, number> = {};
  const otherKinds: Record<string, string> = {};
  for (const [tag, { kind, plugin, points }] of store.other) {
    if (points.length === 0) continue;
    other[tag] = points.length;
    otherKinds[tag] = plugin || kind;
  }
  const hasHParams = Object.keys(store.hparams).length > 0;
  return {
    run: run.name,
    files: run.files.length,
    records: totals.records,
    corrupt: totals.corrupt,
    scalars,
    histograms,
    other,
    otherKinds,
    dropped: { ...store.dropped },
    ...(hasHParams ? { hparams: store.hparams } : {}),
    eventFiles: run.files.map((file) => ({
      path: relative(root, file.path) || file.path,
      bytes: file.size,
      records: file.records,
      ...(file.fileVersion !== undefined ? { fileVersion: file.fileVersion } : {}),
      kinds: { ...file.kinds } as Record<string, number>,
      pendingBytes: file.pendingBytes,
      corrupt: file.corruptRegions.map((region) => ({ ...region })),
    })),
  };
}
