// Every trace analysis in one pass: the collector keeps compact columns while the reader streams the events, and
// `finish` runs the analyses over them (steps, operators, kernels, memory, idle time, GPU utilization).
import type { TraceMetadata, TraceVisitor } from '../traceEvent';
import type { TraceSummary } from '../traceSummary';
import { linkDeviceToRuntime } from './deviceLinks';
import { gpuUtilization } from './gpuUtilization';
import { buildHostTree } from './hostTree';
import { idleTime } from './idleTime';
import { kernelStats } from './kernelStats';
import { resolveLaunchMetrics } from './launchMetrics';
import { memoryCurve } from './memoryCurve';
import type { OperatorOptions } from './operatorStats';
import { operatorStats } from './operatorStats';
import { stepBreakdown } from './stepBreakdown';
import type { CollectedTrace } from './traceCollector';
import { TraceCollector } from './traceCollector';

export type TraceAnalysis = Pick<TraceSummary, 'startUs' | 'spanUs' | 'steps' | 'ops' | 'kernels' | 'memory' | 'idle' | 'gpus'>;

export interface TraceAnalysisOptions extends OperatorOptions {
  /** Most points per memory curve (default 20 000). */
  maxMemoryPoints?: number;
}

export function traceAnalysis(options: TraceAnalysisOptions = {}): TraceVisitor<TraceAnalysis> {
  const collector = new TraceCollector();
  return {
    event: (event) => collector.event(event),
    finish(metadata: TraceMetadata): TraceAnalysis {
      const trace = collector.finish(metadata);
      resolveLaunchMetrics(trace);
      const deviceRuntime = linkDeviceToRuntime(trace);
      // Steps before the host tree, so the category intervals are garbage before the tree's 24 bytes per host row
      // exist; the tree lives only while the two tables that need it are built.
      const steps = stepBreakdown(trace, deviceRuntime);
      const { ops, kernels } = treeTables(trace, deviceRuntime, options);
      const hasSpan = Number.isFinite(trace.startUs);
      const windowStart = steps.length > 0 ? steps[0].startUs : trace.startUs;
      const windowEnd = steps.length > 0 ? steps[steps.length - 1].startUs + steps[steps.length - 1].durUs : trace.endUs;
      return {
        startUs: hasSpan ? trace.startUs : 0,
        spanUs: hasSpan ? trace.endUs - trace.startUs : 0,
        steps,
        ops,
        kernels,
        memory: memoryCurve(trace, options.maxMemoryPoints),
        idle: idleTime(trace, deviceRuntime),
        gpus: gpuUtilization(trace, windowStart, windowEnd),
      };
    },
  };
}

function treeTables(trace: CollectedTrace, deviceRuntime: Int32Array, options: OperatorOptions): Pick<TraceAnalysis, 'ops' | 'kernels'> {
  const tree = buildHostTree(trace, deviceRuntime);
  return { ops: operatorStats(trace, tree, options), kernels: kernelStats(trace, tree) };
}
