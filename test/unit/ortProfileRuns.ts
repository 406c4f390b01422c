// ONNX Runtime's own profile JSON, read plainly for the tests' independent figures: each measured run's model_run
// Session event (warm-up runs dropped) with the node kernel events that fall inside its window.
import * as fs from 'node:fs';

export interface OrtEvent {
  cat: string;
  name: string;
  ts: number;
  dur: number;
}

export interface OrtRun {
  run: OrtEvent;
  kernels: OrtEvent[];
}

export function ortMeasuredRuns(profileFile: string, warmup: number): OrtRun[] {
  const events = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as OrtEvent[];
  const kernels = events.filter((event) => event.cat === 'Node' && event.name.endsWith('_kernel_time'));
  const runs = events.filter((event) => event.cat === 'Session' && event.name === 'model_run').sort((a, b) => a.ts - b.ts).slice(warmup);
  return runs.map((run) => ({ run, kernels: kernels.filter((event) => event.ts >= run.ts && event.ts <= run.ts + run.dur) }));
}
