// Reading one nvidia-smi value. nvidia-smi writes statuses where a number would go: `[N/A]` in CSV, `N/A` in
// XML, `[Not Supported]`, `[Unknown Error]`, `[Insufficient Permissions]`, `[GPU is lost]`, ... Those mean
// "not available" (null), never 0. A number may carry a unit: `26.78 W`, `40 C`, `16x`, `7 %`, `1474 MiB`.

/** Statuses nvidia-smi writes without brackets (XML and the `-q` text form). */
const bareStatuses = new Set([
  'n/a',
  'na',
  'not supported',
  'unknown error',
  'insufficient permissions',
  'requested functionality has been deprecated',
  'gpu is lost',
  'gpu requires reset',
  'not available',
  'unknown',
]);

/** True for an empty value or a status such as `[N/A]` or `Not Supported` in place of a value. */
export function isUnavailable(text: string | undefined | null): boolean {
  if (text === undefined || text === null) return true;
  const trimmed = text.trim();
  if (trimmed === '') return true;
  // Every bracketed value in nvidia-smi output is a status, not data.
  if (trimmed.startsWith('[') && trimmed.endsWith(']')) return true;
  return bareStatuses.has(trimmed.toLowerCase());
}

const numberWithUnit = /^([-+]?\d+(?:\.\d+)?)\s*(?:[A-Za-z%/]+(?:\([a-z]+\))?)?$/;

/**
 * A number with an optional unit: null where nvidia-smi reports a status, undefined where the text is
 * neither (a malformed value the caller reports).
 */
export function parseGpuNumber(text: string | undefined | null): number | null | undefined {
  if (isUnavailable(text)) return null;
  const match = numberWithUnit.exec((text as string).trim());
  return match ? Number(match[1]) : undefined;
}

/** Like parseGpuNumber, for callers that treat malformed as unavailable (saved files read leniently). */
export function gpuNumberOrNull(text: string | undefined | null): number | null {
  return parseGpuNumber(text) ?? null;
}

/** A non-negative integer such as an index or pid; undefined when the text is not one. */
export function parseGpuInteger(text: string | undefined | null): number | undefined {
  if (text === undefined || text === null) return undefined;
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/** A string value, or null for a status. */
export function gpuTextOrNull(text: string | undefined | null): string | null {
  return isUnavailable(text) ? null : (text as string).trim();
}
