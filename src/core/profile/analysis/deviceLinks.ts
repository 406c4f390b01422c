// Which runtime call launched each device activity: kernels, copies and sets carry the `correlation` id of the
// cudaLaunchKernel/cudaMemcpyAsync/cuLaunchKernel that enqueued them. Joined by sorting both sides on the id (two
// typed arrays and a merge, no per-event map).
import type { CollectedTrace } from './traceCollector';
import { orderBy } from './columns';

/** Per device row, the host runtime row that launched it, or -1. */
export function linkDeviceToRuntime(trace: CollectedTrace): Int32Array {
  const hostCorrelation = trace.host.correlation;
  const deviceCorrelation = trace.device.correlation;
  const result = new Int32Array(deviceCorrelation.length).fill(-1);
  let count = 0;
  for (let i = 0; i < hostCorrelation.length; i++) if (Number.isFinite(hostCorrelation[i])) count++;
  const runtimes = new Uint32Array(count);
  for (let i = 0, k = 0; i < hostCorrelation.length; i++) if (Number.isFinite(hostCorrelation[i])) runtimes[k++] = i;
  if (runtimes.length === 0 || deviceCorrelation.length === 0) return result;
  const hostOrder = orderBy(runtimes.length, (a, b) => hostCorrelation[runtimes[a]] - hostCorrelation[runtimes[b]]);
  const deviceOrder = orderBy(deviceCorrelation.length, (a, b) => compareIds(deviceCorrelation[a], deviceCorrelation[b]));
  let h = 0;
  for (let k = 0; k < deviceOrder.length; k++) {
    const j = deviceOrder[k];
    const id = deviceCorrelation[j];
    if (!Number.isFinite(id)) continue;
    while (h < hostOrder.length && hostCorrelation[runtimes[hostOrder[h]]] < id) h++;
    if (h < hostOrder.length && hostCorrelation[runtimes[hostOrder[h]]] === id) result[j] = runtimes[hostOrder[h]];
  }
  return result;
}

/** NaN (no id) sorts last so the merge can stop at it. */
function compareIds(a: number, b: number): number {
  if (Number.isNaN(a)) return Number.isNaN(b) ? 0 : 1;
  if (Number.isNaN(b)) return -1;
  return a - b;
}
