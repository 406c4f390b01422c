// Messages between the Training panel's host side (src/host/training) and its webview (src/webview/training),
// after GitLens' protocol.ts: each message is declared once as a typed constant, and both sides use only these
// constants, never a `type` string of their own. Commands go webview -> host, notifications host -> webview,
// requests get a typed reply. The webview sends `ready` first; the host answers with a full snapshot, then sends
// appends numbered by `seq`; a webview that sees a gap in `seq` asks for the snapshot again with `resync`.

/** A message kind: its `method` string and, for the compiler only, its parameters' type. */
export interface MessageType<Params> {
  readonly method: string;
  /** Never set at run time; carries the type. */
  readonly _params?: Params;
}

/** A request kind: a message whose reply carries `Reply`. */
export interface RequestType<Params, Reply> extends MessageType<Params> {
  readonly _reply?: Reply;
}

/** A message on the wire. `id` pairs a request with its reply. */
export interface WireMessage<Params = unknown> {
  method: string;
  params: Params;
  id?: number;
}

/** A reply on the wire, to the request with the same id. */
export interface WireReply<Reply = unknown> {
  method: typeof replyMethod;
  id: number;
  reply?: Reply;
  error?: string;
}

export const replyMethod = 'reply';

/** Builds a message of a kind, so its params are checked against the kind. */
export function message<P>(type: MessageType<P>, params: P, id?: number): WireMessage<P> {
  return id === undefined ? { method: type.method, params } : { method: type.method, params, id };
}

/** Type guard for dispatch: whether `data` is a message of this kind. */
export function isMessage<P>(type: MessageType<P>, data: unknown): data is WireMessage<P> {
  return typeof data === 'object' && data !== null && (data as WireMessage).method === type.method;
}

/** Type guard for replies. */
export function isReply(data: unknown): data is WireReply {
  return typeof data === 'object' && data !== null && (data as WireReply).method === replyMethod && typeof (data as WireReply).id === 'number';
}

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

// ---- the message kinds ----

/** Webview -> host, first message once its script runs: asks for the snapshot. */
export const ReadyCommand: MessageType<Record<string, never>> = { method: 'training/ready' };

/** Webview -> host: it missed an append (a gap in seq) and needs the full snapshot again. */
export const ResyncCommand: MessageType<{ lastSeq: number }> = { method: 'training/resync' };

/** Webview -> host: it redrew after data arrived; `seq` is the last message it drew (tests and the latency bench read it). */
export const RenderedCommand: MessageType<{ seq: number; charts: number; ms: number }> = { method: 'training/rendered' };

/** Webview -> host: the toolbar settings changed; the host saves them for the next panel or reload. */
export const OptionsCommand: MessageType<{ options: ChartViewOptions }> = { method: 'training/options' };

/** Host -> webview: every shown run, every point. */
export const SnapshotNotification: MessageType<SnapshotParams> = { method: 'training/snapshot' };

/** Host -> webview: what was appended since the last message. */
export const AppendNotification: MessageType<AppendParams> = { method: 'training/append' };

/** Webview -> host: write every point of a tag's series to a file the user picks; replies with the path, or null when cancelled. */
export const ExportRequest: RequestType<ExportParams, { path: string | null }> = { method: 'training/export' };

/** Webview -> host: finer points of a level-of-detail'd series for the zoomed x range. */
export const WindowRequest: RequestType<WindowParams, WindowReply> = { method: 'training/window' };

/** Webview -> host: the text points of a text tag of a run. */
export const TextRequest: RequestType<{ run: string; tag: string }, { points: TextPoint[] }> = { method: 'training/text' };

/** Webview -> host: the latest image points of an image tag of a run (for the thumbnails and their step slider). */
export const ImageRequest: RequestType<{ run: string; tag: string }, { points: ImagePoint[] }> = { method: 'training/images' };
