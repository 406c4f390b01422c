// The report as Markdown: what VS Code shows in its preview, and what a user pastes into a bug report.
import { frameworkBrief, hasFrameworks, moduleDetailText, moduleStatusText, gpuSummary, interpreterSummary, problemCounts, reportHeader, runtimeStatusText, sourceText } from './describeDoctorFacts';
import { PYTHON_MODULE_INFO, PYTHON_MODULES, type DoctorReport, type Problem, type PythonReport, type RuntimeProbe } from './doctorReport';

const SEVERITY_LABEL: Record<Problem['severity'], string> = { error: '⛔ Error', warning: '⚠️ Warning', info: 'ℹ️ Info' };

export function renderDoctorMarkdown(report: DoctorReport): string {
  const lines = ['# Deep Learning Environment', '', reportHeader(report), ''];
  lines.push(...problemsSection(report.problems), ...pythonSection(report), ...gpuSection(report), ...runtimesSection(report));
  return `${lines.join('\n')}\n`;
}

function problemsSection(problems: readonly Problem[]): string[] {
  const lines = [`## Problems (${problemCounts(problems)})`, ''];
  if (problems.length === 0) return [...lines, 'No problems found.', ''];
  for (const problem of problems) {
    lines.push(`- **${SEVERITY_LABEL[problem.severity]}:** ${inline(problem.message)}`, `  - *Fix:* ${inline(problem.fix)}`);
  }
  return [...lines, ''];
}

function pythonSection(report: DoctorReport): string[] {
  const lines = ['## Python', ''];
  if (report.python.length === 0) return [...lines, 'No Python interpreter found.', ''];
  lines.push('| Framework | Installed | Version | Interpreter | Sees a GPU |', '|---|---|---|---|---|');
  for (const name of PYTHON_MODULES) {
    const summary = report.frameworks[name];
    const gpu = summary.gpu === null ? '' : summary.gpu ? 'yes' : 'no';
    lines.push(row([PYTHON_MODULE_INFO[name].label, summary.installed ? 'yes' : 'no', summary.version ?? '', summary.python ?? '', gpu]));
  }
  lines.push('');
  if (report.python.length > 1) lines.push(...interpretersTable(report.python));
  // Details for the default and for interpreters with a framework; the others are one row of the table above.
  for (const python of report.python) {
    if (report.python.length === 1 || python.isDefault || python.status !== 'ok' || hasFrameworks(python)) lines.push(...interpreterTable(python));
  }
  return lines;
}

function interpretersTable(pythons: readonly PythonReport[]): string[] {
  const lines = [`### Interpreters (${pythons.length})`, '', 'The default is the one Tensorsight runs.', '', '| Interpreter | Python | From | Frameworks |', '|---|---|---|---|'];
  for (const python of pythons) {
    const version = python.status === 'ok' ? (python.versionShort ?? python.version ?? '?') : python.status;
    const name = `\`${python.path}\`${python.isDefault ? ' (default)' : ''}`;
    lines.push(row([name, version, sourceText(python.source), python.status === 'ok' ? frameworkBrief(python) : (python.error ?? '')]));
  }
  return [...lines, ''];
}

function interpreterTable(python: PythonReport): string[] {
  const role = python.isDefault ? 'the default; ' : '';
  const lines = [`### ${inline(python.path)}`, '', `${inline(interpreterSummary(python))} — ${role}from ${sourceText(python.source)}, checked in ${python.durationMs} ms.`, ''];
  if (python.aliases?.length) lines.push(`Same interpreter: ${python.aliases.map((alias) => `\`${alias}\``).join(', ')}`, '');
  if (python.status !== 'ok') return lines;
  if (python.cudaVisibleDevices !== null && python.cudaVisibleDevices !== undefined) lines.push(`CUDA_VISIBLE_DEVICES=${inline(python.cudaVisibleDevices)}`, '');
  lines.push('| Module | Status | Version | Details |', '|---|---|---|---|');
  for (const name of PYTHON_MODULES) {
    const probe = python.modules[name];
    lines.push(row([`${PYTHON_MODULE_INFO[name].label} (\`${name}\`)`, moduleStatusText(probe), probe?.version ?? '', moduleDetailText(name, probe)]));
  }
  return [...lines, ''];
}

function gpuSection(report: DoctorReport): string[] {
  const lines = ['## GPU', '', inline(gpuSummary(report.gpu)), ''];
  if (report.gpu.gpus.length === 0) return lines;
  lines.push('| # | Name | Memory | Driver |', '|---|---|---|---|');
  for (const gpu of report.gpu.gpus) lines.push(row([String(gpu.index), gpu.name, gpu.memoryTotalMiB === null ? 'n/a' : `${gpu.memoryTotalMiB} MiB`, gpu.driverVersion]));
  return [...lines, ''];
}

function runtimesSection(report: DoctorReport): string[] {
  const { node, moduleRoot, tfjs, onnxruntime } = report.runtimes;
  const lines = ['## Node runtimes', '', `Node ${node.version} (${inline(node.execPath)}); packages looked up from ${inline(moduleRoot)}.`, ''];
  lines.push('| Runtime | Backend | Status | Version | Details |', '|---|---|---|---|---|');
  const runtimeRow = (probe: RuntimeProbe) => row([probe.module, probe.backend, runtimeStatusText(probe), probe.version ?? '', probe.status === 'ok' ? '' : (probe.error ?? '')]);
  for (const probe of tfjs) lines.push(runtimeRow(probe));
  if (onnxruntime.providers.length === 0) {
    lines.push(row([onnxruntime.module, '', runtimeStatusText(onnxruntime), onnxruntime.version ?? '', onnxruntime.error ?? '']));
  }
  for (const provider of onnxruntime.providers) lines.push(runtimeRow(provider));
  return [...lines, ''];
}

function row(cells: string[]): string {
  return `| ${cells.map((cell) => inline(cell).replace(/\|/g, '\\|')).join(' | ')} |`;
}

/** One line of Markdown text: no line breaks; outside `code` spans, HTML and emphasis characters are shown literally. */
function inline(text: string): string {
  return text
    .replace(/\s*\r?\n\s*/g, ' ')
    .split('`')
    .map((part, index) => (index % 2 === 1 ? part : part.replace(/[\\*_[\]]/g, '\\$&').replace(/</g, '&lt;').replace(/>/g, '&gt;')))
    .join('`');
}
