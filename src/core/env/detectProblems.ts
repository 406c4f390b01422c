// Turns a report's facts into problems with fixes, most severe first. Pure: the rules read only the report.
import type { DoctorReport, Problem } from './doctorReport';
import { gpuProblems } from './gpuProblems';
import { pythonProblems } from './pythonProblems';
import { runtimeProblems } from './runtimeProblems';

const SEVERITY_ORDER: Record<Problem['severity'], number> = { error: 0, warning: 1, info: 2 };

export function detectProblems(report: Omit<DoctorReport, 'problems'>): Problem[] {
  const problems = [...gpuProblems(report), ...pythonProblems(report), ...runtimeProblems(report)];
  // Stable sort: within one severity the rules keep their order (driver, then interpreters, then runtimes).
  return problems.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity]);
}
