// Which profiler wrote a trace, from its top-level shape, keys and the categories and pids of its events. Decided
// early (at the first events, with the keys seen so far) because categorize() needs it, and finally at the end, when
// every category has been seen (old Kineto's capitalised categories may first appear deep in the file).
import type { TraceDialect } from './traceEvent';

/** What the reader has learnt about the file so far. */
export interface DialectHints {
  shape: 'object' | 'array';
  fields: Record<string, unknown>;
  /** Distinct raw `cat` strings seen. */
  categories: ReadonlySet<string>;
  /** Whether an event's pid was torch's Kineto-less "CPU functions" / "CUDA functions". */
  autogradPids: boolean;
}

const kinetoCategories = ['cpu_op', 'kernel', 'cuda_runtime', 'cuda_driver', 'user_annotation', 'gpu_memcpy', 'gpu_memset', 'python_function', 'ac2g', 'cuda_profiler_range'];
const legacyCategories = ['Operator', 'Kernel', 'Runtime', 'Memcpy', 'Memset', 'DataLoader'];

export function detectDialect(hints: DialectHints): TraceDialect {
  const has = (names: string[]): boolean => names.some((name) => hints.categories.has(name));
  if (hints.shape === 'array') {
    if (hints.categories.has('Session') || hints.categories.has('Node')) return 'onnxruntime';
    if (hints.autogradPids) return 'torch-autograd';
    return has(kinetoCategories) ? 'kineto' : 'chrome';
  }
  if (has(kinetoCategories)) return 'kineto';
  if (has(legacyCategories)) return 'kineto-legacy';
  const { fields } = hints;
  // TF's trace viewer JSON: {"displayTimeUnit": "ns", "metadata": {"highres-ticks": true}, "traceEvents": [...]}.
  if (fields.displayTimeUnit === 'ns' && 'metadata' in fields) return 'tensorflow';
  if ('schemaVersion' in fields || 'deviceProperties' in fields || 'computeProperties' in fields) return 'kineto';
  return 'chrome';
}
