// Which build of PyTorch, TensorFlow or JAX to install, from the platform and what nvidia-smi says about the driver.
// Pure: the facts come in, a pip install line and the reasons come out.
//
// Sources for the rules (looked up, not guessed):
// - PyTorch: https://pytorch.org/get-started/locally/ ("Compute Platform" CUDA 11.8 / 12.6 / 12.8 / 13.0 / CPU, each
//   `pip3 install torch torchvision --index-url https://download.pytorch.org/whl/<cuXYZ|cpu>`); the release
//   compatibility matrix in pytorch/pytorch RELEASE.md (2.5: CUDA 11.8, 12.1, 12.4; 2.6: 11.8, 12.4, 12.6;
//   2.7: 11.8, 12.6, 12.8; 2.9 and later: 12.6, 12.8, 13.0), which says how long each index kept getting releases.
// - TensorFlow: https://www.tensorflow.org/install/pip (Linux and WSL2: `pip install 'tensorflow[and-cuda]'`, which
//   needs NVIDIA driver >= 525.60.13 on Linux / 528.33 on WSL; `tensorflow-cpu` is the CPU-only package; native
//   Windows has no GPU support after 2.10; macOS: `tensorflow`, CPU).
// - JAX: https://docs.jax.dev/en/latest/installation.html (`pip install -U "jax[cuda13]"` or `"jax[cuda12]"`, NVIDIA
//   GPUs on Linux only, driver >= 525.60.13 for CUDA 12, >= 580 for CUDA 13; plain `jax` is CPU-only).
import { cudaFit, parseCudaVersionParts } from './cudaCompatibility';
import type { GpuReport } from './doctorReport';

/** The frameworks `Tensorsight: Set Up Environment` installs. */
export type SetupFramework = 'pytorch' | 'tensorflow' | 'jax';

/** What is known about the machine: from the OS and from nvidia-smi (absent when it is missing or failed). */
export interface MachineFacts {
  platform: NodeJS.Platform;
  /** Running under WSL2: Linux wheels, with the Windows driver's version rules. */
  wsl?: boolean;
  /** nvidia-smi's driver version ('595.71.05'); undefined without a working driver. */
  driverVersion?: string;
  /** The newest CUDA version the driver supports ('13.2'). */
  cudaVersion?: string;
}

/** The build to install and why. */
export interface WheelVariant {
  framework: SetupFramework;
  /** Short name of the build: 'cu128', 'cpu', 'and-cuda', 'cuda12', 'default'. */
  variant: string;
  /** Whether this build uses the NVIDIA GPU. */
  gpu: boolean;
  /** Arguments after `python -m pip`: install, the packages, and an index URL where the build lives on one. */
  pipArgs: string[];
  /** Why this build: one sentence per fact that decided it, for the user. */
  reasons: string[];
}

/** The facts from the doctor's nvidia-smi check and the OS; WSL2 shows in the kernel release or WSL's variables. */
export function machineFacts(gpu: GpuReport, platform: NodeJS.Platform, osRelease: string, env: NodeJS.ProcessEnv): MachineFacts {
  const wsl = platform === 'linux' && (env.WSL_DISTRO_NAME !== undefined || /microsoft/i.test(osRelease));
  const ok = gpu.status === 'ok' && gpu.gpus.length > 0;
  return { platform, ...(wsl ? { wsl } : {}), ...(ok && gpu.driverVersion ? { driverVersion: gpu.driverVersion } : {}), ...(ok && gpu.cudaVersion ? { cudaVersion: gpu.cudaVersion } : {}) };
}

/** PyTorch's CUDA wheel indexes, newest first, with the last release each carried when it stopped getting new ones. */
const TORCH_INDEXES: { tag: string; cuda: string; lastRelease?: string }[] = [
  { tag: 'cu130', cuda: '13.0' },
  { tag: 'cu128', cuda: '12.8' },
  { tag: 'cu126', cuda: '12.6' },
  { tag: 'cu124', cuda: '12.4', lastRelease: '2.6' },
  { tag: 'cu121', cuda: '12.1', lastRelease: '2.5' },
  { tag: 'cu118', cuda: '11.8', lastRelease: '2.7' },
];

const TORCH_INDEX_URL = 'https://download.pytorch.org/whl';

export function chooseWheelVariant(framework: SetupFramework, machine: MachineFacts): WheelVariant {
  switch (framework) {
    case 'pytorch':
      return torchVariant(machine);
    case 'tensorflow':
      return tensorflowVariant(machine);
    case 'jax':
      return jaxVariant(machine);
  }
}

function torchVariant(machine: MachineFacts): WheelVariant {
  const packages = ['torch', 'torchvision'];
  if (machine.platform === 'darwin') {
    return { framework: 'pytorch', variant: 'default', gpu: false, pipArgs: ['install', ...packages], reasons: ['macOS: the PyPI build, which uses the Apple GPU through MPS where there is one (no CUDA on macOS).'] };
  }
  const cpu = (why: string): WheelVariant => ({ framework: 'pytorch', variant: 'cpu', gpu: false, pipArgs: ['install', ...packages, '--index-url', `${TORCH_INDEX_URL}/cpu`], reasons: [why, 'The CPU-only index keeps the download small (no CUDA libraries).'] });
  if (!machine.cudaVersion) return cpu(noDriverReason(machine));
  const driver = `The driver (${machine.driverVersion ?? 'version unknown'}) supports CUDA up to ${machine.cudaVersion}`;
  const fits = TORCH_INDEXES.find((index) => cudaFit(index.cuda, machine.cudaVersion) === 'ok');
  const minor = fits ? undefined : TORCH_INDEXES.find((index) => cudaFit(index.cuda, machine.cudaVersion) === 'minor-newer');
  const index = fits ?? minor;
  if (!index) return cpu(`${driver}, older than the oldest CUDA build of PyTorch (11.8): update the driver to use the GPU.`);
  const reasons = [`${driver}: ${index.tag} is the newest PyTorch CUDA build it runs${minor ? ', through CUDA minor-version compatibility (kernels that need PTX JIT compilation fail; a newer driver avoids that)' : ''}.`];
  if (index.lastRelease) reasons.push(`This index stopped at PyTorch ${index.lastRelease}; newer releases need a newer driver.`);
  return { framework: 'pytorch', variant: index.tag, gpu: true, pipArgs: ['install', ...packages, '--index-url', `${TORCH_INDEX_URL}/${index.tag}`], reasons };
}

function tensorflowVariant(machine: MachineFacts): WheelVariant {
  const cpu = (pkg: string, why: string): WheelVariant => ({ framework: 'tensorflow', variant: pkg === 'tensorflow' ? 'default' : 'cpu', gpu: false, pipArgs: ['install', pkg], reasons: [why] });
  if (machine.platform === 'darwin') return cpu('tensorflow', 'macOS: TensorFlow has no CUDA build there; the PyPI package runs on the CPU.');
  if (machine.platform === 'win32') return cpu('tensorflow-cpu', 'Native Windows: TensorFlow 2.11 and later do not use the GPU there (use WSL2 for GPU training).');
  if (machine.platform !== 'linux') return cpu('tensorflow-cpu', `${machine.platform}: no GPU build of TensorFlow.`);
  if (!machine.driverVersion) return cpu('tensorflow-cpu', noDriverReason(machine));
  const minimum = machine.wsl ? '528.33' : '525.60.13';
  if (compareVersions(machine.driverVersion, minimum) < 0) {
    return cpu('tensorflow-cpu', `The driver ${machine.driverVersion} is older than ${minimum}, which tensorflow[and-cuda] needs${machine.wsl ? ' on WSL' : ''}: update the driver to use the GPU.`);
  }
  return { framework: 'tensorflow', variant: 'and-cuda', gpu: true, pipArgs: ['install', 'tensorflow[and-cuda]'], reasons: [`The driver ${machine.driverVersion} is at least ${minimum}: tensorflow[and-cuda] installs the CUDA and cuDNN libraries it needs from PyPI.`] };
}

function jaxVariant(machine: MachineFacts): WheelVariant {
  const cpu = (why: string): WheelVariant => ({ framework: 'jax', variant: 'cpu', gpu: false, pipArgs: ['install', '-U', 'jax'], reasons: [why] });
  if (machine.platform === 'darwin') return cpu('macOS: JAX has no CUDA build there; plain jax runs on the CPU.');
  if (machine.platform !== 'linux') return cpu(`${machine.platform === 'win32' ? 'Native Windows' : machine.platform}: JAX's CUDA builds are for Linux (and WSL2) only.`);
  if (!machine.cudaVersion || !machine.driverVersion) return cpu(noDriverReason(machine));
  const cuda = parseCudaVersionParts(machine.cudaVersion);
  if (cuda && cuda[0] >= 13 && compareVersions(machine.driverVersion, '580') >= 0) {
    return { framework: 'jax', variant: 'cuda13', gpu: true, pipArgs: ['install', '-U', 'jax[cuda13]'], reasons: [`The driver ${machine.driverVersion} supports CUDA ${machine.cudaVersion}: jax[cuda13] installs JAX with CUDA 13 libraries from PyPI.`] };
  }
  if (cuda && cuda[0] >= 12 && compareVersions(machine.driverVersion, '525.60.13') >= 0) {
    return { framework: 'jax', variant: 'cuda12', gpu: true, pipArgs: ['install', '-U', 'jax[cuda12]'], reasons: [`The driver ${machine.driverVersion} supports CUDA ${machine.cudaVersion} (at least 525.60.13 is needed): jax[cuda12] installs JAX with CUDA 12 libraries from PyPI.`] };
  }
  return cpu(`The driver ${machine.driverVersion} (CUDA ${machine.cudaVersion}) is older than 525.60.13, which JAX's CUDA 12 build needs: update the driver to use the GPU.`);
}

function noDriverReason(machine: MachineFacts): string {
  return machine.driverVersion ? `nvidia-smi did not report the CUDA version for driver ${machine.driverVersion}, so a CUDA build can't be matched.` : 'No working NVIDIA driver (nvidia-smi is missing or failed), so the CPU build.';
}

/** Compares dotted versions numerically ('525.60.13' vs '580'); missing parts count as 0. */
export function compareVersions(a: string, b: string): number {
  const left = a.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const right = b.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return Math.sign(diff);
  }
  return 0;
}
