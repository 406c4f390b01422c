// Reads `nvidia-smi -q -x` XML into a GpuSnapshot. The layout moved between DTD versions, so each metric
// lists the places it has lived, newest first:
//   dtd-less (R418) .. v11  power_readings/power_draw, clocks_throttle_reasons, ecc volatile/double_bit/total
//   v11 (R515) .. v12        ecc volatile/{sram,dram}_uncorrectable; v12 (R535) moves power to gpu_power_readings
//   v13 (R580+)              clocks_event_reasons, {average,instant}_power_draw, {requested,current}_power_limit,
//                            ecc volatile/sram_uncorrectable_{parity,secded}
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FormatError } from '../formats/formatError';
import { emptyGpuDevice, type GpuDevice, type GpuProcess, type GpuSnapshot, type MigDevice } from './gpuSnapshot';
import { gpuNumberOrNull, gpuTextOrNull, isUnavailable, parseGpuInteger } from './gpuValue';
import { xmlLocalTime } from './nvidiaSmiTime';
import { activeReasonsFromElements } from './throttleReasons';

type XmlNode = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  isArray: (name) => name === 'gpu' || name === 'process_info' || name === 'mig_device',
});

/** Parses `nvidia-smi -q -x` output; `file` names the source in errors. */
export function parseNvidiaSmiXml(xml: string, file = '<xml>'): GpuSnapshot {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new FormatError(file, `malformed XML at line ${valid.err.line}, column ${valid.err.col}: ${valid.err.msg}`);
  }
  let document: XmlNode;
  try {
    document = parser.parse(xml) as XmlNode;
  } catch (error) {
    // The validator passes some damage the parser then throws on (an unclosed DOCTYPE): still malformed XML.
    throw new FormatError(file, `malformed XML: ${(error as Error).message}`);
  }
  const log = document.nvidia_smi_log;
  if (!isNode(log)) {
    const root = Object.keys(document).find((key) => !key.startsWith('?')) ?? 'none';
    throw new FormatError(file, `not nvidia-smi -q -x output: the root element is <${root}>, expected <nvidia_smi_log>`);
  }
  const gpuNodes = Array.isArray(log.gpu) ? log.gpu.filter(isNode) : [];
  const gpus = gpuNodes.map((node, index) => readGpu(node, index));
  const processes = gpuNodes.flatMap((node, index) => readProcesses(node, gpus[index]));
  return {
    source: 'nvidia-smi-xml',
    // The local clock of the machine that wrote it, with no offset: kept as written (nvidiaSmiTime.ts).
    time: xmlLocalTime(text(log, 'timestamp')),
    timestamp: null,
    driverVersion: gpuTextOrNull(text(log, 'driver_version')),
    cudaVersion: gpuTextOrNull(text(log, 'cuda_version')),
    gpus,
    processes,
  };
}

function readGpu(node: XmlNode, index: number): GpuDevice {
  const gpu = emptyGpuDevice(index);
  gpu.name = gpuTextOrNull(text(node, 'product_name'));
  gpu.uuid = gpuTextOrNull(text(node, 'uuid'));
  gpu.busId = gpuTextOrNull(text(node, 'pci', 'pci_bus_id') ?? attribute(node, 'id'));
  gpu.utilization = number(node, ['utilization', 'gpu_util']);
  gpu.memoryUtilization = number(node, ['utilization', 'memory_util']);
  gpu.memoryUsedMiB = number(node, ['fb_memory_usage', 'used']);
  gpu.memoryTotalMiB = number(node, ['fb_memory_usage', 'total']);
  gpu.temperatureC = number(node, ['temperature', 'gpu_temp']);
  gpu.memoryTemperatureC = number(node, ['temperature', 'memory_temp']);
  // The CSV's power.draw is the 1 s average on Ampere and newer, so the average is preferred here too.
  gpu.powerW = number(
    node,
    ['gpu_power_readings', 'average_power_draw'],
    ['gpu_power_readings', 'power_draw'],
    ['gpu_power_readings', 'instant_power_draw'],
    ['power_readings', 'power_draw'],
  );
  gpu.powerLimitW = number(
    node,
    ['gpu_power_readings', 'requested_power_limit'],
    ['gpu_power_readings', 'power_limit'],
    ['gpu_power_readings', 'current_power_limit'],
    ['power_readings', 'power_limit'],
  );
  gpu.clocks = {
    smMHz: number(node, ['clocks', 'sm_clock']),
    memMHz: number(node, ['clocks', 'mem_clock']),
    maxSmMHz: number(node, ['max_clocks', 'sm_clock']),
    maxMemMHz: number(node, ['max_clocks', 'mem_clock']),
  };
  gpu.fanPercent = number(node, ['fan_speed']);
  gpu.pstate = gpuTextOrNull(text(node, 'performance_state'));
  const reasons = child(node, 'clocks_event_reasons') ?? child(node, 'clocks_throttle_reasons');
  gpu.throttleReasons = isNode(reasons) ? activeReasonsFromElements(reasons) : null;
  gpu.eccUncorrectedVolatile = uncorrectedVolatile(child(node, 'ecc_errors', 'volatile'));
  gpu.pcieGen = number(node, ['pci', 'pci_gpu_link_info', 'pcie_gen', 'current_link_gen']);
  gpu.pcieWidth = number(node, ['pci', 'pci_gpu_link_info', 'link_widths', 'current_link_width']);
  gpu.migMode = gpuTextOrNull(text(node, 'mig_mode', 'current_mig'));
  const migDevices = child(node, 'mig_devices', 'mig_device');
  gpu.migDevices = Array.isArray(migDevices) ? migDevices.filter(isNode).map(readMigDevice) : [];
  return gpu;
}

/** Sums the uncorrectable counters of whichever layout the driver wrote; null when all are N/A. */
function uncorrectedVolatile(volatile: unknown): number | null {
  if (!isNode(volatile)) return null;
  const doubleBit = child(volatile, 'double_bit');
  if (isNode(doubleBit)) return gpuNumberOrNull(text(doubleBit, 'total'));
  const counters = Object.entries(volatile)
    .filter(([name]) => /_uncorrectable(_|$)/.test(name))
    .map(([, value]) => (typeof value === 'string' ? gpuNumberOrNull(value) : null))
    .filter((value): value is number => value !== null);
  return counters.length > 0 ? counters.reduce((sum, value) => sum + value, 0) : null;
}

function readMigDevice(node: XmlNode, position: number): MigDevice {
  return {
    index: parseGpuInteger(text(node, 'index')) ?? position,
    profile: null,
    gpuInstanceId: gpuNumberOrNull(text(node, 'gpu_instance_id')),
    computeInstanceId: gpuNumberOrNull(text(node, 'compute_instance_id')),
    uuid: gpuTextOrNull(text(node, 'uuid')),
    memoryUsedMiB: number(node, ['fb_memory_usage', 'used']),
    memoryTotalMiB: number(node, ['fb_memory_usage', 'total']),
    multiprocessorCount: number(node, ['device_attributes', 'shared', 'multiprocessor_count']),
  };
}

function readProcesses(node: XmlNode, gpu: GpuDevice): GpuProcess[] {
  const infos = child(node, 'processes', 'process_info');
  if (!Array.isArray(infos)) return [];
  return infos.filter(isNode).flatMap((info) => {
    const pid = parseGpuInteger(text(info, 'pid'));
    if (pid === undefined) return [];
    return [
      {
        gpu: gpu.index,
        gpuUuid: gpu.uuid,
        pid,
        name: text(info, 'process_name') ?? '',
        memoryMiB: gpuNumberOrNull(text(info, 'used_memory')),
        type: gpuTextOrNull(text(info, 'type')),
        gpuInstanceId: gpuNumberOrNull(text(info, 'gpu_instance_id')),
        computeInstanceId: gpuNumberOrNull(text(info, 'compute_instance_id')),
      },
    ];
  });
}

function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function child(node: XmlNode, ...path: string[]): unknown {
  let current: unknown = node;
  for (const name of path) {
    if (!isNode(current)) return undefined;
    current = current[name];
  }
  return current;
}

/** The text of the element at `path`, or undefined when it is absent or has children. */
function text(node: XmlNode, ...path: string[]): string | undefined {
  const value = child(node, ...path);
  return typeof value === 'string' ? value : undefined;
}

function attribute(node: XmlNode, name: string): string | undefined {
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

/** The first of `paths` that holds a number; null when none does (absent or a status). */
function number(node: XmlNode, ...paths: string[][]): number | null {
  for (const path of paths) {
    const value = text(node, ...path);
    if (!isUnavailable(value)) {
      const parsed = gpuNumberOrNull(value);
      if (parsed !== null) return parsed;
    }
  }
  return null;
}
