// One pass over a trace file: the summary (T2's analyses) and, when asked, the timeline, from a single read. What the
// trace worker runs for the CLI's `trace` and the trace editor.
import * as path from 'node:path';
import { traceAnalysis, type TraceAnalysisOptions } from './analysis/traceAnalysis';
import { TimelineBuilder, type TimelineOptions } from './timelineBuilder';
import type { TraceVisitor } from './traceEvent';
import { readTrace, type ReadTraceOptions } from './traceReader';
import type { TraceSummary } from './traceSummary';
import type { TimelineData } from './traceTimeline';

export interface SummarizeTraceOptions extends ReadTraceOptions {
  /** Build the timeline too (its options, or true for the defaults). */
  timeline?: boolean | TimelineOptions;
  analysis?: TraceAnalysisOptions;
}

export async function summarizeTrace(file: string, options: SummarizeTraceOptions = {}): Promise<{ summary: TraceSummary; timeline?: TimelineData }> {
  const analysis = traceAnalysis(options.analysis);
  const timeline = options.timeline ? new TimelineBuilder(options.timeline === true ? {} : options.timeline) : undefined;
  const visitors: TraceVisitor<unknown>[] = timeline ? [analysis, timeline] : [analysis];
  const read = await readTrace(file, visitors, { onProgress: options.onProgress, signal: options.signal });
  const result = read.results[0] as ReturnType<typeof analysis.finish>;
  const summary: TraceSummary = {
    file: path.resolve(file),
    fileBytes: read.fileBytes,
    dialect: read.metadata.dialect,
    events: read.events,
    startUs: result.startUs,
    spanUs: result.spanUs,
    steps: result.steps,
    ops: result.ops.map((row) => ({ ...row, totalUs: row.hostTotalUs, selfUs: row.hostSelfUs })),
    kernels: result.kernels,
    memory: result.memory,
    idle: result.idle,
    gpus: result.gpus,
    deviceProperties: read.metadata.deviceProperties,
    warnings: read.warnings,
  };
  return timeline ? { summary, timeline: read.results[1] as TimelineData } : { summary };
}
