// Summary.Value (protobufjs message) -> SummaryValue. The value field decides for TF1-style values
// (simple_value, histo, image, audio); for TF2 tensors the plugin named in the tag's metadata decides.
// Writers attach metadata only to the first value of a tag, so plugin names are remembered per run.
import { eventTypes } from './eventSchema';
import type { EncodedAudio, HParamsData, HParamValue, Histogram, SummaryValue } from './eventTypes';
import { DType, int64ToNumber, tensorScalar, tensorValue, type TensorMessage } from './tensorValues';

const utf8 = new TextDecoder('utf-8');

/** The fields of a decoded Summary.Value message that classification reads. */
interface ValueMessage {
  tag: string;
  metadata?: { pluginData?: { pluginName: string; content: Uint8Array } | null } | null;
  simpleValue?: number;
  histo?: { min: number; max: number; num: number; sum: number; sumSquares: number; bucketLimit: number[]; bucket: number[] } | null;
  image?: { width: number; height: number; colorspace: number; encodedImageString: Uint8Array } | null;
  audio?: { sampleRate: number; numChannels: unknown; lengthFrames: unknown; encodedAudioString: Uint8Array; contentType: string } | null;
  tensor?: TensorMessage | null;
}

/** HistogramProto -> buckets, as TensorBoard migrates it: empty edge buckets dropped, min and max as outer edges. */
export function histogramFromProto(h: NonNullable<ValueMessage['histo']>): Histogram {
  const counts = h.bucket;
  let start = 0;
  while (start < counts.length && !(counts[start] > 0)) start++;
  let end = counts.length - 1;
  while (end >= start && !(counts[end] > 0)) end--;
  const k = Math.max(end - start + 1, 0);
  const buckets = new Float64Array(3 * k);
  for (let i = 0; i < k; i++) {
    buckets[3 * i] = i === 0 ? h.min : h.bucketLimit[start + i - 1];
    buckets[3 * i + 1] = i === k - 1 ? h.max : h.bucketLimit[start + i];
    buckets[3 * i + 2] = counts[start + i];
  }
  return { buckets, min: h.min, max: h.max, num: h.num, sum: h.sum, sumSquares: h.sumSquares };
}

type StructValue = { numberValue?: number; stringValue?: string; boolValue?: boolean; structValue?: { fields?: Record<string, StructValue> }; listValue?: { values?: StructValue[] } };

function jsonValue(v: StructValue | undefined): unknown {
  if (!v) return null;
  // Decoded messages inherit defaults from their prototype, so only own properties were in the file.
  const has = (name: string) => Object.prototype.hasOwnProperty.call(v, name);
  if (has('numberValue')) return v.numberValue;
  if (has('stringValue')) return v.stringValue;
  if (has('boolValue')) return v.boolValue;
  if (v.listValue) return (v.listValue.values ?? []).map(jsonValue);
  if (v.structValue) return Object.fromEntries(Object.entries(v.structValue.fields ?? {}).map(([key, value]) => [key, jsonValue(value)]));
  return null;
}

/** google.protobuf.Value -> a plain value; structs and lists become their JSON text. */
function plainValue(v: StructValue | undefined): HParamValue {
  const value = jsonValue(v);
  return value === null || typeof value !== 'object' ? (value as HParamValue) : JSON.stringify(value);
}

/** Decodes hparams plugin content (HParamsPluginData, plugin_data.proto). */
export function decodeHParams(content: Uint8Array): HParamsData {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- protobufjs messages are untyped
  const m = eventTypes().HParamsPluginData.decode(content) as any;
  const out: HParamsData = {};
  if (m.experiment) {
    const e = m.experiment;
    out.experiment = {
      name: e.name, description: e.description, timeCreatedSecs: e.timeCreatedSecs,
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      hparams: e.hparamInfos.map((h: any) => ({
        name: h.name, displayName: h.displayName, type: h.type,
        domain: h.domainInterval ? { min: h.domainInterval.minValue, max: h.domainInterval.maxValue }
          : h.domainDiscrete ? h.domainDiscrete.values.map(plainValue) : undefined,
      })),
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      metrics: e.metricInfos.map((mi: any) => ({ group: mi.name?.group ?? '', tag: mi.name?.tag ?? '', displayName: mi.displayName })),
    };
  }
  if (m.sessionStartInfo) {
    const s = m.sessionStartInfo;
    const hparams: Record<string, HParamValue> = {};
    for (const [key, value] of Object.entries(s.hparams ?? {})) hparams[key] = plainValue(value as StructValue);
    out.sessionStart = { hparams, groupName: s.groupName, modelUri: s.modelUri, startTimeSecs: s.startTimeSecs };
  }
  if (m.sessionEndInfo) out.sessionEnd = { status: m.sessionEndInfo.status, endTimeSecs: m.sessionEndInfo.endTimeSecs };
  return out;
}

function tensorSummary(tag: string, plugin: string, t: TensorMessage): SummaryValue {
  const tensor = tensorValue(t);
  const numeric = t.dtype !== DType.string;
  if (numeric && (plugin === 'scalars' || plugin === '')) {
    const value = tensorScalar(tensor);
    if (value !== undefined) return { kind: 'scalar', tag, value };
  }
  if (numeric && plugin === 'histograms' && tensor.shape.length === 2 && tensor.shape[1] === 3) {
    return { kind: 'histogram', tag, histogram: { buckets: tensor.numbers ?? new Float64Array(0) } };
  }
  const strings = tensor.strings ?? [];
  if (plugin === 'images' && strings.length >= 2) {
    // TF2 image summaries: [width, height, image, image, ...] as byte strings.
    const width = Number(utf8.decode(strings[0]));
    const height = Number(utf8.decode(strings[1]));
    return { kind: 'image', tag, images: strings.slice(2).map((bytes) => ({ width, height, bytes })) };
  }
  if (plugin === 'audio' && !numeric) {
    // TF2 audio summaries: [k, 2] of (encoded clip, label).
    const clips: EncodedAudio[] = [];
    for (let i = 0; i < strings.length; i += 2) clips.push({ bytes: strings[i] });
    return { kind: 'audio', tag, clips };
  }
  if (plugin === 'text' && !numeric) return { kind: 'text', tag, text: strings.map((s) => utf8.decode(s)), shape: tensor.shape };
  return { kind: 'tensor', tag, plugin, tensor };
}

/** Classifies one decoded Summary.Value; `plugins` maps tags to the plugin of their first metadata. */
export function classifyValue(v: ValueMessage, plugins: Map<string, string>): SummaryValue {
  const tag = v.tag;
  const pluginData = v.metadata?.pluginData;
  if (pluginData && !plugins.has(tag)) plugins.set(tag, pluginData.pluginName);
  const plugin = plugins.get(tag) ?? '';
  if (Object.prototype.hasOwnProperty.call(v, 'simpleValue')) return { kind: 'scalar', tag, value: v.simpleValue as number };
  if (v.histo) return { kind: 'histogram', tag, histogram: histogramFromProto(v.histo) };
  if (v.image) {
    const i = v.image;
    return { kind: 'image', tag, images: [{ width: i.width, height: i.height, colorspace: i.colorspace, bytes: i.encodedImageString }] };
  }
  if (v.audio) {
    const a = v.audio;
    const clip = { sampleRate: a.sampleRate, channels: int64ToNumber(a.numChannels as number), frames: int64ToNumber(a.lengthFrames as number), contentType: a.contentType, bytes: a.encodedAudioString };
    return { kind: 'audio', tag, clips: [clip] };
  }
  if (plugin === 'hparams' && pluginData?.content?.length) return { kind: 'hparams', tag, hparams: decodeHParams(pluginData.content) };
  if (v.tensor) return tensorSummary(tag, plugin, v.tensor);
  return { kind: 'empty', tag, plugin };
}
