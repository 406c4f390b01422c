// Blocks per SM and occupancy of each kernel launch: as the trace wrote them (`blocks per SM`,
// `est. achieved occupancy %`), else estimated from the launch (grid, block, registers, shared memory) and the GPU's
// deviceProperties, the way CUDA's occupancy calculator bounds resident blocks by threads, registers and shared memory.
import type { CollectedTrace } from './traceCollector';

interface GpuLimits {
  sms: number;
  warpSize: number;
  maxWarps: number;
  registers: number;
  sharedMemory: number;
}

function limitsOf(properties: Record<string, unknown>[], device: number): GpuLimits | undefined {
  const props = properties.find((p) => p.id === device) ?? properties[device];
  if (props === undefined) return undefined;
  const num = (...keys: string[]) => {
    for (const key of keys) if (typeof props[key] === 'number') return props[key];
    return Number.NaN;
  };
  const warpSize = num('warpSize');
  const limits = {
    sms: num('numSms', 'multiProcessorCount'),
    warpSize,
    maxWarps: num('maxThreadsPerMultiprocessor', 'maxThreadsPerMultiProcessor') / warpSize,
    registers: num('regsPerMultiprocessor', 'regsPerMultiProcessor'),
    sharedMemory: num('sharedMemPerMultiprocessor', 'sharedMemPerMultiProcessor'),
  };
  return Number.isFinite(limits.sms) && limits.sms > 0 ? limits : undefined;
}

/** Estimated achieved occupancy (0..100): resident blocks bounded by the SM's limits and by the blocks there are. */
export function estimateOccupancy(limits: GpuLimits, blocksPerSm: number, threadsPerBlock: number, registersPerThread: number, sharedMemoryBytes: number): number {
  if (!(threadsPerBlock > 0) || !(limits.warpSize > 0) || !(limits.maxWarps > 0)) return Number.NaN;
  const warpsPerBlock = Math.ceil(threadsPerBlock / limits.warpSize);
  let resident = Math.floor(limits.maxWarps / warpsPerBlock);
  if (registersPerThread > 0 && Number.isFinite(limits.registers)) {
    resident = Math.min(resident, Math.floor(limits.registers / (registersPerThread * warpsPerBlock * limits.warpSize)));
  }
  if (sharedMemoryBytes > 0 && Number.isFinite(limits.sharedMemory)) {
    resident = Math.min(resident, Math.floor(limits.sharedMemory / sharedMemoryBytes));
  }
  const active = Math.min(resident, blocksPerSm);
  return Math.min(100, Math.max(0, (active * warpsPerBlock * 100) / limits.maxWarps));
}

/** Fills the device columns' blocksPerSm and occupancy where the trace left them out (in place). */
export function resolveLaunchMetrics(trace: CollectedTrace): void {
  const { device } = trace;
  const properties = trace.metadata.deviceProperties;
  if (properties.length === 0) return;
  const cache = new Map<number, GpuLimits | undefined>();
  for (let j = 0; j < device.ts.length; j++) {
    const id = device.device[j];
    if (!cache.has(id)) cache.set(id, limitsOf(properties, id));
    const limits = cache.get(id);
    if (limits === undefined) continue;
    if (!Number.isFinite(device.blocksPerSm[j]) && Number.isFinite(device.gridBlocks[j])) {
      device.blocksPerSm[j] = device.gridBlocks[j] / limits.sms;
    }
    const launch = device.launch[j];
    if (!Number.isFinite(device.occupancy[j]) && launch >= 0 && Number.isFinite(device.blocksPerSm[j])) {
      const [threads, registers, shared] = trace.launchShapes[launch];
      device.occupancy[j] = estimateOccupancy(limits, device.blocksPerSm[j], threads, registers, shared);
    }
  }
}
