// Maps a raw trace event (its `cat`, name and phase) to torch-tb-profiler's categories, for every dialect the reader
// knows. The category tables follow the files themselves: Kineto's lower-case `cat`s (cpu_op, kernel, gpu_memcpy, …),
// the capitalised ones of PyTorch 1.8/1.9 (Operator, Kernel, Runtime, Memcpy, …), torch's Kineto-less export (no
// `cat`, every 'X' an operator), ONNX Runtime's Session/Node events, and TensorFlow's trace viewer JSON (no `cat`).
import type { TraceCategory, TraceDialect } from './traceEvent';

/** Kineto's categories, old and new spellings, by lower-cased `cat`. */
const byRawCategory: ReadonlyMap<string, TraceCategory> = new Map<string, TraceCategory>([
  ['cpu_op', 'cpu_op'],
  ['operator', 'cpu_op'],
  ['user_annotation', 'user_annotation'],
  ['python_function', 'python_function'],
  ['python', 'python_function'],
  ['kernel', 'kernel'],
  // CUPTI range-profiler mode writes each kernel under this category, with counters in its args.
  ['cuda_profiler_range', 'kernel'],
  ['gpu_memcpy', 'gpu_memcpy'],
  ['memcpy', 'gpu_memcpy'],
  ['gpu_memset', 'gpu_memset'],
  ['memset', 'gpu_memset'],
  ['cuda_runtime', 'cuda_runtime'],
  ['runtime', 'cuda_runtime'],
  ['cuda_driver', 'cuda_driver'],
  ['cuda_sync', 'cuda_sync'],
  ['ac2g', 'flow'],
  ['async', 'flow'],
  ['fwdbwd', 'flow'],
  ['forward_backward', 'flow'],
  ['cpu_to_cuda', 'flow'],
  ['dataloader', 'dataloader'],
  ['memory', 'memory'],
  ['cpu_instant_event', 'other'],
  ['trace', 'other'],
  // A range on a GPU stream mirroring a host annotation: not a host range, so not a step or an operator.
  ['gpu_user_annotation', 'other'],
  ['overhead', 'other'],
]);

/** Collective-communication libraries, as they appear in kernel and op names (ncclKernel_AllReduce…, nccl:all_reduce, gloo:all_reduce, c10d::allreduce_). */
const communicationName = /nccl|^gloo:|^c10d::|^mpi:/i;
/** torch-tb-profiler counts `enumerate(DataLoader)#_SingleProcessDataLoaderIter.__next__` ranges as DataLoader time. */
const dataLoaderName = /^enumerate\(DataLoader\)#/;
/** TensorFlow's tf.data iterator ranges play the same role. */
const tfDataName = /^Iterator::/;

/** The category of one event. `pid` (optional) tells the legacy autograd export's device rows ("CUDA functions") apart. */
export function categorize(rawCategory: string, name: string, ph: string, dialect: TraceDialect, pid?: number | string): TraceCategory {
  if (ph === 'M') return 'metadata';
  if (ph === 's' || ph === 'f' || ph === 't') return 'flow';
  if (name === '[memory]') return 'memory';
  if (dialect === 'onnxruntime') return onnxRuntimeCategory(rawCategory, name);
  const raw = rawCategory.toLowerCase();
  const known = raw === '' ? undefined : byRawCategory.get(raw);
  if (known !== undefined) return refineByName(known, name);
  if (ph === 'C') return 'other';
  const isRange = ph === 'X' || ph === 'B' || ph === 'E';
  if (!isRange) return 'other';
  if (dialect === 'torch-autograd' && pid === 'CUDA functions') return refineByName('kernel', name);
  if (dialect === 'tensorflow' && tfDataName.test(name)) return 'dataloader';
  // A range with no (or an unknown) category: the host operators of Kineto-less torch, TF and plain Chrome traces.
  return refineByName('cpu_op', name);
}

/** Names that override the category: steps, DataLoader iterations and collectives keep their meaning whatever `cat` said. */
function refineByName(category: TraceCategory, name: string): TraceCategory {
  if (category === 'cpu_op' || category === 'user_annotation') {
    if (name.startsWith('ProfilerStep#')) return 'user_annotation';
    if (dataLoaderName.test(name)) return 'dataloader';
    if (communicationName.test(name)) return 'communication';
    return category;
  }
  if (category === 'kernel' && communicationName.test(name)) return 'communication';
  return category;
}

/** ONNX Runtime: Session events frame the run; Node events are `<node>_kernel_time` (the op) and its fences. */
function onnxRuntimeCategory(rawCategory: string, name: string): TraceCategory {
  switch (rawCategory) {
    case 'Session':
      return 'session';
    case 'Node':
      return name.endsWith('_fence_before') || name.endsWith('_fence_after') ? 'other' : 'cpu_op';
    case 'Kernel':
      return 'kernel';
    case 'Api':
      return 'cuda_runtime';
    default:
      return 'other';
  }
}

/** Whether an event of this raw category runs on a device (kernels, copies, sets), as opposed to the host. */
export function isDeviceCategory(category: TraceCategory, rawCategory: string): boolean {
  if (category === 'kernel' || category === 'gpu_memcpy' || category === 'gpu_memset') return true;
  if (category !== 'communication') return false;
  const raw = rawCategory.toLowerCase();
  return raw === 'kernel' || raw === 'cuda_profiler_range';
}
