// The `--query-gpu` fields Tensorsight reads, each with the names nvidia-smi accepts for it (preferred first:
// older drivers reject newer names, and the sampler falls back), and how its text lands in a GpuDevice.
// The same table reads saved CSV files, whose headers may use any of the names (`nvidia-smi --help-query-gpu`).
import { emptyGpuDevice, type GpuDevice } from './gpuSnapshot';
import { gpuTextOrNull, parseGpuInteger, parseGpuNumber } from './gpuValue';
import { decodeThrottleMask } from './throttleReasons';

/** One parsed `--query-gpu` row: the device, and the driver version that nvidia-smi repeats per row. */
export interface QueryGpuRow {
  gpu: GpuDevice;
  driverVersion: string | null;
}

/** A value Tensorsight queries; `apply` returns false when the text is malformed (not a status, not a value). */
export interface QueryGpuField {
  readonly key: string;
  readonly names: readonly string[];
  apply(row: QueryGpuRow, text: string): boolean;
}

type NumberSetter = (gpu: GpuDevice, value: number | null) => void;

function numeric(key: string, names: string[], set: NumberSetter): QueryGpuField {
  return {
    key,
    names,
    apply: (row, text) => {
      const value = parseGpuNumber(text);
      if (value === undefined) return false;
      set(row.gpu, value);
      return true;
    },
  };
}

function textual(key: string, names: string[], set: (row: QueryGpuRow, value: string | null) => void): QueryGpuField {
  return { key, names, apply: (row, text) => (set(row, gpuTextOrNull(text)), true) };
}

/** Every field, in the order the sampler requests them. `index` comes first: ticks are grouped by it. */
export const queryGpuFields: readonly QueryGpuField[] = [
  {
    key: 'index',
    names: ['index'],
    apply: (row, text) => {
      const index = parseGpuInteger(text);
      if (index === undefined) return false;
      row.gpu.index = index;
      return true;
    },
  },
  textual('uuid', ['uuid', 'gpu_uuid'], (row, value) => (row.gpu.uuid = value)),
  textual('name', ['name', 'gpu_name'], (row, value) => (row.gpu.name = value)),
  textual('busId', ['pci.bus_id', 'gpu_bus_id'], (row, value) => (row.gpu.busId = value)),
  numeric('utilization', ['utilization.gpu'], (gpu, value) => (gpu.utilization = value)),
  numeric('memoryUtilization', ['utilization.memory'], (gpu, value) => (gpu.memoryUtilization = value)),
  numeric('memoryUsedMiB', ['memory.used'], (gpu, value) => (gpu.memoryUsedMiB = value)),
  numeric('memoryTotalMiB', ['memory.total'], (gpu, value) => (gpu.memoryTotalMiB = value)),
  numeric('temperatureC', ['temperature.gpu'], (gpu, value) => (gpu.temperatureC = value)),
  numeric('memoryTemperatureC', ['temperature.memory'], (gpu, value) => (gpu.memoryTemperatureC = value)),
  numeric('powerW', ['power.draw'], (gpu, value) => (gpu.powerW = value)),
  numeric('powerLimitW', ['power.limit', 'gpu.power.requested_limit'], (gpu, value) => (gpu.powerLimitW = value)),
  numeric('smMHz', ['clocks.sm', 'clocks.current.sm'], (gpu, value) => (gpu.clocks.smMHz = value)),
  numeric('memMHz', ['clocks.mem', 'clocks.current.memory'], (gpu, value) => (gpu.clocks.memMHz = value)),
  numeric('maxSmMHz', ['clocks.max.sm'], (gpu, value) => (gpu.clocks.maxSmMHz = value)),
  numeric('maxMemMHz', ['clocks.max.mem', 'clocks.max.memory'], (gpu, value) => (gpu.clocks.maxMemMHz = value)),
  numeric('fanPercent', ['fan.speed'], (gpu, value) => (gpu.fanPercent = value)),
  textual('pstate', ['pstate'], (row, value) => (row.gpu.pstate = value)),
  {
    key: 'throttleReasons',
    // Drivers before R535 know only the throttle name; newer ones prefer "event".
    names: ['clocks_throttle_reasons.active', 'clocks_event_reasons.active'],
    apply: (row, text) => {
      row.gpu.throttleReasons = decodeThrottleMask(text);
      return row.gpu.throttleReasons !== null || gpuTextOrNull(text) === null;
    },
  },
  numeric('eccUncorrectedVolatile', ['ecc.errors.uncorrected.volatile.total'], (gpu, value) => (gpu.eccUncorrectedVolatile = value)),
  numeric('pcieGen', ['pcie.link.gen.current', 'pcie.link.gen.gpucurrent'], (gpu, value) => (gpu.pcieGen = value)),
  numeric('pcieWidth', ['pcie.link.width.current'], (gpu, value) => (gpu.pcieWidth = value)),
  textual('migMode', ['mig.mode.current'], (row, value) => (row.gpu.migMode = value)),
  textual('driverVersion', ['driver_version'], (row, value) => (row.driverVersion = value)),
];

const byName = new Map(queryGpuFields.flatMap((field) => field.names.map((name) => [name, field] as const)));

/** The field a `--query-gpu` name or CSV header (without unit) stands for, if Tensorsight reads it. */
export function queryGpuFieldNamed(name: string): QueryGpuField | undefined {
  return byName.get(name);
}

/**
 * Parses one row whose columns are `columns` (undefined for a column Tensorsight does not read).
 * Returns the reason instead when the column count is wrong or a value is malformed.
 */
export function parseQueryGpuRow(values: readonly string[], columns: readonly (QueryGpuField | undefined)[], position: number): QueryGpuRow | string {
  if (values.length !== columns.length) return `expected ${columns.length} values, found ${values.length}`;
  const row: QueryGpuRow = { gpu: emptyGpuDevice(position), driverVersion: null };
  for (let i = 0; i < columns.length; i++) {
    const field = columns[i];
    if (field && !field.apply(row, values[i])) return `value ${JSON.stringify(values[i])} of ${field.names[0]} (column ${i + 1}) is not a ${field.key === 'throttleReasons' ? 'bitmask' : 'number'}`;
  }
  return row;
}

/**
 * Maps header names (without units) to fields. Where a file holds two names of one field
 * (`pcie.link.gen.current` and `pcie.link.gen.gpucurrent`), the preferred name wins.
 */
export function queryGpuColumns(names: readonly string[]): (QueryGpuField | undefined)[] {
  const columns: (QueryGpuField | undefined)[] = names.map(() => undefined);
  for (const field of queryGpuFields) {
    for (const name of field.names) {
      const at = names.indexOf(name);
      if (at >= 0) {
        columns[at] = field;
        break;
      }
    }
  }
  return columns;
}
