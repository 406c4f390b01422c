// Messages between the Training panel's host side (src/host/training) and its webview (src/webview/training),
// declared with the message kit (messages.ts). The webview sends `ready` first; the host answers with a full
// snapshot, then sends appends numbered by `seq`; a webview that sees a gap in `seq` asks for the snapshot again
// with `resync`.
import { command, notification, request } from './messages';

// ---- data carried by the messages ----

/**
 * The points of one scalar tag of one run the view holds (or, in an append, those from its index `from` on).
 * A long series is sent level-of-detail'd (charts/seriesLod.ts): then `indexes` gives each point's index in
 * the full series and `total` exceeds what the view holds; the view asks for finer windows with WindowRequest.
 */
export interface ScalarSeriesData {
  tag: string;
  /** Index in the view's copy of the first point carried: 0 replaces the series, `length so far` appends to it. */
  from: number;
  steps: Float64Array;
  wallTimes: Float64Array;
  values: Float64Array;
  /** Each carried point's index in the full series; absent when they are the full series' points from `from` on. */
  indexes?: Float64Array;
  /** Points in the full series (the host's), after this message. */
  total: number;
}

/** A window of a scalar series: the points with index in [first, last], reduced to `buckets` when too many. */
export interface WindowParams {
  run: string;
  tag: string;
  first: number;
  last: number;
  /** The chart's plot width in pixels. */
  buckets: number;
}

/** The points of a window, with their indexes in the full series. */
export interface WindowReply {
  steps: Float64Array;
  wallTimes: Float64Array;
  values: Float64Array;
  indexes: Float64Array;
  total: number;
}

/** The histograms of one tag of one run: buckets as flattened [left, right, count] triples per step. */
export interface HistogramSeriesData {
  tag: string;
  from: number;
  steps: number[];
  wallTimes: number[];
  buckets: Float64Array[];
}

/** A text or image tag of one run: how many points it has and its last step (contents are fetched on demand). */
export interface MediaTagData {
  tag: string;
  kind: string;
  count: number;
  lastStep: number;
}

/** A hyperparameter value as the hparams plugin stores it. */
export type HParamCell = number | string | boolean | null;

/** One run's data, whole (snapshot) or only what changed (append). */
export interface RunData {
  run: string;
  /** Stable colour from the run name (charts/runColors.ts). */
  color: string;
  scalars: ScalarSeriesData[];
  histograms: HistogramSeriesData[];
  media: MediaTagData[];
  /** The hparams plugin's session-start values, when the run logged them. */
  hparams?: Record<string, HParamCell>;
  /** Metric tags the hparams experiment names. */
  hparamMetrics?: string[];
}

/** The panel's toolbar settings, kept by the host per workspace so they survive window reloads. */
export interface ChartViewOptions {
  /** Slider position in [0, 1). */
  smoothing: number;
  smoothingMode: 'ema' | 'average';
  xAxis: 'step' | 'relative' | 'wall';
  logY: boolean;
  filter: string;
}

/** Full state: every shown run with every point. */
export interface SnapshotParams {
  seq: number;
  /** The toolbar settings last saved, when any. */
  options?: ChartViewOptions;
  runs: RunData[];
  /** Runs discovered but unticked in the Runs view, listed so the panel can say why they are missing. */
  hiddenRuns: string[];
  /** The folder the runs were found in, for the title. */
  root: string;
}

/** Points appended since the previous message; `seq` is the previous one's plus one. */
export interface AppendParams {
  seq: number;
  runs: RunData[];
}

/** A text point of a text tag, decoded by the host on request. */
export interface TextPoint {
  step: number;
  text: string[];
}

/** The images of one step of an image tag, encoded for an <img> data URL. */
export interface ImagePoint {
  step: number;
  images: { width: number; height: number; mime: string; base64: string }[];
}

/** Which series to export, and how. */
export interface ExportParams {
  tag: string;
  /** The runs to include (the shown ones). */
  runs: string[];
  format: 'csv' | 'json';
}

/** How a launched run is going or how it ended (run.json's status, `lost` when its launcher died; see core/launch/runRecord.ts). */
export type LaunchedStatus = 'running' | 'finished' | 'failed' | 'stopped' | 'lost';

/** A launched run (its folder holds run.json), as the panel's run header and compare table show it. */
export interface LaunchedRun {
  /** The run's id in the RunsModel (the panel's run name). */
  run: string;
  status: LaunchedStatus;
  /** Absolute path of the script, and its arguments as given. */
  script: string;
  args: string[];
  /** ISO 8601 times. */
  startTime: string;
  endTime: string | null;
  exitCode: number | null;
  signal: string | null;
  progress: {
    step: number | null;
    epoch: number | null;
    epochs: number | null;
    totalSteps: number | null;
    stepsPerSecond: number | null;
    etaSeconds: number | null;
    /** Milliseconds since the epoch of the launcher's last progress update (the ETA counts down from it). */
    updatedAt: number;
  } | null;
  /** The failure's message line (exception or signal), when the run failed. */
  failure: string | null;
  git: { commit: string; branch: string | null; dirty: boolean } | null;
  hparams: Record<string, number | string | boolean>;
  /** Set for runs of Tensorsight's own TF.js trainer (run.json `trainer: 'tfjs'`, `script` the *.train.json spec). */
  trainer?: TrainerRun;
}

/** What the run header says of a run of the TF.js trainer, beyond what every launched run has. */
export interface TrainerRun {
  framework: 'tfjs';
  /** The spec's name: its file name without `.train.json` (the run folder's stem). */
  spec: string;
  /** The backend it trains on (run.json `frameworks.backend`, else `hparams.backend`); null while unknown. */
  backend: string | null;
  /** Training samples per second at the last progress update; null before the first. */
  samplesPerSecond: number | null;
  /**
   * The checkpoint the run resumed from (`hparams.resumedFrom`), with where its checkpoint.json says training stood:
   * epochs completed and batches of the next one (a Stop mid-epoch); null where the file is gone or unreadable.
   */
  resumedFrom: { dir: string; epoch: number | null; batch: number | null } | null;
}

/** The launched runs among those shown, and which runs the compare table lists. */
export interface RunInfoParams {
  launched: LaunchedRun[];
  /** Run ids to compare ([] for no compare table). */
  compare: string[];
  /** The host's clock (ms since the epoch) when sent, so elapsed times tick from the host's time. */
  now: number;
}

// ---- the message kinds ----

/** Webview -> host, first message once its script runs: asks for the snapshot. */
export const ReadyCommand = command<Record<string, never>>('training/ready');

/** Webview -> host: it missed an append (a gap in seq) and needs the full snapshot again. */
export const ResyncCommand = command<{ lastSeq: number }>('training/resync');

/** Webview -> host: it redrew after data arrived; `seq` is the last message it drew (tests and the latency bench read it). */
export const RenderedCommand = command<{ seq: number; charts: number; ms: number }>('training/rendered');

/** Webview -> host: the toolbar settings changed; the host saves them for the next panel or reload. */
export const OptionsCommand = command<{ options: ChartViewOptions }>('training/options');

/** Host -> webview: every shown run, every point. */
export const SnapshotNotification = notification<SnapshotParams>('training/snapshot');

/** Host -> webview: what was appended since the last message. */
export const AppendNotification = notification<AppendParams>('training/append');

/** Webview -> host: write every point of a tag's series to a file the user picks; replies with the path, or null when cancelled. */
export const ExportRequest = request<ExportParams, { path: string | null }>('training/export');

/** Webview -> host: finer points of a level-of-detail'd series for the zoomed x range. */
export const WindowRequest = request<WindowParams, WindowReply>('training/window');

/** Webview -> host: the text points of a text tag of a run. */
export const TextRequest = request<{ run: string; tag: string }, { points: TextPoint[] }>('training/text');

/** Webview -> host: the latest image points of an image tag of a run (for the thumbnails and their step slider). */
export const ImageRequest = request<{ run: string; tag: string }, { points: ImagePoint[] }>('training/images');

/** Host -> webview: the launched runs' run.json state (sent after each snapshot and whenever a run.json changes) and the compare list. */
export const RunInfoNotification = notification<RunInfoParams>('training/runInfo');

/** Webview -> host: the Stop button of a running launched run; the host runs `tensorsight.runs.stop` with its id. */
export const StopCommand = command<{ run: string }>('training/stop');

/** Webview -> host: the compare table was closed; the panel shows every ticked run again. */
export const CloseCompareCommand = command<Record<string, never>>('training/closeCompare');
