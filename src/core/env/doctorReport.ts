// The environment doctor's report: what `tensorsight doctor --json` prints (DESIGN.md §4) and what the VS Code report renders.

/** The Python modules the probe imports, keyed by the name the report uses. */
export const PYTHON_MODULES = ['torch', 'tensorflow', 'keras', 'jax', 'onnx', 'onnxruntime', 'tensorboard', 'numpy', 'cv2'] as const;

/** One of the Python modules in PYTHON_MODULES. */
export type PythonModuleName = (typeof PYTHON_MODULES)[number];

/** The modules that make an interpreter one to train or run models with (the rest are helpers). */
export const DL_FRAMEWORKS: readonly PythonModuleName[] = ['torch', 'tensorflow', 'keras', 'jax', 'onnx', 'onnxruntime'];

/** Readable names and pip package names, for tables and fixes. */
export const PYTHON_MODULE_INFO: Record<PythonModuleName, { label: string; pip: string }> = {
  torch: { label: 'PyTorch', pip: 'torch' },
  tensorflow: { label: 'TensorFlow', pip: 'tensorflow' },
  keras: { label: 'Keras', pip: 'keras' },
  jax: { label: 'JAX', pip: 'jax' },
  onnx: { label: 'ONNX', pip: 'onnx' },
  onnxruntime: { label: 'ONNX Runtime', pip: 'onnxruntime' },
  tensorboard: { label: 'TensorBoard', pip: 'tensorboard' },
  numpy: { label: 'NumPy', pip: 'numpy' },
  cv2: { label: 'OpenCV', pip: 'opencv-python' },
};

/** How a check ended: ran, the thing is absent, it failed, or it outran its time budget. */
export type CheckStatus = 'ok' | 'not-found' | 'failed' | 'timed-out';

/** What the probe found for one module inside one interpreter. */
export interface ModuleProbe {
  /** installed: found and imported; missing: no such module; failed: found but the import raised; timed-out: the import hung. */
  status: 'installed' | 'missing' | 'failed' | 'timed-out';
  version?: string;
  /** The import error text (failed), or why the step was cut short (timed-out). */
  error?: string;
  durationMs?: number;
  /** Framework-specific facts (GPU visibility, CUDA build); see TorchDetails and friends. */
  details?: TorchDetails | TensorflowDetails | JaxDetails | OnnxruntimeDetails;
}

/** torch.cuda and torch.version facts. */
export interface TorchDetails {
  cudaAvailable: boolean | null;
  /** torch.backends.mps.is_available() on Apple silicon; absent elsewhere. */
  mpsAvailable?: boolean;
  /** torch.version.cuda: the CUDA toolkit torch was built with, null for CPU-only builds. */
  cudaVersion: string | null;
  cudnnVersion: number | null;
  devices: string[];
  error?: string;
}

/** tf.config and tf.sysconfig facts. */
export interface TensorflowDetails {
  gpus: string[];
  builtWithCuda: boolean | null;
  cudaVersion: string | null;
  cudnnVersion: string | null;
  error?: string;
}

/** jax.devices() facts. */
export interface JaxDetails {
  backend: string | null;
  devices: string[];
  error?: string;
}

/** onnxruntime.get_available_providers(). */
export interface OnnxruntimeDetails {
  providers: string[];
  device: string | null;
  error?: string;
}

/** Where an interpreter candidate came from: chosen (option, extension, setting) or found (PATH and the scanned places). */
export type PythonSource = 'python-extension' | 'path' | 'setting' | 'cli-option' | 'workspace-venv' | 'conda' | 'pyenv';

/** One Python interpreter and what its probe reported. */
export interface PythonReport {
  /** The path we ran (as found on PATH, given by the user or the Python extension). */
  path: string;
  source: PythonSource;
  /** The interpreter Tensorsight uses: the first in precedence order (--python, setting, Python extension, PATH, scans). */
  isDefault?: boolean;
  /** Other paths that lead to this same interpreter (symlinks, pyenv shims, /bin and /usr/bin). */
  aliases?: string[];
  status: CheckStatus;
  /** Why the probe did not run or did not finish. */
  error?: string;
  /** sys.executable as the interpreter reports it. */
  executable?: string;
  /** sys.version, verbatim. */
  version?: string;
  /** major.minor.micro. */
  versionShort?: string;
  implementation?: string;
  prefix?: string;
  virtualEnv?: boolean;
  cudaVisibleDevices?: string | null;
  modules: Partial<Record<PythonModuleName, ModuleProbe>>;
  durationMs: number;
}

/** One framework across interpreters: the first interpreter (in search order) where it imports. */
export interface FrameworkSummary {
  installed: boolean;
  version?: string;
  python?: string;
  /** Whether the framework sees a GPU in that interpreter; null when unknown or not applicable. */
  gpu: boolean | null;
}

/** One GPU as nvidia-smi lists it. */
export interface GpuInfo {
  index: number;
  name: string;
  driverVersion: string;
  memoryTotalMiB: number | null;
}

/** The NVIDIA driver as seen through nvidia-smi. */
export interface GpuReport {
  /** not-found: no nvidia-smi; failed: it ran but errored (driver-failure says which kind). */
  status: CheckStatus;
  nvidiaSmi: string;
  error?: string;
  /** nvidia-smi ran but could not talk to the kernel driver. */
  driverFailure?: boolean;
  driverVersion?: string;
  /** The newest CUDA version the driver supports ('CUDA Version' in nvidia-smi's header). */
  cudaVersion?: string;
  gpus: GpuInfo[];
}

/** One Node-side runtime module tried in its own child process. */
export interface RuntimeProbe {
  module: string;
  /** tfjs backend name or onnxruntime execution provider. */
  backend: string;
  status: 'ok' | 'not-installed' | 'failed' | 'timed-out';
  version?: string;
  error?: string;
  durationMs: number;
}

/** onnxruntime-node and the execution providers that actually ran the tiny model. */
export interface OnnxruntimeNodeReport {
  module: string;
  status: RuntimeProbe['status'];
  version?: string;
  error?: string;
  /** One entry per execution provider the package offers (listSupportedBackends), each tried in its own process. */
  providers: RuntimeProbe[];
}

/** Node-side runtimes: the TF.js backends and the onnxruntime-node execution providers that actually load. */
export interface RuntimesReport {
  node: { version: string; execPath: string };
  /** The folder whose node_modules were searched (the extension's or the CLI's install folder). */
  moduleRoot: string;
  tfjs: RuntimeProbe[];
  onnxruntime: OnnxruntimeNodeReport;
}

/** One finding with a fix the user can act on. */
export interface Problem {
  /** Stable identifier of the rule that raised it, for tests and filtering. */
  code: string;
  severity: 'error' | 'warning' | 'info';
  message: string;
  fix: string;
}

/** The whole report. */
export interface DoctorReport {
  generatedAt: string;
  platform: { os: string; arch: string; release: string; host: 'cli' | 'vscode' };
  timeoutMs: number;
  python: PythonReport[];
  frameworks: Record<PythonModuleName, FrameworkSummary>;
  gpu: GpuReport;
  runtimes: RuntimesReport;
  problems: Problem[];
}
