// The kernel table: per kernel name, calls and times, the launch shape of its longest call, the mean occupancy
// (weighted by duration), Tensor Core use by name, and the operator that launched it most often.
import type { KernelRow } from '../traceSummary';
import type { HostTree } from './hostTree';
import type { CollectedTrace } from './traceCollector';
import { DeviceKind } from './traceCollector';

/** Substrings of kernel names that use Tensor Cores: torch-tb-profiler's TC_Allowlist (itself from NVIDIA PyProf). */
const tensorCorePatterns = [
  'h884', 's884', 'h1688', 's1688', 'hmma', 'i8816', '16816', 'dgrad_1x1_stride_2x2', 'first_layer_wgrad_kernel',
  'conv1x1', 'conv2d_c1_k1', 'direct_group', 'xmma_implicit_gemm', 'xmma_sparse_conv',
  'xmma_warp_specialized_implicit_gemm', 'xmma_gemm', 'xmma_sparse_gemm', 'c1688',
];

export function usesTensorCores(kernelName: string): boolean {
  return tensorCorePatterns.some((pattern) => kernelName.includes(pattern));
}

export function kernelStats(trace: CollectedTrace, tree: HostTree): KernelRow[] {
  const { device, host } = trace;
  const occupancy = new Map<number, { weighted: number; us: number }>();
  const launchers = new Map<number, Map<number, number>>();
  for (let j = 0; j < device.ts.length; j++) {
    if (device.kind[j] !== DeviceKind.kernel && device.kind[j] !== DeviceKind.communication) continue;
    const name = device.name[j];
    if (Number.isFinite(device.occupancy[j])) {
      const o = occupancy.get(name) ?? { weighted: 0, us: 0 };
      o.weighted += device.occupancy[j] * device.dur[j];
      o.us += device.dur[j];
      occupancy.set(name, o);
    }
    const op = tree.launcher[j];
    if (op >= 0) {
      const counts = launchers.get(name) ?? new Map<number, number>();
      counts.set(host.name[op], (counts.get(host.name[op]) ?? 0) + 1);
      launchers.set(name, counts);
    }
  }
  const rows: KernelRow[] = [];
  for (const [nameIndex, agg] of trace.kernels) {
    const name = trace.names[nameIndex];
    const o = occupancy.get(nameIndex);
    rows.push({
      name,
      calls: agg.calls,
      totalUs: agg.totalUs,
      meanUs: agg.totalUs / agg.calls,
      maxUs: agg.maxUs,
      minUs: agg.minUs,
      grid: agg.grid,
      block: agg.block,
      registersPerThread: agg.registersPerThread,
      sharedMemoryBytes: agg.sharedMemoryBytes,
      occupancyPct: o !== undefined && o.us > 0 ? o.weighted / o.us : null,
      tensorCores: usesTensorCores(name),
      operator: mostFrequent(launchers.get(nameIndex), trace.names),
    });
  }
  return rows.sort((a, b) => b.totalUs - a.totalUs || a.name.localeCompare(b.name));
}

function mostFrequent(counts: Map<number, number> | undefined, names: string[]): string | null {
  if (counts === undefined) return null;
  let best = -1;
  let bestCount = 0;
  for (const [name, count] of counts) {
    if (count > bestCount) {
      best = name;
      bestCount = count;
    }
  }
  return best >= 0 ? names[best] : null;
}
