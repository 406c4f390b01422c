// Per op type and per node deltas between two profiles (cpu against webgpu, or two versions of one model).
// Times are per run (a row's total over the profile's runs), so profiles with different run counts compare.
import type { ModelProfile, ProfileComparison } from '../modelProfile';

interface Timed {
  key: string;
  us: number;
}

function perRun(profile: ModelProfile, rows: { key: string; totalUs: number }[]): Map<string, number> {
  const runs = Math.max(1, profile.runs);
  const map = new Map<string, number>();
  for (const row of rows) map.set(row.key, (map.get(row.key) ?? 0) + row.totalUs / runs);
  return map;
}

function deltas(a: Map<string, number>, b: Map<string, number>): (Timed & { aUs: number | null; bUs: number | null; deltaUs: number; ratio: number | null })[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  return keys
    .map((key) => {
      const aUs = a.get(key) ?? null;
      const bUs = b.get(key) ?? null;
      const deltaUs = (bUs ?? 0) - (aUs ?? 0);
      return { key, us: Math.abs(deltaUs), aUs, bUs, deltaUs, ratio: aUs !== null && bUs !== null && aUs > 0 ? bUs / aUs : null };
    })
    .sort((x, y) => y.us - x.us || x.key.localeCompare(y.key));
}

/** `b` against the baseline `a`: per-run microseconds of each op type and node, largest change first. */
export function compareProfiles(a: ModelProfile, b: ModelProfile): ProfileComparison {
  const opRows = (profile: ModelProfile): Map<string, number> => perRun(profile, profile.ops.map((row) => ({ key: row.op, totalUs: row.totalUs })));
  const nodeRows = (profile: ModelProfile): Map<string, number> => perRun(profile, profile.nodes.map((row) => ({ key: row.name, totalUs: row.totalUs })));
  const opOf = new Map([...a.nodes, ...b.nodes].map((row) => [row.name, row.op]));
  return {
    a: { model: a.model, ep: a.ep, meanMs: a.latencyMs.mean },
    b: { model: b.model, ep: b.ep, meanMs: b.latencyMs.mean },
    ops: deltas(opRows(a), opRows(b)).map(({ key, aUs, bUs, deltaUs, ratio }) => ({ op: key, aUs, bUs, deltaUs, ratio })),
    nodes: deltas(nodeRows(a), nodeRows(b)).map(({ key, aUs, bUs, deltaUs, ratio }) => ({ name: key, op: opOf.get(key) ?? '', aUs, bUs, deltaUs, ratio })),
  };
}
