// The ONNX reader: walks ModelProto in file windows and returns the IR. Tensor bytes (raw_data,
// float_data, external data) are recorded as offsets and skipped, so a 100 MB model is summarized
// without reading 100 MB.
import { ScopeCache } from '../../ir/scope';
import * as nodePath from 'node:path';
import type { Graph, Model } from '../../ir/graph';
import type { OpenOptions } from '../registry';
import { FormatError } from '../formatError';
import { ModelFile } from '../containers/modelFile';
import { ProtobufCursor, Wire } from '../containers/protobufCursor';
import { danglingReadWarnings } from './onnxDangling';
import type { WalkContext } from './onnxAttribute';
import { readFunction, readGraph, readStringEntry } from './onnxGraph';
import { decodeAt, decodeOpsetId } from './onnxMessages';

/** Parses the ONNX model at `path` into the IR; throws FormatError naming the offset of bad data. */
export async function readOnnx(path: string, options: OpenOptions = {}): Promise<Model> {
  return ModelFile.with(path, (file) => readModelProto(file, options));
}

function readModelProto(file: ModelFile, options: OpenOptions): Model {
  if (file.size === 0) throw new FormatError(file.path, 'empty file: expected an ONNX ModelProto', { offset: 0 });
  const cursor = new ProtobufCursor(file);
  const context: WalkContext = {
    cursor,
    modelDir: nodePath.dirname(file.path),
    warnings: [],
    externalSeen: new Map(),
    depth: 0,
    scopes: new ScopeCache(),
    readGraph,
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const end = file.size;
  let graph: Graph | undefined;
  const functions: Graph[] = [];
  const versions: Record<string, number> = {};
  const metadata: Record<string, string> = {};
  let producerName = '';
  let producerVersion = '';
  while (cursor.pos < end) {
    const tag = cursor.tag(end, 'ModelProto');
    if (tag.wire === Wire.Varint) {
      const value = cursor.int64(end, `ModelProto field ${tag.field}`);
      if (tag.field === 1) metadata.ir_version = String(value);
      else if (tag.field === 5) metadata.model_version = String(value);
      continue;
    }
    if (tag.wire !== Wire.Bytes) {
      cursor.skip(tag, end, 'ModelProto');
      continue;
    }
    const payloadEnd = cursor.length(end, `ModelProto field ${tag.field}`);
    const text = (what: string): string => cursor.string(payloadEnd, `ModelProto.${what}`);
    switch (tag.field) {
      case 2:
        producerName = text('producer_name');
        break;
      case 3:
        producerVersion = text('producer_version');
        break;
      case 4:
        metadata.domain = text('domain');
        break;
      case 6:
        metadata.doc_string = truncate(text('doc_string'));
        break;
      case 7:
        if (graph) context.warnings.push('the file holds more than one graph; the last one is shown');
        graph = readGraph(context, payloadEnd, '');
        break;
      case 8: {
        const opset = decodeAt(cursor, payloadEnd, tag.at, 'OperatorSetIdProto', decodeOpsetId);
        versions[opset.domain] = opset.version;
        break;
      }
      case 14: {
        const entry = readStringEntry(context, payloadEnd, tag.at);
        metadata[entry.key] = entry.value;
        break;
      }
      case 20:
        context.warnings.push('training_info is present and not shown');
        cursor.pos = payloadEnd;
        break;
      case 25:
        functions.push(readFunction(context, payloadEnd, functions.length));
        break;
      default:
        cursor.pos = payloadEnd;
    }
  }
  if (!graph) throw new FormatError(file.path, 'no graph found: a ModelProto needs field 7 (graph); this is not an ONNX model or it is truncated', { offset: end });
  const producer = [producerName, producerVersion].filter((part) => part !== '').join(' ');
  const dangling = danglingReadWarnings(graph);
  context.warnings.push(...dangling);
  return {
    format: 'onnx',
    ...(producer ? { producer } : {}),
    versions,
    graph,
    ...(functions.length > 0 ? { functions } : {}),
    metadata,
    path: file.path,
    fileBytes: file.size,
    warnings: context.warnings,
    ...(dangling.length > 0 ? { partial: true } : {}),
  };
}

function truncate(text: string, limit = 4000): string {
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
