// Times in nvidia-smi output. nvidia-smi writes the local clock of the machine it ran on without a UTC
// offset (XML `Mon Jun  2 10:00:00 2025`, CSV `2026/06/26 11:59:58.909`), so a saved file's time is kept as
// written (ISO 8601 without an offset) and is never read in the reader's own time zone: the same file gives
// the same output under any TZ. Only where the offset is known (a live sample, or a capture whose header
// gives the UTC time of collection) does the time carry it and become an instant.

/** A clock reading: ISO 8601 local time, with `±hh:mm` where the offset is known; the instant, when it is. */
export interface SourceTime {
  time: string;
  /** Milliseconds since the epoch; null without an offset. */
  timestamp: number | null;
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `-q -x`'s `<timestamp>` (`Mon Jun  2 10:00:00 2025`) as `2025-06-02T10:00:00`; null when unreadable. */
export function xmlLocalTime(text: string | undefined): string | null {
  const match = /^[A-Z][a-z]{2}\s+([A-Z][a-z]{2})\s+(\d{1,2})\s+(\d{2}):(\d{2}):(\d{2})\s+(\d{4})$/.exec(text?.trim() ?? '');
  const month = match ? months.indexOf(match[1]) : -1;
  if (!match || month < 0) return null;
  return `${match[6]}-${pad(month + 1)}-${pad(Number(match[2]))}T${match[3]}:${match[4]}:${match[5]}`;
}

/** `--query-gpu`'s `timestamp` (`2026/06/26 11:59:58.909`) as `2026-06-26T11:59:58.909`; null when unreadable. */
export function csvLocalTime(text: string | undefined): string | null {
  const match = /^(\d{4})\/(\d{2})\/(\d{2}) (\d{2}):(\d{2}):(\d{2})(\.\d{1,3})?$/.exec(text?.trim() ?? '');
  return match ? `${match[1]}-${match[2]}-${match[3]}T${match[4]}:${match[5]}:${match[6]}${match[7] ?? ''}` : null;
}

/** A local time without offset, read as if it were UTC: the arithmetic base for offsets. */
function asUtc(local: string): number {
  return Date.parse(`${local}Z`);
}

/** `+05:30` for 330 minutes. */
function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** A local time with a known offset (minutes east of UTC) as a SourceTime. */
export function withOffset(local: string, offsetMinutes: number): SourceTime {
  return { time: `${local}${formatOffset(offsetMinutes)}`, timestamp: asUtc(local) - offsetMinutes * 60_000 };
}

/** A live sample taken now on this machine: its local time with this machine's offset. */
export function liveTime(now = Date.now()): SourceTime {
  const date = new Date(now);
  const offset = -date.getTimezoneOffset();
  const local = new Date(now + offset * 60_000).toISOString().slice(0, 23);
  return { time: `${local}${formatOffset(offset)}`, timestamp: now };
}

/** Every UTC offset in use, in minutes: the half hours, and Nepal's, Eucla's and Chatham's 45 minutes. */
const zoneOffsets = [...Array.from({ length: 53 }, (_, i) => (i - 24) * 30), 345, 525, 765];

/**
 * The UTC offset of a machine whose local clock read `local` shortly after the UTC instant `utc` (a capture's
 * `collected_at`): the zone offset nearest their difference; null when none is within seven minutes of it
 * (the two are not the same moment).
 */
export function offsetFromReference(local: string, utc: string): number | null {
  const difference = (asUtc(local) - Date.parse(utc)) / 60_000;
  if (!Number.isFinite(difference)) return null;
  const offset = zoneOffsets.reduce((best, candidate) => (Math.abs(candidate - difference) < Math.abs(best - difference) ? candidate : best));
  return Math.abs(difference - offset) <= 7 ? offset : null;
}
