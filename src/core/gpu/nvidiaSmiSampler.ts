// The NVIDIA sampler: ONE long-lived `nvidia-smi --query-gpu=... -lms <interval>` whose rows are parsed as
// they arrive, plus one slower `--query-compute-apps=... -lms` for processes. Spawning `nvidia-smi -q -x`
// per poll costs about 0.4 s of CPU each time; a loop process costs one row parse per GPU per tick.
import { Backoff, defaultBackoff, type BackoffOptions } from './backoff';
import { computeAppsColumns, computeAppsQuery, parseComputeAppRow } from './computeApps';
import { splitCsvLine } from './csvLine';
import { type GpuSamplerState } from './gpuSampler';
import { resolveProcessGpus, type GpuDevice, type GpuProcess } from './gpuSnapshot';
import { LineStream, type LineStreamExit } from './lineStream';
import { LocalProcessFacts } from './localProcessFacts';
import { placeProcesses, readMigLayout, type MigPlacement } from './migLayout';
import { liveTime } from './nvidiaSmiTime';
import { csvFlags, probeNvidiaSmi, retreatField, type ProbeResult, type RequestedField } from './nvidiaSmiProbe';
import { ObservedGpuSampler } from './observedGpuSampler';
import { ProcessTicks } from './processTicks';
import { parseQueryGpuRow } from './queryGpuFields';
import { nvidiaSmiFailure, startFailureReason, type NvidiaSmiFailure } from './runNvidiaSmi';
import { TickAssembler } from './tickAssembler';

/** Settings of an NvidiaSmiSampler; every one has a default. */
export interface NvidiaSmiSamplerOptions {
  /** The nvidia-smi to run: a name looked up on PATH, or a path. */
  binary?: string;
  /** GPU sampling period (`-lms`); default 1000. */
  intervalMs?: number;
  /** Process sampling period; default three GPU periods, at least 2 s. */
  processIntervalMs?: number;
  /** How often the MIG layout (`-q -x`, instance memory and process placement) is read again; MIG machines only. Default 10 s. */
  migIntervalMs?: number;
  backoff?: BackoffOptions;
  /** How long the availability check may take; default 15 s. */
  probeTimeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Add /proc facts (user, CPU %, start, run) to listed processes; default true on Linux, where /proc exists. */
  localProcessFacts?: boolean;
}

/** Samples NVIDIA GPUs through nvidia-smi loop mode. */
export class NvidiaSmiSampler extends ObservedGpuSampler {
  readonly source = 'nvidia-smi';
  readonly binary: string;
  readonly intervalMs: number;
  readonly processIntervalMs: number;
  private readonly gpuBackoff: Backoff;
  private readonly appsBackoff: Backoff;
  private availability: ProbeResult | undefined;
  private checking: Promise<ProbeResult> | undefined;
  private wanted = false;
  // Bumped by stop(): callbacks of older streams and timers see a stale generation and do nothing.
  private generation = 0;
  private gpuStream: LineStream | undefined;
  private appsStream: LineStream | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly exiting = new Set<Promise<void>>();
  private fields: RequestedField[] = [];
  private dropped: string[] = [];
  private ticks = new TickAssembler([]);
  private processTicks: ProcessTicks | undefined;
  private processes: GpuProcess[] = [];
  private migDevices = new Map<string, GpuDevice['migDevices']>();
  private migPlacements = new Map<number, MigPlacement>();
  private driverVersion: string | null = null;
  private gpuFailure: NvidiaSmiFailure | undefined;
  private readonly localFacts: LocalProcessFacts | undefined;

  constructor(private readonly options: NvidiaSmiSamplerOptions = {}) {
    super();
    this.binary = options.binary ?? 'nvidia-smi';
    this.intervalMs = Math.max(20, Math.round(options.intervalMs ?? 1000));
    this.processIntervalMs = Math.max(this.intervalMs, Math.round(options.processIntervalMs ?? Math.max(2000, this.intervalMs * 3)));
    this.gpuBackoff = new Backoff(options.backoff ?? defaultBackoff);
    this.appsBackoff = new Backoff(options.backoff ?? defaultBackoff);
    this.localFacts = (options.localProcessFacts ?? process.platform === 'linux') ? new LocalProcessFacts() : undefined;
  }

  /** Pids of the running nvidia-smi processes (for diagnostics and tests). */
  processIds(): number[] {
    return [this.gpuStream?.pid, this.appsStream?.pid].filter((pid): pid is number => pid !== undefined);
  }

  start(): void {
    if (this.wanted) return;
    this.wanted = true;
    const generation = this.generation;
    if (this.availability) return this.launch();
    this.setState({ kind: 'starting' });
    void this.check().then((result) => {
      if (!this.wanted || generation !== this.generation) return;
      if (result.ok) this.emitSnapshot(result.snapshot);
      this.launch();
    });
  }

  async stop(): Promise<void> {
    this.wanted = false;
    const generation = ++this.generation;
    await this.halt();
    if (generation === this.generation && !this.wanted && this.state.kind !== 'unavailable') this.setState({ kind: 'stopped' });
  }

  async refresh(): Promise<GpuSamplerState> {
    const resume = this.wanted || this.observerCount > 0;
    await this.stop();
    this.availability = undefined;
    this.checking = undefined;
    this.gpuBackoff.reset();
    this.appsBackoff.reset();
    if (resume) this.start();
    const result = await this.check();
    if (!resume) this.setState(result.ok ? { kind: 'stopped' } : { kind: 'unavailable', reason: result.reason });
    return this.state;
  }

  private check(): Promise<ProbeResult> {
    this.checking ??= probeNvidiaSmi({ binary: this.binary, timeoutMs: this.options.probeTimeoutMs ?? 15_000, env: this.options.env }).then((result) => {
      this.availability = result;
      return result;
    });
    return this.checking;
  }

  private launch(): void {
    const availability = this.availability;
    if (!availability?.ok) return this.setState({ kind: 'unavailable', reason: availability?.reason ?? 'not checked' });
    // Shared with the probe result, so a field dropped while streaming stays dropped after a stop and start.
    this.fields = availability.fields;
    this.dropped = availability.dropped;
    this.migDevices = availability.migDevices;
    this.migPlacements = availability.migPlacements;
    if (this.migDevices.size > 0) this.after(this.migIntervalMs(), () => this.refreshMig());
    this.driverVersion = availability.snapshot.driverVersion;
    this.processes = this.withLocalFacts(availability.snapshot.processes);
    this.ticks = new TickAssembler(availability.snapshot.gpus.map((gpu) => gpu.index));
    this.startGpuStream();
    if (availability.appsAvailable) this.startAppsStream();
    this.setRunning(availability.snapshot.gpus.length);
  }

  private setRunning(gpuCount: number): void {
    this.setState({ kind: 'running', gpuCount, fields: this.fields.map((entry) => entry.name), droppedFields: [...this.dropped] });
  }

  private startGpuStream(): void {
    const generation = this.generation;
    const columns = this.fields.map((entry) => entry.field);
    const nameColumn = columns.findIndex((field) => field.key === 'name');
    const args = [`--query-gpu=${this.fields.map((entry) => entry.name).join(',')}`, csvFlags, '-lms', String(this.intervalMs)];
    this.gpuFailure = undefined;
    this.gpuStream = new LineStream(
      this.binary,
      args,
      this.options.env,
      (line) => {
        if (generation !== this.generation || line.trim() === '') return;
        const row = parseQueryGpuRow(splitCsvLine(line, columns.length, nameColumn), columns, 0);
        if (typeof row === 'string') {
          const failure = nvidiaSmiFailure(line);
          if (failure) this.gpuFailure = failure;
          else this.countMalformed(line);
          return;
        }
        if (row.driverVersion !== null) this.driverVersion = row.driverVersion;
        for (const tick of this.ticks.push(row.gpu)) this.emitTick(tick);
      },
      (exit) => {
        if (generation === this.generation && !exit.stopped) this.onGpuExit(exit);
      },
    );
  }

  private emitTick(gpus: GpuDevice[]): void {
    for (const gpu of gpus) gpu.migDevices = this.migDevices.get(gpu.uuid ?? `index:${gpu.index}`) ?? [];
    this.emitSnapshot({ source: 'nvidia-smi', ...liveTime(), driverVersion: this.driverVersion, cudaVersion: null, gpus, processes: resolveProcessGpus(this.processes, gpus) });
    if (this.state.kind !== 'running') this.setRunning(gpus.length);
  }

  private onGpuExit(exit: LineStreamExit): void {
    this.gpuStream = undefined;
    this.ticks.reset();
    if (exit.error) return this.becomeUnavailable(startFailureReason(this.binary, exit.error));
    const failure = this.gpuFailure ?? nvidiaSmiFailure(exit.stderrTail);
    if (failure?.kind === 'driver' || failure?.kind === 'no-devices') return this.becomeUnavailable(failure.message);
    if (failure?.kind === 'invalid-field') {
      if (!retreatField(this.fields, failure.field, this.dropped)) return this.becomeUnavailable(`nvidia-smi rejected the field list: ${failure.message}`);
      return this.startGpuStream();
    }
    const { attempt, delayMs } = this.gpuBackoff.next(exit.uptimeMs);
    this.stats.restarts++;
    this.setState({ kind: 'restarting', attempt, delayMs, reason: describeExit(exit) });
    this.after(delayMs, () => this.startGpuStream());
  }

  private startAppsStream(): void {
    const generation = this.generation;
    const columns = computeAppsColumns(computeAppsQuery);
    this.processTicks?.dispose();
    const processTicks = new ProcessTicks(
      (processes) => {
        if (generation === this.generation) this.processes = this.withLocalFacts(placeProcesses(processes, this.migPlacements));
      },
      Math.min(50, this.processIntervalMs / 2),
      this.processIntervalMs * 2 + 250,
    );
    this.processTicks = processTicks;
    const args = [`--query-compute-apps=${computeAppsQuery.join(',')}`, csvFlags, '-lms', String(this.processIntervalMs)];
    let failure: NvidiaSmiFailure | undefined;
    this.appsStream = new LineStream(
      this.binary,
      args,
      this.options.env,
      (line) => {
        if (generation !== this.generation || line.trim() === '') return;
        const values = splitCsvLine(line, columns.count, columns.name);
        const process = parseComputeAppRow(values, columns);
        if (process) return processTicks.push(values[columns.timestamp], process);
        const known = nvidiaSmiFailure(line);
        if (known) failure = known;
        else this.countMalformed(line);
      },
      (exit) => {
        if (generation !== this.generation || exit.stopped) return;
        this.appsStream = undefined;
        const reason = failure ?? nvidiaSmiFailure(exit.stderrTail);
        if (reason?.kind === 'driver') return this.becomeUnavailable(reason.message);
        const { delayMs } = this.appsBackoff.next(exit.uptimeMs);
        this.stats.restarts++;
        this.after(delayMs, () => this.startAppsStream());
      },
    );
  }

  private migIntervalMs(): number {
    return Math.max(this.processIntervalMs, this.options.migIntervalMs ?? 10_000);
  }

  /** Reads the MIG layout again: instance memory moves, and new processes need their instance. One read at a time. */
  private refreshMig(): void {
    const generation = this.generation;
    void readMigLayout({ binary: this.binary, timeoutMs: this.options.probeTimeoutMs ?? 15_000, env: this.options.env }).then((layout) => {
      if (generation !== this.generation) return;
      if (layout.devices.size > 0) this.migDevices = layout.devices;
      this.migPlacements = layout.placements;
      this.processes = placeProcesses(this.processes, layout.placements);
      this.after(this.migIntervalMs(), () => this.refreshMig());
    });
  }

  /** Once per process sample, not per GPU tick: the GPU ticks in between reuse the annotated list. */
  private withLocalFacts(processes: GpuProcess[]): GpuProcess[] {
    return this.localFacts && processes.length > 0 ? this.localFacts.annotate(processes) : processes;
  }

  /** Driver gone or binary missing: stop everything and stay unavailable until refresh(). */
  private becomeUnavailable(reason: string): void {
    this.availability = { ok: false, reason };
    this.checking = Promise.resolve(this.availability);
    this.generation++;
    void this.halt();
    this.setState({ kind: 'unavailable', reason });
  }

  private after(delayMs: number, run: () => void): void {
    const generation = this.generation;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (generation === this.generation) run();
    }, delayMs);
    this.timers.add(timer);
  }

  /** Stops the processes and timers; resolves when the processes have exited. */
  private async halt(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.processTicks?.dispose();
    this.processTicks = undefined;
    const streams = [this.gpuStream, this.appsStream].filter((stream): stream is LineStream => stream !== undefined);
    this.gpuStream = this.appsStream = undefined;
    for (const stream of streams) {
      const exited = stream.stop().finally(() => this.exiting.delete(exited));
      this.exiting.add(exited);
    }
    // Also waits for processes an earlier halt (driver loss) began stopping.
    await Promise.all([...this.exiting]);
  }
}

function describeExit(exit: LineStreamExit): string {
  const how = exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const detail = exit.stderrTail.trim().split(/\r?\n/).pop();
  return `nvidia-smi ${how}${detail ? `: ${detail}` : ''}`;
}
