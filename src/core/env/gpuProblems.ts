// Problems between the NVIDIA driver and the Python frameworks: no driver, a broken driver, CUDA builds newer
// than the driver supports, frameworks that don't see GPUs nvidia-smi sees.
import { cudaFit } from './cudaCompatibility';
import type { DoctorReport, GpuReport, JaxDetails, OnnxruntimeDetails, Problem, PythonReport, TensorflowDetails, TorchDetails } from './doctorReport';
import { nvidiaSmiFailure } from '../gpu/runNvidiaSmi';

type ReportInput = Omit<DoctorReport, 'problems'>;

export function gpuProblems(report: ReportInput): Problem[] {
  const problems = driverProblems(report.gpu, report.timeoutMs);
  for (const python of report.python) {
    if (python.status === 'ok') problems.push(...frameworkGpuProblems(python, report.gpu));
  }
  return problems;
}

function driverProblems(gpu: GpuReport, timeoutMs: number): Problem[] {
  if (gpu.status === 'not-found') {
    return [{
      code: 'nvidia-smi-not-found',
      severity: 'warning',
      message: `${gpu.error ?? 'nvidia-smi not found'}, so no NVIDIA GPU can be used or checked`,
      fix: 'If this machine has an NVIDIA GPU, install the NVIDIA driver (it ships nvidia-smi) and make sure nvidia-smi is on PATH (WSL: /usr/lib/wsl/lib; containers: run with --gpus all and the NVIDIA Container Toolkit). Without it, frameworks run on the CPU.',
    }];
  }
  if (gpu.status === 'timed-out') {
    return [{ code: 'nvidia-smi-timed-out', severity: 'error', message: `nvidia-smi did not answer within ${timeoutMs} ms and was killed`, fix: 'A hanging nvidia-smi usually means a GPU in a bad state or a stuck driver: look for Xid errors in `dmesg`, then reset the GPU (nvidia-smi -r) or reboot.' }];
  }
  if (gpu.status === 'failed') {
    const driver = gpu.driverFailure ? nvidiaSmiFailure(gpu.error ?? '') : undefined;
    if (driver && driver.kind !== 'invalid-field') return [{ code: 'nvidia-driver-failure', severity: 'error', message: `nvidia-smi failed: ${driver.message}`, fix: driver.fix }];
    return [{ code: 'nvidia-smi-failed', severity: 'error', message: `nvidia-smi failed: ${gpu.error ?? 'unknown error'}`, fix: 'Run nvidia-smi in a terminal to see the whole error; reinstalling the driver for the running kernel fixes most cases.' }];
  }
  if (gpu.gpus.length === 0) {
    return [{ code: 'no-gpus', severity: 'warning', message: 'nvidia-smi runs but lists no GPU', fix: 'Check that the GPU is passed through to this machine or container (`lspci | grep -i nvidia`).' }];
  }
  return [];
}

function frameworkGpuProblems(python: PythonReport, gpu: GpuReport): Problem[] {
  const problems: Problem[] = [];
  const exe = python.path;
  const gpuCount = gpu.status === 'ok' ? gpu.gpus.length : 0;
  const seen = `nvidia-smi sees ${gpuCount} GPU${gpuCount === 1 ? '' : 's'}`;
  const hidden = python.cudaVisibleDevices === '' || python.cudaVisibleDevices === '-1';
  if (gpuCount > 0 && hidden) {
    problems.push({ code: 'cuda-visible-devices-hides-gpus', severity: 'warning', message: `CUDA_VISIBLE_DEVICES is '${python.cudaVisibleDevices}' for ${exe}, which hides every GPU from CUDA programs although ${seen}`, fix: 'Unset CUDA_VISIBLE_DEVICES, or set it to the GPU indices to use (e.g. 0,1).' });
  }

  const torch = python.modules.torch;
  if (torch?.status === 'installed' && torch.details) {
    const details = torch.details as TorchDetails;
    const fit = cudaFit(details.cudaVersion, gpu.cudaVersion);
    const label = `${named('PyTorch', torch.version)} in ${exe}`;
    if (fit === 'major-newer') {
      problems.push({ code: 'torch-cuda-mismatch', severity: 'error', message: `${label} is built for CUDA ${details.cudaVersion} but the driver supports up to CUDA ${gpu.cudaVersion}`, fix: `Update the NVIDIA driver to one that supports CUDA ${details.cudaVersion}, or install a PyTorch build for CUDA ${gpu.cudaVersion} or older (pick it on https://pytorch.org/get-started/locally/ and install with ${exe} -m pip install torch --index-url https://download.pytorch.org/whl/cuXYZ).` });
    } else if (fit === 'minor-newer') {
      problems.push({ code: 'torch-cuda-minor-mismatch', severity: 'warning', message: `${label} is built for CUDA ${details.cudaVersion} but the driver supports up to CUDA ${gpu.cudaVersion}; it runs only through CUDA minor-version compatibility, and kernels that need a newer driver (PTX JIT) fail`, fix: `Update the NVIDIA driver, or install a PyTorch build for CUDA ${gpu.cudaVersion} or older.` });
    }
    if (gpuCount > 0 && details.cudaAvailable === false && !hidden) {
      if (!details.cudaVersion) {
        problems.push({ code: 'torch-cpu-only', severity: 'warning', message: `${label} is a CPU-only build (torch.version.cuda is None) although ${seen}`, fix: `Install a CUDA build: pick it on https://pytorch.org/get-started/locally/ (for example ${exe} -m pip install torch --index-url https://download.pytorch.org/whl/cu121).` });
      } else if (fit !== 'major-newer') {
        problems.push({ code: 'torch-cuda-unavailable', severity: 'error', message: `torch.cuda.is_available() is False in ${exe} although ${seen}`, fix: `Run \`${exe} -c "import torch; torch.cuda.init()"\` to see the CUDA error; check CUDA_VISIBLE_DEVICES, that your user can open /dev/nvidia*, and that the driver supports CUDA ${details.cudaVersion}.` });
      }
    }
  }

  const tf = python.modules.tensorflow;
  if (tf?.status === 'installed' && tf.details) {
    const details = tf.details as TensorflowDetails;
    const fit = cudaFit(details.cudaVersion, gpu.cudaVersion);
    if (fit === 'major-newer' || fit === 'minor-newer') {
      problems.push({ code: 'tensorflow-cuda-mismatch', severity: fit === 'major-newer' ? 'error' : 'warning', message: `${named('TensorFlow', tf.version)} in ${exe} is built for CUDA ${details.cudaVersion} but the driver supports up to CUDA ${gpu.cudaVersion}`, fix: `Update the NVIDIA driver to one that supports CUDA ${details.cudaVersion}, or install a TensorFlow release built for CUDA ${gpu.cudaVersion} (see https://www.tensorflow.org/install/source#gpu).` });
    }
    if (gpuCount > 0 && Array.isArray(details.gpus) && details.gpus.length === 0 && !hidden) {
      const fix = details.builtWithCuda === false
        ? `This TensorFlow build has no CUDA support (on native Windows, TensorFlow 2.11 and later never use the GPU: use WSL2). On Linux: ${exe} -m pip install "tensorflow[and-cuda]".`
        : `TensorFlow needs ${named('CUDA', details.cudaVersion)} and ${named('cuDNN', details.cudnnVersion)} libraries: ${exe} -m pip install "tensorflow[and-cuda]" installs them. Importing TensorFlow in a terminal logs which library it could not load.`;
      problems.push({ code: 'tensorflow-no-gpu', severity: 'warning', message: `No GPU visible to ${named('TensorFlow', tf.version)} in ${exe} although ${seen}`, fix });
    }
  }

  const jax = python.modules.jax;
  if (gpuCount > 0 && jax?.status === 'installed' && jax.details && (jax.details as JaxDetails).backend === 'cpu' && !hidden) {
    problems.push({ code: 'jax-no-gpu', severity: 'warning', message: `${named('JAX', jax.version)} in ${exe} runs on the CPU only although ${seen}`, fix: `Install the CUDA build: ${exe} -m pip install -U "jax[cuda12]" (or jax[cuda13] for a CUDA 13 driver).` });
  }

  const ort = python.modules.onnxruntime;
  const providers = ort?.status === 'installed' ? (ort.details as OnnxruntimeDetails | undefined)?.providers : undefined;
  if (gpuCount > 0 && Array.isArray(providers) && !providers.includes('CUDAExecutionProvider') && !providers.includes('TensorrtExecutionProvider')) {
    problems.push({ code: 'onnxruntime-no-cuda', severity: 'info', message: `${named('ONNX Runtime', ort?.version)} in ${exe} has no CUDA execution provider (it offers ${providers.join(', ') || 'none'})`, fix: `For GPU inference: ${exe} -m pip uninstall -y onnxruntime && ${exe} -m pip install onnxruntime-gpu` });
  }
  return problems;
}

/** 'PyTorch 2.1.0', or just 'PyTorch' when the version is unknown. */
function named(label: string, version: string | null | undefined): string {
  return version ? `${label} ${version}` : label;
}
