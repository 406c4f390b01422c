// What a decoded TensorBoard event holds, independent of protobufjs: plain numbers, strings and typed arrays.

/** SessionLog.status values (event.proto). */
export const SessionStatus = { unspecified: 0, start: 1, stop: 2, checkpoint: 3 } as const;

/** A histogram as TensorBoard's charts use it: k buckets of [left edge, right edge, count], flattened. */
export interface Histogram {
  buckets: Float64Array;
  /** Present when the file held a HistogramProto (TF1, PyTorch); TF2 [k,3] tensors carry only buckets. */
  min?: number;
  max?: number;
  num?: number;
  sum?: number;
  sumSquares?: number;
}

/** One encoded image of an image summary (PNG or JPEG bytes). */
export interface EncodedImage {
  width: number;
  height: number;
  colorspace?: number;
  bytes: Uint8Array;
}

/** One encoded audio clip of an audio summary. */
export interface EncodedAudio {
  sampleRate?: number;
  channels?: number;
  frames?: number;
  contentType?: string;
  bytes: Uint8Array;
}

/** A hyperparameter value as the hparams plugin stores it (google.protobuf.Value scalars). */
export type HParamValue = number | string | boolean | null;

/** The hparams plugin data of one summary value: exactly one of the three parts is set. */
export interface HParamsData {
  experiment?: {
    name: string;
    description: string;
    timeCreatedSecs: number;
    hparams: { name: string; displayName: string; type: number; domain?: { min: number; max: number } | HParamValue[] }[];
    metrics: { group: string; tag: string; displayName: string }[];
  };
  sessionStart?: { hparams: Record<string, HParamValue>; groupName: string; modelUri: string; startTimeSecs: number };
  sessionEnd?: { status: number; endTimeSecs: number };
}

/** A decoded tensor: its dtype (types.proto), shape, and numbers or byte strings. */
export interface TensorValue {
  dtype: number;
  shape: number[];
  numbers?: Float64Array;
  strings?: Uint8Array[];
}

/** One Summary.Value, classified by its value field and the plugin named in its tag's metadata. */
export type SummaryValue =
  | { kind: 'scalar'; tag: string; value: number }
  | { kind: 'histogram'; tag: string; histogram: Histogram }
  | { kind: 'image'; tag: string; images: EncodedImage[] }
  | { kind: 'audio'; tag: string; clips: EncodedAudio[] }
  | { kind: 'text'; tag: string; text: string[]; shape: number[] }
  | { kind: 'hparams'; tag: string; hparams: HParamsData }
  | { kind: 'tensor'; tag: string; plugin: string; tensor: TensorValue }
  | { kind: 'empty'; tag: string; plugin: string };

/** The kind of a value; also the key of per-kind counts. */
export type SummaryValueKind = SummaryValue['kind'];

/** Which member of Event's `what` oneof a record held. */
export type EventKind =
  | 'file_version'
  | 'summary'
  | 'graph_def'
  | 'meta_graph_def'
  | 'session_log'
  | 'tagged_run_metadata'
  | 'log_message'
  | 'none';

/** One decoded Event record. Large byte fields (graphs, run metadata) are reported by size only. */
export interface TfEvent {
  wallTime: number;
  step: number;
  kind: EventKind;
  fileVersion?: string;
  values?: SummaryValue[];
  sessionLog?: { status: number; checkpointPath: string; msg: string };
  /** Byte length of graph_def, meta_graph_def or tagged_run_metadata.run_metadata. */
  payloadBytes?: number;
  /** tagged_run_metadata.tag. */
  runMetadataTag?: string;
}
