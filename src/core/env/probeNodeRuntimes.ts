// Which TF.js backends and onnxruntime-node execution providers load here, each tried in its own Node process.
import type { OnnxruntimeNodeReport, RuntimeProbe, RuntimesReport } from './doctorReport';
import { findNodePackage } from './findNodePackage';
import { identityOnnxModel } from './identityOnnxModel';
import { NODE_RUNTIME_PROBE_SCRIPT, RUNTIME_PROBE_MARKER } from './nodeRuntimeProbeScript';
import { runProcess, type ProcessResult } from './runProcess';

/** TF.js backends in the order training prefers them (DESIGN.md §6); backend is the name tf.setBackend takes. */
export const TFJS_BACKENDS = [
  { module: '@tensorflow/tfjs-node-gpu', backend: 'tensorflow', label: 'tensorflow (CUDA)' },
  { module: '@tensorflow/tfjs-node', backend: 'tensorflow', label: 'tensorflow' },
  { module: '@tensorflow/tfjs-backend-webgpu', backend: 'webgpu', label: 'webgpu' },
  { module: '@tensorflow/tfjs-backend-wasm', backend: 'wasm', label: 'wasm' },
  { module: '@tensorflow/tfjs', backend: 'cpu', label: 'cpu' },
] as const;

export const ONNXRUNTIME_NODE = 'onnxruntime-node';

/** Providers to try when onnxruntime-node is too old to list its own. */
const FALLBACK_PROVIDERS = ['cpu', 'cuda', process.platform === 'win32' ? 'dml' : process.platform === 'darwin' ? 'coreml' : 'webgpu'];

/** Where to look for the packages and how to run Node. */
export interface NodeRuntimeOptions {
  /** The folder whose node_modules the extension (or CLI) resolves packages from. */
  moduleRoot: string;
  timeoutMs: number;
  /** The Node binary; VS Code's is Electron, hence ELECTRON_RUN_AS_NODE below. */
  nodePath?: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
}

export async function probeNodeRuntimes(options: NodeRuntimeOptions): Promise<RuntimesReport> {
  const [tfjs, onnxruntime] = await Promise.all([Promise.all(TFJS_BACKENDS.map((entry) => probeTfjs(entry, options))), probeOnnxruntime(options)]);
  return { node: { version: process.versions.node, execPath: options.nodePath ?? process.execPath }, moduleRoot: options.moduleRoot, tfjs, onnxruntime };
}

async function probeTfjs(entry: (typeof TFJS_BACKENDS)[number], options: NodeRuntimeOptions): Promise<RuntimeProbe> {
  const found = findNodePackage(options.moduleRoot, entry.module);
  const base = { module: entry.module, backend: entry.label, durationMs: 0 };
  if (!found) return { ...base, status: 'not-installed', error: `${entry.module} is not installed` };
  const result = await runTarget(`tfjs:${entry.backend}:${entry.module}`, options);
  return { ...base, version: found.version, ...result };
}

async function probeOnnxruntime(options: NodeRuntimeOptions): Promise<OnnxruntimeNodeReport> {
  const found = findNodePackage(options.moduleRoot, ONNXRUNTIME_NODE);
  if (!found) return { module: ONNXRUNTIME_NODE, status: 'not-installed', error: `${ONNXRUNTIME_NODE} is not installed`, providers: [] };
  const listing = await runTarget('ort:list', options);
  if (listing.status !== 'ok') return { module: ONNXRUNTIME_NODE, version: found.version, status: listing.status, error: listing.error, providers: [] };
  const names = listing.backends ?? FALLBACK_PROVIDERS;
  const providers = await Promise.all(
    names.map(async (name): Promise<RuntimeProbe> => {
      const { backends: _unused, ...result } = await runTarget(`ort:${name}`, options);
      return { module: ONNXRUNTIME_NODE, backend: name, version: found.version, ...result };
    }),
  );
  return { module: ONNXRUNTIME_NODE, version: found.version, status: 'ok', providers };
}

interface TargetResult {
  status: RuntimeProbe['status'];
  error?: string;
  durationMs: number;
  backends?: string[];
}

async function runTarget(target: string, options: NodeRuntimeOptions): Promise<TargetResult> {
  const node = options.nodePath ?? process.execPath;
  const modelHex = Buffer.from(identityOnnxModel()).toString('hex');
  const env = { ...(options.env ?? process.env), ELECTRON_RUN_AS_NODE: '1' };
  // cwd = moduleRoot: require() and import() in the probe resolve the packages exactly as findNodePackage did.
  const run = await runProcess(node, ['-e', NODE_RUNTIME_PROBE_SCRIPT, target, modelHex], { timeoutMs: options.timeoutMs, env, cwd: options.moduleRoot, signal: options.signal });
  return { ...readResult(run, node, options.timeoutMs), durationMs: run.durationMs };
}

function readResult(run: ProcessResult, node: string, timeoutMs: number): Omit<TargetResult, 'durationMs'> {
  if (run.outcome === 'timed-out') return { status: 'timed-out', error: `timed out after ${timeoutMs} ms (killed)` };
  if (run.outcome === 'not-found') return { status: 'failed', error: `${node} not found (ENOENT)` };
  if (run.outcome !== 'exited') return { status: 'failed', error: run.error ?? run.outcome };
  for (const line of run.stdout.split('\n').reverse()) {
    if (!line.includes(RUNTIME_PROBE_MARKER)) continue;
    try {
      const value = JSON.parse(line) as { status?: unknown; error?: unknown; backends?: unknown };
      if (value.status === 'ok') return { status: 'ok', backends: Array.isArray(value.backends) ? value.backends.filter((name): name is string => typeof name === 'string') : undefined };
      const error = typeof value.error === 'string' ? value.error : 'failed without a message';
      return { status: 'failed', error: withNativeHint(error, run.stderr) };
    } catch {
      // A truncated line: fall through to the crash report.
    }
  }
  // No result line: the native module took the process down (segfault, abort) before it could answer.
  const how = run.signal ? `crashed with ${run.signal}` : `exited with code ${run.code}`;
  return { status: 'failed', error: withNativeHint(`the probe process ${how} without a result`, run.stderr) };
}

/** Native libraries explain load failures on stderr (a missing .so, a missing symbol); keep the last such reason. */
function withNativeHint(message: string, stderr: string): string {
  // eslint-disable-next-line no-control-regex
  const lines = stderr.replace(/\x1b\[[0-9;]*m/g, '').split('\n').map((line) => line.trim());
  const line = lines.reverse().find((candidate) => /cannot open shared object file|undefined symbol|version `[^']+' not found|with error:/.test(candidate));
  if (!line) return message;
  const reason = line.includes('with error: ') ? line.slice(line.lastIndexOf('with error: ') + 'with error: '.length) : line;
  return message.includes(reason) ? message : `${message} (${reason.length > 300 ? `${reason.slice(0, 300)}...` : reason})`;
}
