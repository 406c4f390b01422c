// The report's `frameworks` section: for each module, the first interpreter (in search order) where it imports.
import { PYTHON_MODULES, type FrameworkSummary, type JaxDetails, type ModuleProbe, type OnnxruntimeDetails, type PythonModuleName, type PythonReport, type TensorflowDetails, type TorchDetails } from './doctorReport';

export function summarizeFrameworks(pythons: readonly PythonReport[]): Record<PythonModuleName, FrameworkSummary> {
  const summary = {} as Record<PythonModuleName, FrameworkSummary>;
  for (const name of PYTHON_MODULES) {
    const python = pythons.find((candidate) => candidate.modules[name]?.status === 'installed');
    const probe = python?.modules[name];
    summary[name] = python && probe ? { installed: true, version: probe.version, python: python.path, gpu: moduleSeesGpu(name, probe) } : { installed: false, gpu: null };
  }
  return summary;
}

/** Whether the framework sees a GPU; null where the probe has no such fact (numpy, onnx, ...) or it failed. */
export function moduleSeesGpu(name: PythonModuleName, probe: ModuleProbe): boolean | null {
  const details = probe.details;
  if (!details) return null;
  switch (name) {
    case 'torch':
      return (details as TorchDetails).cudaAvailable ?? null;
    case 'tensorflow':
      return Array.isArray((details as TensorflowDetails).gpus) ? (details as TensorflowDetails).gpus.length > 0 : null;
    case 'jax': {
      const backend = (details as JaxDetails).backend;
      return typeof backend === 'string' ? backend !== 'cpu' : null;
    }
    case 'onnxruntime': {
      const providers = (details as OnnxruntimeDetails).providers;
      return Array.isArray(providers) ? providers.some((provider) => provider !== 'CPUExecutionProvider' && provider !== 'AzureExecutionProvider') : null;
    }
    default:
      return null;
  }
}
