// Problems with the Node-side runtimes Tensorsight itself uses for training (TF.js) and inference (onnxruntime-node).
import type { DoctorReport, Problem } from './doctorReport';

type ReportInput = Omit<DoctorReport, 'problems'>;

export function runtimeProblems(report: ReportInput): Problem[] {
  const problems: Problem[] = [];
  const { tfjs, onnxruntime, moduleRoot } = report.runtimes;
  const hasGpu = report.gpu.status === 'ok' && report.gpu.gpus.length > 0;

  if (tfjs.every((probe) => probe.status === 'not-installed')) {
    problems.push({ code: 'tfjs-not-installed', severity: 'info', message: 'No TF.js package is installed next to Tensorsight, so it cannot train models itself', fix: `Install @tensorflow/tfjs (CPU) and, for speed, @tensorflow/tfjs-backend-wasm or @tensorflow/tfjs-node in ${moduleRoot} (npm install @tensorflow/tfjs).` });
  }
  for (const probe of tfjs) {
    if (probe.status !== 'failed' && probe.status !== 'timed-out') continue;
    // WebGPU without a GPU adapter is expected on machines without a GPU: say it, but quietly.
    const severity = probe.backend === 'webgpu' && !hasGpu ? 'info' : 'warning';
    problems.push({ code: 'tfjs-backend-failed', severity, message: `TF.js backend ${probe.backend} (${probe.module}) is installed but does not load: ${probe.error ?? probe.status}`, fix: fixFor(probe.module) });
  }

  if (onnxruntime.status === 'not-installed') {
    problems.push({ code: 'onnxruntime-node-not-installed', severity: 'info', message: 'onnxruntime-node is not installed next to Tensorsight, so it cannot run or profile ONNX models itself', fix: `npm install onnxruntime-node in ${moduleRoot}` });
  } else if (onnxruntime.status !== 'ok') {
    problems.push({ code: 'onnxruntime-node-failed', severity: 'warning', message: `onnxruntime-node${onnxruntime.version ? ` ${onnxruntime.version}` : ''} does not load: ${onnxruntime.error ?? onnxruntime.status}`, fix: 'Reinstall onnxruntime-node for this platform and Node version (npm rebuild onnxruntime-node).' });
  }
  for (const provider of onnxruntime.providers) {
    if (provider.status === 'ok') continue;
    if (provider.backend === 'cpu') {
      problems.push({ code: 'onnxruntime-node-cpu-failed', severity: 'warning', message: `onnxruntime-node could not run a model on the CPU: ${provider.error ?? provider.status}`, fix: 'Reinstall onnxruntime-node (npm rebuild onnxruntime-node); its native binding does not load here.' });
    } else if (hasGpu && (provider.backend === 'cuda' || provider.backend === 'tensorrt')) {
      problems.push({
        code: 'onnxruntime-node-no-cuda',
        severity: 'info',
        message: `onnxruntime-node's ${provider.backend} execution provider does not load although a GPU is present: ${provider.error ?? provider.status}`,
        fix: "Its CUDA provider libraries are not in the npm package: its install script downloads them, and Tensorsight's package.json denies that script (allowScripts) so that installs stay offline. With network access run `node node_modules/onnxruntime-node/script/install.js --onnxruntime-node-install=cuda12`, and have the CUDA 12 and cuDNN libraries it needs on the library path.",
      });
    }
  }
  return problems;
}

function fixFor(module: string): string {
  if (module === '@tensorflow/tfjs-node-gpu') return 'tfjs-node-gpu needs libtensorflow with CUDA (downloaded by its install script) and matching CUDA/cuDNN libraries; reinstall it with network access (npm rebuild @tensorflow/tfjs-node-gpu).';
  if (module === '@tensorflow/tfjs-node') return 'tfjs-node needs libtensorflow, downloaded by its install script; reinstall it with network access (npm rebuild @tensorflow/tfjs-node).';
  if (module === '@tensorflow/tfjs-backend-webgpu') return 'WebGPU in Node needs the webgpu package (Dawn) and a GPU with a Vulkan, Metal or D3D12 driver; training falls back to wasm or cpu.';
  return `Reinstall ${module} and @tensorflow/tfjs-core at the same version.`;
}
