// Child-process side of the provider list: onnxruntime-node's backends, the files and driver on this machine,
// then a session on a one-node model for each GPU provider that looks usable (a WebGPU EP without a Vulkan or
// other adapter, or a CUDA EP missing cuDNN, fails only there). Runs in the profiler's child process, where a
// native failure cannot reach the extension host.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as Ort from 'onnxruntime-node';
import type { ProviderAvailability } from '../modelProfile';
import { providerAvailability, type BackendEntry, type ProviderFacts } from './providerFacts';
import { tinyReluModel } from './tinyModel';

const LIBRARY_DIRS = ['/usr/lib/x86_64-linux-gnu', '/usr/lib64', '/usr/lib', '/usr/local/cuda/lib64', '/usr/lib/wsl/lib', '/usr/local/lib'];

function onPath(command: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some((dir) => dir !== '' && fs.existsSync(path.join(dir, command)));
}

function libraryPresent(prefix: string): boolean {
  const dirs = [...LIBRARY_DIRS, ...(process.env.LD_LIBRARY_PATH ?? '').split(':').filter((dir) => dir !== '')];
  return dirs.some((dir) => {
    try {
      return fs.readdirSync(dir).some((file) => file.startsWith(prefix));
    } catch {
      return false;
    }
  });
}

/** The facts of this machine; `ortRoot` is onnxruntime-node's package folder. */
export function gatherProviderFacts(backends: BackendEntry[], ortRoot: string): ProviderFacts {
  const binDir = path.join(ortRoot, 'bin', 'napi-v6', process.platform, process.arch);
  let binFiles: string[] = [];
  try {
    binFiles = fs.readdirSync(binDir);
  } catch {
    // A missing folder means no provider library is installed; the reasons say so.
  }
  return {
    platform: process.platform,
    arch: process.arch,
    backends,
    binDir,
    binFiles,
    nvidiaSmi: onPath(process.platform === 'win32' ? 'nvidia-smi.exe' : 'nvidia-smi'),
    libcuda: libraryPresent('libcuda.so.1'),
    libnvinfer: libraryPresent('libnvinfer.so'),
  };
}

/** Why creating a session failed, with what a user can do about it. */
function sessionFailure(name: string, error: unknown): string {
  const line = (error instanceof Error ? error.message : String(error)).split('\n')[0];
  // ORT's check failures read '<source path>:<line> <function> <condition> was false. <what>': keep <what>.
  const message = /was false\. (.+)$/.exec(line)?.[1] ?? line;
  if (name === 'webgpu') {
    // Dawn in ORT asks for a hardware adapter: a software Vulkan driver (Mesa's lavapipe) is loaded but not taken.
    return `creating a WebGPU session failed (${message}): ONNX Runtime's WebGPU runs on a GPU's Vulkan driver (software ones such as Mesa's lavapipe are not used); install the GPU's Vulkan driver and check it with vulkaninfo.`;
  }
  return `creating a ${name} session failed (${message}): check that the CUDA 12 runtime and cuDNN 9 libraries are on the library path.`;
}

/** The availability of every provider, with sessions tried for those listed in `probe` that look available. */
export async function probeProviders(ort: typeof Ort, ortRoot: string, probe: readonly string[]): Promise<ProviderAvailability[]> {
  const backends = ort.listSupportedBackends().map((entry) => ({ name: entry.name, bundled: entry.bundled }));
  const list = providerAvailability(gatherProviderFacts(backends, ortRoot));
  for (const entry of list) {
    if (!entry.available || !probe.includes(entry.name)) continue;
    try {
      const session = await ort.InferenceSession.create(tinyReluModel(), { executionProviders: [entry.name], logSeverityLevel: 3 });
      await session.release();
    } catch (error) {
      entry.available = false;
      entry.reason = sessionFailure(entry.name, error);
    }
  }
  return list;
}
