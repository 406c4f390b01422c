// The header of launched runs (their folder holds run.json): status, script and arguments, elapsed time (ticking
// each second while running), step and total, steps/s, ETA when the total is known, the failure line, and a Stop
// button while running. A run of the TF.js trainer shows its spec, the backend it trains on, epoch x/N with
// samples/s and the checkpoint it resumed from. The host sends run.json's state as it changes; only the clock ticks here.
import { formatClock } from '../../core/charts/xAxis';
import type { LaunchedRun } from '../../core/protocol/training';
import { backendText, resumedText, resumedTitle, trainerEpochText, trainerStatusTitle, trainerStopTitle } from './trainerFacts';

/** Shell-style quoting for display: arguments with spaces or quotes are single-quoted. */
function quoted(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export class RunHeader {
  readonly element: HTMLElement;
  private runs: readonly LaunchedRun[] = [];
  private colors = new Map<string, string>();
  private clockOffset = 0;
  /** Runs whose Stop was pressed, shown as stopping until their status changes. */
  private readonly stopping = new Set<string>();
  private timer: number | undefined;
  /** Per run, the elements the clock updates. */
  private readonly clocks: { run: LaunchedRun; elapsed: HTMLElement; eta: HTMLElement | undefined }[] = [];

  constructor(private readonly onStop: (run: string) => void) {
    this.element = document.createElement('section');
    this.element.className = 'ts-runs-header';
    this.element.hidden = true;
  }

  /** Shows these launched runs (in the charted set), coloured as their charts. */
  update(runs: readonly LaunchedRun[], colors: ReadonlyMap<string, string>, clockOffset: number): void {
    this.runs = runs;
    for (const run of runs) if (run.status !== 'running') this.stopping.delete(run.run);
    this.colors = new Map(colors);
    this.clockOffset = clockOffset;
    this.render();
  }

  private render(): void {
    this.clocks.length = 0;
    this.element.hidden = this.runs.length === 0;
    this.element.replaceChildren(...this.runs.map((run) => this.row(run)));
    this.tick();
    const running = this.runs.some((run) => run.status === 'running');
    if (running && this.timer === undefined) this.timer = window.setInterval(() => this.tick(), 1000);
    if (!running && this.timer !== undefined) {
      window.clearInterval(this.timer);
      this.timer = undefined;
    }
  }

  private row(run: LaunchedRun): HTMLElement {
    const row = document.createElement('div');
    row.className = 'ts-run-header';
    row.dataset.run = run.run;
    row.dataset.status = run.status;
    const title = document.createElement('div');
    title.className = 'ts-run-title';
    const swatch = document.createElement('span');
    swatch.className = 'ts-swatch';
    swatch.style.background = this.colors.get(run.run) ?? 'transparent';
    const name = document.createElement('span');
    name.className = 'ts-run-name';
    name.textContent = run.run;
    const status = document.createElement('span');
    status.className = `ts-badge ts-status-${run.status}`;
    status.textContent = run.status;
    status.title = run.trainer ? trainerStatusTitle(run.status) : statusTitle(run);
    const command = document.createElement('code');
    command.className = 'ts-run-command';
    command.textContent = [baseName(run.script), ...run.args.map(quoted)].join(' ');
    command.title = [run.script, ...run.args.map(quoted)].join(' ');
    title.append(swatch, name, status);
    if (run.trainer) {
      const backend = document.createElement('span');
      backend.className = 'ts-badge ts-trainer-backend';
      backend.textContent = backendText(run.trainer);
      backend.title = `Trained by Tensorsight's TensorFlow.js trainer on the ${run.trainer.backend ?? 'not yet chosen'} backend, from the spec ${run.script}`;
      const spec = document.createElement('span');
      spec.className = 'ts-trainer-spec';
      spec.textContent = run.trainer.spec;
      spec.title = run.script;
      title.append(backend, spec);
    } else title.append(command);

    const facts = document.createElement('div');
    facts.className = 'ts-run-facts';
    const elapsed = document.createElement('span');
    elapsed.className = 'ts-elapsed';
    facts.append(elapsed);
    const progress = run.progress;
    const epochFact = progress?.epoch !== null && progress?.epoch !== undefined ? fact(`epoch ${progress.epoch}${progress.epochs !== null ? `/${progress.epochs}` : ''}`) : undefined;
    if (run.trainer) {
      // Epochs lead for the trainer; its speed is in samples.
      const epoch = trainerEpochText(run);
      if (epoch) facts.append(fact(epoch));
      if (run.trainer.samplesPerSecond !== null) facts.append(fact(`${rateText(run.trainer.samplesPerSecond)} samples/s`));
    }
    if (progress?.step !== null && progress?.step !== undefined) {
      const total = progress.totalSteps !== null ? `/${progress.totalSteps}` : '';
      facts.append(fact(`step ${progress.step}${total}`));
    }
    if (!run.trainer) {
      if (epochFact) facts.append(epochFact);
      if (progress?.stepsPerSecond !== null && progress?.stepsPerSecond !== undefined) facts.append(fact(`${rateText(progress.stepsPerSecond)} steps/s`));
    }
    const resumed = run.trainer && resumedText(run.trainer);
    if (run.trainer && resumed) {
      const element = fact(resumed);
      element.className = 'ts-resumed';
      element.title = resumedTitle(run.trainer);
      facts.append(element);
    }
    let eta: HTMLElement | undefined;
    if (run.status === 'running' && progress?.etaSeconds !== null && progress?.etaSeconds !== undefined) {
      eta = fact('');
      eta.className = 'ts-eta';
      facts.append(eta);
    }
    if (run.status === 'running') {
      const stop = document.createElement('button');
      stop.className = 'ts-stop';
      stop.textContent = 'Stop';
      stop.title = run.trainer
        ? trainerStopTitle
        : 'Stop the run: SIGINT first (the script can save a checkpoint), SIGTERM after a grace period, then SIGKILL to its process group';
      const showStopping = () => {
        stop.disabled = true;
        stop.textContent = 'Stopping…';
      };
      if (this.stopping.has(run.run)) showStopping();
      stop.addEventListener('click', () => {
        this.stopping.add(run.run);
        showStopping();
        this.onStop(run.run);
      });
      facts.append(stop);
    }
    row.append(title, facts);
    if (run.failure) {
      const failure = document.createElement('div');
      failure.className = 'ts-run-failure';
      failure.textContent = run.failure;
      row.append(failure);
    }
    this.clocks.push({ run, elapsed, eta });
    return row;
  }

  /** Updates the elapsed times and ETAs from the host's clock. */
  private tick(): void {
    const now = Date.now() + this.clockOffset;
    for (const { run, elapsed, eta } of this.clocks) {
      const start = Date.parse(run.startTime);
      const end = run.endTime ? Date.parse(run.endTime) : run.status === 'running' ? now : (run.progress?.updatedAt ?? now);
      elapsed.textContent = Number.isFinite(start) ? `${run.status === 'running' ? 'elapsed' : 'took'} ${formatClock((end - start) / 1000)}` : '';
      if (eta && run.progress?.etaSeconds !== null && run.progress?.etaSeconds !== undefined) {
        // The launcher's ETA was right at its last update; it counts down from there.
        const left = run.progress.etaSeconds - (now - run.progress.updatedAt) / 1000;
        eta.textContent = `ETA ${formatClock(Math.max(0, left))}`;
      }
    }
  }
}

function fact(text: string): HTMLElement {
  const element = document.createElement('span');
  element.textContent = text;
  return element;
}

function statusTitle(run: LaunchedRun): string {
  switch (run.status) {
    case 'running':
      return 'The script is running';
    case 'finished':
      return 'Exited with code 0';
    case 'failed':
      return run.signal ? `Ended by signal ${run.signal}` : `Exited with code ${run.exitCode}`;
    case 'stopped':
      return 'Stopped from Tensorsight (Stop)';
    case 'lost':
      return 'The launcher ended without recording how the run ended (killed, or the machine restarted)';
  }
}

/** `0.25`, `3.1`, `42.7`, `1,234`: three significant digits below 100, whole numbers with separators above (never 5.63e+3). */
function rateText(rate: number): string {
  return rate >= 100 ? Math.round(rate).toLocaleString('en-US') : rate.toPrecision(rate >= 1 ? 3 : 2).replace(/\.?0+$/, '');
}
