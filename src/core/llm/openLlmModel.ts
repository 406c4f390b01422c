// Opens a model file and, for GGUF and safetensors, keeps what their readers know beside the Model (the
// architecture and the stored tensors), in one parse. Other formats open through the registry as usual.
import * as nodePath from 'node:path';
import type { Model } from '../ir/graph';
import { detectFormat, modelFolderEntry, openModel, type OpenOptions } from '../formats/registry';
import { llmReport, type LlmReport } from './llmReport';

/** The Model, plus its LLM report where the file describes a transformer. */
export interface OpenedModel {
  model: Model;
  llm?: LlmReport;
}

/** Parses `path` (throws FormatError for bad input, as openModel does). */
export async function openModelWithLlm(path: string, options?: OpenOptions): Promise<OpenedModel> {
  const absolute = nodePath.resolve(path);
  const format = modelFolderEntry(absolute) ? undefined : detectFormat(absolute).id;
  if (format === 'gguf') {
    const read = await (await import('../formats/gguf/ggufReader.js')).readGgufFile(absolute, options);
    return { model: read.model, ...(read.architecture ? { llm: llmReport(read.architecture, read.tensors) } : {}) };
  }
  if (format === 'safetensors') {
    const read = await (await import('../formats/safetensors/safetensorsReader.js')).readSafetensorsFile(absolute, options);
    return { model: read.model, ...(read.architecture ? { llm: llmReport(read.architecture, read.tensors) } : {}) };
  }
  return { model: await openModel(absolute, options) };
}
