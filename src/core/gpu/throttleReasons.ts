// Clock throttle ("event" since driver 535) reasons: the `clocks_throttle_reasons.active` bitmask of the CSV
// query, and the per-reason Active / Not Active elements of the XML. Bit values are NVML's
// nvmlClocksThrottleReason* constants (nvml.h).
import { isUnavailable } from './gpuValue';

/** Reason names in bit order, as NVML and the `--query-gpu` field names spell them. */
export const throttleReasonBits: readonly (readonly [name: string, bit: bigint])[] = [
  ['gpu_idle', 0x1n],
  ['applications_clocks_setting', 0x2n],
  ['sw_power_cap', 0x4n],
  ['hw_slowdown', 0x8n],
  ['sync_boost', 0x10n],
  ['sw_thermal_slowdown', 0x20n],
  ['hw_thermal_slowdown', 0x40n],
  ['hw_power_brake_slowdown', 0x80n],
  ['display_clock_setting', 0x100n],
];

/** Reasons that mean the GPU is held back (as opposed to idle or set by the user). */
export const limitingThrottleReasons: ReadonlySet<string> = new Set([
  'sw_power_cap',
  'hw_slowdown',
  'sw_thermal_slowdown',
  'hw_thermal_slowdown',
  'hw_power_brake_slowdown',
]);

/**
 * Decodes a bitmask such as `0x0000000000000004` to reason names. Bits NVML has not named become
 * `unknown_0x...`. Null for a status (`[Not Supported]`) or text that is not a hex or decimal mask.
 */
export function decodeThrottleMask(text: string | null | undefined): string[] | null {
  if (isUnavailable(text)) return null;
  const trimmed = (text as string).trim();
  if (!/^(0x[0-9a-fA-F]+|\d+)$/.test(trimmed)) return null;
  let mask = BigInt(trimmed);
  const names: string[] = [];
  for (const [name, bit] of throttleReasonBits) {
    if (mask & bit) {
      names.push(name);
      mask &= ~bit;
    }
  }
  if (mask !== 0n) names.push(`unknown_0x${mask.toString(16)}`);
  return names;
}

/** XML element suffixes that differ from the NVML name. */
const xmlAliases: Record<string, string> = {
  display_clocks_setting: 'display_clock_setting',
};

/**
 * Reads the active reasons from the XML's `<clocks_throttle_reasons>` / `<clocks_event_reasons>` children,
 * given as element name to text. Null when no child carries Active or Not Active (the block is N/A).
 */
export function activeReasonsFromElements(children: Record<string, unknown>): string[] | null {
  const names: string[] = [];
  let reported = false;
  for (const [element, value] of Object.entries(children)) {
    const reason = /^clocks_(?:throttle|event)_reason_(.+)$/.exec(element)?.[1];
    if (reason === undefined || typeof value !== 'string') continue;
    const state = value.trim().toLowerCase();
    if (state !== 'active' && state !== 'not active') continue;
    reported = true;
    if (state === 'active') names.push(xmlAliases[reason] ?? reason);
  }
  return reported ? names : null;
}
