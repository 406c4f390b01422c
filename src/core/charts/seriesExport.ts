// CSV and JSON exports of scalar series: every point kept, numbers written so they read back exactly.

/** One scalar series of one run, every point. */
export interface ExportSeries {
  run: string;
  tag: string;
  steps: ArrayLike<number>;
  wallTimes: ArrayLike<number>;
  values: ArrayLike<number>;
}

/** A CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** `run,tag,step,wall_time,value` rows; values in JavaScript's shortest round-trip form (NaN and Infinity spelled out). */
export function seriesToCsv(series: readonly ExportSeries[]): string {
  const lines = ['run,tag,step,wall_time,value'];
  for (const { run, tag, steps, wallTimes, values } of series) {
    const prefix = `${csvField(run)},${csvField(tag)},`;
    for (let i = 0; i < steps.length; i++) lines.push(`${prefix}${steps[i]},${wallTimes[i]},${values[i]}`);
  }
  return `${lines.join('\n')}\n`;
}

/** JSON has no NaN or Infinity: they are written as the strings "NaN", "Infinity", so the file stays valid JSON. */
function jsonNumber(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/** `[{run, tag, points: [{step, wallTime, value}]}]`, pretty enough to diff. */
export function seriesToJson(series: readonly ExportSeries[]): string {
  const out = series.map(({ run, tag, steps, wallTimes, values }) => ({
    run,
    tag,
    points: Array.from({ length: steps.length }, (_, i) => ({ step: steps[i], wallTime: wallTimes[i], value: jsonNumber(values[i]) })),
  }));
  return `${JSON.stringify(out, null, 1)}\n`;
}
