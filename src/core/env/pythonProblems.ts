// Problems with the Python side: no interpreter, an interpreter that fails or hangs, modules missing or broken.
import { sourceText } from './describeDoctorFacts';
import { DL_FRAMEWORKS, PYTHON_MODULE_INFO, PYTHON_MODULES, type DoctorReport, type Problem, type PythonReport } from './doctorReport';

type ReportInput = Omit<DoctorReport, 'problems'>;

export function pythonProblems(report: ReportInput): Problem[] {
  const problems: Problem[] = [];
  const timeoutHint = report.platform.host === 'cli' ? '--timeout <ms>' : 'the setting tensorsight.env.checkTimeoutMs';
  if (report.python.length === 0) {
    const scanned = 'workspace .venv/venv, conda and pyenv environments';
    const where = report.platform.host === 'cli' ? `python3* on PATH, ${scanned}` : `the setting tensorsight.python.path, the Python extension, python3* on PATH, ${scanned}`;
    const choose = report.platform.host === 'cli' ? 'or pass --python <path>' : 'select an interpreter with the Python extension (Python: Select Interpreter), or set tensorsight.python.path';
    problems.push({ code: 'no-python', severity: 'error', message: `No Python interpreter found (looked for ${where})`, fix: `Install Python 3 and put it on PATH, ${choose}.` });
  }
  // Within one severity the order is the reading order: the interpreters Tensorsight runs, where the frameworks are,
  // what no interpreter has, and last what is wrong with interpreters the scan found but nobody chose.
  const scannedOnly = report.python.filter(onlyFound);
  for (const python of report.python) if (!scannedOnly.includes(python)) problems.push(...interpreterProblems(python, report.timeoutMs, timeoutHint));
  problems.push(...frameworksElsewhere(report.python), ...missingModules(report.python));
  const scanned = scannedOnly.flatMap((python) => interpreterProblems(python, report.timeoutMs, timeoutHint)).map((problem) => ({ ...problem, severity: 'info' as const }));
  problems.push(...mergeTooOld(scanned, scannedOnly));
  return problems;
}

/** Several old interpreters found by the scan (a pyenv with 3.6, 3.7, 3.8) are one finding, not one each. */
function mergeTooOld(problems: Problem[], scanned: PythonReport[]): Problem[] {
  const old = scanned.filter(tooOld);
  if (old.length < 2) return problems;
  const rest = problems.filter((problem) => problem.code !== 'python-too-old');
  const first = problems.find((problem) => problem.code === 'python-too-old')!;
  return [...rest, { ...first, message: `${old.length} interpreters found by the scan are older than Python 3.9, which current PyTorch, TensorFlow and JAX releases need: ${old.map((python) => `${python.path} (${python.versionShort})`).join(', ')}` }];
}

/** Frameworks the default interpreter lacks but another one has: the user may be running the wrong Python. */
function frameworksElsewhere(pythons: PythonReport[]): Problem[] {
  const chosen = pythons.find((python) => python.isDefault);
  if (!chosen || chosen.status !== 'ok') return [];
  const problems: Problem[] = [];
  for (const name of DL_FRAMEWORKS) {
    if (chosen.modules[name]?.status !== 'missing') continue;
    const other = pythons.find((python) => python !== chosen && python.modules[name]?.status === 'installed');
    if (!other) continue;
    const { label, pip } = PYTHON_MODULE_INFO[name];
    const version = other.modules[name]?.version;
    problems.push({
      code: 'framework-in-other-interpreter',
      severity: 'info',
      message: `${label}${version ? ` ${version}` : ''} is installed in ${other.path}, not in the default interpreter ${chosen.path}`,
      fix: `To use it, choose ${other.path} (the setting tensorsight.python.path, or --python ${other.path} for the CLI); or install it in the default: ${chosen.path} -m pip install ${pip}`,
    });
  }
  return problems;
}

function interpreterProblems(python: PythonReport, timeoutMs: number, timeoutHint: string): Problem[] {
  const exe = python.path;
  if (python.status === 'not-found') {
    return [{ code: 'python-not-found', severity: 'error', message: `Python interpreter ${exe} not found`, fix: `Check the path (it came from ${sourceText(python.source)}); it must point at the python executable itself.` }];
  }
  if (python.status === 'timed-out') {
    return [{
      code: 'python-timed-out',
      severity: 'error',
      message: `${exe} did not answer within ${timeoutMs} ms and was killed`,
      fix: `Run \`${exe} -c "import sys; print(sys.version)"\` in a terminal. A hang at start-up usually comes from a sitecustomize or .pth file, a broken environment activation, or a slow network home folder. If the machine is just slow, raise ${timeoutHint}.`,
    }];
  }
  if (python.status === 'failed') {
    return [{ code: 'python-failed', severity: 'error', message: `${exe} could not be checked: ${python.error ?? 'unknown error'}`, fix: `Run \`${exe} --version\` in a terminal to see why it does not start.` }];
  }
  const problems: Problem[] = [];
  if (tooOld(python)) {
    problems.push({ code: 'python-too-old', severity: 'warning', message: `${exe} is Python ${python.versionShort}; current PyTorch, TensorFlow and JAX releases need 3.9 or newer`, fix: 'Create an environment with a newer Python (python3 -m venv, conda create, or uv venv --python 3.12) and select it.' });
  }
  for (const name of PYTHON_MODULES) {
    const probe = python.modules[name];
    const { label, pip } = PYTHON_MODULE_INFO[name];
    if (probe?.status === 'failed') {
      problems.push({
        code: 'module-import-failed',
        severity: 'warning',
        message: `${label} is installed in ${exe} but fails to import: ${probe.error ?? 'unknown error'}`,
        fix: `The error names the missing piece (often a compiled dependency, or a package built for NumPy 1 under NumPy 2). Reinstall with \`${exe} -m pip install --force-reinstall ${pip}\`.`,
      });
    } else if (probe?.status === 'timed-out') {
      problems.push({
        code: 'module-timed-out',
        severity: 'warning',
        message: `Importing ${label} in ${exe} did not finish: ${probe.error ?? 'timed out'}`,
        fix: `Run \`${exe} -c "import ${name}"\` in a terminal to see where it stops; GPU initialisation on a broken driver is a common cause. If the import is just slow, raise ${timeoutHint}.`,
      });
    }
  }
  return problems;
}

function tooOld(python: PythonReport): boolean {
  const [major, minor] = (python.versionShort ?? '').split('.').map(Number);
  return major < 3 || (major === 3 && minor < 9);
}

/**
 * An interpreter that was only found by the scan (not the default, not chosen by the user) is not what Tensorsight
 * runs: what is wrong with it is worth knowing, not an error or warning.
 */
function onlyFound(python: PythonReport): boolean {
  return python.isDefault === false && python.source !== 'cli-option' && python.source !== 'python-extension' && python.source !== 'setting';
}

/** A module missing from every interpreter is one finding, not one per interpreter. */
function missingModules(pythons: PythonReport[]): Problem[] {
  const checked = pythons.filter((python) => python.status === 'ok');
  if (checked.length === 0) return [];
  const problems: Problem[] = [];
  for (const name of PYTHON_MODULES) {
    if (!checked.every((python) => python.modules[name]?.status === 'missing')) continue;
    const { label, pip } = PYTHON_MODULE_INFO[name];
    const where = checked.length <= 2 ? checked.map((python) => python.path).join(' or ') : `any of the ${checked.length} interpreters found`;
    const target = checked.find((python) => python.isDefault) ?? checked[0];
    problems.push({ code: 'module-missing', severity: 'info', message: `${label} not installed in ${where}`, fix: `${target.path} -m pip install ${pip}` });
  }
  return problems;
}
