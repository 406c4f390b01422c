// CSV and JSON of a profile's op-type and node tables, for the panel's export and `tensorsight profile`.
import type { ModelProfile, NodeRow, OpTypeRow } from '../modelProfile';

/** RFC 4180 quoting: a field with a comma, quote or line break is quoted, quotes doubled. */
function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : Array.isArray(value) ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\n') + '\n';
}

/** The op-type table: op, calls, totalUs, meanUs, pct, providers (joined by ';'). */
export function opsCsv(ops: readonly OpTypeRow[]): string {
  return csv(['op', 'calls', 'totalUs', 'meanUs', 'pct', 'providers'], ops.map((row) => [row.op, row.calls, row.totalUs, round(row.meanUs), round(row.pct), row.providers.join(';')]));
}

/** The node table, shapes as JSON arrays and graph nodes joined by ';'. */
export function nodesCsv(nodes: readonly NodeRow[]): string {
  const header = ['name', 'op', 'provider', 'calls', 'totalUs', 'meanUs', 'p90Us', 'pct', 'inputShapes', 'outputShapes', 'activationBytes', 'parameterBytes', 'fellBack', 'graphNodes'];
  return csv(header, nodes.map((row) => [row.name, row.op, row.provider, row.calls, row.totalUs, round(row.meanUs), row.p90Us, round(row.pct), row.inputShapes, row.outputShapes, row.activationBytes, row.parameterBytes, row.fellBack, row.graphNodes.join(';')]));
}

/** The whole profile as `tensorsight profile --json` prints it. */
export function profileJson(profile: ModelProfile): string {
  return `${JSON.stringify(profile, null, 2)}\n`;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
