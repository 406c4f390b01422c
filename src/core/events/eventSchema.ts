// The subset of TensorBoard's protos that event files use, as a protobufjs JSON descriptor.
// Field numbers are those of tensorboard/compat/proto/{event,summary,histogram,tensor,tensor_shape,types}.proto,
// tensorboard/plugins/hparams/{plugin_data,api}.proto and google/protobuf/struct.proto; names are camelCase.
// test/fixtures/events/tfevents_reference.py declares the same numbers for Google's own runtime, and the
// unit tests decode files that runtime wrote.
import * as protobuf from 'protobufjs/light';

type Fields = Record<string, { type: string; id: number; rule?: 'repeated'; keyType?: string }>;

const f = (type: string, id: number, rule?: 'repeated') => (rule ? { type, id, rule } : { type, id });

const tensorboard: Record<string, { fields: Fields; oneofs?: Record<string, { oneof: string[] }>; nested?: object }> = {
  Event: {
    oneofs: { what: { oneof: ['fileVersion', 'graphDef', 'summary', 'logMessage', 'sessionLog', 'taggedRunMetadata', 'metaGraphDef'] } },
    fields: {
      wallTime: f('double', 1), step: f('int64', 2), fileVersion: f('string', 3), graphDef: f('bytes', 4),
      summary: f('Summary', 5), logMessage: f('LogMessage', 6), sessionLog: f('SessionLog', 7),
      taggedRunMetadata: f('TaggedRunMetadata', 8), metaGraphDef: f('bytes', 9), sourceMetadata: f('SourceMetadata', 10),
    },
  },
  SourceMetadata: { fields: { writer: f('string', 1) } },
  LogMessage: { fields: { level: f('int32', 1), message: f('string', 2) } },
  SessionLog: { fields: { status: f('int32', 1), checkpointPath: f('string', 2), msg: f('string', 3) } },
  TaggedRunMetadata: { fields: { tag: f('string', 1), runMetadata: f('bytes', 2) } },
  Summary: {
    fields: { value: f('Value', 1, 'repeated') },
    nested: {
      Image: { fields: { height: f('int32', 1), width: f('int32', 2), colorspace: f('int32', 3), encodedImageString: f('bytes', 4) } },
      Audio: {
        fields: {
          sampleRate: f('float', 1), numChannels: f('int64', 2), lengthFrames: f('int64', 3),
          encodedAudioString: f('bytes', 4), contentType: f('string', 5),
        },
      },
      Value: {
        oneofs: { value: { oneof: ['simpleValue', 'obsoleteOldStyleHistogram', 'image', 'histo', 'audio', 'tensor'] } },
        fields: {
          nodeName: f('string', 7), tag: f('string', 1), metadata: f('SummaryMetadata', 9), simpleValue: f('float', 2),
          obsoleteOldStyleHistogram: f('bytes', 3), image: f('Image', 4), histo: f('HistogramProto', 5),
          audio: f('Audio', 6), tensor: f('TensorProto', 8),
        },
      },
    },
  },
  SummaryMetadata: {
    fields: { pluginData: f('PluginData', 1), displayName: f('string', 2), summaryDescription: f('string', 3), dataClass: f('int32', 4) },
    nested: { PluginData: { fields: { pluginName: f('string', 1), content: f('bytes', 2) } } },
  },
  HistogramProto: {
    fields: {
      min: f('double', 1), max: f('double', 2), num: f('double', 3), sum: f('double', 4), sumSquares: f('double', 5),
      bucketLimit: f('double', 6, 'repeated'), bucket: f('double', 7, 'repeated'),
    },
  },
  TensorProto: {
    fields: {
      dtype: f('int32', 1), tensorShape: f('TensorShapeProto', 2), versionNumber: f('int32', 3), tensorContent: f('bytes', 4),
      halfVal: f('int32', 13, 'repeated'), floatVal: f('float', 5, 'repeated'), doubleVal: f('double', 6, 'repeated'),
      intVal: f('int32', 7, 'repeated'), stringVal: f('bytes', 8, 'repeated'), scomplexVal: f('float', 9, 'repeated'),
      int64Val: f('int64', 10, 'repeated'), boolVal: f('bool', 11, 'repeated'), dcomplexVal: f('double', 12, 'repeated'),
      uint32Val: f('uint32', 16, 'repeated'), uint64Val: f('uint64', 17, 'repeated'),
    },
  },
  TensorShapeProto: {
    fields: { dim: f('Dim', 2, 'repeated'), unknownRank: f('bool', 3) },
    nested: { Dim: { fields: { size: f('int64', 1), name: f('string', 2) } } },
  },
};

const hparams = {
  HParamsPluginData: {
    oneofs: { data: { oneof: ['experiment', 'sessionStartInfo', 'sessionEndInfo'] } },
    fields: { version: f('int32', 1), experiment: f('Experiment', 2), sessionStartInfo: f('SessionStartInfo', 3), sessionEndInfo: f('SessionEndInfo', 4) },
  },
  SessionStartInfo: {
    fields: {
      hparams: { keyType: 'string', type: 'google.protobuf.Value', id: 1 }, modelUri: f('string', 2), monitorUrl: f('string', 3),
      groupName: f('string', 4), startTimeSecs: f('double', 5),
    },
  },
  SessionEndInfo: { fields: { status: f('int32', 1), endTimeSecs: f('double', 2) } },
  Experiment: {
    fields: {
      name: f('string', 6), description: f('string', 1), user: f('string', 2), timeCreatedSecs: f('double', 3),
      hparamInfos: f('HParamInfo', 4, 'repeated'), metricInfos: f('MetricInfo', 5, 'repeated'),
    },
  },
  HParamInfo: {
    oneofs: { domain: { oneof: ['domainDiscrete', 'domainInterval'] } },
    fields: {
      name: f('string', 1), displayName: f('string', 2), description: f('string', 3), type: f('int32', 4),
      domainDiscrete: f('google.protobuf.ListValue', 5), domainInterval: f('Interval', 6),
    },
  },
  Interval: { fields: { minValue: f('double', 1), maxValue: f('double', 2) } },
  MetricName: { fields: { group: f('string', 1), tag: f('string', 2) } },
  MetricInfo: { fields: { name: f('MetricName', 1), displayName: f('string', 3), description: f('string', 4), datasetType: f('int32', 5) } },
};

const googleProtobuf = {
  Struct: { fields: { fields: { keyType: 'string', type: 'Value', id: 1 } } },
  Value: {
    oneofs: { kind: { oneof: ['nullValue', 'numberValue', 'stringValue', 'boolValue', 'structValue', 'listValue'] } },
    fields: {
      nullValue: f('int32', 1), numberValue: f('double', 2), stringValue: f('string', 3), boolValue: f('bool', 4),
      structValue: f('Struct', 5), listValue: f('ListValue', 6),
    },
  },
  ListValue: { fields: { values: f('Value', 1, 'repeated') } },
};

/** The message types the event decoder and writer use. */
export interface EventTypes {
  Event: protobuf.Type;
  Summary: protobuf.Type;
  HParamsPluginData: protobuf.Type;
}

let types: EventTypes | undefined;

/** Builds the protobufjs types on first use (a few milliseconds), then returns the same ones. */
export function eventTypes(): EventTypes {
  if (!types) {
    const root = protobuf.Root.fromJSON({
      nested: {
        tensorboard: { nested: { ...tensorboard, hparams: { nested: hparams } } },
        google: { nested: { protobuf: { nested: googleProtobuf } } },
      },
    } as protobuf.INamespace);
    types = {
      Event: root.lookupType('tensorboard.Event'),
      Summary: root.lookupType('tensorboard.Summary'),
      HParamsPluginData: root.lookupType('tensorboard.hparams.HParamsPluginData'),
    };
  }
  return types;
}
