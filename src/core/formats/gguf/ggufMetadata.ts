// GGUF metadata as the Model's string metadata and as plain values for the architecture: strings truncated,
// floats at float32 precision, big arrays as their type and length with the first items.
import type { MetadataValue } from '../../llm/ggufArchitecture';
import type { GgufArray, GgufEntry, GgufHeader, GgufValue } from './ggufHeader';

/** Longest string shown whole (chat templates run to kilobytes). */
const MAX_TEXT = 240;
/** Arrays up to this length are listed whole. */
const LIST_ITEMS = 16;
const PREVIEW_ITEMS = 4;

/** The Model.metadata entries: every key-value, then the vocabulary size and the special tokens. */
export function ggufMetadataStrings(header: GgufHeader): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, entry] of header.metadata) result[key] = entryText(entry);
  result['gguf.version'] = String(header.version);
  result['gguf.tensors'] = String(header.tensors.length);
  result['gguf.alignment'] = String(header.alignment);
  if (header.tokenCount !== undefined) result['tokenizer.vocab_size'] = String(header.tokenCount);
  for (const [role, token] of Object.entries(header.specialTokens)) result[`tokenizer.special.${role}`] = `${token.id} ${JSON.stringify(truncate(token.text))}`;
  return result;
}

function entryText(entry: GgufEntry): string {
  return valueText(entry.value, entry.type);
}

function valueText(value: GgufValue, type: string): string {
  if (typeof value === 'string') return truncate(value);
  if (typeof value === 'number') return type === 'float32' ? String(Number(value.toPrecision(7))) : String(value);
  if (typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return arrayText(value);
}

function arrayText(array: GgufArray): string {
  const items = (count: number) => array.items.slice(0, count).map((item) => (typeof item === 'string' ? JSON.stringify(truncate(item, 40)) : valueText(item, array.itemType)));
  if (array.length <= LIST_ITEMS && array.items.length === array.length) return `[${items(LIST_ITEMS).join(', ')}]`;
  return `array[${array.itemType} x ${array.length}]: ${items(PREVIEW_ITEMS).join(', ')}, ...`;
}

function truncate(text: string, max = MAX_TEXT): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${text.length} chars)`;
}

/** A getter of plain values: scalars, and numeric arrays kept whole (per-layer head counts). */
export function metadataGetter(header: GgufHeader): (key: string) => MetadataValue {
  return (key) => {
    const value = header.metadata.get(key)?.value;
    if (value === undefined || typeof value === 'bigint') return undefined;
    if (typeof value !== 'object') return value;
    const numbers = value.items.filter((item): item is number => typeof item === 'number');
    return numbers.length === value.length ? numbers : undefined;
  };
}
