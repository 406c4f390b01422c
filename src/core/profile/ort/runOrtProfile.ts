// Profiles one model with ONNX Runtime, in the profiler's child process: measured runs on a session without
// profiling (the latency a user gets), alternating with runs on a second session with ORT's profiler on for the
// per-node table, whose Session events also give the model load and session initialization times.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import { readOnnx } from '../../formats/onnx/onnxReader';
import type { ExecutionProviderName, ModelProfile } from '../modelProfile';
import { bodyNodeNames, controlFlowNodeNames } from './controlFlowTime';
import { mapProfiledNodes } from './fusedNodeMap';
import { latencyStats } from './latencyStats';
import { readOrtProfileEvents } from './ortProfileEvents';
import { declaredInputs, prepareInputs, type InputOptions } from './profileInputs';
import { profileTables } from './profileTables';

/** What to profile and how. */
export interface ProfileRequest extends InputOptions {
  model: string;
  ep: ExecutionProviderName;
  /** Measured runs without profiling (latency), and with profiling (the per-node table; default `runs`). */
  runs: number;
  profiledRuns?: number;
  /** Runs before each measurement, not counted. */
  warmup: number;
  graphOptimizationLevel?: 'disabled' | 'basic' | 'extended' | 'all';
  /** Folder ORT writes its profile JSON into. */
  profileDir: string;
}

/** Progress of a profile, for a progress bar. */
export interface ProfileProgress {
  stage: 'read' | 'load' | 'warmup' | 'measure' | 'profile' | 'parse';
  done?: number;
  total?: number;
}

type Feeds = Record<string, Ort.Tensor>;

async function timedRuns(session: Ort.InferenceSession, feeds: Feeds, count: number, report: (done: number) => void): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    await session.run(feeds);
    times.push(performance.now() - start);
    report(i + 1);
  }
  return times;
}

/** Runs the whole profile; errors name the model and what failed. */
export async function runOrtProfile(ort: typeof Ort, request: ProfileRequest, progress: (update: ProfileProgress) => void): Promise<ModelProfile> {
  const { model, ep, runs, warmup } = request;
  const profiledRuns = request.profiledRuns ?? runs;
  progress({ stage: 'read' });
  const graph = (await readOnnx(model)).graph;
  const prepared = await prepareInputs(model, declaredInputs(graph), request);
  const feeds: Feeds = {};
  for (const [name, tensor] of prepared.feeds) feeds[name] = new ort.Tensor(tensor.dtype as 'float32', tensor.data as Float32Array, tensor.shape);
  const options: Ort.InferenceSession.SessionOptions = { executionProviders: [ep], graphOptimizationLevel: request.graphOptimizationLevel ?? 'all', logSeverityLevel: 3 };
  const create = async (extra: Ort.InferenceSession.SessionOptions): Promise<Ort.InferenceSession> => {
    try {
      return await ort.InferenceSession.create(model, { ...options, ...extra });
    } catch (error) {
      throw new Error(`${model}: ONNX Runtime could not load the model with the ${ep} execution provider: ${firstLine(error)}`, { cause: error });
    }
  };
  const run = async <T>(what: string, body: () => Promise<T>): Promise<T> => {
    try {
      return await body();
    } catch (error) {
      throw new Error(`${model}: ONNX Runtime failed ${what} on ${ep}: ${firstLine(error)}`, { cause: error });
    }
  };
  progress({ stage: 'load' });
  const plain = await create({});
  fs.mkdirSync(request.profileDir, { recursive: true });
  const before = new Set(fs.readdirSync(request.profileDir));
  const profiled = await create({ enableProfiling: true, profileFilePrefix: path.join(request.profileDir, 'ort_profile') });
  const warmups = 2 * warmup;
  progress({ stage: 'warmup', done: 0, total: warmups });
  await run('a warm-up run', () => timedRuns(plain, feeds, warmup, (done) => progress({ stage: 'warmup', done, total: warmups })));
  await run('a warm-up run', () => timedRuns(profiled, feeds, warmup, (done) => progress({ stage: 'warmup', done: warmup + done, total: warmups })));
  // Plain and profiled runs alternate, so a busy machine or a clock change slows both alike and the
  // overhead compares like with like (both sessions are held at once: twice the model's memory).
  const latencies: number[] = [];
  const profiledTimes: number[] = [];
  for (let i = 0; i < Math.max(runs, profiledRuns); i++) {
    if (i < runs) latencies.push(...(await run('a measured run', () => timedRuns(plain, feeds, 1, () => progress({ stage: 'measure', done: i + 1, total: runs })))));
    if (i < profiledRuns) profiledTimes.push(...(await run('a profiled run', () => timedRuns(profiled, feeds, 1, () => progress({ stage: 'profile', done: i + 1, total: profiledRuns })))));
  }
  await plain.release();
  profiled.endProfiling();
  await profiled.release();

  progress({ stage: 'parse' });
  const written = fs.readdirSync(request.profileDir).filter((file) => !before.has(file) && file.endsWith('.json'));
  if (written.length !== 1) throw new Error(`${model}: expected ONNX Runtime to write one profile in ${request.profileDir}, found ${written.length}`);
  const profileFile = path.join(request.profileDir, written[0]);
  const events = readOrtProfileEvents(JSON.parse(fs.readFileSync(profileFile, 'utf8')), profileFile);
  const names = [...new Map(events.nodes.map((event) => [event.name, { name: event.name, op: event.op }])).values()];
  const graphNodes = mapProfiledNodes(graph, names);
  // Body nodes keep their names in ORT's profile (the fused-name mapping covers the main graph only).
  const inBodies = bodyNodeNames(graph);
  for (const [name, nodes] of graphNodes) if (nodes.length === 0 && inBodies.has(name)) nodes.push(name);
  const tables = profileTables(events, warmup, ep, graphNodes, controlFlowNodeNames(graph));
  const warnings: string[] = [];
  if (events.runs.length !== warmup + profiledRuns) warnings.push(`ONNX Runtime's profile holds ${events.runs.length} model_run events, ${warmup + profiledRuns} runs were made`);
  const fellBack = tables.nodes.filter((node) => node.fellBack).length;
  if (fellBack > 0) warnings.push(`${fellBack} of ${tables.nodes.length} nodes ran on the CPU provider: ${ep} does not implement them`);
  const latencyMs = latencyStats(latencies);
  const profiledRunMs = tables.measuredRuns.length > 0 ? tables.measuredRuns.reduce((sum, window) => sum + window.dur, 0) / tables.measuredRuns.length / 1000 : null;
  return {
    model,
    ep,
    runs,
    warmup,
    inputs: prepared.inputs,
    latencyMs,
    throughput: 1000 / latencyMs.mean,
    modelLoadMs: events.modelLoad ? events.modelLoad.dur / 1000 : null,
    sessionInitMs: events.sessionInit ? events.sessionInit.dur / 1000 : null,
    profiledRunMs,
    profilingOverheadPct: profiledRunMs === null ? null : ((profiledRunMs - latencyMs.mean) / latencyMs.mean) * 100,
    profiledLatencyMs: latencyStats(profiledTimes),
    ops: tables.ops,
    nodes: tables.nodes,
    timeline: tables.timeline,
    runtime: `onnxruntime-node ${ort.env.versions.node ?? ort.env.versions.common}`,
    profileFile,
    warnings,
  };
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
