// Compares the CUDA version a framework was built with against the newest one the driver supports.

/** How a framework's CUDA build relates to the driver: fits, needs minor-version compatibility, or cannot run. */
export type CudaFit = 'ok' | 'minor-newer' | 'major-newer' | 'unknown';

/** '12.1' -> [12, 1]; undefined for anything that is not a dotted version. */
export function parseCudaVersionParts(version: string | null | undefined): [number, number] | undefined {
  const match = /^(\d+)(?:\.(\d+))?/.exec(version ?? '');
  return match ? [Number(match[1]), Number(match[2] ?? 0)] : undefined;
}

/**
 * A build for a newer major CUDA version cannot run on the driver. A newer minor version of the same major
 * runs only through CUDA's minor-version compatibility (no PTX JIT for newer architectures), so it is flagged
 * separately.
 */
export function cudaFit(built: string | null | undefined, driverSupports: string | null | undefined): CudaFit {
  const build = parseCudaVersionParts(built);
  const driver = parseCudaVersionParts(driverSupports);
  if (!build || !driver) return 'unknown';
  if (build[0] > driver[0]) return 'major-newer';
  if (build[0] === driver[0] && build[1] > driver[1]) return 'minor-newer';
  return 'ok';
}
