// The report for a terminal: `tensorsight doctor` without --json.
import { frameworkBrief, gpuSummary, interpreterSummary, moduleDetailText, moduleStatusText, problemCounts, reportHeader, runtimeStatusText, sourceText } from './describeDoctorFacts';
import { PYTHON_MODULE_INFO, PYTHON_MODULES, type DoctorReport, type RuntimeProbe } from './doctorReport';

export function renderDoctorText(report: DoctorReport): string {
  const lines = ['Deep Learning Environment', reportHeader(report), ''];

  const count = report.python.length;
  lines.push(count > 1 ? `Python (${count} interpreters; the default is the one Tensorsight runs)` : 'Python');
  if (count === 0) lines.push('  no Python interpreter found');
  for (const python of report.python) {
    lines.push(`  ${python.path} (from ${sourceText(python.source)}${python.isDefault && count > 1 ? ', default' : ''}): ${interpreterSummary(python)}`);
    if (python.aliases?.length) lines.push(`      same interpreter: ${python.aliases.join(', ')}`);
    if (python.status !== 'ok') continue;
    // The default gets every module; the others one line of frameworks, so a dozen pyenv versions stay readable.
    if (count > 1 && !python.isDefault) {
      lines.push(`    frameworks: ${frameworkBrief(python)}`);
      continue;
    }
    for (const name of PYTHON_MODULES) {
      const probe = python.modules[name];
      const version = probe?.status === 'installed' ? (probe.version ?? 'unknown version') : moduleStatusText(probe);
      const detail = moduleDetailText(name, probe);
      lines.push(`    ${PYTHON_MODULE_INFO[name].label.padEnd(13)} ${version}${detail ? `  (${detail})` : ''}`);
    }
  }
  lines.push('');

  lines.push('GPU', `  ${gpuSummary(report.gpu)}`);
  for (const gpu of report.gpu.gpus) lines.push(`  GPU ${gpu.index}: ${gpu.name}, ${gpu.memoryTotalMiB === null ? 'memory n/a' : `${gpu.memoryTotalMiB} MiB`}`);
  lines.push('');

  const { node, tfjs, onnxruntime } = report.runtimes;
  lines.push(`Node runtimes (Node ${node.version})`);
  const runtimeLine = (probe: RuntimeProbe) => `  ${`${probe.module} [${probe.backend}]`.padEnd(44)} ${runtimeStatusText(probe)}${probe.version ? ` ${probe.version}` : ''}${probe.status === 'failed' || probe.status === 'timed-out' ? `: ${probe.error ?? ''}` : ''}`;
  for (const probe of tfjs) lines.push(runtimeLine(probe));
  if (onnxruntime.providers.length === 0) lines.push(`  ${onnxruntime.module.padEnd(44)} ${runtimeStatusText(onnxruntime)}${onnxruntime.status === 'failed' ? `: ${onnxruntime.error ?? ''}` : ''}`);
  for (const provider of onnxruntime.providers) lines.push(runtimeLine(provider));
  lines.push('');

  lines.push(`Problems (${problemCounts(report.problems)})`);
  if (report.problems.length === 0) lines.push('  none');
  for (const problem of report.problems) {
    lines.push(`  ${problem.severity.padEnd(7)} ${problem.message}`, `  ${''.padEnd(7)} fix: ${problem.fix}`);
  }
  return `${lines.join('\n')}\n`;
}
