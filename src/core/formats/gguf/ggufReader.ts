// GGUF files to the IR: the header's metadata into Model.metadata, the tensor infos as lazy initializers (data
// never read), and the transformer graph the metadata describes (src/core/llm), or a flat graph of the tensors
// when the architecture is unknown.
import * as nodePath from 'node:path';
import type { Model } from '../../ir/graph';
import { flatTensorGraph } from '../../llm/flatTensorGraph';
import { ggufArchitecture } from '../../llm/ggufArchitecture';
import type { LlmArchitecture } from '../../llm/llmArchitecture';
import type { LlmTensor } from '../../llm/llmTensors';
import { transformerGraph } from '../../llm/transformerGraph';
import { ModelFile } from '../containers/modelFile';
import type { OpenOptions } from '../registry';
import { readGgufHeader, type GgufHeader } from './ggufHeader';
import { ggufMetadataStrings, metadataGetter } from './ggufMetadata';

/** A GGUF file read: the Model plus what the LLM surfaces show (architecture, tensors with their ggml types). */
export interface GgufRead {
  model: Model;
  header: GgufHeader;
  architecture?: LlmArchitecture;
  tensors: LlmTensor[];
}

/** Parses a GGUF file into the IR. */
export async function readGguf(path: string, options: OpenOptions = {}): Promise<Model> {
  return (await readGgufFile(path, options)).model;
}

/** Parses a GGUF file, keeping the header and the architecture beside the Model. */
export async function readGgufFile(path: string, options: OpenOptions = {}): Promise<GgufRead> {
  const { header, size } = await ModelFile.with(path, (file) => ({ header: readGgufHeader(file), size: file.size }));
  options.signal?.throwIfAborted();
  const tensors = ggufTensors(path, header);
  const architecture = ggufArchitecture(metadataGetter(header), tensors.map((tensor) => tensor.name), header.tokenCount);
  const name = typeof header.metadata.get('general.name')?.value === 'string' ? (header.metadata.get('general.name')!.value as string) : nodePath.basename(path);
  const graph = architecture ? transformerGraph(name, architecture, tensors) : flatTensorGraph(name, 'gguf', tensors);
  const metadata = ggufMetadataStrings(header);
  if (architecture) metadata['llm.graph'] = 'transformer drawn from the metadata';
  const warnings = [...header.warnings];
  const model: Model = {
    format: 'gguf',
    versions: { gguf: header.version },
    graph,
    metadata,
    path,
    fileBytes: size,
    warnings,
    ...(warnings.some((warning) => warning.includes('past the end of the file')) ? { partial: true } : {}),
  };
  return { model, header, architecture, tensors };
}

/** Tensor infos as LLM tensors: ggml's dims reversed to row-major (outermost first), the absolute data range. */
function ggufTensors(path: string, header: GgufHeader): LlmTensor[] {
  return header.tensors.map((info) => {
    const shape = [...info.dims].reverse();
    const dtype = info.type?.dtype ?? `ggml_type_${info.typeId}`;
    return {
      name: info.name,
      dtype,
      shape,
      elements: info.elements,
      typeName: info.type?.name ?? `type ${info.typeId}`,
      bytes: info.bytes,
      ref: { dtype, shape, file: path, offset: header.dataStart + info.offset, ...(info.bytes !== undefined ? { byteLength: info.bytes } : {}), ...(info.type && info.type.blockSize > 1 ? { encoding: `ggml:${info.type.name}` } : {}) },
    };
  });
}
