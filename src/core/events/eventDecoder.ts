// Event record bytes -> TfEvent (protobufjs), or -> scalar columns of a batch (the fast path first).
// One decoder per run: it holds the run's tag ids and the plugin each tag's first metadata named.
import type { EventSink } from './eventBatch';
import { eventTypes } from './eventSchema';
import type { SummaryValue, TfEvent } from './eventTypes';
import { decodeScalarEvent } from './fastScalarPath';
import { classifyValue } from './summaryValues';
import { TagTable } from './tagTable';
import { int64ToNumber } from './tensorValues';

/** What decodeInto returns for a summary event of scalars only, which it wrote straight into the batch. */
export const SCALARS_ONLY = 'scalars-only';

const own = (object: object, name: string) => Object.prototype.hasOwnProperty.call(object, name);

/** Decodes the Event records of one run, remembering tag plugins across records and files. */
export class EventDecoder {
  readonly plugins = new Map<string, string>();
  /** Records decoded by the fast scalar path and by protobufjs, for benchmarks and tests. */
  fastRecords = 0;
  generalRecords = 0;

  constructor(readonly tags: TagTable = new TagTable()) {}

  /** Decodes one Event with protobufjs; throws on bytes that are not an Event. */
  decode(data: Uint8Array): TfEvent {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- protobufjs messages are untyped
    const m = eventTypes().Event.decode(data) as any;
    const event: TfEvent = { wallTime: m.wallTime, step: int64ToNumber(m.step), kind: 'none' };
    if (own(m, 'fileVersion')) {
      event.kind = 'file_version';
      event.fileVersion = m.fileVersion;
    } else if (m.summary) {
      event.kind = 'summary';
      event.values = (m.summary.value as never[]).map((value): SummaryValue => classifyValue(value, this.plugins));
    } else if (m.sessionLog) {
      event.kind = 'session_log';
      event.sessionLog = { status: m.sessionLog.status, checkpointPath: m.sessionLog.checkpointPath, msg: m.sessionLog.msg };
    } else if (own(m, 'graphDef')) {
      event.kind = 'graph_def';
      event.payloadBytes = m.graphDef.length;
    } else if (own(m, 'metaGraphDef')) {
      event.kind = 'meta_graph_def';
      event.payloadBytes = m.metaGraphDef.length;
    } else if (m.taggedRunMetadata) {
      event.kind = 'tagged_run_metadata';
      event.runMetadataTag = m.taggedRunMetadata.tag;
      event.payloadBytes = m.taggedRunMetadata.runMetadata.length;
    } else if (m.logMessage) {
      event.kind = 'log_message';
    }
    return event;
  }

  /**
   * Decodes the record bytes[start, end) into the sink. `view` is a DataView over the same memory.
   * Returns the decoded event; throws (passing nothing to the sink) when the bytes are not an Event.
   */
  decodeInto(bytes: Uint8Array, start: number, end: number, view: DataView, sink: EventSink, offset: number): TfEvent | typeof SCALARS_ONLY {
    if (decodeScalarEvent(bytes, start, end, view, this, sink, offset)) {
      this.fastRecords++;
      return SCALARS_ONLY;
    }
    // The read buffer is reused, and protobufjs returns byte fields as views into its input: copy first.
    const event = this.decode(bytes.slice(start, end));
    this.generalRecords++;
    sink.pushEvent(event, offset);
    return event;
  }
}
