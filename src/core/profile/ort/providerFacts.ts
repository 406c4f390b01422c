// Which execution providers this onnxruntime-node can use here, and why not the others, from what the binding
// lists (listSupportedBackends) and what is on disk (provider libraries, the NVIDIA driver). Pure over `facts`,
// so tests can state a machine; ortProviders.ts gathers the facts and tries a session where only that tells.
import type { ExecutionProviderName, ProviderAvailability } from '../modelProfile';

/** The backends onnxruntime-node's binding reports: `bundled: false` ones need libraries installed beside it. */
export interface BackendEntry {
  name: string;
  bundled: boolean;
}

/** What the machine has. */
export interface ProviderFacts {
  platform: NodeJS.Platform;
  arch: string;
  backends: BackendEntry[];
  /** Folder of onnxruntime-node's native files for this platform. */
  binDir: string;
  /** File names present in binDir. */
  binFiles: string[];
  /** nvidia-smi found on PATH, and libcuda.so.1 found in the usual library folders. */
  nvidiaSmi: boolean;
  libcuda: boolean;
  /** libnvinfer (TensorRT) found in the usual library folders. */
  libnvinfer: boolean;
}

/** Every provider the profiler knows, in picker order. */
export const providerNames: readonly ExecutionProviderName[] = ['cpu', 'webgpu', 'cuda', 'tensorrt', 'dml', 'coreml'];

const LIBRARIES: Partial<Record<ExecutionProviderName, string>> = {
  cuda: 'libonnxruntime_providers_cuda.so',
  tensorrt: 'libonnxruntime_providers_tensorrt.so',
};

const PLATFORM_ONLY: Partial<Record<ExecutionProviderName, { platform: NodeJS.Platform; what: string }>> = {
  dml: { platform: 'win32', what: 'DirectML runs on Windows only' },
  coreml: { platform: 'darwin', what: 'Core ML runs on macOS only' },
};

/** The availability of each provider given `facts`; webgpu and cuda may still fail at session creation (probed separately). */
export function providerAvailability(facts: ProviderFacts): ProviderAvailability[] {
  return providerNames.map((name) => ({ name, ...check(name, facts) }));
}

function check(name: ExecutionProviderName, facts: ProviderFacts): { available: boolean; reason: string | null } {
  const no = (reason: string): { available: boolean; reason: string } => ({ available: false, reason });
  if (name === 'cpu') return { available: true, reason: null };
  const only = PLATFORM_ONLY[name];
  if (only && facts.platform !== only.platform) return no(`${only.what}; this is ${facts.platform}/${facts.arch}.`);
  const backend = facts.backends.find((entry) => entry.name === name);
  if (!backend) return no(`onnxruntime-node for ${facts.platform}/${facts.arch} is not built with the ${name} execution provider.`);
  const library = LIBRARIES[name];
  if (!backend.bundled && library && facts.platform === 'linux' && !facts.binFiles.includes(library)) {
    return no(`${library} is not installed in ${facts.binDir}: onnxruntime-node downloads it at install time on a machine with an NVIDIA GPU and network (npm rebuild onnxruntime-node, or ONNXRUNTIME_NODE_INSTALL=cuda12 node node_modules/onnxruntime-node/script/install.js).`);
  }
  if ((name === 'cuda' || name === 'tensorrt') && !facts.nvidiaSmi && !facts.libcuda) {
    return no('no NVIDIA driver found (no nvidia-smi on PATH, no libcuda.so.1): CUDA needs an NVIDIA GPU with its driver installed.');
  }
  if (name === 'tensorrt' && !facts.libnvinfer) return no('TensorRT (libnvinfer.so) is not installed; install TensorRT 10 for CUDA 12 to use this provider.');
  return { available: true, reason: null };
}
