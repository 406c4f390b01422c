// What the LLM surfaces (the Model view's Architecture and Fits sections, `summary`'s llm block) know of a GGUF
// or safetensors(+config.json) model: its architecture and its stored weights by type. Plain JSON, so it crosses
// from the parsing worker to the host and the CLI.
import { estimatedParams, type LlmArchitecture } from './llmArchitecture';
import { paramsByType, weightBytes, type LlmTensor, type TypeTotals } from './llmTensors';

/** Bytes per parameter assumed for a file that stores no weights (a vocabulary-only GGUF, a config without tensors): 16-bit. */
export const ESTIMATE_BYTES_PER_PARAM = 2;

/** The architecture and the weights of one model file. */
export interface LlmReport {
  architecture: LlmArchitecture;
  /** Parameters the architecture implies (biases left out); undefined without a vocabulary size or FFN width. */
  estimatedParams?: number;
  /** Elements of the stored tensors. */
  storedParams: number;
  storedTensors: number;
  /** Per file type name (Q4_K, F16, BF16), largest first. */
  paramsByType: Record<string, TypeTotals>;
  /** The weights' bytes in memory: the stored tensors', or, when the file stores none, the estimate at 16 bits. */
  weightBytes: number;
  /** True when `weightBytes` is the 16-bit estimate (the file holds no weights). */
  weightsEstimated: boolean;
}

/** The report of `architecture` with the file's `tensors`. */
export function llmReport(architecture: LlmArchitecture, tensors: readonly LlmTensor[]): LlmReport {
  const estimate = estimatedParams(architecture);
  const stored = tensors.reduce((sum, tensor) => sum + tensor.elements, 0);
  const estimated = tensors.length === 0 && estimate !== undefined;
  return {
    architecture,
    ...(estimate !== undefined ? { estimatedParams: estimate } : {}),
    storedParams: stored,
    storedTensors: tensors.length,
    paramsByType: paramsByType(tensors),
    weightBytes: estimated ? estimate * ESTIMATE_BYTES_PER_PARAM : weightBytes(tensors),
    weightsEstimated: estimated,
  };
}
