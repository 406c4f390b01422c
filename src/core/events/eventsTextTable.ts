// The readable form of `tensorsight events`: one block per run, one table row per tag.
import { formatValue } from '../display/quantities';
import { droppedPointsText } from './droppedPointsText';
import type { RunReport } from './eventsReport';

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `  ${row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')}`.trimEnd());
}

/** Formats the reports of every run for a terminal. */
export function formatEventsText(reports: RunReport[], root: string): string {
  if (reports.length === 0) return `No event files (names holding tfevents) under ${root}\n`;
  const lines: string[] = [];
  for (const run of reports) {
    const pending = run.eventFiles.reduce((sum, file) => sum + file.pendingBytes, 0);
    const dropped = droppedPointsText(run.dropped);
    lines.push(
      `run ${run.run}: ${run.files} file${run.files === 1 ? '' : 's'}, ${run.records} records, ${run.corrupt} corrupt` +
        (dropped ? `, ${dropped}` : '') +
        (pending ? `, ${pending} bytes of an incomplete record at the end` : ''),
    );
    const scalars = Object.entries(run.scalars);
    if (scalars.length > 0) {
      const rows = [['scalar', 'points', 'first step', 'first value', 'last step', 'last value']];
      for (const [tag, s] of scalars) rows.push([tag, String(s.count), String(s.first.step), formatValue(s.first.value), String(s.last.step), formatValue(s.last.value)]);
      lines.push(...table(rows));
    }
    const rest: [string, string, number][] = [
      ...Object.entries(run.histograms).map(([tag, count]): [string, string, number] => [tag, 'histogram', count]),
      ...Object.entries(run.other).map(([tag, count]): [string, string, number] => [tag, run.otherKinds[tag] ?? '', count]),
    ];
    if (rest.length > 0) lines.push(...table([['other tag', 'kind', 'points'], ...rest.map(([tag, kind, count]) => [tag, kind, String(count)])]));
    for (const file of run.eventFiles) {
      for (const region of file.corrupt) lines.push(`  corrupt: ${file.path} at byte ${region.offset} (${region.length} bytes): ${region.reason}`);
    }
    lines.push('');
  }
  return `${lines.join('\n')}`;
}
