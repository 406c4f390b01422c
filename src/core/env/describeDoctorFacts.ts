// Short human phrases for report facts, shared by the Markdown and the terminal renderers.
import { DL_FRAMEWORKS, PYTHON_MODULE_INFO, type DoctorReport, type GpuReport, type JaxDetails, type ModuleProbe, type OnnxruntimeDetails, type Problem, type PythonModuleName, type PythonReport, type RuntimeProbe, type TensorflowDetails, type TorchDetails } from './doctorReport';
import { moduleSeesGpu } from './summarizeFrameworks';

/** 'installed', 'not installed', 'import failed', 'timed out'. */
export function moduleStatusText(probe: ModuleProbe | undefined): string {
  switch (probe?.status) {
    case 'installed':
      return 'installed';
    case 'missing':
      return 'not installed';
    case 'failed':
      return 'import failed';
    case 'timed-out':
      return 'timed out';
    default:
      return 'not checked';
  }
}

/** GPU facts or the error of one module, in one line. */
export function moduleDetailText(name: PythonModuleName, probe: ModuleProbe | undefined): string {
  if (!probe) return '';
  if (probe.status !== 'installed') return probe.error ?? '';
  const details = probe.details;
  if (!details) return '';
  const parts: string[] = [];
  switch (name) {
    case 'torch': {
      const torch = details as TorchDetails;
      parts.push(torch.cudaVersion ? `CUDA build ${torch.cudaVersion}` : 'CPU-only build');
      if (torch.cudaAvailable !== undefined && torch.cudaAvailable !== null) parts.push(`cuda.is_available() ${torch.cudaAvailable ? 'True' : 'False'}`);
      if (typeof torch.cudnnVersion === 'number') parts.push(`cuDNN ${torch.cudnnVersion}`);
      if (torch.mpsAvailable !== undefined) parts.push(`MPS ${torch.mpsAvailable ? 'available' : 'unavailable'}`);
      if (Array.isArray(torch.devices) && torch.devices.length > 0) parts.push(`devices: ${torch.devices.join(', ')}`);
      break;
    }
    case 'tensorflow': {
      const tf = details as TensorflowDetails;
      if (tf.builtWithCuda !== null && tf.builtWithCuda !== undefined) parts.push(tf.builtWithCuda ? `CUDA build ${tf.cudaVersion ?? ''}`.trim() : 'no CUDA build');
      if (tf.cudnnVersion) parts.push(`cuDNN ${tf.cudnnVersion}`);
      if (Array.isArray(tf.gpus)) parts.push(tf.gpus.length > 0 ? `GPUs: ${tf.gpus.join(', ')}` : 'no GPU visible');
      break;
    }
    case 'jax': {
      const jax = details as JaxDetails;
      if (jax.backend) parts.push(`backend ${jax.backend}`);
      if (Array.isArray(jax.devices)) parts.push(`devices: ${jax.devices.join(', ')}`);
      break;
    }
    case 'onnxruntime': {
      const ort = details as OnnxruntimeDetails;
      if (Array.isArray(ort.providers)) parts.push(`providers: ${ort.providers.join(', ')}`);
      break;
    }
  }
  if ('error' in details && typeof details.error === 'string') parts.push(`error: ${details.error}`);
  return parts.join(' · ');
}

/** 'Python 3.11.2 (CPython) at /usr/bin/python3' or why it could not be checked. */
export function interpreterSummary(python: PythonReport): string {
  if (python.status !== 'ok') return python.error ?? python.status;
  const env = python.virtualEnv ? ', virtual environment' : '';
  return `Python ${python.versionShort ?? python.version ?? '?'} (${python.implementation ?? 'unknown'}${env}) at ${python.executable ?? python.path}`;
}

/** 'PyTorch 1.13.1 (CPU) · ONNX 1.13.0': the frameworks an interpreter has, each with whether it sees a GPU. */
export function frameworkBrief(python: PythonReport): string {
  const parts: string[] = [];
  for (const name of DL_FRAMEWORKS) {
    const probe = python.modules[name];
    const label = PYTHON_MODULE_INFO[name].label;
    if (probe?.status === 'installed') {
      const gpu = moduleSeesGpu(name, probe);
      parts.push(`${label} ${probe.version ?? '(version unknown)'}${gpu === null ? '' : gpu ? ' (GPU)' : ' (CPU)'}`);
    } else if (probe?.status === 'failed' || probe?.status === 'timed-out') {
      parts.push(`${label} (${moduleStatusText(probe)})`);
    }
  }
  return parts.length > 0 ? parts.join(' · ') : 'no deep-learning framework';
}

/** True when the interpreter has any framework of DL_FRAMEWORKS, working or not: worth a detailed section. */
export function hasFrameworks(python: PythonReport): boolean {
  return DL_FRAMEWORKS.some((name) => python.modules[name] !== undefined && python.modules[name]?.status !== 'missing');
}

/** Where an interpreter came from, as a reader would say it. */
export function sourceText(source: PythonReport['source']): string {
  return { 'cli-option': '--python', 'python-extension': 'the Python extension', path: 'PATH', setting: 'the setting tensorsight.python.path', 'workspace-venv': 'the workspace', conda: 'conda', pyenv: 'pyenv' }[source];
}

/** 'driver 595.71.05, CUDA up to 13.2' or why nvidia-smi gave nothing. */
export function gpuSummary(gpu: GpuReport): string {
  if (gpu.status !== 'ok') return gpu.error ?? gpu.status;
  const driver = gpu.driverVersion ? `driver ${gpu.driverVersion}` : 'driver version unknown';
  const cuda = gpu.cudaVersion ? `supports CUDA up to ${gpu.cudaVersion}` : 'CUDA version unknown';
  return `${gpu.gpus.length} GPU${gpu.gpus.length === 1 ? '' : 's'}, ${driver}, ${cuda} (${gpu.nvidiaSmi})`;
}

/** 'loads', 'not installed', 'fails', 'timed out'. */
export function runtimeStatusText(probe: Pick<RuntimeProbe, 'status'>): string {
  return { ok: 'loads', 'not-installed': 'not installed', failed: 'fails', 'timed-out': 'timed out' }[probe.status];
}

/** '2 errors, 1 warning, 9 info'. */
export function problemCounts(problems: readonly Problem[]): string {
  const count = (severity: Problem['severity']) => problems.filter((problem) => problem.severity === severity).length;
  const errors = count('error');
  const warnings = count('warning');
  return `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}, ${count('info')} info`;
}

/** One line saying when, where and with which limit the checks ran. */
export function reportHeader(report: DoctorReport): string {
  return `Checked ${report.generatedAt} on ${report.platform.os} ${report.platform.arch} (${report.platform.release}); each check limited to ${report.timeoutMs} ms.`;
}
