// `tensorsight profile <model.onnx>` (options in `usage` below): ONNX Runtime latency and per-operator profile
// of a model, run in a child process (JSON contract: docs/cli.md).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError, UsageError, parseArgs, type CliCommand } from '../cliCommand';
import { parseDimsFlag } from './summary';
import { formatMicros, formatMillis, formatPercent, formatDeltaMicros } from '../../core/display/durations';
import type { ExecutionProviderName, ModelProfile, ProfileComparison } from '../../core/profile/modelProfile';
import { compareProfiles } from '../../core/profile/ort/compareProfiles';
import { nodesCsv, opsCsv } from '../../core/profile/ort/profileExport';
import { availableProviders, DEFAULT_RUNS, DEFAULT_WARMUP, profileModel } from '../../core/profile/ort/profileModel';
import { providerNames } from '../../core/profile/ort/providerFacts';

const usage = `Usage: tensorsight profile <model.onnx> [--ep cpu|webgpu|cuda|tensorrt|dml|coreml] [--runs N] [--warmup N]
                          [--dims name=value,...] [--inputs a.npy,b.npy|x.npz|t.pb] [--json] [--csv ops|nodes]
                          [--compare other.json] [--ort-profile out.json]

Runs the model with ONNX Runtime (onnxruntime-node, in a child process): warm-up runs, then N measured runs
(latency p50/p90/p99/mean, throughput), then N runs with ORT's profiler on for the time of every node and op type.

  --ep         execution provider (default cpu); one that cannot run here exits with code 1 and the reason
  --runs N     measured runs, and profiled runs (default ${DEFAULT_RUNS})
  --warmup N   runs before each measurement, not counted (default ${DEFAULT_WARMUP})
  --dims       values for symbolic input dims, e.g. --dims batch=1,seq=128 (as in summary); an unbound dim is an error
  --inputs     the inputs from files instead of random values: .npy, .npz (members by input name), ONNX TensorProto
               .pb; a tensor named like an input feeds it, the others feed the remaining inputs in order
  --json       the profile: {model, ep, runs, warmup, inputs, latencyMs: {p50, p90, p99, mean, stdev, min, max},
               throughput, modelLoadMs, sessionInitMs, profiledRunMs, profilingOverheadPct,
               ops: [{op, calls, totalUs, meanUs, pct, providers}], nodes: [...], timeline, runtime, warnings}
  --csv T      the op-type (ops) or node (nodes) table as CSV on stdout
  --compare F  a profile saved with --json as the baseline: per-op and per-node deltas (added as "comparison")
  --ort-profile F  keep ONNX Runtime's own profile JSON (warm-up and profiled runs) at F; tensorsight trace reads it`;

function positiveInt(flag: string | true | undefined, name: string, fallback: number, min: number): number {
  if (flag === undefined) return fallback;
  const value = Number(flag);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} needs an integer of at least ${min}, got '${String(flag)}'`);
  return value;
}

function readBaseline(file: string): ModelProfile {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError(`${file}: cannot read a profile saved with --json: ${(error as Error).message}`);
  }
  const profile = json as Partial<ModelProfile>;
  if (!Array.isArray(profile.ops) || !Array.isArray(profile.nodes) || typeof profile.latencyMs?.mean !== 'number') {
    throw new InputError(`${file}: expected a profile saved by tensorsight profile --json (ops, nodes, latencyMs)`);
  }
  return profile as ModelProfile;
}

function text(profile: ModelProfile, comparison: ProfileComparison | undefined): string {
  const { latencyMs: l } = profile;
  const lines = [
    `${profile.model} on ${profile.ep} (${profile.runtime}), ${profile.runs} runs after ${profile.warmup} warm-up`,
    `inputs      ${profile.inputs.map((input) => `${input.name} ${input.dtype}[${input.shape.join(',')}] (${input.source})`).join('; ')}`,
    `latency     p50 ${formatMillis(l.p50)}  p90 ${formatMillis(l.p90)}  p99 ${formatMillis(l.p99)}  mean ${formatMillis(l.mean)} ± ${formatMillis(l.stdev)}  (${profile.throughput.toFixed(1)} runs/s)`,
    `load/init   ${formatMillis(profile.modelLoadMs)} / ${formatMillis(profile.sessionInitMs)}`,
    `profiled    ${formatMillis(profile.profiledRunMs)} per run (overhead ${formatPercent(profile.profilingOverheadPct)})`,
    '',
    `${'op'.padEnd(24)} ${'calls'.padStart(7)} ${'total'.padStart(11)} ${'mean'.padStart(11)} ${'share'.padStart(8)}`,
    ...profile.ops.map((row) => `${row.op.padEnd(24)} ${String(row.calls).padStart(7)} ${formatMicros(row.totalUs).padStart(11)} ${formatMicros(row.meanUs).padStart(11)} ${formatPercent(row.pct).padStart(8)}`),
    '',
    'slowest nodes:',
    ...profile.nodes.slice(0, 10).map((row) => `  ${formatMicros(row.meanUs).padStart(10)} ${formatPercent(row.pct).padStart(8)}  ${row.op.padEnd(18)} ${row.name}${row.fellBack ? '  (fell back to CPU)' : ''}`),
    ...profile.warnings.map((warning) => `warning: ${warning}`),
  ];
  if (comparison) {
    lines.push('', `against ${comparison.a.model} on ${comparison.a.ep}: mean ${formatMillis(comparison.a.meanMs)} -> ${formatMillis(comparison.b.meanMs)}`);
    for (const row of comparison.ops.slice(0, 15)) {
      lines.push(`  ${row.op.padEnd(24)} ${formatMicros(row.aUs).padStart(11)} -> ${formatMicros(row.bUs).padStart(11)}  ${formatDeltaMicros(row.deltaUs).padStart(12)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export const profileCommand: CliCommand = {
  name: 'profile',
  summary: 'ONNX Runtime latency and per-operator profile of an ONNX model (cpu, webgpu, cuda)',
  usage,
  async run(args, io) {
    const { flags, positionals } = parseArgs(args, ['ep', 'runs', 'warmup', 'dims', 'inputs', 'csv', 'compare', 'ort-profile']);
    if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'missing the model file' : 'expected exactly one model file');
    const ep = (flags.get('ep') ?? 'cpu') as ExecutionProviderName;
    if (!providerNames.includes(ep)) throw new UsageError(`--ep is one of ${providerNames.join(', ')}, got '${String(ep)}'`);
    const runs = positiveInt(flags.get('runs'), 'runs', DEFAULT_RUNS, 1);
    const warmup = positiveInt(flags.get('warmup'), 'warmup', DEFAULT_WARMUP, 0);
    const dims = parseDimsFlag(flags.get('dims'));
    const inputsFlag = flags.get('inputs');
    const inputFiles = typeof inputsFlag === 'string' ? inputsFlag.split(',').filter((file) => file !== '') : [];
    const csv = flags.get('csv');
    if (csv !== undefined && csv !== 'ops' && csv !== 'nodes') throw new UsageError(`--csv is ops or nodes, got '${String(csv)}'`);
    const compare = flags.get('compare');
    const baseline = typeof compare === 'string' ? readBaseline(compare) : undefined;
    const model = positionals[0];
    if (!fs.existsSync(model)) throw new InputError(`${model}: no such file`);
    if (ep !== 'cpu') {
      const availability = (await availableProviders([ep])).find((entry) => entry.name === ep);
      if (!availability?.available) throw new InputError(`the ${ep} execution provider cannot run here: ${availability?.reason ?? 'unknown provider'}`);
    }
    const keep = flags.get('ort-profile');
    if (keep === true) throw new UsageError('--ort-profile needs a file name');
    let profile: ModelProfile;
    try {
      profile = await profileModel({ model, ep, runs, warmup, dims, inputFiles, keepProfileFile: keep !== undefined });
    } catch (error) {
      throw new InputError((error as Error).message);
    }
    if (keep !== undefined && profile.profileFile) {
      fs.copyFileSync(profile.profileFile, keep);
      fs.rmSync(path.dirname(profile.profileFile), { recursive: true, force: true });
      profile.profileFile = path.resolve(keep);
    }
    const comparison = baseline ? compareProfiles(baseline, profile) : undefined;
    if (csv === 'ops') io.out(opsCsv(profile.ops));
    else if (csv === 'nodes') io.out(nodesCsv(profile.nodes));
    else if (flags.has('json')) io.out(`${JSON.stringify(comparison ? { ...profile, comparison } : profile, null, 2)}\n`);
    else io.out(text(profile, comparison));
    return 0;
  },
};
