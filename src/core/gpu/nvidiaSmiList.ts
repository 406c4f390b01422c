// `nvidia-smi -L`: one line per GPU, and under a GPU in MIG mode one line per MIG device, e.g.
//   GPU 0: NVIDIA A100-SXM4-40GB (UUID: GPU-5d5ba0d6-...)
//     MIG 3g.20gb     Device  0: (UUID: MIG-c6d4f1ef-...)
// It is the one text output that names MIG devices with their UUIDs and profiles; `--query-gpu` has none.
import { type MigDevice } from './gpuSnapshot';

/** One GPU of the listing and its MIG devices. */
export interface ListedGpu {
  index: number;
  name: string;
  uuid: string | null;
  migDevices: MigDevice[];
}

const gpuLine = /^GPU (\d+): (.*?)(?: \(UUID: ([^)]+)\))?\s*$/;
const migLine = /^\s+MIG (\S+)\s+Device\s+(\d+): \(UUID: ([^)]+)\)\s*$/;

/** The GPUs of `nvidia-smi -L` output, in order; lines of any other shape are skipped. */
export function parseGpuList(text: string): ListedGpu[] {
  const gpus: ListedGpu[] = [];
  for (const line of text.split(/\r?\n/)) {
    const gpu = gpuLine.exec(line);
    if (gpu) {
      gpus.push({ index: Number(gpu[1]), name: gpu[2], uuid: gpu[3] ?? null, migDevices: [] });
      continue;
    }
    const mig = migLine.exec(line);
    if (mig && gpus.length > 0) {
      gpus[gpus.length - 1].migDevices.push({
        index: Number(mig[2]),
        profile: mig[1],
        // -L names neither instance id nor memory; `-q -x` does.
        gpuInstanceId: null,
        computeInstanceId: null,
        uuid: mig[3],
        memoryUsedMiB: null,
        memoryTotalMiB: null,
        multiprocessorCount: null,
      });
    }
  }
  return gpus;
}
