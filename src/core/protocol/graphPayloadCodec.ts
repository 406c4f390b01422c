// The wire form of a GraphPayload: the UTF-8 bytes of its JSON, gzip-compressed by the host's worker (a 40k-node
// payload: 15.5 MB of JSON, 1.5 MB compressed, which the extension host, code-server's socket and the workbench each
// copy on the way to the webview). Bytes travel through postMessage as a buffer (no escaping into the message's JSON),
// can be handed between threads, and are what the host caches.
import type { GraphPayload, PayloadNode, PayloadTensor } from './graph';

/**
 * A node input that is exactly its producer's output `out` (same name, dtype and shape; not a weight) travels as
 * `{ from, out }`: about a third of a large payload's JSON repeats its producers' outputs that way, and both the page
 * and its layout worker parse all of it before the first full frame.
 */
interface InputRef {
  from: number;
  out: number;
}

/** The JSON bytes of `payload`, uncompressed (the host's worker compresses them with zlib). */
export function encodeGraphPayload(payload: GraphPayload): Uint8Array {
  const nodes = payload.nodes.map((node) => ({ ...node, inputs: node.inputs.map((input) => inputRef(input, payload.nodes) ?? input) }));
  return new TextEncoder().encode(JSON.stringify({ ...payload, nodes }));
}

function inputRef(input: PayloadTensor, nodes: readonly PayloadNode[]): InputRef | undefined {
  const from = input.from ?? -1;
  if (from < 0 || input.weight || input.weightRef !== undefined) return undefined;
  const out = nodes[from].outputs.findIndex((output) => output.name === input.name && output.dtype === input.dtype && sameShape(output.shape, input.shape) && output.weight === undefined && output.weightRef === undefined);
  return out < 0 ? undefined : { from, out };
}

function sameShape(a: PayloadTensor['shape'], b: PayloadTensor['shape']): boolean {
  if (a === null || b === null) return a === b;
  return a.length === b.length && a.every((dim, index) => dim === b[index]);
}

/** Puts back the inputs encodeGraphPayload sent as references to their producer's output. */
function restoreInputs(payload: GraphPayload): void {
  for (const node of payload.nodes) {
    const inputs = node.inputs as (PayloadTensor | InputRef)[];
    for (let index = 0; index < inputs.length; index++) {
      const input = inputs[index];
      if (!('out' in input)) continue;
      const output = payload.nodes[input.from]?.outputs[input.out];
      if (!output) throw new Error(`graph payload: node ${node.id} reads output ${input.out} of node ${input.from}, which does not exist`);
      inputs[index] = { name: output.name, dtype: output.dtype, shape: output.shape, from: input.from };
    }
  }
}

/** Whether `bytes` start with gzip's magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The payload in `bytes` (gzip-compressed or not); rejects naming the size and JSON's position when they are not a payload. */
export async function decodeGraphPayload(bytes: Uint8Array): Promise<GraphPayload> {
  const json = isGzip(bytes) ? await gunzip(bytes) : bytes;
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder().decode(json));
  } catch (error) {
    throw new Error(`graph payload (${bytes.byteLength} bytes) is not JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  if (typeof payload !== 'object' || payload === null || !Array.isArray((payload as GraphPayload).nodes)) throw new Error(`graph payload (${bytes.byteLength} bytes) holds no nodes array`);
  restoreInputs(payload as GraphPayload);
  return payload as GraphPayload;
}

/** Inflates with the platform's DecompressionStream (native code in the browser and in Node). */
async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (error) {
    throw new Error(`graph payload (${bytes.byteLength} bytes of gzip) could not be inflated: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
